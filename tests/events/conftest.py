"""Shared fixtures for the event model tests: the JSON events in tests/fixtures/events."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "events"


@pytest.fixture
def fixtures_dir() -> Path:
    """The directory holding the JSON event fixtures."""
    return FIXTURES


@pytest.fixture
def load_event() -> Callable[[str], dict[str, Any]]:
    """A function returning a fresh copy of a fixture event, by file name (`sqs.json`)."""

    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
        return data

    return load
