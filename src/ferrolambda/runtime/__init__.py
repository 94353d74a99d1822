"""The ferrolambda runtime: a Lambda Runtime API client loop for any Python handler.

`python -m ferrolambda.runtime module.handler` (or `_HANDLER`) runs a handler decorated with
`@lambda_handler`, or a plain managed-runtime `handler(event, context)` (sync or `async def`), as
a Lambda custom runtime or a container image entrypoint. It starts fast: nothing is imported
that the handler does not ask for (no `typing`, `asyncio`, `logging`, `http.client`).

- `on_shutdown(callback)`: run `callback` when the runtime shuts down (SIGTERM).
- `run(handler)`: serve a handler object from your own entrypoint script; never returns.
- `main(args)`: the command line, returning the exit code.
"""

from __future__ import annotations

from ._shutdown import on_shutdown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

__all__ = ["main", "on_shutdown", "run"]


def run(handler: object) -> NoReturn:
    """Serve `handler` on the Runtime API at `$AWS_LAMBDA_RUNTIME_API` until SIGTERM, then exit."""
    from ._loop import run as run_loop

    run_loop(handler)


def main(args: Sequence[str] | None = None) -> int:
    """Run `python -m ferrolambda.runtime` with `args` (default `sys.argv[1:]`); the exit code."""
    from ._loop import main as run_main

    return run_main(args)
