"""`invoke`: run a handler on an event the way the runtime does, and `make_context`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..context import Context
from ..handler import as_context
from ..result import Err, Ok, Result
from .events import ACCOUNT, REGION

if TYPE_CHECKING:
    from ..streaming import ResponseStream


class LambdaFailure(Exception):
    """A Lambda function error as the caller sees it: `errorType`, `errorMessage` and the
    `stackTrace` (for unexpected exceptions). Equal when type and message are equal."""

    __match_args__ = ("error_type", "message")

    def __init__(self, error_type: str, message: str, stack_trace: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LambdaFailure):
            return NotImplemented
        return (self.error_type, self.message) == (other.error_type, other.message)

    def __hash__(self) -> int:
        return hash((LambdaFailure, self.error_type, self.message))

    def __repr__(self) -> str:
        return f"LambdaFailure({self.error_type!r}, {self.message!r})"


def make_context(
    remaining_ms: int = 30_000,
    *,
    function_name: str = "test-function",
    function_version: str = "$LATEST",
    memory_limit_in_mb: int = 128,
    aws_request_id: str | None = None,
    xray_trace_id: str | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> Context:
    """A `Context` like Lambda's, with `remaining_ms` left before the deadline."""
    now_ms = int(time.time() * 1000)
    date = time.strftime("%Y/%m/%d", time.gmtime(now_ms / 1000))
    return Context(
        aws_request_id=aws_request_id or str(uuid.uuid4()),
        deadline_ms=now_ms + remaining_ms,
        invoked_function_arn=f"arn:aws:lambda:{region}:{account}:function:{function_name}",
        function_name=function_name,
        function_version=function_version,
        memory_limit_in_mb=str(memory_limit_in_mb),
        log_group_name=f"/aws/lambda/{function_name}",
        log_stream_name=f"{date}/[{function_version}]{uuid.uuid4().hex}",
        xray_trace_id=xray_trace_id,
    )


def _payload(event: Any) -> bytes:
    if isinstance(event, bytes | bytearray):
        return bytes(event)
    if isinstance(event, str):
        return event.encode()
    dump = getattr(event, "model_dump_json", None)
    if callable(dump):
        return str(dump(by_alias=True)).encode()
    return json.dumps(event, ensure_ascii=False).encode()


def _failure(body: bytes, error_type: str) -> LambdaFailure:
    try:
        decoded = json.loads(body)
    except ValueError:
        return LambdaFailure(error_type, body.decode(errors="replace"))
    if not isinstance(decoded, dict):
        return LambdaFailure(error_type, str(decoded))
    error: dict[str, Any] = decoded  # pyright: ignore[reportUnknownVariableType]
    trace = error.get("stackTrace") or ()
    return LambdaFailure(
        str(error.get("errorType", error_type)),
        str(error.get("errorMessage", "")),
        tuple(str(line) for line in trace),
    )


def _raised(error: Exception) -> LambdaFailure:
    """An exception as the failure Lambda reports: named after its class, with its trace."""
    import traceback

    trace = tuple(line.rstrip("\n") for line in traceback.format_tb(error.__traceback__))
    return LambdaFailure(type(error).__name__, str(error), trace)


def _drain(stream: ResponseStream) -> Result[bytes, LambdaFailure]:
    """A streamed response read to its end: the bytes, or the error that ended the stream."""
    try:
        return Ok(b"".join(stream.encoded()))
    except Exception as error:
        return Err(_raised(error))


def invoke(
    handler: Callable[..., Any], event: Any, context: Any = None
) -> Result[Any, LambdaFailure]:
    """Invoke `handler` with `event` as Lambda would, and return the outcome as a `Result`.

    `Ok(response)` is the JSON response decoded; `Err(LambdaFailure(error_type, message))` a
    function error. A ferrolambda handler (anything with `invoke_raw`, such as
    `@lambda_handler`, `@batch_handler`, `@http_handler` and `Router`) is run through
    `invoke_raw(json bytes, context)`, the path the ferrolambda runtime takes. A plain
    `handler(event, context)` function is called with the event decoded from JSON, like the
    managed runtime does: an exception is a failure named after its class, and a response that
    is not JSON a `Runtime.MarshalError`. A streamed response (`ResponseStream`) is read to its
    end: `Ok(the bytes)`, or the failure that ended it.

    `event` may be a dict (or any JSON value), a pydantic model, or raw JSON (str or bytes);
    `context` defaults to `make_context()`.
    """
    payload = _payload(event)
    lambda_context = make_context() if context is None else as_context(context)
    invoke_raw: Callable[[bytes, Context], tuple[bytes | ResponseStream, str | None]] | None = (
        getattr(handler, "invoke_raw", None)
    )
    if invoke_raw is not None:
        body, error_type = invoke_raw(payload, lambda_context)
        if not isinstance(body, bytes):
            return _drain(body)
        if error_type is None:
            return Ok(json.loads(body))
        return Err(_failure(body, error_type))
    try:
        returned = handler(json.loads(payload), lambda_context)
    except Exception as error:
        return Err(_raised(error))
    try:
        encoded = json.dumps(returned)
    except (TypeError, ValueError) as error:
        return Err(LambdaFailure("Runtime.MarshalError", f"Unable to marshal response: {error}"))
    return Ok(json.loads(encoded))


__all__ = ["LambdaFailure", "invoke", "make_context"]
