"""examples/streaming_sse: server-sent events streamed from a function URL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from example_support import EXAMPLES, event_json, import_example

from ferrolambda.local import Emulator
from ferrolambda.testing import http_event, invoke

EXAMPLE = "streaming_sse"
PRELUDE_END = b"\x00" * 8


def test_a_countdown_is_streamed_with_its_prelude() -> None:
    module = import_example(EXAMPLE)
    streamed = invoke(module.handler, event_json(EXAMPLE, "countdown.json")).unwrap()
    prelude, _, body = streamed.partition(PRELUDE_END)
    assert json.loads(prelude) == {
        "statusCode": 200,
        "headers": {"content-type": "text/event-stream", "cache-control": "no-cache"},
    }
    assert body.decode().split("\n\n")[:-1] == [
        'event: tick\ndata: {"remaining": 2}',
        'event: tick\ndata: {"remaining": 1}',
        'event: tick\ndata: {"remaining": 0}',
        "event: done\ndata: {}",
    ]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"count": "1000"}, "count must be a whole number from 1 to 100"),
        ({"count": "2.5"}, "count must be a whole number from 1 to 100"),
        ({"count": "x"}, "count must be a number, not 'x'"),
        ({"interval": "-1"}, "interval must be from 0 to 5.0 seconds"),
    ],
)
def test_bad_parameters_are_a_400_problem_before_any_streaming(
    query: dict[str, str], detail: str
) -> None:
    module = import_example(EXAMPLE)
    answer = invoke(module.handler, http_event("GET", "/", version="url", query=query))
    response = answer.unwrap()
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["detail"] == detail


def test_the_sample_event_with_too_many_is_refused() -> None:
    module = import_example(EXAMPLE)
    answer = invoke(module.handler, event_json(EXAMPLE, "too_many.json"))
    assert answer.unwrap()["statusCode"] == 400


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(
        str(EXAMPLES / EXAMPLE / "handler.py") + ":handler", port=0, timeout=30, log=lambda _: None
    ) as running:
        yield running


def test_events_arrive_one_by_one_through_the_emulator(emulator: Emulator) -> None:
    assert httpx.get(f"{emulator.url}/?count=1&interval=0", timeout=30).status_code == 200
    started = time.monotonic()
    arrivals: list[float] = []
    with httpx.stream("GET", f"{emulator.url}/?count=3&interval=0.6", timeout=30) as response:
        assert response.headers["content-type"] == "text/event-stream"
        text = ""
        for data in response.iter_text():
            text += data
            arrivals.append(time.monotonic() - started)
    assert text.count("event: tick") == 3
    assert text.endswith("event: done\ndata: {}\n\n")
    assert arrivals[0] < 1.2  # the first tick, long before the last (after 1.8 s)
    assert arrivals[-1] >= 1.8
