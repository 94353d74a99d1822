"""Helpers for the local emulator tests (a uniquely named module, importable from the tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ferrolambda.local import Emulator

if TYPE_CHECKING:
    from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = Path(__file__).resolve().parent / "handlers"


class LogCapture:
    """A log sink for the emulator: keeps every line, and waits for one to appear."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._condition = threading.Condition()

    def __call__(self, text: str) -> None:
        with self._condition:
            self.lines.extend(text.splitlines() or [""])
            self._condition.notify_all()

    @property
    def text(self) -> str:
        with self._condition:
            return "\n".join(self.lines)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 10.0) -> str:
        """The first line matching `predicate`, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                for line in self.lines:
                    if predicate(line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        "no matching log line within timeout; log:\n" + "\n".join(self.lines)
                    )
                self._condition.wait(remaining)

    def reports(self) -> list[str]:
        with self._condition:
            return [line for line in self.lines if line.startswith("REPORT RequestId:")]


StartEmulator = Callable[..., tuple[Emulator, LogCapture]]


def target(name: str) -> str:
    """`tests/local/handlers/<module>.py:<function>` for `module.function`."""
    module, _, function = name.rpartition(".")
    return f"{HANDLERS / (module + '.py')}:{function}"


def lambda_client(emulator: Emulator, read_timeout: float = 30) -> Any:
    """boto3's Lambda client for `emulator`, without retries."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "lambda",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 0}, read_timeout=read_timeout, connect_timeout=5),
    )
