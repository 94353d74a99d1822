"""The partial batch response shared by SQS, Kinesis and DynamoDB Streams event source mappings."""

from pydantic import Field

from ._base import CamelModel


class BatchItemFailure(CamelModel):
    """One record Lambda should retry: the SQS `messageId` or the stream `SequenceNumber`."""

    item_identifier: str


class BatchResponse(CamelModel):
    """`{"batchItemFailures": [...]}`: the records that failed; empty means all succeeded."""

    batch_item_failures: list[BatchItemFailure] = Field(default_factory=list[BatchItemFailure])
