"""Kinesis stream records: base64 data decoded to bytes, text or a typed model."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ferrolambda.events.kinesis import (
    BatchItemFailure,
    KinesisBatchResponse,
    KinesisEvent,
    KinesisRecord,
)

Load = Callable[[str], dict[str, Any]]


class Reading(BaseModel):
    sensor: str
    celsius: float
    at: int


def test_data_is_decoded_to_bytes(load_event: Load) -> None:
    event = KinesisEvent.model_validate(load_event("kinesis.json"))
    first = event.records[0]
    assert first.kinesis.data == b'{"sensor": "t-17", "celsius": 21.5, "at": 1714040950}'
    assert first.kinesis.partition_key == "t-17"
    assert first.event_id.startswith("shardId-000000000003:")
    assert first.sequence_number == "49651573406371405629733562738416283417264123465384755250"
    assert first.kinesis.approximate_arrival_timestamp == 1714040951.204


def test_data_as_text(load_event: Load) -> None:
    event = KinesisEvent[str].model_validate(load_event("kinesis.json"))
    assert event.records[1].kinesis.data.startswith('{"sensor": "t-18"')


def test_typed_data(load_event: Load) -> None:
    event = KinesisEvent[Reading].model_validate(load_event("kinesis.json"))
    assert [record.kinesis.data for record in event.records] == [
        Reading(sensor="t-17", celsius=21.5, at=1714040950),
        Reading(sensor="t-18", celsius=19.0, at=1714040951),
    ]


def test_typed_data_dumps_back_to_base64(load_event: Load) -> None:
    raw = load_event("kinesis.json")["Records"][0]
    record = KinesisRecord[Reading].model_validate(raw)
    data = record.model_dump(mode="json", by_alias=True)["kinesis"]["data"]
    assert Reading.model_validate_json(base64.b64decode(data)) == record.kinesis.data


def test_invalid_base64_names_the_field(load_event: Load) -> None:
    raw = load_event("kinesis.json")
    raw["Records"][1]["kinesis"]["data"] = "not base64!"
    with pytest.raises(ValidationError) as caught:
        KinesisEvent.model_validate(raw)
    (error,) = caught.value.errors()
    assert error["loc"] == ("Records", 1, "kinesis", "data")
    assert error["type"] == "base64_decode"


def test_invalid_typed_data_names_the_field(load_event: Load) -> None:
    raw = load_event("kinesis.json")["Records"][0]
    raw["kinesis"]["data"] = base64.b64encode(b'{"sensor": "t-1"}').decode()
    with pytest.raises(ValidationError) as caught:
        KinesisRecord[Reading].model_validate(raw)
    assert [error["loc"] for error in caught.value.errors()] == [
        ("kinesis", "data", "celsius"),
        ("kinesis", "data", "at"),
    ]


def test_batch_response_uses_the_sequence_number(load_event: Load) -> None:
    record = KinesisEvent.model_validate(load_event("kinesis.json")).records[0]
    response = KinesisBatchResponse(
        batch_item_failures=[BatchItemFailure(item_identifier=record.sequence_number)]
    )
    assert response.model_dump(by_alias=True) == {
        "batchItemFailures": [{"itemIdentifier": record.kinesis.sequence_number}]
    }
