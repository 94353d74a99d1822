"""Helpers for the HTTP tests: the fixture events and reading responses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"

EVENT_FILES = {
    "apigw-v1": "apigw_v1.json",
    "apigw-v2": "apigw_v2.json",
    "alb": "alb.json",
    "alb-multi": "alb_multi_value.json",
    "function-url": "function_url.json",
}

Runner = Callable[[Any, dict[str, Any]], dict[str, Any]]
"""Invoke a handler on an event and return the response object (the `run` fixture)."""

_cache: dict[str, dict[str, Any]] = {}


def load(kind: str) -> dict[str, Any]:
    """A fresh copy of the fixture event of `kind` (a key of EVENT_FILES)."""
    if kind not in _cache:
        _cache[kind] = json.loads((FIXTURES / EVENT_FILES[kind]).read_text())
    return copy.deepcopy(_cache[kind])


def with_request(event: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """`event` changed to `method path`, whatever its shape."""
    if "rawPath" in event:
        event["rawPath"] = path
        event["requestContext"]["http"]["method"] = method
        event["requestContext"]["http"]["path"] = path
    else:
        event["path"] = path
        event["httpMethod"] = method
    return event


def header(response: dict[str, Any], name: str) -> list[str]:
    """Every value of header `name` in a response object, whatever its shape."""
    values: list[str] = []
    for key, value in (response.get("headers") or {}).items():
        if key.lower() == name.lower():
            values.append(value)
    for key, listed in (response.get("multiValueHeaders") or {}).items():
        if key.lower() == name.lower():
            values.extend(listed)
    return values


def problem(response: dict[str, Any]) -> dict[str, Any]:
    """The problem details in a response object (asserting its content type)."""
    assert header(response, "content-type") == ["application/problem+json"]
    body: dict[str, Any] = json.loads(response["body"])
    return body
