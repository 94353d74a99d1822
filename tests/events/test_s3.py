"""S3 notifications (decoded keys, restore events) and S3 events delivered by EventBridge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ferrolambda.events.eventbridge import EventBridgeEvent
from ferrolambda.events.s3 import S3Event, S3EventBridgeEvent, S3Object

Load = Callable[[str], dict[str, Any]]


def test_notification(load_event: Load) -> None:
    record = S3Event.model_validate(load_event("s3.json")).records[0]
    assert record.event_name == "ObjectCreated:Put"
    assert record.s3.bucket.name == "acme-reports"
    assert record.s3.object.size == 48213
    assert record.s3.object.e_tag == "9b2cf535f27731c974343645a3985328"
    assert record.request_parameters.source_ip_address == "10.20.30.40"
    assert record.response_elements.x_amz_request_id == "K7V2M9Q4R1T8W3X6"
    assert record.glacier_event_data is None


def test_key_is_decoded(load_event: Load) -> None:
    obj = S3Event.model_validate(load_event("s3.json")).records[0].s3.object
    assert obj.key == "reports/2024/Q1+summary+%28final%29.pdf"
    assert obj.decoded_key == "reports/2024/Q1 summary (final).pdf"


@pytest.mark.parametrize(
    ("key", "decoded"),
    [
        ("plain.txt", "plain.txt"),
        ("red+flower.jpg", "red flower.jpg"),
        ("a%2Bb.txt", "a+b.txt"),
        ("dt%3D2024-04-25/part-0.parquet", "dt=2024-04-25/part-0.parquet"),
        ("caf%C3%A9/men%C3%BC.pdf", "café/menü.pdf"),
    ],
)
def test_decoded_key_undoes_form_encoding(key: str, decoded: str) -> None:
    assert S3Object(key=key).decoded_key == decoded


def test_restore_completed(load_event: Load) -> None:
    record = S3Event.model_validate(load_event("s3_restore_completed.json")).records[0]
    assert record.s3.object.decoded_key == "archive/2019/ledger=full.csv"
    assert record.glacier_event_data is not None
    restore = record.glacier_event_data.restore_event_data
    assert restore.lifecycle_restore_storage_class == "GLACIER"


def test_eventbridge_object_created(load_event: Load) -> None:
    event = S3EventBridgeEvent.model_validate(load_event("s3_eventbridge_object_created.json"))
    assert isinstance(event, EventBridgeEvent)
    assert event.detail_type == "Object Created"
    assert event.detail.object.key == "reports/2024/Q1 summary (final).pdf"
    assert event.detail.object.version_id == "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
    assert event.detail.request_id == "K7V2M9Q4R1T8W3X6"
    assert event.detail.source_ip_address == "10.20.30.40"
    assert event.detail.deletion_type is None


def test_eventbridge_object_deleted(load_event: Load) -> None:
    raw = load_event("s3_eventbridge_object_created.json")
    raw["detail-type"] = "Object Deleted"
    raw["detail"] = {
        "version": "0",
        "bucket": {"name": "acme-reports"},
        "object": {"key": "tmp/upload.part", "sequencer": "00662A3B51C2D3E4F6"},
        "request-id": "R1T8W3X6K7V2M9Q4",
        "requester": "s3.amazonaws.com",
        "reason": "Lifecycle Expiration",
        "deletion-type": "Permanently Deleted",
    }
    event = S3EventBridgeEvent.model_validate(raw)
    assert event.detail.deletion_type == "Permanently Deleted"
    assert event.detail.object.size is None
    assert event.model_dump(by_alias=True, exclude_unset=True) == raw
