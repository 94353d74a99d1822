"""Events carried in SQS message bodies: SNS notifications and S3 notifications."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ferrolambda.events.s3 import S3Event, S3TestEvent
from ferrolambda.events.sns import SnsNotification
from ferrolambda.events.sqs import SqsEvent
from ferrolambda.events.sqs_wrapped import S3SqsEvent, S3SqsRecord, SnsSqsEvent, SnsSqsRecord

Load = Callable[[str], dict[str, Any]]


class Alert(BaseModel):
    severity: str
    service: str


def test_sns_notification_in_sqs(load_event: Load) -> None:
    event = SnsSqsEvent[Alert].model_validate(load_event("sns_sqs.json"))
    notification = event.records[0].body
    assert isinstance(notification, SnsNotification)
    assert notification.message == Alert(severity="high", service="checkout")
    assert notification.topic_arn == "arn:aws:sns:eu-west-1:123456789012:ops-alerts"


def test_sns_notification_in_sqs_with_text_message(load_event: Load) -> None:
    raw = load_event("sns_sqs.json")
    record = SnsSqsRecord[str].model_validate(raw["Records"][0])
    assert json.loads(record.body.message)["severity"] == "high"


def test_s3_notifications_and_test_event_in_sqs(load_event: Load) -> None:
    event = S3SqsEvent.model_validate(load_event("s3_sqs.json"))
    test_event, notification = (record.body for record in event.records)
    assert isinstance(test_event, S3TestEvent)
    assert test_event.event == "s3:TestEvent"
    assert isinstance(notification, S3Event)
    assert notification.records[0].s3.object.decoded_key == "reports/2024/Q1 summary (final).pdf"
    assert S3SqsRecord.model_validate(load_event("s3_sqs.json")["Records"][1]).body == notification


def test_s3_through_sns_through_sqs(load_event: Load) -> None:
    s3_event = load_event("s3.json")
    notification = json.loads(load_event("sns_sqs.json")["Records"][0]["body"])
    notification["Message"] = json.dumps(s3_event)
    raw = load_event("sns_sqs.json")
    raw["Records"][0]["body"] = json.dumps(notification)
    event = SqsEvent[SnsNotification[S3Event]].model_validate(raw)
    assert event.records[0].body.message.records[0].s3.bucket.name == "acme-reports"
