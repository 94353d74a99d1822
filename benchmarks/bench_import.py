"""Cold-start cost of `import ferrolambda` and its peers, measured in fresh interpreters.

Each sample is a new `python -c` process that first imports the baseline (`typing` and `json`,
which nearly every Lambda function loads anyway), then times the import statement under test with
`time.perf_counter()`. The reported number is that time, i.e. the cost *above* the baseline.
Variants run interleaved (rotating order) and the median per variant is reported.

Bytecode is compiled first (`compileall`, with PYTHONDONTWRITEBYTECODE unset for that step only),
so the numbers are those of a deployed package with `.pyc` files, not of a first-ever import.

Also printed: the `-X importtime` breakdown of the ferrolambda import, and the modules it adds to
`sys.modules` beyond the baseline, with a check that `inspect`, `typing_extensions`, `asyncio`
(and `pydantic`) are not among them.

The child also reports its CPU time for the same statement (`time.process_time()`), which is
less disturbed by other processes on a shared machine than the wall clock.

`--compare DIR ...` adds the realistic ferrolambda import from other source trees (each child
gets PYTHONPATH=DIR), e.g. a patched copy of `src`, measured interleaved with the current one.

Run:  uv run python benchmarks/bench_import.py [--repeat N] [--compare DIR ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FERROLAMBDA = "from ferrolambda import Ok, Err, Some, Nothing, env, lambda_handler"
BUDGET_MS = 3.0
FORBIDDEN = ("inspect", "typing_extensions", "asyncio", "pydantic")

BASELINE = "import typing, json"
# the names must really be usable: touch them, as a handler module would
REALISTIC = f"{FERROLAMBDA}; Ok(1).map(int); Some(1); env.var; lambda_handler"
REALISTIC_NAME = "ferrolambda (realistic)"

# name -> (baseline statement, statement under test, PYTHONPATH for the child or None)
Variant = tuple[str, str, str | None]
VARIANTS: dict[str, Variant] = {
    "(nothing: timer floor)": (BASELINE, "pass", None),
    "import ferrolambda": (BASELINE, "import ferrolambda", None),
    REALISTIC_NAME: (BASELINE, REALISTIC, None),
    "from result import Ok, Err": (BASELINE, "from result import Ok, Err", None),
    "import returns.result": (BASELINE, "import returns.result", None),
    "import json (base: typing)": ("import typing", "import json", None),
}

CHILD = """\
import sys, time
{baseline}
t0 = time.perf_counter()
c0 = time.process_time()
{statement}
c1 = time.process_time()
t1 = time.perf_counter()
print((t1 - t0) * 1e3, (c1 - c0) * 1e3)
"""

MODULES_CHILD = """\
import sys, json
{baseline}
compiles = []

def hook(event, args):
    # compile() at import time is a cold-start cost: the first call in a process initializes
    # the compiler (about a millisecond); typing.ForwardRef (a string TypeVar bound, say) calls it.
    if event == "compile":
        frame = sys._getframe(1)
        while frame is not None and "ferrolambda" not in frame.f_code.co_filename:
            frame = frame.f_back
        where = f"{{frame.f_code.co_filename}}:{{frame.f_lineno}}" if frame else "?"
        compiles.append(where)

before = set(sys.modules)
sys.addaudithook(hook)
{statement}
print(json.dumps([sorted(set(sys.modules) - before), compiles]))
"""


def child_env(*, write_bytecode: bool = False, pythonpath: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if write_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def run_child(
    source: str, *flags: str, pythonpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", source],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=child_env(pythonpath=pythonpath),
    )


def loaded_files() -> list[str]:
    """Source files of the non-stdlib modules every variant loads (those need compiling)."""
    stdlib = Path(sys.base_prefix).resolve()
    files: set[str] = set()
    for baseline, statement, pythonpath in VARIANTS.values():
        source = (
            "import sys, json\n"
            f"{baseline}\n{statement}\n"
            "print(json.dumps([getattr(m, '__file__', None) for m in list(sys.modules.values())]))"
        )
        for name in json.loads(run_child(source, pythonpath=pythonpath).stdout):
            if name and name.endswith(".py") and not Path(name).resolve().is_relative_to(stdlib):
                files.add(name)
    return sorted(files)


def compile_bytecode(files: list[str]) -> None:
    """`python -m compileall -q src` plus the site-packages modules the variants import.

    Cheap when nothing changed, so it is rerun before every round: a source edited while the
    benchmark runs would otherwise be compiled on every import (its `.pyc` is stale and
    PYTHONDONTWRITEBYTECODE stops Python from rewriting it).
    """
    args = [sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), *files]
    subprocess.run(args, check=True, cwd=ROOT, env=child_env(write_bytecode=True))


def measure(repeat: int, files: list[str]) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per variant: wall-clock ms and CPU ms of the import statement, one sample per process."""
    names = list(VARIANTS)
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(2):  # warm the OS file cache; not recorded
        for baseline, statement, pythonpath in VARIANTS.values():
            run_child(CHILD.format(baseline=baseline, statement=statement), pythonpath=pythonpath)
    for round_ in range(repeat):
        compile_bytecode(files)
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            baseline, statement, pythonpath = VARIANTS[name]
            source = CHILD.format(baseline=baseline, statement=statement)
            wall_ms, cpu_ms = run_child(source, pythonpath=pythonpath).stdout.split()
            wall[name].append(float(wall_ms))
            cpu[name].append(float(cpu_ms))
    return wall, cpu


