"""Static-typing tests: mypy --strict and pyright strict over `typings/`.

`typings/accept/*.py` must type-check with zero diagnostics under both checkers (they use
`assert_type`, so a wrong inferred type is an error). `typings/reject/*.py` must be rejected: every
line marked with an expectation gets an error from that checker whose text (message plus error
code or rule) contains the expected substring, and no unmarked line gets one. The marker is a
comment naming the checker:

    x: int = opt  # E[mypy]: Incompatible types in assignment  E[pyright]: reportAssignmentType

Markers on comment-only lines apply to the next code line; the reject files use that form, since
`ruff format` moves a trailing comment when it splits a long line. A line rejected by one checker
only carries only that checker's marker, with a comment saying why (see reject_truthiness.py).

Each checker runs once over the whole directory (both in parallel); the tests parse its output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TYPINGS = ROOT / "typings"
BIN = Path(sys.executable).parent
CHECKERS = ("mypy", "pyright")
ACCEPT_FILES = sorted((TYPINGS / "accept").glob("*.py"))
REJECT_FILES = sorted((TYPINGS / "reject").glob("*.py"))

_MARKER = re.compile(r"E\[(mypy|pyright)\]:\s*(.*?)\s*(?=E\[(?:mypy|pyright)\]:|$)")
_CASE = re.compile(r"^(?:async )?def case_", re.MULTILINE)


@dataclass(frozen=True)
class Diagnostic:
    path: Path
    line: int
    text: str  # the message and its error code / rule

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text}"


def _start(*command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@cache
def diagnostics() -> dict[str, list[Diagnostic]]:
    """Run both checkers once, in parallel, and return their errors and warnings in typings/."""
    mypy = _start(
        str(BIN / "mypy"),
        "--strict",
        "--output",
        "json",
        "--no-error-summary",
        str(TYPINGS / "accept"),
        str(TYPINGS / "reject"),
    )
    pyright = _start(str(BIN / "pyright"), "--project", str(TYPINGS), "--outputjson")
    mypy_out, mypy_err = mypy.communicate(timeout=600)
    pyright_out, pyright_err = pyright.communicate(timeout=600)

    found: dict[str, list[Diagnostic]] = {"mypy": [], "pyright": []}
    assert mypy.returncode in (0, 1), mypy_out + mypy_err
    for line in mypy_out.splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry["severity"] == "note":
            continue
        text = f"{entry['message']} [{entry['code']}]"
        found["mypy"].append(Diagnostic((ROOT / entry["file"]).resolve(), entry["line"], text))

    assert pyright.returncode in (0, 1), pyright_out + pyright_err
    # The JSON report may follow a notice from the pyright wrapper (e.g. a newer version exists).
    start = 0 if pyright_out.startswith("{") else pyright_out.index("\n{") + 1
    report = json.loads(pyright_out[start:])
    for entry in report["generalDiagnostics"]:
        if entry["severity"] == "information":
            continue
        message = entry["message"].replace("\xa0", " ")
        text = f"{message} ({entry.get('rule', entry['severity'])})"
        line = entry["range"]["start"]["line"] + 1
        found["pyright"].append(Diagnostic(Path(entry["file"]).resolve(), line, text))

    for checker in CHECKERS:
        found[checker] = [d for d in found[checker] if d.path.is_relative_to(TYPINGS)]
    return found


def expectations(path: Path) -> dict[str, dict[int, list[str]]]:
    """`{checker: {line: [expected substrings]}}` from the markers in a reject file."""
    expected: dict[str, dict[int, list[str]]] = {checker: {} for checker in CHECKERS}
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        code, hash_, comment = line.partition("#")
        markers = _MARKER.findall(comment) if hash_ else []
        if not code.strip():
            pending += markers  # a comment-only marker applies to the next code line
            continue
        for checker, substring in [*pending, *markers]:
            assert substring, f"{path.name}:{number}: empty expectation for {checker}"
            expected[checker].setdefault(number, []).append(substring)
        pending = []
    assert not pending, f"{path.name}: marker after the last line of code"
    return expected


def by_line(checker: str, path: Path) -> dict[int, list[Diagnostic]]:
    grouped: dict[int, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics()[checker]:
        if diagnostic.path == path.resolve():
            grouped[diagnostic.line].append(diagnostic)
    return grouped


def test_there_are_enough_cases() -> None:
    accepted = sum(len(_CASE.findall(path.read_text())) for path in ACCEPT_FILES)
    rejected = 0
    for path in REJECT_FILES:
        marked = expectations(path)
        rejected += len(set(marked["mypy"]) | set(marked["pyright"]))
    assert accepted >= 45, accepted
    assert rejected >= 90, rejected


@pytest.mark.parametrize("checker", CHECKERS)
def test_accept_cases_type_check(checker: str) -> None:
    in_accept = [d for d in diagnostics()[checker] if d.path.is_relative_to(TYPINGS / "accept")]
    assert in_accept == [], "\n".join(map(str, in_accept))


@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_really_ran(checker: str) -> None:
    # No diagnostic in accept/ must not come from a checker that analysed nothing: the same run
    # must have produced errors in every reject file that expects some from it.
    files = {d.path for d in diagnostics()[checker]}
    expected = {path.resolve() for path in REJECT_FILES if expectations(path)[checker]}
    assert expected, checker
    assert files >= expected, checker


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("path", REJECT_FILES, ids=[path.stem for path in REJECT_FILES])
def test_reject_cases(path: Path, checker: str) -> None:
    expected = expectations(path)[checker]
    actual = by_line(checker, path)
    problems: list[str] = []
    for line, substrings in sorted(expected.items()):
        texts = [d.text for d in actual.get(line, [])]
        if not texts:
            problems.append(f"line {line}: expected an error containing {substrings}, got none")
            continue
        for substring in substrings:
            if not any(substring in text for text in texts):
                problems.append(f"line {line}: no error contains {substring!r}: {texts}")
    for line, found in sorted(actual.items()):
        if line not in expected:
            problems += [f"unexpected (unmarked line): {d}" for d in found]
    assert not problems, f"{checker} on {path.name}:\n" + "\n".join(problems)
