"""Runtime logs: plain text or JSON lines (`AWS_LAMBDA_LOG_FORMAT`), with the current request id.

The runtime writes its own lines (function errors, Runtime API trouble) straight to stdout, so it
never needs the stdlib `logging` package. `logging` costs several milliseconds to import, so the
root logger is configured lazily: an import hook notices when user code imports `logging` and
installs the Lambda handler right after the module is executed, before any user code can log.
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType, TracebackType

LOGGER_NAME = "ferrolambda.runtime"

# The invocation being served: read by the log formatters.
request_id: str | None = None
tenant_id: str | None = None

json_format = False
level = 0  # the threshold from AWS_LAMBDA_LOG_LEVEL (0: not set)
separator = "\n"  # "\r" keeps a multi-line entry one CloudWatch event when stdout is not a tty

_LEVELS = {
    "TRACE": 10,
    "DEBUG": 10,
    "INFO": 20,
    "WARN": 30,
    "WARNING": 30,
    "ERROR": 40,
    "FATAL": 50,
    "CRITICAL": 50,
}
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_AIO_FILE = os.path.join(os.path.dirname(_RUNTIME_DIR.rstrip(os.sep)), "_aio.py")
_ASYNCIO_DIR = f"{os.sep}asyncio{os.sep}"


def configure(environ: Mapping[str, str] = os.environ, *, hook: bool = True) -> None:
    """Read the log settings from the environment; configure `logging` when it gets imported."""
    global json_format, level, separator
    json_format = environ.get("AWS_LAMBDA_LOG_FORMAT", "").strip().upper() == "JSON"
    level = _LEVELS.get(environ.get("AWS_LAMBDA_LOG_LEVEL", "").strip().upper(), 0)
    try:
        separator = "\n" if os.isatty(1) else "\r"
    except OSError:
        separator = "\r"
    if hook:
        install_logging_hook()


def timestamp(seconds: float) -> str:
    """ISO 8601 UTC with milliseconds, as Lambda's JSON logs use."""
    millis = int(seconds * 1000) % 1000
    return f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds))}.{millis:03d}Z"


def emit(
    level_name: str,
    level_number: int,
    message: str,
    *,
    error_type: str | None = None,
    error_message: str | None = None,
    stack: Sequence[str] | None = None,
) -> None:
    """Write one log entry for the runtime itself, to stdout, in the configured format."""
    if level_number < level:
        return
    now = time.time()
    if json_format:
        import json

        entry: dict[str, object] = {
            "timestamp": timestamp(now),
            "level": level_name,
            "message": message,
            "logger": LOGGER_NAME,
        }
        if request_id is not None:
            entry["requestId"] = request_id
        if tenant_id is not None:
            entry["tenantId"] = tenant_id
        if error_type is not None:
            entry["errorType"] = error_type
            entry["errorMessage"] = error_message if error_message is not None else ""
            entry["stackTrace"] = list(stack or ())
        line = json.dumps(entry, ensure_ascii=False, default=str)
    else:
        text = f"[{level_name}]\t{timestamp(now)}\t{request_id or ''}\t{message}"
        if stack:
            text += "\nTraceback (most recent call last):\n" + "\n".join(stack)
        line = text.replace("\n", separator) if separator != "\n" else text
    write(line)


def write(line: str) -> None:
    """Write a line to stdout now; a broken stdout must not break the runtime."""
    try:
        stream = sys.stdout
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):
        pass


def error(message: str) -> None:
    emit("ERROR", 40, message)


def warning(message: str) -> None:
    emit("WARNING", 30, message)


def strip_runtime_frames(error: BaseException) -> None:
    """Drop the runtime's (and asyncio's) own frames from the front of `error`'s traceback."""
    tb: TracebackType | None = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (
            filename.startswith(_RUNTIME_DIR) or filename == _AIO_FILE or _ASYNCIO_DIR in filename
        ):
            break
        tb = tb.tb_next
    error.__traceback__ = tb


def stack_of(error: BaseException) -> list[str]:
    """The traceback entries of `error`, as in the Lambda error body's `stackTrace`."""
    import traceback

    return [entry.rstrip("\n") for entry in traceback.format_tb(error.__traceback__)]


def log_function_error(error_type: str, message: str, stack: Sequence[str] | None = None) -> None:
    """Log a function error the way the managed runtime does: `Type: message` and the trace."""
    emit(
        "ERROR",
        40,
        f"{error_type}: {message}" if message else error_type,
        error_type=error_type,
        error_message=message,
        stack=stack,
    )


def log_exception(error: BaseException, message: str | None = None) -> None:
    """Log an unexpected exception with its traceback."""
    error_type = type(error).__name__
    text = str(error)
    emit(
        "ERROR",
        40,
        message if message is not None else (f"{error_type}: {text}" if text else error_type),
        error_type=error_type,
        error_message=text,
        stack=stack_of(error),
    )


# -- stdlib logging, configured when (and only if) user code imports it ---------------------------


def configure_logging() -> None:
    """Install the Lambda log handler on the root logger (imports `logging`)."""
    from . import _logsetup

    _logsetup.install()


class _ConfiguringLoader:
    """Wraps the loader of `logging`: configures the root logger right after the module runs."""

    def __init__(self, loader: object) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)  # type: ignore[attr-defined]
        try:
            configure_logging()
        except Exception as failure:  # never let log setup break user code's `import logging`
            write(f"ferrolambda.runtime: could not configure logging: {failure!r}")

    def __getattr__(self, name: str) -> object:
        return getattr(self._loader, name)


class _LoggingImportHook:
    """A meta path finder that only wraps the loader of the `logging` package, once."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "logging":
            return None
        uninstall_logging_hook()
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None)
            if find_spec is None:
                continue
            spec: ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ConfiguringLoader(spec.loader)  # type: ignore[assignment]
                return spec
        return None


_hook: _LoggingImportHook | None = None


def install_logging_hook() -> None:
    """Configure `logging` now if it is already imported, else as soon as it is."""
    global _hook
    if "logging" in sys.modules:
        configure_logging()
        return
    if _hook is None:
        _hook = _LoggingImportHook()
        sys.meta_path.insert(0, _hook)


def uninstall_logging_hook() -> None:
    global _hook
    if _hook is not None:
        try:  # noqa: SIM105
            sys.meta_path.remove(_hook)
        except ValueError:
            pass
        _hook = None
