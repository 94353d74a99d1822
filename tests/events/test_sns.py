"""SNS events: the Lambda subscription event and the notification form SNS sends to SQS."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ValidationError

from ferrolambda.events.sns import SnsEvent, SnsMessageAttribute, SnsNotification

Load = Callable[[str], dict[str, Any]]


class Alert(BaseModel):
    severity: Literal["low", "high"]
    service: str
    summary: str


def test_message_stays_text_by_default(load_event: Load) -> None:
    record = SnsEvent.model_validate(load_event("sns.json")).records[0]
    assert json.loads(record.sns.message)["service"] == "checkout"
    assert record.event_source == "aws:sns"
    assert record.sns.subject == "Checkout latency alarm"
    assert record.sns.signing_cert_url is not None
    assert record.sns.signing_cert_url.endswith(".pem")
    assert record.sns.message_attributes["environment"] == SnsMessageAttribute(
        type="String", value="production"
    )


def test_typed_message(load_event: Load) -> None:
    event = SnsEvent[Alert].model_validate(load_event("sns.json"))
    assert event.records[0].sns.message == Alert(
        severity="high", service="checkout", summary="p99 latency above 2 s for 5 minutes"
    )


def test_invalid_message_names_the_field(load_event: Load) -> None:
    raw = load_event("sns.json")
    raw["Records"][0]["Sns"]["Message"] = json.dumps({"severity": "meh"})
    with pytest.raises(ValidationError) as caught:
        SnsEvent[Alert].model_validate(raw)
    assert {error["loc"] for error in caught.value.errors()} == {
        ("Records", 0, "Sns", "Message", "severity"),
        ("Records", 0, "Sns", "Message", "service"),
        ("Records", 0, "Sns", "Message", "summary"),
    }


def test_notification_uses_the_capitalised_url_names(load_event: Load) -> None:
    body = load_event("sns_sqs.json")["Records"][0]["body"]
    notification = SnsNotification[Alert].model_validate_json(body)
    assert notification.message.severity == "high"
    assert notification.unsubscribe_url is not None
    assert notification.unsubscribe_url.startswith("https://sns.eu-west-1.amazonaws.com/")
    dumped = notification.model_dump(by_alias=True, exclude_unset=True)
    assert "SigningCertURL" in dumped
    assert "UnsubscribeURL" in dumped
