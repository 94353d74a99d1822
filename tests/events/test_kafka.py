"""Kafka events from MSK and self-managed clusters: decoded keys, values and headers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ferrolambda.events.kafka import KafkaEvent, KafkaRecord

Load = Callable[[str], dict[str, Any]]


class Order(BaseModel):
    order_id: str
    total: Decimal


def test_msk_event(load_event: Load) -> None:
    event = KafkaEvent.model_validate(load_event("kafka_msk.json"))
    assert event.event_source == "aws:kafka"
    assert event.event_source_arn is not None
    assert sorted(event.records) == ["orders-0", "orders-1"]
    record = event.records["orders-0"][0]
    assert (record.topic, record.partition, record.offset) == ("orders", 0, 1812)
    assert record.timestamp_type == "CREATE_TIME"
    assert record.key == b"ord-7781"
    assert record.value is not None
    assert record.value.startswith(b'{"order_id": "ord-7781"')


def test_self_managed_event(load_event: Load) -> None:
    event = KafkaEvent.model_validate(load_event("kafka_self_managed.json"))
    assert event.event_source == "SelfManagedKafka"
    assert event.event_source_arn is None
    assert event.bootstrap_servers.count(",") == 1


def test_typed_values(load_event: Load) -> None:
    event = KafkaEvent[Order].model_validate(load_event("kafka_msk.json"))
    values = [record.value for records in event.records.values() for record in records]
    assert values == [
        Order(order_id="ord-7781", total=Decimal("31.90")),
        Order(order_id="ord-7790", total=Decimal("31.90")),
    ]


def test_text_values(load_event: Load) -> None:
    record = KafkaEvent[str].model_validate(load_event("kafka_msk.json")).records["orders-1"][0]
    assert record.value is not None
    assert '"ord-7790"' in record.value


def test_headers_are_decoded_in_order(load_event: Load) -> None:
    event = KafkaEvent.model_validate(load_event("kafka_msk.json"))
    assert event.records["orders-0"][0].decoded_headers == [
        ("content-type", b"application/json"),
        ("trace-id", b"662a3c1d7a8b"),
    ]
    assert event.records["orders-1"][0].decoded_headers == []


def test_tombstone_has_no_value(load_event: Load) -> None:
    raw = load_event("kafka_msk.json")["records"]["orders-0"][0]
    raw["value"] = None
    del raw["key"]
    record = KafkaRecord[Order].model_validate(raw)
    assert record.value is None
    assert record.key is None


def test_invalid_value_names_the_field(load_event: Load) -> None:
    raw = load_event("kafka_msk.json")
    raw["records"]["orders-1"][0]["value"] = "eyJvcmRlcl9pZCI6IDF9"  # {"order_id": 1}
    with pytest.raises(ValidationError) as caught:
        KafkaEvent[Order].model_validate(raw)
    assert [error["loc"] for error in caught.value.errors()] == [
        ("records", "orders-1", 0, "value", "order_id"),
        ("records", "orders-1", 0, "value", "total"),
    ]
