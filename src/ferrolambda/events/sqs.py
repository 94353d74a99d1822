"""Amazon SQS: the event a queue's event source mapping sends, and its partial batch response.

`SqsEvent[Order]` parses every record's `body` from JSON into `Order`; `SqsEvent` (or
`SqsEvent[str]`) keeps the body as text.
"""

from typing import Annotated, Generic

from pydantic import Field
from typing_extensions import TypeVar

from ._base import JSON_TEXT, CamelModel, PascalModel
from ._batch import BatchItemFailure, BatchResponse

__all__ = [
    "BatchItemFailure",
    "SqsAttributes",
    "SqsBatchResponse",
    "SqsEvent",
    "SqsMessageAttribute",
    "SqsRecord",
]

T = TypeVar("T", default=str)

SqsBatchResponse = BatchResponse
"""The SQS partial batch response, `{"batchItemFailures": [{"itemIdentifier": messageId}]}`."""


class SqsAttributes(PascalModel):
    """The system attributes of a message; FIFO queues add the group, deduplication and sequence."""

    approximate_receive_count: str
    sent_timestamp: str
    sender_id: str
    approximate_first_receive_timestamp: str
    aws_trace_header: Annotated[str | None, Field(alias="AWSTraceHeader")] = None
    sequence_number: str | None = None
    message_group_id: str | None = None
    message_deduplication_id: str | None = None
    dead_letter_queue_source_arn: str | None = None


class SqsMessageAttribute(CamelModel):
    """A message attribute set by the sender; binary values stay base64 text as AWS sends them."""

    data_type: str
    string_value: str | None = None
    binary_value: str | None = None
    string_list_values: list[str] | None = None
    binary_list_values: list[str] | None = None


class SqsRecord(CamelModel, Generic[T]):
    """One SQS message; `body` is parsed from JSON into `T` unless `T` is `str`."""

    message_id: str
    receipt_handle: str
    body: Annotated[T, JSON_TEXT]
    attributes: SqsAttributes
    message_attributes: dict[str, SqsMessageAttribute] = Field(
        default_factory=dict[str, SqsMessageAttribute]
    )
    md5_of_body: str
    md5_of_message_attributes: str | None = None
    event_source: str
    event_source_arn: Annotated[str, Field(alias="eventSourceARN")]
    aws_region: str

    @property
    def queue_is_fifo(self) -> bool:
        """Whether the message comes from a FIFO queue (its ARN ends with `.fifo`)."""
        return self.event_source_arn.endswith(".fifo")


class SqsEvent(CamelModel, Generic[T]):
    """The batch of messages Lambda received from a queue."""

    records: Annotated[list[SqsRecord[T]], Field(alias="Records")]
