"""Streaming handlers for the emulator tests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from ferrolambda import Context, Ok, Result, lambda_handler
from ferrolambda.http import HttpError, Request, StreamingResponse, http_handler
from ferrolambda.streaming import ResponseStream


@lambda_handler
def words(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(iter(event["words"]), content_type="text/plain"))


def _then_fail(parts: list[str]) -> Iterator[str]:
    yield from parts
    raise ValueError("the stream broke")


@lambda_handler
def fails(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_then_fail(event["words"]), content_type="text/plain"))


def _http(event: dict[str, Any]) -> Iterator[bytes]:
    prelude = {
        "statusCode": 201,
        "headers": {"Content-Type": "text/event-stream", "X-Stream": "yes"},
        "cookies": ["session=abc; Path=/"],
    }
    yield json.dumps(prelude).encode() + b"\x00" * 8
    for index in range(3):
        yield f"data: {index}\n\n".encode()


@lambda_handler
def http(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(
        ResponseStream(
            _http(event), content_type="application/vnd.awslambda.http-integration-response"
        )
    )


def echo_path(event: dict[str, Any], context: Any) -> ResponseStream:
    """A plain handler streaming a plain-text answer to an HTTP event."""
    return ResponseStream(iter(["path=", event["rawPath"]]), content_type="text/plain")


def _ticks(count: int) -> Iterator[str]:
    for index in range(count):
        yield f"event: tick\ndata: {index}\n\n"


@http_handler
def sse(request: Request) -> Result[StreamingResponse, HttpError]:
    count = int(request.query.first("count").unwrap_or("2"))
    return Ok(StreamingResponse(_ticks(count), content_type="text/event-stream"))


def _paused(pause: float) -> Iterator[str]:
    yield "first "
    time.sleep(pause)
    yield "second"


@lambda_handler
def slow(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(_paused(float(event["pause"])), content_type="text/plain"))


@http_handler
def slow_http(request: Request) -> Result[StreamingResponse, HttpError]:
    pause = float(request.query.first("pause").unwrap_or("0"))
    return Ok(StreamingResponse(_paused(pause), content_type="text/plain"))
