"""Several invocations at once, for Lambda Managed Instances: one worker process per request.

A Managed Instances function gets up to `AWS_LAMBDA_MAX_CONCURRENCY` invocations at a time in
one execution environment. As with Lambda's own Python runtime, the runtime then forks that many
workers before it loads the handler. Each worker initializes the function itself, keeps its own
Runtime API connection and serves one invocation at a time, so handlers need no thread safety
(only `/tmp` is shared). The parent forwards SIGTERM and SIGINT to the workers. When one worker
exits, the parent stops the others and exits with that worker's code, so that Lambda replaces
the whole environment rather than run it short of workers.
"""

from __future__ import annotations

import os
import sys
import time

from . import _logging

TYPE_CHECKING = False
if TYPE_CHECKING:
    import signal
    from collections.abc import Callable, Mapping
    from types import FrameType
else:
    import _signal as signal  # the C module `signal` wraps, loaded at startup

CONCURRENCY_ENV = "AWS_LAMBDA_MAX_CONCURRENCY"
STOP_GRACE = 5.0
"""Seconds the other workers get to finish their invocation once one has exited."""


def worker_count(environ: Mapping[str, str]) -> int:
    """How many invocations the environment takes at once: `AWS_LAMBDA_MAX_CONCURRENCY`, else 1."""
    text = environ.get(CONCURRENCY_ENV, "").strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        _logging.warning(f"ignoring {CONCURRENCY_ENV}={text!r}: not a whole number >= 1")
        return 1
    return int(text)


def run_workers(count: int, serve: Callable[[], int]) -> int:
    """Fork `count` workers that each return `serve()`; the exit code of the first to exit."""
    children: list[int] = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # a worker
            code = 1
            try:
                code = serve()
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:  # noqa: SIM105
                        stream.flush()
                    except (OSError, ValueError):
                        pass
                os._exit(code)
        children.append(pid)

    def forward(signum: int, frame: FrameType | None) -> None:
        for child in children:
            try:  # noqa: SIM105
                os.kill(child, signum)
            except ProcessLookupError:
                pass

    for name in ("SIGTERM", "SIGINT"):
        signal.signal(getattr(signal, name), forward)
    pid, status = os.wait()
    code = os.waitstatus_to_exitcode(status)
    children.remove(pid)
    _stop(children)
    return code if code >= 0 else 128 - code


def _stop(children: list[int]) -> None:
    """Ask the remaining workers to stop (SIGTERM), then kill those still running."""
    for child in children:
        try:  # noqa: SIM105
            os.kill(child, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_GRACE
    while children and time.monotonic() < deadline:
        for child in list(children):
            if os.waitpid(child, os.WNOHANG)[0] == child:
                children.remove(child)
        time.sleep(0.01)
    for child in children:
        try:  # noqa: SIM105
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(child, 0)
