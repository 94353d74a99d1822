"""DynamoDB Streams records and the attribute-value conversion functions."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ferrolambda.events.dynamodb import (
    DynamoDBBatchResponse,
    DynamoDBEvent,
    deserialize,
    deserialize_image,
    serialize,
)
from ferrolambda.events.sqs import BatchItemFailure

Load = Callable[[str], dict[str, Any]]


def test_records(load_event: Load) -> None:
    event = DynamoDBEvent.model_validate(load_event("dynamodb.json"))
    assert [record.event_name for record in event.records] == ["INSERT", "MODIFY", "REMOVE"]
    insert, modify, remove = event.records
    assert insert.event_id == "c4ca4238a0b923820dcc509a6f75849b"
    assert insert.sequence_number == "4421584500000000017450439091"
    assert insert.dynamodb.keys == {"pk": {"S": "CUSTOMER#c-1042"}, "sk": {"S": "ORDER#ord-7781"}}
    assert insert.dynamodb.old_image is None
    assert insert.dynamodb.stream_view_type == "NEW_AND_OLD_IMAGES"
    assert modify.dynamodb.old_image is not None
    assert deserialize_image(modify.dynamodb.old_image)["status"] == "PAID"
    assert insert.user_identity is None
    assert remove.user_identity is not None
    assert remove.user_identity.principal_id == "dynamodb.amazonaws.com"


def test_new_image_deserializes_every_type(load_event: Load) -> None:
    image = DynamoDBEvent.model_validate(load_event("dynamodb.json")).records[0].dynamodb.new_image
    assert image is not None
    assert deserialize_image(image) == {
        "pk": "CUSTOMER#c-1042",
        "sk": "ORDER#ord-7781",
        "total": Decimal("31.90"),
        "quantity": 2,
        "paid": True,
        "coupon": None,
        "lines": [{"sku": "BK-0001", "quantity": 2}],
        "tags": {"gift", "express"},
        "ratings": {4, Decimal("4.5")},
        "thumbnail": b"\x89PNG\r\n",
        "signatures": {b"\x01\x02", b"\x03"},
    }


def test_integral_numbers_are_int_and_others_decimal() -> None:
    assert type(deserialize({"N": "42"})) is int
    assert type(deserialize({"N": "-7"})) is int
    assert deserialize({"N": "0.1"}) == Decimal("0.1")
    assert deserialize({"N": "1E+3"}) == Decimal("1E+3")
    assert serialize(Decimal("0.1")) == {"N": "0.1"}


def test_serialize_shapes() -> None:
    assert serialize({"a": [1, "x", None, True, b"\x00"]}) == {
        "M": {"a": {"L": [{"N": "1"}, {"S": "x"}, {"NULL": True}, {"BOOL": True}, {"B": "AA=="}]}}
    }
    assert serialize({"only"}) == {"SS": ["only"]}
    assert serialize(frozenset({7})) == {"NS": ["7"]}
    assert serialize({b"\x01"}) == {"BS": ["AQ=="]}


UNSTORABLE: list[tuple[object, type[Exception]]] = [
    (1.5, TypeError),
    (object(), TypeError),
    (set[str](), ValueError),
    ({"a", 1}, TypeError),
    (Decimal("NaN"), ValueError),
    (Decimal("Infinity"), ValueError),
]


@pytest.mark.parametrize(("value", "error"), UNSTORABLE)
def test_serialize_rejects_what_dynamodb_cannot_store(
    value: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        serialize(value)


@pytest.mark.parametrize("value", [{}, {"S": "a", "N": "1"}, {"X": "1"}])
def test_deserialize_rejects_malformed_attribute_values(value: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="attribute value"):
        deserialize(value)


def test_batch_response_uses_the_sequence_number(load_event: Load) -> None:
    record = DynamoDBEvent.model_validate(load_event("dynamodb.json")).records[1]
    response = DynamoDBBatchResponse(
        batch_item_failures=[BatchItemFailure(item_identifier=record.sequence_number)]
    )
    assert response.model_dump(by_alias=True) == {
        "batchItemFailures": [{"itemIdentifier": "4421584600000000017450439523"}]
    }


numbers = st.integers(min_value=-(10**38), max_value=10**38) | st.decimals(
    allow_nan=False, allow_infinity=False
)
scalars = st.none() | st.booleans() | numbers | st.text() | st.binary()
sets = (
    st.sets(st.text(), min_size=1)
    | st.sets(st.integers(min_value=-(10**20), max_value=10**20), min_size=1)
    | st.sets(st.decimals(allow_nan=False, allow_infinity=False), min_size=1)
    | st.sets(st.binary(), min_size=1)
)
values = st.recursive(
    scalars | sets,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_serialize_then_deserialize_gives_the_value_back(value: Any) -> None:
    wire = json.loads(json.dumps(serialize(value)))
    assert deserialize(wire) == value