def importtime_breakdown(statement: str, runs: int = 11) -> list[tuple[float, float, str]]:
    """`-X importtime` (self us, cumulative us, name) after the baseline, per-module medians."""
    source = f"{BASELINE}\nimport sys\nprint('--mark--', file=sys.stderr)\n{statement}\n"
    order: list[str] = []
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(runs):
        stderr = run_child(source, "-X", "importtime").stderr
        for line in stderr.split("--mark--", 1)[1].splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
            name = name.rstrip()
            if name not in samples:
                order.append(name)
                samples[name] = []
            samples[name].append((int(self_us), int(cumulative_us)))
    return [
        (
            statistics.median(s for s, _ in samples[name]),
            statistics.median(c for _, c in samples[name]),
            name,
        )
        for name in order
    ]


def new_modules(baseline: str, statement: str) -> tuple[list[str], list[str]]:
    """Modules the statement adds to `sys.modules`, and where it made `compile()` run."""
    out = run_child(MODULES_CHILD.format(baseline=baseline, statement=statement)).stdout
    modules, compiles = json.loads(out)
    return modules, compiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="fresh processes per variant")
    parser.add_argument("--compare", nargs="*", default=[], metavar="DIR", help="other src trees")
    args = parser.parse_args()
    for directory in args.compare:
        path = str(Path(directory).resolve())
        VARIANTS[f"{REALISTIC_NAME} @ {directory}"] = (BASELINE, REALISTIC, path)

    files = loaded_files()
    compile_bytecode(files)
    print(f"import cost above `{BASELINE}`, median of {args.repeat} fresh processes per variant")
    print(f"Python {platform.python_version()} on {platform.machine()}, {sys.platform}")
    wall, cpu = measure(args.repeat, files)
    med = {name: statistics.median(values) for name, values in wall.items()}
    med_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    json_name = "import json (base: typing)"
    width = max(28, *(len(name) + 2 for name in VARIANTS))
    print(f"\n{'variant':<{width}}{'wall ms':>9}{'p25':>8}{'p75':>8}{'cpu ms':>9}{'vs json':>9}")
    for name, values in wall.items():
        q1, _, q3 = statistics.quantiles(values, n=4)
        print(
            f"{name:<{width}}{med[name]:>9.3f}{q1:>8.3f}{q3:>8.3f}{med_cpu[name]:>9.3f}"
            f"{med[name] / med[json_name]:>8.2f}x"
        )

    floor = med["(nothing: timer floor)"]
    print()
    for name in [n for n in VARIANTS if n.startswith(REALISTIC_NAME)]:
        above = med[name] - floor
        verdict = "met" if above <= BUDGET_MS else "NOT met"
        print(
            f"{name} above baseline: {above:.3f} ms wall, {med_cpu[name]:.3f} ms cpu "
            f"(budget {BUDGET_MS:.1f} ms: {verdict})"
        )
        if name != REALISTIC_NAME:
            print(
                f"  / current: wall {med[name] / med[REALISTIC_NAME]:.2f}, "
                f"cpu {med_cpu[name] / med_cpu[REALISTIC_NAME]:.2f}"
            )
    for peer in ("from result import Ok, Err", "import returns.result"):
        print(
            f"{REALISTIC_NAME} / {peer}: wall {med[REALISTIC_NAME] / med[peer]:.2f}, "
            f"cpu {med_cpu[REALISTIC_NAME] / med_cpu[peer]:.2f}"
        )

    compile_bytecode(files)
    added, compiles = new_modules(BASELINE, REALISTIC)
    print(f"\nmodules added beyond the baseline ({len(added)}):")
    print("  " + ", ".join(added))
    present = [n for n in FORBIDDEN if any(m == n or m.startswith(n + ".") for m in added)]
    print(f"forbidden at import ({', '.join(FORBIDDEN)}): {', '.join(present) or 'none'}")
    print(f"compile() calls during the import: {len(compiles)} {compiles or ''}")
    for peer in ("from result import Ok, Err", "import returns.result"):
        extra, _ = new_modules(*VARIANTS[peer][:2])
        print(f"modules added by `{peer}`: {len(extra)}")

    rows = importtime_breakdown(FERROLAMBDA)
    shown = {name.strip() for _, _, name in rows}
    print(f"\n-X importtime for `{FERROLAMBDA}` (after the baseline), microseconds:")
    print_importtime(rows)
    hidden = [m for m in added if m not in shown and not m.startswith("importlib.")]
    if hidden:
        # importlib.import_module (used by the package's lazy __getattr__) bypasses the C-level
        # import that -X importtime instruments, so those modules are missing from that list.
        print(f"  not listed by -X importtime (imported via importlib.import_module): {hidden}")
        explicit = "import " + ", ".join(hidden)
        print(f"\n-X importtime for `{explicit}` (every submodule listed):")
        print_importtime(importtime_breakdown(explicit))


def print_importtime(rows: list[tuple[float, float, str]]) -> None:
    print(f"{'self':>7}{'cumulative':>12}  module   (median of 11 runs each)")
    for self_us, cumulative_us, name in rows:
        print(f"{self_us:>7.0f}{cumulative_us:>12.0f}  {name}")
    print(f"{sum(r[0] for r in rows):>7.0f}{'':>12}  (sum of self times)")


if __name__ == "__main__":
    main()
