"""Fixtures for the examples' tests."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from example_support import import_example


@pytest.fixture
def load_example() -> Iterator[Callable[..., ModuleType]]:
    """Import an example's handler module afresh (fresh module state), removed again afterwards."""
    loaded: list[ModuleType] = []

    def load(name: str, module: str = "handler") -> ModuleType:
        imported = import_example(name, module)
        loaded.append(imported)
        return imported

    yield load
    for module in loaded:
        sys.modules.pop(module.__name__, None)
