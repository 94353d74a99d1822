"""Fixtures for the batch tests: the two ways a handler is invoked, and a controllable clock."""

from __future__ import annotations

import json
from typing import Any

import pytest
from batch_events import FakeClock, Invoke, InvokeError, failures

from ferrolambda import Context
from ferrolambda.handler import LambdaHandler


def _through_call(handler: LambdaHandler[Any, Any, Any], event: Any, context: Context) -> Any:
    """The managed Python runtime: `handler(event, context)` on the decoded event."""
    return handler(event, context)


def _through_raw(handler: LambdaHandler[Any, Any, Any], event: Any, context: Context) -> Any:
    """The ferrolambda runtime and emulator: `invoke_raw` on the JSON bytes."""
    body, error_type = handler.invoke_raw(json.dumps(event).encode(), context)
    if error_type is not None:
        error = json.loads(body)
        assert error["errorType"] == error_type
        raise _RawError(error_type, error["errorMessage"])
    return body


class _RawError(Exception):
    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(error_type, message)
        self.error_type = error_type
        self.message = message


@pytest.fixture(params=["call", "invoke_raw"])
def invoke(request: pytest.FixtureRequest) -> Invoke:
    """Run a batch handler through one entry point and return the reported identifiers."""
    entry = _through_call if request.param == "call" else _through_raw

    def run(handler: LambdaHandler[Any, Any, Any], event: Any, context: Context) -> list[str]:
        return failures(entry(handler, event, context))

    return run


@pytest.fixture(params=["call", "invoke_raw"])
def invoke_error(request: pytest.FixtureRequest) -> InvokeError:
    """Run a batch handler that must fail as a whole: `(errorType, errorMessage)`."""
    raw = request.param == "invoke_raw"

    def run(handler: LambdaHandler[Any, Any, Any], event: Any, context: Context) -> tuple[str, str]:
        if raw:
            with pytest.raises(_RawError) as caught:
                _through_raw(handler, event, context)
            return caught.value.error_type, caught.value.message
        with pytest.raises(Exception) as raised:  # noqa: PT011 - the type is what is checked
            _through_call(handler, event, context)
        return type(raised.value).__name__, str(raised.value)

    return run


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Replace the clock `ferrolambda.batch` reads the deadline against."""
    fake = FakeClock()
    monkeypatch.setattr("ferrolambda.batch.time", fake)
    return fake
