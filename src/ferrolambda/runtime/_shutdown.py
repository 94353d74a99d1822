"""Shutdown hooks: callbacks run once when the runtime stops (SIGTERM, SIGINT or loop end)."""

from __future__ import annotations

from . import _logging

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    H = TypeVar("H", bound=Callable[[], object])

_callbacks: list[Callable[[], object]] = []


def on_shutdown(callback: H) -> H:
    """Run `callback()` when the ferrolambda runtime shuts down; usable as a decorator.

    Lambda sends SIGTERM before it shuts an execution environment down; the runtime finishes the
    invocation in progress, runs the hooks (last registered first; an `async def` hook is run on
    the process's event loop) and exits 0. Keep hooks short: Lambda allows about 500 ms.
    A hook that raises is logged and the others still run. Hooks registered more than once run
    once. (On the managed Python runtime, which is not this loop, hooks never run.)
    """
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def run_shutdown_hooks() -> None:
    """Run and forget every registered hook, last registered first."""
    while _callbacks:
        hook = _callbacks.pop()
        try:
            outcome = hook()
            if type(outcome).__name__ == "coroutine":
                from .. import _aio

                _aio.run(outcome)  # type: ignore[arg-type]
        except Exception as error:
            _logging.strip_runtime_frames(error)
            _logging.log_exception(
                error, f"shutdown hook {hook!r} raised {type(error).__name__}: {error}"
            )
