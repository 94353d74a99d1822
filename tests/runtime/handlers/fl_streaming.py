"""Streaming handlers for the runtime tests."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from ferrolambda import Context, Ok, Result, lambda_handler
from ferrolambda.streaming import ResponseStream

PAUSE = 0.3


def _slowly(parts: list[str]) -> Iterator[str]:
    for index, part in enumerate(parts):
        if index:
            time.sleep(PAUSE)
        yield part


@lambda_handler
def words(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_slowly(event["words"]), content_type="text/plain; charset=utf-8"))


async def _async_parts(count: int) -> AsyncIterator[bytes]:
    for index in range(count):
        await asyncio.sleep(0.01)
        yield f"part {index}\n".encode()


@lambda_handler
async def async_parts(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_async_parts(event["count"])))


def _fails_after(parts: list[str]) -> Iterator[str]:
    yield from parts
    raise ValueError(f"stopped after {len(parts)} parts")


@lambda_handler
def fails_midway(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_fails_after(event["words"])))


@lambda_handler
def bad_chunk(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(iter(["fine", 42])))  # type: ignore[list-item]


@lambda_handler
def with_empty_chunks(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(iter(["", "x", b"", "y"])))


def plain(event: Any, context: Any) -> Any:
    """A managed-runtime style handler can stream too, under the ferrolambda runtime."""
    if event.get("stream"):
        return ResponseStream(iter([b"plain ", b"stream"]), content_type="text/plain")
    return {"streamed": False}


def _exits() -> Iterator[str]:
    yield "before exit"
    raise SystemExit(3)


@lambda_handler
def exits_midway(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_exits()))
