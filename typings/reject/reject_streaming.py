"""Streams take chunks of bytes or str, from an iterable; a stream is not a plain response."""

from __future__ import annotations

from ferrolambda.http import StreamingResponse
from ferrolambda.streaming import ResponseStream


def chunks_of_numbers() -> None:
    # E[mypy]: List item 0 has incompatible type "int"; expected "bytes | str"
    # E[pyright]: Argument of type "list[int]" cannot be assigned to parameter "chunks"
    ResponseStream([1, 2, 3])


def not_iterable() -> None:
    # E[mypy]: Argument 1 to "StreamingResponse" has incompatible type "int"
    # E[pyright]: Argument of type "Literal[42]" cannot be assigned to parameter "chunks"
    StreamingResponse(42)


def a_stream_is_not_bytes(stream: ResponseStream) -> bytes:
    # E[mypy]: Incompatible return value type (got "ResponseStream", expected "bytes")
    # E[pyright]: Type "ResponseStream" is not assignable to return type "bytes"
    return stream
