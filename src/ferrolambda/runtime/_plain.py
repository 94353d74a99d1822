"""Wraps a plain `handler(event, context)` (sync or `async def`) into the raw interface.

The loop speaks `invoke_raw(payload: bytes, context) -> (body, error type or None)`. A handler
decorated with `@lambda_handler` provides it; any other callable, written for the managed Python
runtime, gets it from `PlainHandler`: the payload is decoded as JSON, the return value encoded
with `json.dumps` (`bytes` are sent as they are, a `ResponseStream` is streamed; `Decimal`, as
boto3's DynamoDB returns, is encoded as a number) and every failure becomes a Lambda error, logged, without stopping the loop.
"""

from __future__ import annotations

import json
import sys
from types import CoroutineType

from .._errors import error_body, exception_error
from .._streamed import is_stream
from . import _logging

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from decimal import Decimal
    from typing import Any

    from ..context import Context
    from ..streaming import ResponseStream

INVALID_EVENT = "InvalidEvent"
SERIALIZATION_ERROR = "SerializationError"
_CO_COROUTINE = 0x80


def is_async_callable(function: object) -> bool:
    """Whether calling `function` returns a coroutine (functions, methods, partials, `__call__`)."""
    for _ in range(8):
        inner = getattr(function, "__func__", None) or getattr(function, "func", None)
        if inner is None:
            break
        function = inner
    code = getattr(function, "__code__", None)
    if code is None:
        call = getattr(type(function), "__call__", None)  # noqa: B004
        code = getattr(call, "__code__", None)
    return code is not None and bool(code.co_flags & _CO_COROUTINE)


def _json_default(value: object) -> object:
    decimal = sys.modules.get("decimal")
    if decimal is not None:
        decimal_type: type[Decimal] = decimal.Decimal
        if isinstance(value, decimal_type):
            if value.is_finite() and value == value.to_integral_value():
                return int(value)
            return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
_encode_ascii = json.JSONEncoder(default=_json_default).encode


def _run(coroutine: Coroutine[Any, Any, object]) -> object:
    from .. import _aio

    return _aio.run(coroutine)


class PlainHandler:
    """`invoke_raw` for a managed-runtime style `handler(event, context)`."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any, Context], object]) -> None:
        self.function = function
        if is_async_callable(function):
            __import__("asyncio")  # at init, not on the first invocation

    def __repr__(self) -> str:
        return f"PlainHandler({self.function!r})"

    def invoke_raw(
        self, payload: bytes, context: Context
    ) -> tuple[bytes | ResponseStream, str | None]:
        try:
            try:
                text = payload.decode()  # Lambda sends UTF-8; this skips json's encoding sniffing
            except UnicodeDecodeError:
                event = json.loads(payload)  # UTF-16/32, or the error message for bad bytes
            else:
                event = json.loads(text)
        except Exception as error:
            message = f"Unable to decode the event as JSON: {error}"
            _logging.log_function_error(INVALID_EVENT, message)
            return error_body(INVALID_EVENT, message), INVALID_EVENT
        try:
            result = self.function(event, context)
            if isinstance(result, CoroutineType):
                result = _run(result)  # pyright: ignore[reportUnknownArgumentType]
        except Exception as error:
            _logging.strip_runtime_frames(error)
            _logging.log_exception(error)
            return exception_error(error)
        if isinstance(result, bytes):
            return result, None
        if is_stream(result):
            return result, None
        if isinstance(result, bytearray):
            return bytes(result), None
        try:
            try:
                return _encode(result).encode(), None
            except UnicodeEncodeError:  # lone surrogates: let json escape them
                return _encode_ascii(result).encode(), None
        except Exception as error:
            message = f"Unable to serialize the response as JSON: {error}"
            _logging.log_function_error(SERIALIZATION_ERROR, message)
            return error_body(SERIALIZATION_ERROR, message), SERIALIZATION_ERROR
