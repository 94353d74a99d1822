"""Throughput of a parse -> map -> and_then -> unwrap_or pipeline, ferrolambda vs its peers.

Every variant computes, for each input string `s`:

    parse(s)          int(s), failing for non-numeric strings (10% of the inputs)
    .map(double)      x * 2
    .and_then(check)  fails when the doubled value is >= 1800 (another ~10%)
    .unwrap_or(0)     0 for either failure

and the sum over all inputs. Every variant must produce the same total (asserted), so they all
do the same work.

Timing (the machine is shared and noisy): the inputs are cut into chunks of 10,000; for every
chunk, every variant runs in a rotating order, so all variants see the same noise at nearly the
same moment; this is repeated for several rounds over all the inputs. The clock is this
process's CPU time. Two estimates per variant, in ns/item:
- median: the median over rounds of the round's total time (the usual estimate);
- best:   the sum over chunks of that chunk's fastest round (robust: noise only adds time).

Run:  uv run python benchmarks/bench_pipeline.py [--items N] [--rounds R] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable

import result as rs
from returns.result import Failure, Success, safe
from returns.result import Result as ReturnsResult

from ferrolambda import Err, Ok, Result, catch

# CPU time of this process, not wall time: on a shared 2-core machine the wall clock also
# counts the time other processes hold the CPU, which is most of the noise.
CLOCK = time.process_time_ns
LIMIT = 1800  # check() fails for doubled values >= LIMIT: x in 900..999, ~10% of numeric inputs


def make_items(count: int, seed: int = 20241128) -> list[str]:
    """`count` strings: 90% decimal integers in 0..999, 10% non-numeric (at random positions)."""
    rng = random.Random(seed)
    failing = count // 10
    items = [str(rng.randrange(1000)) for _ in range(count - failing)]
    items += [f"x{rng.randrange(1000)}" for _ in range(failing)]
    rng.shuffle(items)
    return items


def double(x: int) -> int:
    # A def rather than an inline `lambda x: x * 2`: an inline lambda costs one function-object
    # creation per item, the same for every library, and is not what is being compared.
    return x * 2


# --- plain Python: exceptions, no wrappers (the baseline) ---------------------------------------


def check_plain(y: int) -> int:
    if y >= LIMIT:
        raise ValueError("too large")
    return y


def run_plain(items: list[str]) -> int:
    total = 0
    for s in items:
        try:
            total += check_plain(double(int(s)))
        except ValueError:
            total += 0
    return total


# --- floor: the same user functions, values returned directly, no container allocated --------


def parse_floor(s: str) -> int | None:
    try:
        return int(s)
    except ValueError:
        return None


def check_floor(y: int) -> int | None:
    return y if y < LIMIT else None


def run_floor(items: list[str]) -> int:
    """The user's own work: parse, double, check called in sequence, None for a failure."""
    total = 0
    for s in items:
        x = parse_floor(s)
        if x is not None:
            y = check_floor(double(x))
            if y is not None:
                total += y
    return total


def map_floor(x: int | None, op: Callable[[int], int]) -> int | None:
    return None if x is None else op(x)


def and_then_floor(x: int | None, op: Callable[[int], int | None]) -> int | None:
    return None if x is None else op(x)


def unwrap_or_floor(x: int | None, default: int) -> int:
    return default if x is None else x


def run_floor_calls(items: list[str]) -> int:
    """The floor plus one plain function call per combinator: the pure-Python call floor."""
    total = 0
    for s in items:
        total += unwrap_or_floor(and_then_floor(map_floor(parse_floor(s), double), check_floor), 0)
    return total


# --- ferrolambda ---------------------------------------------------------------------------------


def parse_fl(s: str) -> Result[int, ValueError]:
    try:
        return Ok(int(s))
    except ValueError as error:
        return Err(error)


def check_fl(y: int) -> Result[int, str]:
    return Ok(y) if y < LIMIT else Err("too large")


