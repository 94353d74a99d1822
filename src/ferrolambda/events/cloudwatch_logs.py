"""Amazon CloudWatch Logs: the event a subscription filter sends to Lambda.

The log events arrive compressed and base64-encoded in `awslogs.data`; `event.decode()` returns
them as a `CloudWatchLogsData`. The same compressed payload reaches Kinesis and Firehose when a
subscription targets a stream: `CloudWatchLogsData.decompress(record.kinesis.data)` reads it.
"""

import base64
from typing import Self

from ._base import CamelModel

__all__ = [
    "CloudWatchLogEvent",
    "CloudWatchLogsData",
    "CloudWatchLogsEvent",
    "CloudWatchLogsRawData",
]


class CloudWatchLogEvent(CamelModel):
    """One log event: its id, its timestamp in milliseconds since the epoch, and the message."""

    id: str
    timestamp: int
    message: str
    extracted_fields: dict[str, str] | None = None


class CloudWatchLogsData(CamelModel):
    """The decoded payload: the log group and stream, the matching filters and the log events."""

    message_type: str
    owner: str
    log_group: str
    log_stream: str
    subscription_filters: list[str]
    log_events: list[CloudWatchLogEvent]
    policy_level: str | None = None

    @classmethod
    def decompress(cls, data: bytes) -> Self:
        """Parse a gzip (or, for account-level subscriptions, zlib) compressed payload."""
        import zlib

        return cls.model_validate_json(zlib.decompress(data, zlib.MAX_WBITS | 32))


class CloudWatchLogsRawData(CamelModel):
    """The `awslogs` object: the compressed, base64-encoded payload."""

    data: str


class CloudWatchLogsEvent(CamelModel):
    """The event a CloudWatch Logs subscription filter sends to a function."""

    awslogs: CloudWatchLogsRawData

    def decode(self) -> CloudWatchLogsData:
        """Decode, decompress and validate the payload."""
        return CloudWatchLogsData.decompress(base64.b64decode(self.awslogs.data, validate=True))
