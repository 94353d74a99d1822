"""CloudWatch Logs subscription events: the compressed payload decoded into log events."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from ferrolambda.events.cloudwatch_logs import CloudWatchLogsData, CloudWatchLogsEvent
from ferrolambda.events.kinesis import KinesisEvent

Load = Callable[[str], dict[str, Any]]

PAYLOAD = {
    "messageType": "DATA_MESSAGE",
    "owner": "123456789012",
    "logGroup": "/aws/lambda/billing",
    "logStream": "2024/04/25/[$LATEST]ffeeddccbbaa99887766554433221100",
    "subscriptionFilters": ["all"],
    "logEvents": [
        {"id": "1", "timestamp": 1714041000000, "message": "START RequestId: abc\n"},
        {
            "id": "2",
            "timestamp": 1714041000005,
            "message": "level=error code=E42",
            "extractedFields": {"level": "error", "code": "E42"},
        },
    ],
}


def compressed_event(compress: Callable[[bytes], bytes]) -> dict[str, Any]:
    data = base64.b64encode(compress(json.dumps(PAYLOAD).encode())).decode()
    return {"awslogs": {"data": data}}


def test_decode_gzip_payload() -> None:
    data = CloudWatchLogsEvent.model_validate(compressed_event(gzip.compress)).decode()
    assert data.log_group == "/aws/lambda/billing"
    assert data.subscription_filters == ["all"]
    assert [event.message for event in data.log_events] == [
        "START RequestId: abc\n",
        "level=error code=E42",
    ]
    assert data.log_events[1].extracted_fields == {"level": "error", "code": "E42"}
    assert data.policy_level is None
    assert data.model_dump(by_alias=True, exclude_unset=True) == PAYLOAD


def test_decode_zlib_payload_of_account_level_policy() -> None:
    payload = {**PAYLOAD, "policyLevel": "ACCOUNT_LEVEL_POLICY"}
    data = base64.b64encode(zlib.compress(json.dumps(payload).encode())).decode()
    decoded = CloudWatchLogsEvent.model_validate({"awslogs": {"data": data}}).decode()
    assert decoded.policy_level == "ACCOUNT_LEVEL_POLICY"


def test_decode_fixture(load_event: Load) -> None:
    data = CloudWatchLogsEvent.model_validate(load_event("cloudwatch_logs.json")).decode()
    assert data.message_type == "DATA_MESSAGE"
    assert data.log_stream.startswith("2024/04/25/")
    assert data.log_events[0].timestamp == 1714041000123


def test_payload_carried_by_kinesis(load_event: Load) -> None:
    raw = load_event("kinesis.json")
    raw["Records"][0]["kinesis"]["data"] = base64.b64encode(
        gzip.compress(json.dumps(PAYLOAD).encode())
    ).decode()
    record = KinesisEvent.model_validate(raw).records[0]
    assert CloudWatchLogsData.decompress(record.kinesis.data).owner == "123456789012"


def test_invalid_payload_is_a_validation_error() -> None:
    data = base64.b64encode(gzip.compress(b'{"messageType": "DATA_MESSAGE"}')).decode()
    with pytest.raises(ValidationError, match="logGroup"):
        CloudWatchLogsEvent.model_validate({"awslogs": {"data": data}}).decode()
