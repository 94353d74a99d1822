"""Fixtures for the runtime tests, including the real emulators: AWS RIE and cargo-lambda.

The AWS Lambda Runtime Interface Emulator ships inside the `aws-sam-cli` wheel on PyPI; it is
downloaded once with pip (the system `python3 -m pip`, else `uv tool run --from pip`) and
extracted into `.cache/` at the repository root. cargo-lambda comes with the dev dependencies
but needs `cargo` on PATH. A test that needs an emulator that cannot be had is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from runtime_helpers import BIN, ROOT, Emulator, base_env

CACHE = ROOT / ".cache"
SAM_CLI = "aws-sam-cli==1.170.0"  # the wheel the RIE binary is taken from


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "handler(name, **env): the handler the runtime serves")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"emulator exited with {process.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# -- AWS Lambda Runtime Interface Emulator ---------------------------------------------------------


def _pip_commands(directory: Path) -> Iterator[list[str]]:
    arguments = ["download", "--no-deps", "--only-binary=:all:", SAM_CLI, "-d", str(directory)]
    for python in (sys.executable, shutil.which("python3")):
        if (
            python
            and subprocess.run(
                [python, "-m", "pip", "--version"], capture_output=True, check=False, timeout=60
            ).returncode
            == 0
        ):
            yield [python, "-m", "pip", *arguments]
    uv = shutil.which("uv")
    if uv:
        yield [uv, "tool", "run", "--from", "pip", "pip", *arguments]


def _download_rie(arch: str) -> Path:
    target = CACHE / f"aws-lambda-rie-{arch}"
    if target.is_file():
        return target
    download = CACHE / "aws-sam-cli"
    download.mkdir(parents=True, exist_ok=True)
    failures = []
    wheels = sorted(download.glob("aws_sam_cli-*.whl"))
    for command in [] if wheels else _pip_commands(download):
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        if done.returncode == 0:
            break
        failures.append(f"{' '.join(command[:4])}: {done.stderr.strip()[-300:]}")
    wheels = sorted(download.glob("aws_sam_cli-*.whl"))
    if not wheels:
        pytest.skip(
            f"cannot download {SAM_CLI} (it carries the RIE binary): {failures or 'no pip'}"
        )
    member = f"samcli/local/rapid/aws-lambda-rie-{arch}"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        if member not in wheel.namelist():
            pytest.skip(f"{wheels[-1].name} has no {member}")
        partial = target.with_suffix(".partial")
        partial.write_bytes(wheel.read(member))
    partial.chmod(0o755)
    partial.replace(target)
    return target


@pytest.fixture(scope="session")
def rie_binary() -> Path:
    """The `aws-lambda-rie` binary for this machine, from the aws-sam-cli wheel (cached)."""
    arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower()
    )
    if sys.platform != "linux" or arch is None:
        pytest.skip(
            f"the RIE binary is for Linux x86_64/arm64, not {sys.platform} {platform.machine()}"
        )
    return _download_rie(arch)


@pytest.fixture
def rie(rie_binary: Path, tmp_path: Path) -> Iterator[Callable[..., Emulator]]:
    """Start RIE running `command` (the runtime); it spawns the runtime process itself."""
    started: list[subprocess.Popen[bytes]] = []

    def start(command: list[str], env: Mapping[str, str] | None = None) -> Emulator:
        port, api_port = free_port(), free_port()
        log = tmp_path / f"rie-{port}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [
                    str(rie_binary),
                    "--runtime-interface-emulator-address",
                    f"127.0.0.1:{port}",
                    "--runtime-api-address",
                    f"127.0.0.1:{api_port}",
                    "--log-level",
                    "error",
                    *command,
                ],
                env=base_env(**(env or {})),
                stdout=sink,
                stderr=subprocess.STDOUT,
                cwd=tmp_path,
            )
        started.append(process)
        wait_for_port(port, process)
        return Emulator(port, process, log, "/2015-03-31/functions/function/invocations")

    try:
        yield start
    finally:
        for process in started:
            stop(process)


# -- cargo-lambda ----------------------------------------------------------------------------------

STUB_CARGO_TOML = """\
[package]
name = "ferrolambda-stub"
version = "0.0.0"
edition = "2021"

[[bin]]
name = "function"
path = "main.rs"
"""


@pytest.fixture(scope="session")
def cargo_lambda_tools() -> tuple[Path, Path]:
    """(cargo-lambda, cargo) or a skip naming what is missing."""
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    cargo_lambda = shutil.which("cargo-lambda", path=path)
    if cargo_lambda is None:
        pytest.skip("cargo-lambda is not installed (it comes with the dev dependency group)")
    cargo = shutil.which("cargo", path=f"{path}{os.pathsep}{Path.home() / '.cargo' / 'bin'}")
    if cargo is None:
        pytest.skip(
            "cargo is not on PATH: `cargo lambda watch` needs it (install Rust to run these)"
        )
    return Path(cargo_lambda), Path(cargo)


@pytest.fixture
def cargo_lambda(cargo_lambda_tools: tuple[Path, Path], tmp_path: Path) -> Iterator[Emulator]:
    """`cargo lambda watch --only-lambda-apis`: the Runtime API under `/.rt`; we run the runtime."""
    cargo_lambda_binary, cargo = cargo_lambda_tools
    project = tmp_path / "stub"
    project.mkdir()
    (project / "Cargo.toml").write_text(STUB_CARGO_TOML)
    (project / "main.rs").write_text("fn main() {}\n")
    port = free_port()
    log = tmp_path / "cargo-lambda.log"
    env = base_env(PATH=f"{cargo.parent}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env["CARGO_HOME"] = os.environ.get("CARGO_HOME", str(Path.home() / ".cargo"))
    if "RUSTUP_HOME" in os.environ:
        env["RUSTUP_HOME"] = os.environ["RUSTUP_HOME"]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                str(cargo_lambda_binary),
                "lambda",
                "watch",
                "--only-lambda-apis",
                "-A",
                "127.0.0.1",
                "-P",
                str(port),
            ],
            env=env,
            cwd=project,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for_port(port, process)
        except RuntimeError as error:
            pytest.skip(f"cargo lambda watch did not start: {error}: {log.read_text()[-500:]}")
        yield Emulator(port, process, log, "/2015-03-31/functions/_/invocations")
    finally:
        stop(process)
