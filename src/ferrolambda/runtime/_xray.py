"""The X-Ray error cause sent with an invocation error, so a traced function's fault shows its
exception (type, message, stack) in X-Ray, as with the managed Python runtime.

Lambda reads it from the `Lambda-Runtime-Function-XRay-Error-Cause` header of `/error`:
`{"working_directory", "exceptions": [{"type", "message", "stack": [{"path", "line",
"label"}]}], "paths"}`. It is built from the error body the loop is about to send, whose
`stackTrace` entries are `traceback.format_tb` lines (`_errors.exception_error`), so handlers
keep their one `(body, error type)` interface.
"""

from __future__ import annotations

import json

MAX_CAUSE_SIZE = 1024 * 1024
"""Bytes: a larger cause is left out rather than sent as an oversized header."""

_FRAME_PREFIX = '  File "'


def _frame(entry: object) -> dict[str, object] | None:
    """`{path, line, label}` from a `format_tb` entry: `  File "p", line 3, in f\\n    code`."""
    if not isinstance(entry, str) or not entry.startswith(_FRAME_PREFIX):
        return None
    first_line = entry.partition("\n")[0]
    path, quote, rest = first_line[len(_FRAME_PREFIX) :].rpartition('", line ')
    line_text, _, label = rest.partition(", in ")
    if not quote or not line_text.isdigit():
        return None
    return {"path": path, "line": int(line_text), "label": label}


def error_cause(body: bytes, working_directory: str) -> str | None:
    """The header value for an error `body` (`{errorMessage, errorType, stackTrace}`).

    None when the body is not such an object, or when the cause would exceed `MAX_CAUSE_SIZE`.
    The value is ASCII JSON on one line, as a header value must be.
    """
    try:
        error = json.loads(body)
    except (ValueError, TypeError):  # not JSON, or not bytes at all (the loop reports that)
        return None
    if not isinstance(error, dict):
        return None
    fields: dict[str, object] = error  # pyright: ignore[reportUnknownVariableType]
    trace = fields.get("stackTrace")
    entries: list[object] = trace if isinstance(trace, list) else []  # pyright: ignore[reportUnknownVariableType]
    stack = [frame for frame in map(_frame, entries) if frame is not None]
    cause = json.dumps(
        {
            "working_directory": working_directory,
            "exceptions": [
                {
                    "type": str(fields.get("errorType", "")),
                    "message": str(fields.get("errorMessage", "")),
                    "stack": stack,
                }
            ],
            "paths": list(dict.fromkeys(frame["path"] for frame in stack)),
        },
        separators=(",", ":"),
    )
    return cause if len(cause) <= MAX_CAUSE_SIZE else None
