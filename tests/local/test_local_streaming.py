"""Streamed responses through the emulator: Invoke, InvokeWithResponseStream (real boto3) and the
HTTP front."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from local_support import StartEmulator, lambda_client, target


def stream_events(response: dict[str, Any]) -> tuple[list[bytes], dict[str, Any]]:
    """The PayloadChunk payloads and the InvokeComplete event of an event stream."""
    chunks: list[bytes] = []
    complete: dict[str, Any] | None = None
    for item in response["EventStream"]:
        if "PayloadChunk" in item:
            chunks.append(item["PayloadChunk"]["Payload"])
        elif "InvokeComplete" in item:
            complete = item["InvokeComplete"]
    assert complete is not None, "no InvokeComplete event"
    return chunks, complete


def test_an_outcome_keeps_the_chunks_and_the_content_type(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.words"))
    outcome = emulator.invoke(b'{"words": ["one ", "two"]}')
    assert not outcome.is_error
    assert outcome.body == b"one two"
    assert outcome.chunks == (b"one ", b"two")
    assert outcome.content_type == "text/plain"


def test_invoke_with_response_stream_with_boto3(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.words"))
    response = lambda_client(emulator).invoke_with_response_stream(
        FunctionName="function", Payload=json.dumps({"words": ["a", "b", "c"]})
    )
    assert response["StatusCode"] == 200
    assert response["ResponseStreamContentType"] == "text/plain"
    assert response["ExecutedVersion"] == "$LATEST"
    chunks, complete = stream_events(response)
    assert chunks == [b"a", b"b", b"c"]
    assert "ErrorCode" not in complete


def test_a_stream_that_fails_ends_with_the_error(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.fails"))
    client = lambda_client(emulator)
    response = client.invoke_with_response_stream(
        FunctionName="function", Payload=json.dumps({"words": ["x", "y"]}), LogType="Tail"
    )
    chunks, complete = stream_events(response)
    assert chunks == [b"x", b"y"]
    assert complete["ErrorCode"] == "ValueError"
    assert complete["ErrorDetails"] == "the stream broke"
    assert "LogResult" in complete
    buffered = client.invoke(FunctionName="function", Payload=json.dumps({"words": ["x"]}))
    assert buffered["FunctionError"] == "Unhandled"
    error = json.loads(buffered["Payload"].read())
    assert (error["errorType"], error["errorMessage"]) == ("ValueError", "the stream broke")


def test_a_plain_invoke_gets_a_stream_whole(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.words"))
    response = lambda_client(emulator).invoke(
        FunctionName="function", Payload=json.dumps({"words": ["whole ", "body"]})
    )
    assert "FunctionError" not in response
    assert response["Payload"].read() == b"whole body"


def test_invoke_with_response_stream_of_a_buffered_function(
    start_emulator: StartEmulator,
) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    client = lambda_client(emulator)
    chunks, complete = stream_events(
        client.invoke_with_response_stream(FunctionName="function", Payload=b'{"n": 1}')
    )
    assert len(chunks) == 1
    assert json.loads(chunks[0])["echo"] == {"n": 1}
    assert "ErrorCode" not in complete
    failing, _ = start_emulator(target("basic.fail"))
    _, failed = stream_events(
        lambda_client(failing).invoke_with_response_stream(
            FunctionName="function", Payload=b'{"why": "test"}'
        )
    )
    assert failed["ErrorCode"] == "ValueError"
    assert failed["ErrorDetails"] == "boom: test"


def test_an_event_invocation_cannot_stream(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.words"))
    response = httpx.post(
        f"{emulator.url}/2021-11-15/functions/function/response-streaming-invocations",
        content=b"{}",
        headers={"X-Amz-Invocation-Type": "Event"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "use RequestResponse, DryRun" in response.text


def test_the_http_front_sends_an_http_integration_stream(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.http"))
    response = httpx.get(f"{emulator.url}/events", timeout=10)
    assert response.status_code == 201
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["x-stream"] == "yes"
    assert response.headers["set-cookie"] == "session=abc; Path=/"
    assert response.text == "data: 0\n\ndata: 1\n\ndata: 2\n\n"


def test_the_http_front_sends_a_plain_stream_as_it_is(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.echo_path"))
    response = httpx.get(f"{emulator.url}/some/where", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain"
    assert response.text == "path=/some/where"


def test_server_sent_events_from_an_http_handler(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.sse"))
    response = httpx.get(f"{emulator.url}/events?count=3", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream"
    assert response.text.count("event: tick\n") == 3
    assert response.text.endswith("data: 2\n\n")


PAUSE = 2.0


def test_invoke_with_response_stream_forwards_each_chunk_as_it_arrives(
    start_emulator: StartEmulator,
) -> None:
    emulator, _ = start_emulator(target("streaming.slow"), timeout=10)
    client = lambda_client(emulator)
    stream_events(
        client.invoke_with_response_stream(FunctionName="function", Payload=b'{"pause": 0}')
    )
    started = time.monotonic()
    response = client.invoke_with_response_stream(
        FunctionName="function", Payload=json.dumps({"pause": PAUSE})
    )
    arrivals: list[tuple[str, float]] = []
    for item in response["EventStream"]:
        (kind,) = item
        arrivals.append((kind, time.monotonic() - started))
    assert [kind for kind, _ in arrivals] == ["PayloadChunk", "PayloadChunk", "InvokeComplete"]
    assert arrivals[0][1] < PAUSE / 2, arrivals  # before the function produced the second
    assert arrivals[1][1] >= PAUSE, arrivals


def test_the_http_front_forwards_each_chunk_as_it_arrives(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("streaming.slow_http"), timeout=10)
    assert httpx.get(f"{emulator.url}/warm", timeout=10).text == "first second"
    started = time.monotonic()
    arrivals: list[tuple[bytes, float]] = []
    with httpx.stream("GET", f"{emulator.url}/slow?pause={PAUSE}", timeout=10) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain"
        assert response.headers["transfer-encoding"] == "chunked"
        for data in response.iter_raw():
            arrivals.append((data, time.monotonic() - started))
    assert b"".join(data for data, _ in arrivals) == b"first second"
    assert arrivals[0] == (b"first ", arrivals[0][1])
    assert arrivals[0][1] < PAUSE / 2, arrivals
    assert arrivals[-1][1] >= PAUSE, arrivals
