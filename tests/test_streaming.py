"""`ResponseStream`: its chunks, and how handlers, the managed runtime and `testing.invoke` treat it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from ferrolambda import Context, Err, Ok, Result, lambda_handler
from ferrolambda.handler import InvalidResult
from ferrolambda.streaming import ResponseStream
from ferrolambda.testing import LambdaFailure, invoke, make_context


def test_chunks_are_encoded_and_empty_ones_left_out() -> None:
    chunks: list[Any] = ["héllo ", b"", bytearray(b"raw"), "", b"\x00end"]
    stream = ResponseStream(chunks)
    assert list(stream.encoded()) == ["héllo ".encode(), b"raw", b"\x00end"]
    assert stream.content_type == "application/octet-stream"


def test_an_async_source_runs_on_the_process_loop() -> None:
    seen_loops: list[asyncio.AbstractEventLoop] = []

    async def parts() -> AsyncIterator[str]:
        for index in range(3):
            seen_loops.append(asyncio.get_running_loop())
            await asyncio.sleep(0)
            yield str(index)

    assert list(ResponseStream(parts()).encoded()) == [b"0", b"1", b"2"]
    assert len(set(map(id, seen_loops))) == 1


def test_a_chunk_of_another_type_is_a_type_error() -> None:
    stream = ResponseStream(iter(["ok", 3.5]))  # type: ignore[arg-type]
    chunks = stream.encoded()
    assert next(chunks) == b"ok"
    with pytest.raises(TypeError, match="must be bytes or str, not float"):
        next(chunks)


def test_the_source_is_read_lazily() -> None:
    produced: list[int] = []

    def source() -> Iterator[bytes]:
        for index in range(3):
            produced.append(index)
            yield b"x"

    chunks = ResponseStream(source()).encoded()
    assert produced == []
    next(chunks)
    assert produced == [0]


def _words(event: dict[str, Any]) -> Iterator[str]:
    for word in event["words"]:
        if word == "!":
            raise RuntimeError("no exclamations")
        yield word


@lambda_handler
def streaming(event: dict[str, Any], context: Context) -> Result[ResponseStream, Exception]:
    if not event["words"]:
        return Err(ValueError("nothing to say"))
    return Ok(ResponseStream(_words(event), content_type="text/plain"))


def test_invoke_raw_hands_the_stream_to_the_runtime() -> None:
    body, error_type = streaming.invoke_raw(b'{"words": ["a", "b"]}', make_context())
    assert error_type is None
    assert isinstance(body, ResponseStream)
    assert list(body.encoded()) == [b"a", b"b"]


def test_the_managed_runtime_cannot_stream() -> None:
    with pytest.raises(InvalidResult, match="response streaming needs the ferrolambda runtime"):
        streaming({"words": ["a"]}, make_context())


def test_testing_invoke_reads_a_stream_to_its_end() -> None:
    assert invoke(streaming, {"words": ["a", "b"]}) == Ok(b"ab")
    failed = invoke(streaming, {"words": ["a", "!"]})
    assert isinstance(failed, Err)
    failure: LambdaFailure = failed.error
    assert (failure.error_type, failure.message) == ("RuntimeError", "no exclamations")
    assert any("_words" in line for line in failure.stack_trace)
    refused = invoke(streaming, {"words": []})
    assert isinstance(refused, Err)
    assert refused.error.error_type == "ValueError"


def test_a_single_bytes_or_str_is_one_chunk() -> None:
    assert list(ResponseStream("whole text").encoded()) == [b"whole text"]
    assert list(ResponseStream(b"raw").encoded()) == [b"raw"]


def test_chunks_that_cannot_be_iterated_are_refused_at_once() -> None:
    not_iterable: Any = 42
    with pytest.raises(
        TypeError, match="iterable or async iterable of bytes or str chunks, not int"
    ):
        ResponseStream(not_iterable)
