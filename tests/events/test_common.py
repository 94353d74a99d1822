"""Behaviour every event model shares: fixtures parse, AWS names round-trip, unknown fields stay."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from ferrolambda.events.alb import AlbTargetGroupRequest
from ferrolambda.events.apigateway import ApiGatewayProxyEvent, ApiGatewayV2HttpEvent
from ferrolambda.events.cloudformation import CloudFormationCustomResourceRequest
from ferrolambda.events.cloudwatch_logs import CloudWatchLogsEvent
from ferrolambda.events.dynamodb import DynamoDBEvent
from ferrolambda.events.eventbridge import EventBridgeEvent, ScheduledEvent
from ferrolambda.events.firehose import FirehoseEvent
from ferrolambda.events.kafka import KafkaEvent
from ferrolambda.events.kinesis import KinesisEvent
from ferrolambda.events.lambda_url import LambdaFunctionUrlEvent
from ferrolambda.events.s3 import S3Event, S3EventBridgeEvent
from ferrolambda.events.sns import SnsEvent
from ferrolambda.events.sqs import SqsEvent

# Every fixture with the model that reads it as sent (payloads left as text or bytes).
CASES: dict[str, Any] = {
    "sqs.json": SqsEvent,
    "sqs_fifo.json": SqsEvent,
    "sns_sqs.json": SqsEvent,
    "s3_sqs.json": SqsEvent,
    "sns.json": SnsEvent,
    "s3.json": S3Event,
    "s3_restore_completed.json": S3Event,
    "s3_eventbridge_object_created.json": S3EventBridgeEvent,
    "eventbridge.json": EventBridgeEvent,
    "eventbridge_scheduled.json": ScheduledEvent,
    "apigateway_rest.json": ApiGatewayProxyEvent,
    "apigateway_http.json": ApiGatewayV2HttpEvent,
    "apigateway_http_lambda_authorizer.json": ApiGatewayV2HttpEvent,
    "alb.json": AlbTargetGroupRequest,
    "alb_multi_value.json": AlbTargetGroupRequest,
    "lambda_url.json": LambdaFunctionUrlEvent,
    "dynamodb.json": DynamoDBEvent,
    "kinesis.json": KinesisEvent,
    "firehose.json": FirehoseEvent,
    "cloudwatch_logs.json": CloudWatchLogsEvent,
    "kafka_msk.json": KafkaEvent,
    "kafka_self_managed.json": KafkaEvent,
    "cloudformation_create.json": CloudFormationCustomResourceRequest,
    "cloudformation_update.json": CloudFormationCustomResourceRequest,
    "cloudformation_delete.json": CloudFormationCustomResourceRequest,
}


Load = Callable[[str], dict[str, Any]]


def test_every_fixture_has_a_case(fixtures_dir: Path) -> None:
    assert sorted(path.name for path in fixtures_dir.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize(("name", "model"), CASES.items(), ids=list(CASES))
def test_fixture_round_trips_with_aws_names(name: str, model: Any, load_event: Load) -> None:
    raw = load_event(name)
    adapter = TypeAdapter[Any](model)
    event = adapter.validate_python(raw)
    assert adapter.dump_python(event, mode="json", by_alias=True, exclude_unset=True) == raw


@pytest.mark.parametrize(("name", "model"), CASES.items(), ids=list(CASES))
def test_fixture_parses_from_json_text(name: str, model: Any, fixtures_dir: Path) -> None:
    adapter = TypeAdapter[Any](model)
    text = (fixtures_dir / name).read_bytes()
    assert adapter.validate_json(text) == adapter.validate_python(json.loads(text))


def test_unknown_fields_are_kept_at_every_level(load_event: Load) -> None:
    raw = load_event("sqs.json")
    raw["newTopLevel"] = 1
    raw["Records"][0]["futureField"] = {"nested": True}
    raw["Records"][0]["attributes"]["FutureAttribute"] = "x"
    event = SqsEvent.model_validate(raw)
    assert event.model_extra == {"newTopLevel": 1}
    assert event.records[0].model_extra == {"futureField": {"nested": True}}
    assert event.records[0].attributes.model_extra == {"FutureAttribute": "x"}
    assert event.model_dump(by_alias=True, exclude_unset=True) == raw


def test_models_accept_python_names_and_dump_aws_names() -> None:
    event = EventBridgeEvent(
        version="0",
        id="1",
        detail_type="Thing Happened",
        source="com.example",
        account="123456789012",
        time="2024-04-25T10:00:00Z",
        region="eu-west-1",
        resources=[],
        detail={"a": 1},
    )
    dumped = event.model_dump(by_alias=True, exclude_unset=True)
    assert dumped["detail-type"] == "Thing Happened"
    assert EventBridgeEvent.model_validate(dumped) == event


def test_models_are_frozen(load_event: Load) -> None:
    event = SqsEvent.model_validate(load_event("sqs.json"))
    with pytest.raises(ValidationError, match="frozen"):
        event.records[0].message_id = "changed"


def test_optional_fields_default_to_none(load_event: Load) -> None:
    record = SqsEvent.model_validate(load_event("sqs.json")).records[1]
    assert record.md5_of_message_attributes is None
    assert record.attributes.message_group_id is None
    assert record.message_attributes == {}


def test_missing_required_field_is_named(load_event: Load) -> None:
    raw = load_event("sqs.json")
    del raw["Records"][1]["messageId"]
    with pytest.raises(ValidationError) as caught:
        SqsEvent.model_validate(raw)
    assert [error["loc"] for error in caught.value.errors()] == [("Records", 1, "messageId")]
