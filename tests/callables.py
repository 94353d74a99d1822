"""Test doubles for the Result and Option tests: a function that must not run, a recorder."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest


def never(*args: object) -> NoReturn:
    """A function that must not be called: the lazy variant skips it."""
    pytest.fail(f"called with {args!r}")


class Recorder:
    """Records its calls and returns a fixed value."""

    def __init__(self, returns: object = None) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.returns = returns

    def __call__(self, *args: object) -> Any:
        self.calls.append(args)
        return self.returns
