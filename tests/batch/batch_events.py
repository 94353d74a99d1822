"""Builders for SQS, Kinesis and DynamoDB Streams batch events, contexts and a fake clock."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ferrolambda import Context
from ferrolambda.handler import LambdaHandler

Invoke = Callable[[LambdaHandler[Any, Any, Any], Any, Context], list[str]]
"""Run a batch handler through one entry point; the reported identifiers."""
InvokeError = Callable[[LambdaHandler[Any, Any, Any], Any, Context], tuple[str, str]]
"""Run a batch handler that must fail as a whole; `(errorType, errorMessage)`."""

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"
STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000"


class Order(BaseModel):
    id: int
    qty: int
    note: str = ""


def order_json(order_id: int, qty: int = 1) -> str:
    return json.dumps({"id": order_id, "qty": qty})


def sqs_record(
    index: int,
    body: Any = None,
    *,
    fifo: bool = False,
    group: str | None = None,
    message_id: str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """One SQS record as Lambda sends it; `body` defaults to a valid `Order` as JSON text."""
    attributes = {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": "1545082649183",
        "SenderId": "AIDAIENQZJOLO23YVJ4VO",
        "ApproximateFirstReceiveTimestamp": "1545082649185",
    }
    if fifo:
        attributes["SequenceNumber"] = str(18849496460467696128 + index)
        attributes["MessageGroupId"] = group if group is not None else "group-1"
        attributes["MessageDeduplicationId"] = f"dedup-{index}"
    record: dict[str, Any] = {
        "messageId": message_id if message_id is not None else f"msg-{index:04d}",
        "receiptHandle": f"receipt-{index}",
        "body": order_json(index) if body is None else body,
        "attributes": attributes,
        "messageAttributes": {},
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        "eventSourceARN": FIFO_ARN if fifo else QUEUE_ARN,
        "awsRegion": "us-east-1",
    }
    record.update(overrides)
    return record


def kinesis_record(index: int, data: Any = None, **overrides: Any) -> dict[str, Any]:
    """One Kinesis record; `data` (JSON-encoded, then base64) defaults to an `Order`."""
    payload = json.dumps({"id": index, "qty": 1} if data is None else data).encode()
    record: dict[str, Any] = {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": "1",
            "sequenceNumber": f"4959033321791436553566{index:06d}",
            "data": base64.b64encode(payload).decode(),
            "approximateArrivalTimestamp": 1545084650.987,
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"shardId-000000000006:4959033321791436553566{index:06d}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": "arn:aws:iam::123456789012:role/lambda-role",
        "awsRegion": "us-east-1",
        "eventSourceARN": STREAM_ARN,
    }
    record.update(overrides)
    return record


def dynamodb_record(index: int, **overrides: Any) -> dict[str, Any]:
    """One DynamoDB Streams INSERT record."""
    record: dict[str, Any] = {
        "eventID": f"event-{index}",
        "eventName": "INSERT",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"Id": {"N": str(index)}},
            "NewImage": {"Id": {"N": str(index)}, "Qty": {"N": "1"}},
            "SequenceNumber": f"{index + 1}00000000000000000000{index:04d}",
            "SizeBytes": 26,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": TABLE_ARN,
    }
    record.update(overrides)
    return record


def event(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": records}


def context(remaining_ms: int = 60_000, *, now_ms: int | None = None) -> Context:
    """A context whose deadline is `remaining_ms` from `now_ms` (default: the real clock)."""
    start = int(time.time() * 1000) if now_ms is None else now_ms
    return Context(
        aws_request_id="request-1",
        deadline_ms=start + remaining_ms,
        function_name="orders",
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:orders",
    )


def failures(response: Any) -> list[str]:
    """The identifiers of a batch response (a dict or the raw JSON bytes), in order."""
    if isinstance(response, bytes):
        response = json.loads(response)
    assert set(response) == {"batchItemFailures"}
    return [item["itemIdentifier"] for item in response["batchItemFailures"]]


def sqs_ids(indexes: range | list[int]) -> list[str]:
    return [f"msg-{index:04d}" for index in indexes]


class FakeClock:
    """Stands in for the `time` module inside `ferrolambda.batch`: the time is under test control."""

    START_MS = 1_700_000_000_000

    def __init__(self) -> None:
        self.now_ms = self.START_MS

    def time(self) -> float:
        return self.now_ms / 1000

    def time_ns(self) -> int:
        return self.now_ms * 1_000_000

    def advance_ms(self, milliseconds: int) -> None:
        self.now_ms += milliseconds
