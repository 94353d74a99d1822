"""Amazon Kinesis Data Streams: the records a stream's event source mapping sends.

`data` is base64-decoded: `KinesisEvent` gives `bytes`, `KinesisEvent[str]` UTF-8 text, and
`KinesisEvent[Reading]` parses the decoded data as JSON into `Reading`.
"""

from typing import Annotated, Generic

from pydantic import Field
from typing_extensions import TypeVar

from ._base import BASE64, CamelModel
from ._batch import BatchItemFailure, BatchResponse

__all__ = [
    "BatchItemFailure",
    "KinesisBatchResponse",
    "KinesisData",
    "KinesisEvent",
    "KinesisRecord",
]

T = TypeVar("T", default=bytes)

KinesisBatchResponse = BatchResponse
"""The Kinesis partial batch response; the identifier is the record's sequence number."""


class KinesisData(CamelModel, Generic[T]):
    """The stream record: partition key, sequence number and the decoded `data`."""

    kinesis_schema_version: str
    partition_key: str
    sequence_number: str
    data: Annotated[T, BASE64]
    approximate_arrival_timestamp: float
    encryption_type: str | None = None


class KinesisRecord(CamelModel, Generic[T]):
    """One record read from a shard, with its stream and shard identification."""

    kinesis: KinesisData[T]
    event_source: str
    event_version: str
    event_id: Annotated[str, Field(alias="eventID")]
    event_name: str
    invoke_identity_arn: str
    aws_region: str
    event_source_arn: Annotated[str, Field(alias="eventSourceARN")]

    @property
    def sequence_number(self) -> str:
        """The record's sequence number: the identifier to report in a partial batch failure."""
        return self.kinesis.sequence_number


class KinesisEvent(CamelModel, Generic[T]):
    """The batch of records Lambda read from a stream."""

    records: Annotated[list[KinesisRecord[T]], Field(alias="Records")]
