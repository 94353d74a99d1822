"""The project's own static checks run as part of the test suite: ruff, mypy --strict, pyright strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "tests", "examples", "typings", "benchmarks"),
        ("ruff", "format", "--check", "src", "tests", "examples", "typings", "benchmarks"),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    done = run(str(BIN / command[0]), *command[1:])
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_src_and_examples() -> None:
    done = run(str(BIN / "mypy"), "--strict")
    assert done.returncode == 0, done.stdout + done.stderr


def test_pyright_strict_on_src() -> None:
    done = run(str(BIN / "pyright"), "src")
    assert done.returncode == 0, done.stdout + done.stderr
