"""Firehose transformation: the records received and the response's exact shape."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ferrolambda.events.firehose import (
    FirehoseEvent,
    FirehoseResponse,
    FirehoseResponseMetadata,
    FirehoseResponseRecord,
)

Load = Callable[[str], dict[str, Any]]


class Reading(BaseModel):
    sensor: str
    celsius: float


def test_records_are_decoded(load_event: Load) -> None:
    event = FirehoseEvent.model_validate(load_event("firehose.json"))
    assert event.delivery_stream_arn.endswith("deliverystream/telemetry-to-s3")
    assert event.source_kinesis_stream_arn is not None
    first = event.records[0]
    assert json.loads(first.data)["sensor"] == "t-17"
    assert first.kinesis_record_metadata is not None
    assert first.kinesis_record_metadata.shard_id == "shardId-000000000003"


def test_typed_records(load_event: Load) -> None:
    event = FirehoseEvent[Reading].model_validate(load_event("firehose.json"))
    assert [record.data.celsius for record in event.records] == [21.5, 19.0]


def test_response_has_the_aws_shape() -> None:
    response = FirehoseResponse(
        records=[
            FirehoseResponseRecord(
                record_id="r1",
                result="Ok",
                data=b'{"sensor":"t-17"}\n',
                metadata=FirehoseResponseMetadata(partition_keys={"sensor": "t-17"}),
            ),
            FirehoseResponseRecord(record_id="r2", result="Dropped"),
            FirehoseResponseRecord(record_id="r3", result="ProcessingFailed", data=b"raw"),
        ]
    )
    expected = {
        "records": [
            {
                "recordId": "r1",
                "result": "Ok",
                "data": base64.b64encode(b'{"sensor":"t-17"}\n').decode(),
                "metadata": {"partitionKeys": {"sensor": "t-17"}},
            },
            {"recordId": "r2", "result": "Dropped"},
            {"recordId": "r3", "result": "ProcessingFailed", "data": "cmF3"},
        ]
    }
    assert response.model_dump(mode="json", by_alias=True) == expected
    assert json.loads(response.model_dump_json(by_alias=True)) == expected


def test_response_data_from_the_wire_is_decoded() -> None:
    record = FirehoseResponseRecord.model_validate(
        {"recordId": "r", "result": "Ok", "data": "cmF3"}
    )
    assert record.data == b"raw"
