"""Fixtures for the local emulator tests: a runtime to run functions under, emulators that stop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from local_support import HANDLERS, LogCapture, StartEmulator

from ferrolambda.local import DEFAULT_RUNTIME_MODULE, Emulator


@pytest.fixture(scope="session")
def runtime_module() -> str:
    return DEFAULT_RUNTIME_MODULE


@pytest.fixture
def start_emulator(runtime_module: str) -> Iterator[StartEmulator]:
    """Start emulators on ephemeral ports (127.0.0.1); every one is stopped at teardown."""
    started: list[Emulator] = []

    def start(target: str, **options: Any) -> tuple[Emulator, LogCapture]:
        log = LogCapture()
        options.setdefault("runtime_module", runtime_module)
        options.setdefault("port", 0)
        options.setdefault("cwd", str(HANDLERS))
        emulator = Emulator(target, log=log, **options)
        emulator.start()
        started.append(emulator)
        return emulator, log

    yield start
    for emulator in started:
        emulator.stop()
