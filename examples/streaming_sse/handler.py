"""Server-sent events from a function URL: `GET /?count=5&interval=0.5` streams a countdown.

Each event leaves as soon as it is produced: the caller sees the first one after `interval`
seconds, not when the last is ready. A bad `count` or `interval` is a 400 problem, answered
before anything is streamed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from ferrolambda import Err, Ok, Result, early_return
from ferrolambda.http import HttpError, Request, StreamingResponse, http_handler

MAX_COUNT = 100
MAX_INTERVAL = 5.0


def number(request: Request, name: str, default: str) -> Result[float, HttpError]:
    text = request.query.first(name).unwrap_or(default)
    try:
        return Ok(float(text))
    except ValueError:
        return Err(HttpError.bad_request(f"{name} must be a number, not {text!r}"))


def countdown(count: int, interval: float) -> Iterator[str]:
    for remaining in range(count, 0, -1):
        time.sleep(interval)
        yield f"event: tick\ndata: {json.dumps({'remaining': remaining - 1})}\n\n"
    yield "event: done\ndata: {}\n\n"


@http_handler
@early_return
def handler(request: Request) -> Result[StreamingResponse, HttpError]:
    count = number(request, "count", "3").unwrap_or_return()
    interval = number(request, "interval", "0.5").unwrap_or_return()
    if not (count.is_integer() and 1 <= count <= MAX_COUNT):
        return Err(HttpError.bad_request(f"count must be a whole number from 1 to {MAX_COUNT}"))
    if not 0 <= interval <= MAX_INTERVAL:
        return Err(HttpError.bad_request(f"interval must be from 0 to {MAX_INTERVAL} seconds"))
    response = StreamingResponse(countdown(int(count), interval), content_type="text/event-stream")
    response.headers.set("cache-control", "no-cache")
    return Ok(response)
