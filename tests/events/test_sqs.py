"""SQS events: text and typed bodies, attributes, FIFO queues and the partial batch response."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ferrolambda.events.sqs import (
    BatchItemFailure,
    SqsBatchResponse,
    SqsEvent,
    SqsMessageAttribute,
    SqsRecord,
)

Load = Callable[[str], dict[str, Any]]


class Line(BaseModel):
    sku: str
    quantity: int


class Order(BaseModel):
    order_id: str
    customer: str
    items: list[Line]
    total: Decimal


def test_body_stays_text_by_default(load_event: Load) -> None:
    event = SqsEvent.model_validate(load_event("sqs.json"))
    assert event.records[1].body == "plain text reminder: restock BK-0001"
    assert json.loads(event.records[0].body)["order_id"] == "ord-7781"
    assert SqsEvent[str].model_validate(load_event("sqs.json")) == event


def test_typed_body_is_parsed_from_json(load_event: Load) -> None:
    raw = load_event("sqs_fifo.json")
    event = SqsEvent[Order].model_validate(raw)
    assert [record.body.order_id for record in event.records] == ["ord-7782", "ord-7783"]
    assert event.records[0].body.items == [Line(sku="BK-0001", quantity=2)]
    assert event.records[0].body.total == Decimal("31.90")


def test_typed_record_alone(load_event: Load) -> None:
    raw = load_event("sqs_fifo.json")["Records"][0]
    record = SqsRecord[Order].model_validate(raw)
    assert record.body.order_id == "ord-7782"


def test_invalid_body_is_an_error_on_the_body_field(load_event: Load) -> None:
    raw = load_event("sqs_fifo.json")
    raw["Records"][1]["body"] = json.dumps({"order_id": "x", "customer": "c", "items": "no"})
    with pytest.raises(ValidationError) as caught:
        SqsEvent[Order].model_validate(raw)
    locations = [error["loc"] for error in caught.value.errors()]
    assert locations == [("Records", 1, "body", "items"), ("Records", 1, "body", "total")]


def test_malformed_json_body_is_an_error_on_the_body_field(load_event: Load) -> None:
    raw = load_event("sqs.json")["Records"][1]
    with pytest.raises(ValidationError) as caught:
        SqsRecord[Order].model_validate(raw)
    (error,) = caught.value.errors()
    assert error["loc"] == ("body",)
    assert error["type"] == "json_invalid"


def test_typed_body_dumps_back_to_json_text(load_event: Load) -> None:
    raw = load_event("sqs_fifo.json")
    event = SqsEvent[Order].model_validate(raw)
    dumped = event.model_dump(mode="json", by_alias=True, exclude_unset=True)
    body = dumped["Records"][0]["body"]
    assert isinstance(body, str)
    assert json.loads(body) == json.loads(raw["Records"][0]["body"])
    assert SqsEvent[Order].model_validate(dumped) == event


def test_attributes_and_message_attributes(load_event: Load) -> None:
    record = SqsEvent.model_validate(load_event("sqs.json")).records[0]
    assert record.attributes.approximate_receive_count == "2"
    assert record.attributes.sent_timestamp == "1714041296519"
    assert record.attributes.aws_trace_header is not None
    assert record.attributes.aws_trace_header.startswith("Root=1-")
    assert record.message_attributes["tenant"] == SqsMessageAttribute(
        data_type="String", string_value="acme", string_list_values=[], binary_list_values=[]
    )
    assert record.message_attributes["checksum"].binary_value == "igH/EA=="
    assert record.event_source_arn == "arn:aws:sqs:eu-west-1:123456789012:orders"


def test_fifo_attributes(load_event: Load) -> None:
    event = SqsEvent.model_validate(load_event("sqs_fifo.json"))
    first = event.records[0]
    assert first.queue_is_fifo
    assert first.attributes.message_group_id == "customer-c-1042"
    assert first.attributes.sequence_number == "18885843190934519808"
    assert first.attributes.message_deduplication_id == "b5e1f0d7c2a94d3e8f6a1b2c3d4e5f60"
    assert not SqsEvent.model_validate(load_event("sqs.json")).records[0].queue_is_fifo


def test_batch_response_has_the_aws_shape() -> None:
    response = SqsBatchResponse(
        batch_item_failures=[
            BatchItemFailure(item_identifier="4f6d9a8e-3b1c-4d2e-9f0a-7c8b6e5d4a31")
        ]
    )
    assert response.model_dump(mode="json", by_alias=True) == {
        "batchItemFailures": [{"itemIdentifier": "4f6d9a8e-3b1c-4d2e-9f0a-7c8b6e5d4a31"}]
    }
    assert SqsBatchResponse().model_dump(by_alias=True) == {"batchItemFailures": []}
