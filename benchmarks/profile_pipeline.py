"""Where the time of the bench_pipeline.py pipeline goes, and what src changes could win.

Part 1 times the building blocks (one operation each), ferrolambda next to `result`.
Part 2 reruns the pipeline with prototypes that are *not* in src: a cheaper `@catch` wrapper,
and a hypothetical `Ok`/`Err` construction as cheap as the library's internal allocation path,
to size what each change could save. Everything is interleaved and reported as medians and ratios.

Run:  uv run python benchmarks/profile_pipeline.py [--items N] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit
from collections.abc import Callable
from typing import Any, TypeVar

import result as rs
from bench_pipeline import (
    LIMIT,
    check_fl,
    check_rs,
    double,
    interleave,
    make_items,
    parse_fl,
    parse_fl_catch,
    parse_rs,
    parse_rs_as_result,
    run_floor_calls,
)

from ferrolambda import Err, Ok

R = TypeVar("R")
_new: Any = object.__new__

# --- part 1: building blocks ---------------------------------------------------------------------


fl_ok, rs_ok = Ok(1), rs.Ok(1)
fl_err, rs_err = Err("e"), rs.Err("e")


def _fl_same(_: int) -> Ok[int]:
    return fl_ok


def _rs_same(_: int) -> rs.Ok[int]:
    return rs_ok


# (label, ferrolambda statement, result statement or "")
BLOCKS: list[tuple[str, str, str]] = [
    ("Ok(v)", "Ok(1)", "rs.Ok(1)"),
    ("Err(e)", "Err('e')", "rs.Err('e')"),
    ("object.__new__(Ok) + slot store", "x = _new(Ok); x._value = 1", ""),
    ("object() (C allocation, reference)", "object()", ""),
    ("double(1) (a Python call, reference)", "double(1)", ""),
    ("ok.map(double), ok held by a variable", "fl_ok.map(double)", "rs_ok.map(double)"),
    ("Ok(v).map(double), a temporary Ok", "Ok(1).map(double)", "rs.Ok(1).map(double)"),
    ("ok.and_then(f)", "fl_ok.and_then(_fl_same)", "rs_ok.and_then(_rs_same)"),
    ("ok.unwrap_or(0)", "fl_ok.unwrap_or(0)", "rs_ok.unwrap_or(0)"),
    ("err.map(double)", "fl_err.map(double)", "rs_err.map(double)"),
    ("hand-written parse('12')", "parse_fl('12')", "parse_rs('12')"),
    ("@catch / @as_result parse('12')", "parse_fl_catch('12')", "parse_rs_as_result('12')"),
    ("hand-written parse('x')", "parse_fl('x')", "parse_rs('x')"),
    ("@catch / @as_result parse('x')", "parse_fl_catch('x')", "parse_rs_as_result('x')"),
]


def time_blocks(repeat: int = 7, number: int = 100_000) -> None:
    namespace = globals()
    statements = [
        (label, lib, stmt) for label, a, b in BLOCKS for lib, stmt in (("fl", a), ("rs", b)) if stmt
    ]
    samples: dict[tuple[str, str], list[float]] = {(label, lib): [] for label, lib, _ in statements}
    for round_ in range(repeat):
        shift = round_ % len(statements)
        for label, lib, stmt in statements[shift:] + statements[:shift]:
            best = min(
                timeit.repeat(
                    stmt, timer=time.process_time, globals=namespace, number=number, repeat=3
                )
            )
            samples[label, lib].append(best / number * 1e9)
    print(f"{'operation':<40}{'ferrolambda':>12}{'result':>9}{'fl/rs':>7}   (ns/op, median)")
    for label, _, b in BLOCKS:
        fl = statistics.median(samples[label, "fl"])
        if b:
            r = statistics.median(samples[label, "rs"])
            print(f"{label:<40}{fl:>12.0f}{r:>9.0f}{fl / r:>7.2f}")
        else:
            print(f"{label:<40}{fl:>12.0f}{'':>9}{'':>7}")


# --- part 2: prototypes --------------------------------------------------------------------------


def _ok(value: object) -> Any:
    """Build an Ok the way ferrolambda's own `map` does (no `__init__` call)."""
    made = _new(Ok)
    made._value = value
    return made


