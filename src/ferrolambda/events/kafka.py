"""Apache Kafka: the records an Amazon MSK (`aws:kafka`) or self-managed (`SelfManagedKafka`)
event source mapping sends.

Records are grouped by `"topic-partition"`. Keys and values are base64-decoded: `KafkaEvent` gives
`bytes`, `KafkaEvent[str]` text, and `KafkaEvent[Order]` parses each value as JSON into `Order`.
A null key or value (a tombstone) is `None`.
"""

from typing import Annotated, Generic

from pydantic import Field
from typing_extensions import TypeVar

from ._base import BASE64, CamelModel

__all__ = ["KafkaEvent", "KafkaRecord"]

T = TypeVar("T", default=bytes)


class KafkaRecord(CamelModel, Generic[T]):
    """One Kafka record: its position, timestamp, decoded key and value, and headers."""

    topic: str
    partition: int
    offset: int
    timestamp: int
    timestamp_type: str
    key: Annotated[bytes, BASE64] | None = None
    value: Annotated[T, BASE64] | None = None
    headers: list[dict[str, list[int]]] = Field(default_factory=list[dict[str, list[int]]])

    @property
    def decoded_headers(self) -> list[tuple[str, bytes]]:
        """The headers as `(name, value)` pairs, in order (Lambda sends values as byte lists)."""
        return [(name, bytes(value)) for header in self.headers for name, value in header.items()]


class KafkaEvent(CamelModel, Generic[T]):
    """The batch of records Lambda polled from Kafka, by `"topic-partition"`."""

    event_source: str
    bootstrap_servers: str
    records: dict[str, list[KafkaRecord[T]]]
    event_source_arn: str | None = None
