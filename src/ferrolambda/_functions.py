"""Small function introspection helpers that avoid importing `inspect` and `functools` at cold start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

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


def signature(function: object, decorator: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The positional parameter names and resolved annotations a decorator reads.

    Looks through wrappers that set `__wrapped__` (they keep the signature, like
    `@early_return`) and leaves out the `self` a bound method already has. Raises `TypeError`
    naming `decorator` and the function when either cannot be read.
    """
    import typing

    name = getattr(function, "__qualname__", repr(function))
    inner = unwrap(function)
    code = getattr(inner, "__code__", None)
    if code is None:
        raise TypeError(f"{decorator} needs a function, got {function!r}")
    parameters: tuple[str, ...] = code.co_varnames[: code.co_argcount]
    if getattr(function, "__self__", None) is not None and hasattr(function, "__func__"):
        parameters = parameters[1:]
    try:
        hints = typing.get_type_hints(inner)
    except Exception as error:
        raise TypeError(f"{decorator} cannot resolve the annotations of {name}: {error}") from error
    return parameters, hints
