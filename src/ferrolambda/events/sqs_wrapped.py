"""SQS messages whose body is another service's event: an SNS notification (topic -> queue) or an
S3 notification (bucket -> queue, including the `s3:TestEvent` S3 sends first).

These are ordinary `SqsEvent`/`SqsRecord` instances with a typed body, so they compose further:
`SqsEvent[SnsNotification[S3Event]]` is S3 -> SNS -> SQS, `SqsEvent[S3EventBridgeEvent]` is S3 ->
EventBridge -> SQS.
"""

from typing import TypeAlias

from typing_extensions import TypeVar

from .s3 import S3Event, S3TestEvent
from .sns import SnsNotification
from .sqs import SqsEvent, SqsRecord

__all__ = ["S3SqsEvent", "S3SqsRecord", "SnsSqsEvent", "SnsSqsRecord"]

T = TypeVar("T", default=str)

SnsSqsEvent: TypeAlias = SqsEvent[SnsNotification[T]]
"""SQS messages carrying SNS notifications; `SnsSqsEvent[T]` parses each `Message` into `T`."""

SnsSqsRecord: TypeAlias = SqsRecord[SnsNotification[T]]
"""One SQS message carrying an SNS notification whose `Message` is parsed into `T`."""

S3SqsEvent: TypeAlias = SqsEvent[S3Event | S3TestEvent]
"""SQS messages carrying S3 notifications (or the `s3:TestEvent`)."""

S3SqsRecord: TypeAlias = SqsRecord[S3Event | S3TestEvent]
"""One SQS message carrying an S3 notification (or the `s3:TestEvent`)."""
