"""Every Python code block in the README and the docs runs, and the docs site builds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
WITHOUT_PYTHON = {"typing.md"}  # configuration and shell only


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text())


@pytest.mark.parametrize(
    "page",
    [page for page in PAGES if page.name not in WITHOUT_PYTHON],
    ids=lambda page: page.name,
)
def test_code_blocks_run(page: Path, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    assert blocks, f"{page.name} has no Python code blocks"
    # One process per page, blocks in order in one namespace, as a reader would run them;
    # a separate process keeps the pages' environment variables out of the test run.
    script = tmp_path / f"{page.stem}_blocks.py"
    script.write_text("\n\n".join(blocks))
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_site_builds_strict(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_readme_quick_start_invokes_the_example() -> None:
    """The README's first quick-start command runs an example through the local emulator."""
    text = (ROOT / "README.md").read_text()
    command = next(
        line for line in text.splitlines() if line.startswith("uv run ferrolambda invoke")
    )
    arguments = command.split()[3:]  # after `uv run ferrolambda`
    done = subprocess.run(
        [sys.executable, "-m", "ferrolambda.cli", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    response = json.loads(done.stdout)
    assert response["statusCode"] == 200
    assert "Hello, " in response["body"]
    assert "REPORT RequestId:" in done.stderr
