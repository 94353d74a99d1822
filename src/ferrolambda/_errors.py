"""The Lambda error body `{errorMessage, errorType, stackTrace}`, shared by the handler and the runtime."""

from __future__ import annotations

import json


def error_body(error_type: str, message: str, stack_trace: list[str] | None = None) -> bytes:
    """Encode a Lambda function error as the JSON body the Runtime API and the Invoke API use."""
    body: dict[str, object] = {"errorMessage": message, "errorType": error_type}
    if stack_trace:
        body["stackTrace"] = stack_trace
    return json.dumps(body, ensure_ascii=False).encode()


def exception_error(error: BaseException) -> tuple[bytes, str]:
    """Encode an unexpected exception as a Lambda error: (body, error type), trace included."""
    import traceback  # only on the error path: keeps the traceback import off cold start

    error_type = type(error).__name__
    stack = [
        line for frame in traceback.format_tb(error.__traceback__) for line in [frame.rstrip("\n")]
    ]
    return error_body(error_type, str(error), stack), error_type
