"""Amazon Data Firehose: the records a delivery stream sends to a transformation function, and the
response that returns them transformed, dropped or failed.

Record `data` is base64-decoded as in `ferrolambda.events.kinesis`: `bytes` by default, text
for `FirehoseEvent[str]`, JSON parsed into `T` for `FirehoseEvent[T]`. Response data is given as
`bytes` and sent base64-encoded.
"""

from typing import Annotated, Generic, Literal

from typing_extensions import TypeVar

from ._base import BASE64, CamelModel
from ._response import OmitsNone

__all__ = [
    "FirehoseEvent",
    "FirehoseKinesisRecordMetadata",
    "FirehoseRecord",
    "FirehoseResponse",
    "FirehoseResponseMetadata",
    "FirehoseResponseRecord",
]

T = TypeVar("T", default=bytes)


class FirehoseKinesisRecordMetadata(CamelModel):
    """Where a record came from when the delivery stream reads a Kinesis data stream."""

    shard_id: str
    partition_key: str
    approximate_arrival_timestamp: int
    sequence_number: str
    subsequence_number: int


class FirehoseRecord(CamelModel, Generic[T]):
    """One record to transform; `data` is decoded from base64."""

    record_id: str
    approximate_arrival_timestamp: int
    data: Annotated[T, BASE64]
    kinesis_record_metadata: FirehoseKinesisRecordMetadata | None = None


class FirehoseEvent(CamelModel, Generic[T]):
    """A batch of records a delivery stream asks the function to transform."""

    invocation_id: str
    delivery_stream_arn: str
    region: str
    records: list[FirehoseRecord[T]]
    source_kinesis_stream_arn: str | None = None


class FirehoseResponseMetadata(CamelModel):
    """The partition keys a record is delivered under, with dynamic partitioning."""

    partition_keys: dict[str, str]


class FirehoseResponseRecord(CamelModel, OmitsNone):
    """One record's outcome: `Ok` with the transformed `data`, `Dropped` or `ProcessingFailed`."""

    record_id: str
    result: Literal["Ok", "Dropped", "ProcessingFailed"]
    data: Annotated[bytes, BASE64] | None = None
    metadata: FirehoseResponseMetadata | None = None


class FirehoseResponse(CamelModel):
    """The transformation response: one record per record received, with the same `record_id`."""

    records: list[FirehoseResponseRecord]
