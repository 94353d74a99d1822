"""`StreamingResponse`: an HTTP response streamed to a function URL, with its status, headers and
cookies in the JSON prelude Lambda expects."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from http_helpers import load, with_request

from ferrolambda import Ok, Result
from ferrolambda.http import Cors, HttpError, Request, Router, StreamingResponse, http_handler
from ferrolambda.streaming import ResponseStream
from ferrolambda.testing import make_context

PRELUDE_END = b"\x00" * 8


def events() -> Iterator[str]:
    for index in range(3):
        yield f"data: {index}\n\n"


@http_handler
def sse(request: Request) -> Result[StreamingResponse, HttpError]:
    response = StreamingResponse(events(), status=201, content_type="text/event-stream")
    response.headers.set("cache-control", "no-cache")
    response.set_cookie("seen", "1")
    return Ok(response)


def streamed(handler: Any, event: dict[str, Any]) -> tuple[dict[str, Any], list[bytes], str]:
    """(prelude, the body's chunks, content type) of the stream `handler` answers `event` with."""
    body, error_type = handler.invoke_raw(json.dumps(event).encode(), make_context())
    assert error_type is None
    assert isinstance(body, ResponseStream)
    first, *rest = list(body.encoded())
    prelude, end, tail = first.partition(PRELUDE_END)
    assert end == PRELUDE_END
    assert tail == b""  # the prelude is a chunk of its own
    return json.loads(prelude), rest, body.content_type


def test_the_prelude_carries_status_headers_and_cookies() -> None:
    prelude, chunks, content_type = streamed(sse, load("function-url"))
    assert content_type == "application/vnd.awslambda.http-integration-response"
    assert prelude["statusCode"] == 201
    assert prelude["headers"]["content-type"] == "text/event-stream"
    assert prelude["headers"]["cache-control"] == "no-cache"
    assert prelude["cookies"] == ["seen=1; Path=/; Secure; HttpOnly; SameSite=Lax"]
    assert chunks == [b"data: 0\n\n", b"data: 1\n\n", b"data: 2\n\n"]


def test_an_async_handler_with_async_chunks() -> None:
    async def ticks() -> AsyncIterator[bytes]:
        for index in range(2):
            await asyncio.sleep(0)
            yield b"tick %d\n" % index

    @http_handler
    async def stream(request: Request) -> Result[StreamingResponse, HttpError]:
        return Ok(StreamingResponse(ticks(), content_type="text/plain"))

    prelude, chunks, _ = streamed(stream, load("function-url"))
    assert prelude == {"statusCode": 200, "headers": {"content-type": "text/plain"}}
    assert chunks == [b"tick 0\n", b"tick 1\n"]


def test_a_router_route_streams_with_its_cors_headers() -> None:
    app = Router(cors=Cors(allow_origins=["https://example.com"]))

    @app.get("/feed")
    def feed(request: Request) -> Result[StreamingResponse, HttpError]:
        return Ok(StreamingResponse(iter(["a", "b"])))

    event = with_request(load("function-url"), "GET", "/feed")
    event["headers"]["origin"] = "https://example.com"
    prelude, chunks, _ = streamed(app, event)
    assert prelude["headers"]["access-control-allow-origin"] == "https://example.com"
    assert chunks == [b"a", b"b"]


def test_the_managed_runtime_refuses_a_streamed_http_response() -> None:
    from ferrolambda.handler import InvalidResult

    with pytest.raises(InvalidResult, match="response streaming needs the ferrolambda runtime"):
        sse(load("function-url"), make_context())
