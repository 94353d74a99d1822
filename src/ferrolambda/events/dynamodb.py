"""Amazon DynamoDB Streams: the change records a table's stream sends, and the functions that turn
DynamoDB's attribute values (`{"N": "42"}`) into Python values and back.

Images stay in attribute-value form; `deserialize_image(record.dynamodb.new_image)` gives a plain
dict. Numbers become `int` when integral, `Decimal` otherwise; binary becomes `bytes`; sets
become `set`.
"""

import base64
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, TypeAlias, cast

from pydantic import Field

from ._base import CamelModel, PascalModel
from ._batch import BatchItemFailure, BatchResponse

__all__ = [
    "AttributeValue",
    "BatchItemFailure",
    "DynamoDBBatchResponse",
    "DynamoDBEvent",
    "DynamoDBStreamChange",
    "DynamoDBStreamRecord",
    "DynamoDBUserIdentity",
    "deserialize",
    "deserialize_image",
    "serialize",
]

AttributeValue: TypeAlias = dict[str, Any]
"""One DynamoDB attribute value in its JSON form: a single type tag and its value, `{"S": "x"}`."""

DynamoDBBatchResponse = BatchResponse
"""The DynamoDB Streams partial batch response; the identifier is the record's `SequenceNumber`."""


class DynamoDBStreamChange(PascalModel):
    """The item-level change: keys, images (per the stream view type) and the sequence number."""

    keys: dict[str, AttributeValue]
    sequence_number: str
    size_bytes: int
    stream_view_type: str | None = None
    approximate_creation_date_time: float | None = None
    new_image: dict[str, AttributeValue] | None = None
    old_image: dict[str, AttributeValue] | None = None


class DynamoDBUserIdentity(CamelModel):
    """Who made the change; set when DynamoDB's time to live deleted the item."""

    type: str
    principal_id: str


class DynamoDBStreamRecord(CamelModel):
    """One change to a table item; `event_name` is `INSERT`, `MODIFY` or `REMOVE`."""

    event_id: Annotated[str, Field(alias="eventID")]
    event_name: str
    event_version: str
    event_source: str
    aws_region: str
    dynamodb: DynamoDBStreamChange
    event_source_arn: Annotated[str, Field(alias="eventSourceARN")]
    user_identity: DynamoDBUserIdentity | None = None

    @property
    def sequence_number(self) -> str:
        """The change's sequence number: the identifier to report in a partial batch failure."""
        return self.dynamodb.sequence_number


class DynamoDBEvent(CamelModel):
    """The batch of change records Lambda read from a table's stream."""

    records: Annotated[list[DynamoDBStreamRecord], Field(alias="Records")]


def _number(text: str) -> int | Decimal:
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def deserialize(value: Mapping[str, Any]) -> Any:
    """The Python value of an attribute value: `{"N": "42"}` is `42`, `{"SS": ["a"]}` is `{"a"}`."""
    if len(value) != 1:
        raise ValueError(f"an attribute value has exactly one type tag, got {sorted(value)}")
    ((tag, data),) = value.items()
    match tag:
        case "S" | "BOOL":
            return data
        case "N":
            return _number(data)
        case "B":
            return base64.b64decode(data)
        case "NULL":
            return None
        case "M":
            return deserialize_image(data)
        case "L":
            return [deserialize(item) for item in data]
        case "SS":
            return set(data)
        case "NS":
            return {_number(item) for item in data}
        case "BS":
            return {base64.b64decode(item) for item in data}
        case _:
            raise ValueError(f"unknown attribute value type {tag!r}")


def deserialize_image(image: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A plain dict from an item in attribute-value form (`Keys`, `NewImage`, `OldImage`)."""
    return {name: deserialize(value) for name, value in image.items()}


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _number_text(value: int | Decimal) -> str:
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"DynamoDB numbers are finite, got {value}")
    return str(value)


def serialize(value: Any) -> AttributeValue:
    """The attribute value of a Python value; numbers must be `int` or `Decimal`, not `float`."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if _is_number(value):
        return {"N": _number_text(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bytes | bytearray):
        return {"B": base64.b64encode(value).decode()}
    if isinstance(value, Mapping):
        mapping = cast("Mapping[str, Any]", value)
        return {"M": {name: serialize(item) for name, item in mapping.items()}}
    if isinstance(value, list | tuple):
        return {"L": [serialize(item) for item in cast("list[Any]", value)]}
    if isinstance(value, set | frozenset):
        return _serialize_set(cast("set[Any]", value))
    if isinstance(value, float):
        raise TypeError("DynamoDB numbers must be int or Decimal, not float")
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB")


def _serialize_set(values: set[Any]) -> AttributeValue:
    if not values:
        raise ValueError("DynamoDB sets cannot be empty")
    if all(isinstance(item, str) for item in values):
        return {"SS": list(values)}
    if all(_is_number(item) for item in values):
        return {"NS": [_number_text(item) for item in values]}
    if all(isinstance(item, bytes | bytearray) for item in values):
        return {"BS": [base64.b64encode(item).decode() for item in values]}
    raise TypeError("a DynamoDB set holds only strings, only numbers or only bytes")
