"""Response streaming: `Ok(ResponseStream(chunks))` is sent to Lambda chunk by chunk, as produced.

```python
from collections.abc import Iterator

from ferrolambda import LambdaEvent, Ok, Result, lambda_handler
from ferrolambda.streaming import ResponseStream


def words(text: str) -> Iterator[str]:
    for word in text.split():
        yield word + " "


@lambda_handler
def handler(event: LambdaEvent[str]) -> Result[ResponseStream, Exception]:
    return Ok(ResponseStream(words(event.payload), content_type="text/plain"))
```

Lambda streams a response to callers of `InvokeWithResponseStream` and of a function URL whose
invoke mode is `RESPONSE_STREAM`; a plain `Invoke` gets it whole. Only a custom runtime (or a
container image) can stream from Python, which the ferrolambda runtime is: the managed Python
runtime cannot, so there a `ResponseStream` result is an `InvalidResult` error. An exception
raised while the chunks are produced ends the stream as a function error.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any


class ResponseStream:
    """A response sent as it is produced: `chunks` (sync or async) of `bytes` or `str` (UTF-8).

    A single `bytes` or `str` is one chunk, not a sequence of characters.
    """

    __slots__ = ("chunks", "content_type")

    def __init__(
        self,
        chunks: Iterable[bytes | str] | AsyncIterable[bytes | str] | bytes | str,
        *,
        content_type: str = "application/octet-stream",
    ) -> None:
        source: Iterable[bytes | str] | AsyncIterable[bytes | str] = (
            (chunks,) if isinstance(chunks, bytes | str) else chunks
        )
        # For callers without a type checker: refused here rather than when the stream starts.
        if not isinstance(source, Iterable | AsyncIterable):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                "ResponseStream takes an iterable or async iterable of bytes or str chunks, "
                f"not {type(source).__name__}"
            )
        self.chunks = source
        self.content_type = content_type

    def __repr__(self) -> str:
        return f"ResponseStream({self.chunks!r}, content_type={self.content_type!r})"

    def encoded(self) -> Iterator[bytes]:
        """The chunks as bytes, empty ones left out; an async source runs on the process's loop."""
        source = self.chunks
        if isinstance(source, AsyncIterable):
            items: Iterator[object] = _drive(source.__aiter__())
        else:
            items = iter(source)
        for chunk in items:
            if isinstance(chunk, str):
                data = chunk.encode()
            elif isinstance(chunk, bytes | bytearray):
                data = bytes(chunk)
            else:
                raise TypeError(
                    f"a ResponseStream chunk must be bytes or str, not {type(chunk).__name__}"
                )
            if data:
                yield data


def _drive(iterator: AsyncIterator[Any]) -> Iterator[object]:
    from ._aio import run

    async def step() -> object:
        return await iterator.__anext__()

    while True:
        try:
            yield run(step())
        except StopAsyncIteration:
            return