def _err(error: object) -> Any:
    made = _new(Err)
    made._error = error
    return made


def catch_fastalloc(*exception_types: type[BaseException]) -> Callable[[Callable[..., R]], Any]:
    """Prototype `catch`: same wrapper shape, Ok/Err built without the `__init__` call."""

    def decorate(function: Callable[..., R]) -> Callable[..., Any]:
        def catching(*args: Any, **kwargs: Any) -> Any:
            try:
                value = function(*args, **kwargs)
            except exception_types as error:
                made = _new(Err)
                made._error = error
                return made
            made = _new(Ok)
            made._value = value
            return made

        return catching

    return decorate


def catch_fastcall(*exception_types: type[BaseException]) -> Callable[[Callable[..., R]], Any]:
    """Prototype `catch`: also skip the `**kwargs` re-spread when there are no keywords."""

    def decorate(function: Callable[..., R]) -> Callable[..., Any]:
        def catching(*args: Any, **kwargs: Any) -> Any:
            try:
                value = function(*args, **kwargs) if kwargs else function(*args)
            except exception_types as error:
                made = _new(Err)
                made._error = error
                return made
            made = _new(Ok)
            made._value = value
            return made

        return catching

    return decorate


@catch_fastalloc(ValueError)
def parse_proto_alloc(s: str) -> int:
    return int(s)


@catch_fastcall(ValueError)
def parse_proto_call(s: str) -> int:
    return int(s)


def parse_cheap(s: str) -> Any:
    try:
        return _ok(int(s))
    except ValueError as error:
        return _err(error)


def check_cheap(y: int) -> Any:
    return _ok(y) if y < LIMIT else _err("too large")


def run_fl(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_fl(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


def run_rs(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rs(s).map(double).and_then(check_rs).unwrap_or(0)
    return total


def run_fl_cheap_construction(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_cheap(s).map(double).and_then(check_cheap).unwrap_or(0)
    return total


def run_fl_catch(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_fl_catch(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


def run_proto_alloc(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_proto_alloc(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


def run_proto_call(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_proto_call(s).map(double).and_then(check_fl).unwrap_or(0)
    return total


def run_rs_as_result(items: list[str]) -> int:
    total = 0
    for s in items:
        total += parse_rs_as_result(s).map(double).and_then(check_rs).unwrap_or(0)
    return total


ABLATIONS: dict[str, Callable[[list[str]], int]] = {
    "floor + calls": run_floor_calls,
    "ferrolambda": run_fl,
    "result": run_rs,
    "fl, Ok/Err built w/o __init__ (hyp.)": run_fl_cheap_construction,
    "ferrolambda @catch": run_fl_catch,
    "@catch proto: fast alloc": run_proto_alloc,
    "@catch proto: fast alloc + call": run_proto_call,
    "result @as_result": run_rs_as_result,
}


def time_ablations(items: list[str], rounds: int) -> None:
    names = list(ABLATIONS)
    t = interleave(ABLATIONS, items, rounds, progress=False)
    print(f"\n{'pipeline variant':<40}{'median':>8}{'best':>6}  {'vs result':>14}  {'vs fl':>13}")
    print(f"{'':<40}{'ns/item':>8}{'':>6}  {'median  best':>14}  {'median  best':>13}")
    for name in names:
        print(
            f"{name:<40}{t.median(name):>8.0f}{t.best(name):>6.0f}  "
            f"{t.median(name) / t.median('result'):>7.3f}{t.best(name) / t.best('result'):>7.3f}  "
            f"{t.median(name) / t.median('ferrolambda'):>7.3f}{t.best(name) / t.best('ferrolambda'):>6.3f}"
        )
    print("\n@catch variants / result @as_result (median, best):")
    for name in (
        "ferrolambda @catch",
        "@catch proto: fast alloc",
        "@catch proto: fast alloc + call",
    ):
        print(
            f"  {name:<38}{t.median(name) / t.median('result @as_result'):>7.3f}"
            f"{t.best(name) / t.best('result @as_result'):>7.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    time_blocks()
    time_ablations(make_items(args.items), args.rounds)


if __name__ == "__main__":
    main()
