"""Small function introspection helpers that avoid importing `inspect` and `functools` at cold start."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_CO_COROUTINE = 0x80


def is_coroutine_function(function: object) -> bool:
    """Whether calling `function` returns a coroutine (looks through bound methods and partials)."""
    while True:
        inner = getattr(function, "__func__", None) or getattr(function, "func", None)
        if inner is None:
            break
        function = inner
    code = getattr(function, "__code__", None)
    return code is not None and bool(code.co_flags & _CO_COROUTINE)


def wraps(wrapper: Callable[P, R], wrapped: object) -> Callable[P, R]:
    """Copy `wrapped`'s name, module and docstring onto `wrapper`, like `functools.wraps`."""
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        if hasattr(wrapped, name):
            setattr(wrapper, name, getattr(wrapped, name))
    wrapper.__wrapped__ = wrapped  # type: ignore[attr-defined]
    return wrapper


def unwrap(function: object) -> object:
    """The innermost function behind decorators that set `__wrapped__`, like `inspect.unwrap`."""
    for _ in range(100):  # a bound on wrapper chains, against cycles
        inner: object = getattr(function, "__wrapped__", None)
        if inner is None:
            break
        function = inner
    return function
