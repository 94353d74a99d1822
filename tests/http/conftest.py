"""Fixtures for the HTTP tests: a Lambda context and the two ways a handler is invoked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_helpers import EVENT_FILES, Runner

from ferrolambda.context import Context
from ferrolambda.testing import make_context


@pytest.fixture
def context() -> Context:
    return make_context(remaining_ms=10_000)


@pytest.fixture(params=sorted(EVENT_FILES))
def kind(request: pytest.FixtureRequest) -> str:
    """Each fixture event shape in turn."""
    value: str = request.param
    return value


@pytest.fixture(params=["managed", "invoke_raw"])
def run(request: pytest.FixtureRequest, context: Context) -> Runner:
    """Invoke a handler on an event through the managed-runtime call or `invoke_raw`, and
    return the response object (a function error fails the test)."""

    def go(handler: Any, event: dict[str, Any]) -> dict[str, Any]:
        if request.param == "managed":
            response: dict[str, Any] = handler(event, context)
            decoded: dict[str, Any] = json.loads(json.dumps(response))
            return decoded
        body, error_type = handler.invoke_raw(json.dumps(event).encode(), context)
        assert error_type is None, body
        result: dict[str, Any] = json.loads(body)
        return result

    return go