def run_ferrolambda(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_fl(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


@catch(ValueError)
def parse_fl_catch(s: str) -> int:
    return int(s)


def run_ferrolambda_catch(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_fl_catch(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


# --- the `result` package ------------------------------------------------------------------------


def parse_rs(s: str) -> rs.Result[int, ValueError]:
    try:
        return rs.Ok(int(s))
    except ValueError as error:
        return rs.Err(error)


def check_rs(y: int) -> rs.Result[int, str]:
    return rs.Ok(y) if y < LIMIT else rs.Err("too large")


def run_result(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rs(s).map(double).and_then(check_rs).unwrap_or(0)
    return total


@rs.as_result(ValueError)
def parse_rs_as_result(s: str) -> int:
    return int(s)


def run_result_as_result(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rs_as_result(s).map(double).and_then(check_rs).unwrap_or(0)
    return total


# --- dry-python/returns --------------------------------------------------------------------------


def parse_rt(s: str) -> ReturnsResult[int, ValueError]:
    try:
        return Success(int(s))
    except ValueError as error:
        return Failure(error)


def check_rt(y: int) -> ReturnsResult[int, str]:
    return Success(y) if y < LIMIT else Failure("too large")


def run_returns(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rt(s).map(double).bind(check_rt).value_or(0)
    return total


@safe(exceptions=(ValueError,))
def parse_rt_safe(s: str) -> int:
    return int(s)


def run_returns_safe(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rt_safe(s).map(double).bind(check_rt).value_or(0)
    return total


VARIANTS: dict[str, Callable[[list[str]], int]] = {
    "plain try/except": run_plain,
    "floor (no wrapper)": run_floor,
    "floor + calls": run_floor_calls,
    "ferrolambda": run_ferrolambda,
    "ferrolambda @catch": run_ferrolambda_catch,
    "result": run_result,
    "result @as_result": run_result_as_result,
    "returns": run_returns,
    "returns @safe": run_returns_safe,
}


def expected_total(items: list[str]) -> int:
    total = 0
    for s in items:
        if s.isdigit() and int(s) * 2 < LIMIT:
            total += int(s) * 2
    return total


class Timings:
    """Per variant, per round, per chunk CPU times in ns, from `interleave`."""

    def __init__(self, names: list[str], rounds: int, chunks: int, items: int) -> None:
        self.ns = {name: [[0] * chunks for _ in range(rounds)] for name in names}
        self.items = items

    def rounds(self, name: str) -> list[float]:
        """ns/item of each round."""
        return [sum(chunks) / self.items for chunks in self.ns[name]]

    def median(self, name: str) -> float:
        return statistics.median(self.rounds(name))

    def best(self, name: str) -> float:
        """Sum over chunks of the fastest round for that chunk, per item."""
        per_chunk = zip(*self.ns[name], strict=True)
        return sum(min(times) for times in per_chunk) / self.items


def interleave(
    variants: dict[str, Callable[[list[str]], int]],
    items: list[str],
    rounds: int,
    chunk: int = 10_000,
    progress: bool = True,
) -> Timings:
    """Run every variant over every chunk, rotating the order; assert equal totals per round."""
    names = list(variants)
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    want = expected_total(items)
    timings = Timings(names, rounds, len(chunks), len(items))
    for round_ in range(rounds):
        gc.collect()
        totals = dict.fromkeys(names, 0)
        for index, part in enumerate(chunks):
            shift = (round_ + index) % len(names)
            for name in names[shift:] + names[:shift]:
                start = CLOCK()
                totals[name] += variants[name](part)
                timings.ns[name][round_][index] = CLOCK() - start
        for name, total in totals.items():
            assert total == want, f"{name}: total {total} != {want}"
        if progress:
            print(f"  round {round_ + 1}/{rounds} done", flush=True)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="inputs per round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--only", nargs="*", help="run only these variants (by name)")
    args = parser.parse_args()

    variants = {n: f for n, f in VARIANTS.items() if not args.only or n in args.only}
    names = list(variants)
    items = make_items(args.items)
    for name, run in variants.items():  # warm-up on a slice; also checks the slice's total
        sample = items[: min(len(items), 10_000)]
        assert run(sample) == expected_total(sample), name

    print(
        f"pipeline over {args.items:,} strings (10% non-numeric), {args.rounds} interleaved rounds"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {sys.platform}")
    t = interleave(variants, items, args.rounds)

    base = "plain try/except" if "plain try/except" in names else None
    print(f"\n{'variant':<22}{'median':>8}{'best':>7}{'worst':>7}   vs plain")
    print(f"{'':<22}{'ns/item':>8}{'':>7}{'round':>7}   median  best")
    for name in names:
        ratio = (
            f"{t.median(name) / t.median(base):>8.2f}x{t.best(name) / t.best(base):>5.2f}x"
            if base
            else ""
        )
        print(
            f"{name:<22}{t.median(name):>8.0f}{t.best(name):>7.0f}{max(t.rounds(name)):>7.0f}{ratio}"
        )

    def ratio_line(a: str, b: str) -> None:
        if a in names and b in names:
            print(
                f"{a + ' / ' + b:<42} median {t.median(a) / t.median(b):.3f}   "
                f"best {t.best(a) / t.best(b):.3f}"
            )

    print()
    ratio_line("ferrolambda", "result")
    ratio_line("ferrolambda @catch", "result @as_result")
    ratio_line("ferrolambda @catch", "result")
    ratio_line("ferrolambda", "returns")
    ratio_line("ferrolambda", "floor + calls")
    ratio_line("ferrolambda", "plain try/except")
    if "ferrolambda" in names and "result" in names:
        by_median = t.median("ferrolambda") / t.median("result") <= 0.9
        by_best = t.best("ferrolambda") / t.best("result") <= 0.9
        verdict = (
            "met"
            if by_median and by_best
            else "NOT met"
            if not (by_median or by_best)
            else "unclear (median and best disagree)"
        )
        print(f"target ferrolambda/result <= 0.90: {verdict}")


if __name__ == "__main__":
    main()
