"""EventBridge events: the envelope, a typed `detail`, and schedule events."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ferrolambda.events.eventbridge import EventBridgeEvent, ScheduledEvent

Load = Callable[[str], dict[str, Any]]


class OrderPlaced(BaseModel):
    order_id: str
    customer: str
    total: Decimal


def test_detail_is_a_dict_by_default(load_event: Load) -> None:
    event = EventBridgeEvent.model_validate(load_event("eventbridge.json"))
    assert event.detail_type == "OrderPlaced"
    assert event.source == "com.acme.orders"
    assert event.detail["channel"] == "web"
    assert event.replay_name is None


def test_typed_detail(load_event: Load) -> None:
    event = EventBridgeEvent[OrderPlaced].model_validate(load_event("eventbridge.json"))
    assert event.detail == OrderPlaced(
        order_id="ord-7781", customer="c-1042", total=Decimal("31.90")
    )


def test_invalid_detail_names_the_field(load_event: Load) -> None:
    raw = load_event("eventbridge.json")
    del raw["detail"]["customer"]
    with pytest.raises(ValidationError) as caught:
        EventBridgeEvent[OrderPlaced].model_validate(raw)
    assert [error["loc"] for error in caught.value.errors()] == [("detail", "customer")]


def test_replay_name(load_event: Load) -> None:
    raw = load_event("eventbridge.json")
    raw["replay-name"] = "orders-2024-04-25"
    assert EventBridgeEvent.model_validate(raw).replay_name == "orders-2024-04-25"


def test_scheduled_event(load_event: Load) -> None:
    event = ScheduledEvent.model_validate(load_event("eventbridge_scheduled.json"))
    assert event.detail_type == "Scheduled Event"
    assert event.detail == {}
    assert event.resources == ["arn:aws:events:eu-west-1:123456789012:rule/nightly-cleanup"]
