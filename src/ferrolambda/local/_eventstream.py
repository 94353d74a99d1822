"""The AWS event stream encoding that `InvokeWithResponseStream` answers in.

Each message: total length and headers length (big-endian uint32), the CRC32 of those eight
bytes, the headers (name length byte, name, type 7 for a string, value length uint16, value),
the payload, and the CRC32 of everything before it. The SDKs check both CRCs.
"""

from __future__ import annotations

import json
import struct
import zlib

_STRING = 7


def _header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode(), value.encode()
    return (
        struct.pack(">B", len(raw_name))
        + raw_name
        + struct.pack(">BH", _STRING, len(raw_value))
        + raw_value
    )


def event(event_type: str, payload: bytes, content_type: str) -> bytes:
    """One `event` message of type `event_type` carrying `payload`."""
    headers = (
        _header(":event-type", event_type)
        + _header(":content-type", content_type)
        + _header(":message-type", "event")
    )
    prelude = struct.pack(">II", 12 + len(headers) + len(payload) + 4, len(headers))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + headers + payload
    return message + struct.pack(">I", zlib.crc32(message))


def payload_chunk(data: bytes) -> bytes:
    """A `PayloadChunk` event: part of the function's response."""
    return event("PayloadChunk", data, "application/octet-stream")


def invoke_complete(
    error_code: str | None = None, error_details: str | None = None, log_result: str | None = None
) -> bytes:
    """The `InvokeComplete` event that ends the stream: an error code and details on failure."""
    fields = {"ErrorCode": error_code, "ErrorDetails": error_details, "LogResult": log_result}
    body = json.dumps({name: value for name, value in fields.items() if value is not None})
    return event("InvokeComplete", body.encode(), "application/json")
