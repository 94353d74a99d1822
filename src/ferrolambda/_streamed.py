"""Whether a handler's result is a `ResponseStream`, without importing `ferrolambda.streaming`.

The runtime and the handlers ask this of every result; importing the streaming module for it
would put `typing` on the runtime's cold start. A value cannot be a `ResponseStream` before that
module was imported, so until then the answer is no.
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from .streaming import ResponseStream


def is_stream(value: object) -> "TypeIs[ResponseStream]":
    """Whether `value` is a `ferrolambda.streaming.ResponseStream`."""
    streaming = sys.modules.get("ferrolambda.streaming")
    return streaming is not None and type(value) is streaming.ResponseStream
