"""Identifiers per event source, malformed batches, and ordering (FIFO, Kinesis, DynamoDB)."""

from __future__ import annotations

from typing import Any

import pytest
from batch_events import (
    Invoke,
    InvokeError,
    Order,
    context,
    dynamodb_record,
    event,
    kinesis_record,
    order_json,
    sqs_ids,
    sqs_record,
)

from ferrolambda import Err, Ok, Result
from ferrolambda.batch import batch_handler
from ferrolambda.events.dynamodb import DynamoDBStreamRecord, deserialize_image
from ferrolambda.events.kinesis import KinesisRecord
from ferrolambda.events.sqs import SqsRecord


def kinesis_ids(indexes: range | list[int]) -> list[str]:
    return [f"4959033321791436553566{index:06d}" for index in indexes]


def dynamodb_ids(indexes: range | list[int]) -> list[str]:
    return [f"{index + 1}00000000000000000000{index:04d}" for index in indexes]


def raw_ok(record: dict[str, Any]) -> Result[None, str]:
    return Ok(None)


class TestIdentifiers:
    def test_sqs_message_id(self, invoke: Invoke) -> None:
        @batch_handler
        def handle(record: dict[str, Any]) -> Result[None, str]:
            return Err("x")

        records = [sqs_record(0, message_id="059f36b4-87a3-44ab-83d2-661975830a7d")]
        assert invoke(handle, event(records), context()) == ["059f36b4-87a3-44ab-83d2-661975830a7d"]

    def test_kinesis_sequence_number(self, invoke: Invoke) -> None:
        @batch_handler
        def handle(record: KinesisRecord[Order]) -> Result[None, str]:
            return Err("x") if record.kinesis.data.id == 1 else Ok(None)

        records = [kinesis_record(i) for i in range(3)]
        # Ordered source: the failed record and every later one.
        assert invoke(handle, event(records), context()) == kinesis_ids([1, 2])

    def test_dynamodb_sequence_number(self, invoke: Invoke) -> None:
        @batch_handler
        def handle(record: DynamoDBStreamRecord) -> Result[None, str]:
            image = deserialize_image(record.dynamodb.new_image or {})
            return Err("x") if image["Id"] == 2 else Ok(None)

        records = [dynamodb_record(i) for i in range(4)]
        assert invoke(handle, event(records), context()) == dynamodb_ids([2, 3])

    @pytest.mark.parametrize(
        ("record", "description"),
        [
            (sqs_record(1, messageId=None), "messageId"),
            (sqs_record(1, messageId=""), "messageId"),
            (sqs_record(1, messageId=17), "messageId"),
            ({k: v for k, v in sqs_record(1).items() if k != "messageId"}, "messageId"),
        ],
        ids=["null", "empty", "number", "missing"],
    )
    def test_sqs_record_without_identifier_fails_the_whole_invocation(
        self, invoke_error: InvokeError, record: dict[str, Any], description: str
    ) -> None:
        calls: list[str] = []

        @batch_handler
        def handle(record: dict[str, Any]) -> Result[None, str]:
            calls.append(record["messageId"])
            return Ok(None)

        error_type, message = invoke_error(
            handle, event([sqs_record(0), record, sqs_record(2)]), context()
        )
        assert error_type == "InvalidEvent"
        assert f"record 1 has no {description}" in message
        assert calls == []  # nothing is processed, so nothing can be dropped

    def test_kinesis_record_without_sequence_number(self, invoke_error: InvokeError) -> None:
        broken = kinesis_record(1)
        del broken["kinesis"]["sequenceNumber"]
        error_type, message = invoke_error(
            batch_handler(raw_ok), event([kinesis_record(0), broken]), context()
        )
        assert error_type == "InvalidEvent"
        assert "record 1 has no kinesis.sequenceNumber" in message

    @pytest.mark.parametrize("broken", [None, "text", {}])
    def test_dynamodb_record_without_sequence_number(
        self, invoke_error: InvokeError, broken: Any
    ) -> None:
        error_type, message = invoke_error(
            batch_handler(raw_ok),
            event([dynamodb_record(0), dynamodb_record(1, dynamodb=broken)]),
            context(),
        )
        assert error_type == "InvalidEvent"
        assert "record 1 has no dynamodb.SequenceNumber" in message

    def test_record_that_is_not_an_object(self, invoke_error: InvokeError) -> None:
        error_type, message = invoke_error(
            batch_handler(raw_ok), event([sqs_record(0), "msg-0001"]), context()
        )
        assert error_type == "InvalidEvent"
        assert "record 1 has no messageId" in message


class TestMalformedBatches:
    @pytest.mark.parametrize(
        "payload",
        [{"Records": []}, {}, {"Records": None}, {"Records": {"a": 1}}, [], "x", None],
        ids=["empty", "missing", "null", "object", "list", "string", "null-event"],
    )
    def test_empty_or_missing_records(self, invoke_error: InvokeError, payload: Any) -> None:
        error_type, message = invoke_error(batch_handler(raw_ok), payload, context())
        assert error_type == "InvalidEvent"
        assert "Records" in message

    @pytest.mark.parametrize("source", ["aws:s3", None, "aws:sns"])
    def test_unknown_event_source(self, invoke_error: InvokeError, source: Any) -> None:
        error_type, message = invoke_error(
            batch_handler(raw_ok), event([sqs_record(0, eventSource=source)]), context()
        )
        assert error_type == "InvalidEvent"
        assert "eventSource" in message

    @pytest.mark.parametrize(
        ("annotation", "records", "expected", "actual"),
        [
            ("sqs", [kinesis_record(0)], "aws:sqs", "aws:kinesis"),
            ("sqs", [dynamodb_record(0)], "aws:sqs", "aws:dynamodb"),
            ("kinesis", [sqs_record(0)], "aws:kinesis", "aws:sqs"),
            ("dynamodb", [kinesis_record(0)], "aws:dynamodb", "aws:kinesis"),
        ],
    )
    def test_wrong_event_source_for_the_record_type(
        self,
        invoke_error: InvokeError,
        annotation: str,
        records: list[dict[str, Any]],
        expected: str,
        actual: str,
    ) -> None:
        calls: list[object] = []
        if annotation == "sqs":

            def handle(record: SqsRecord[Order]) -> Result[None, str]:
                calls.append(record)
                return Ok(None)
        elif annotation == "kinesis":

            def handle(record: KinesisRecord[Order]) -> Result[None, str]:  # type: ignore[misc]
                calls.append(record)
                return Ok(None)
        else:

            def handle(record: DynamoDBStreamRecord) -> Result[None, str]:  # type: ignore[misc]
                calls.append(record)
                return Ok(None)

        error_type, message = invoke_error(batch_handler(handle), event(records), context())
        assert error_type == "InvalidEvent"
        assert expected in message
        assert actual in message
        assert calls == []


class TestFifo:
    def test_after_the_first_failure_every_later_record_is_reported_unprocessed(
        self, invoke: Invoke
    ) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            return Err("x") if record.body.id == 2 else Ok(None)

        records = [sqs_record(i, fifo=True) for i in range(6)]
        assert invoke(handle, event(records), context()) == sqs_ids(range(2, 6))
        assert calls == [0, 1, 2]

    def test_an_invalid_body_halts_the_rest_too(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            return Ok(None)

        records = [sqs_record(i, fifo=True) for i in range(4)]
        records[1]["body"] = "{"
        assert invoke(handle, event(records), context()) == sqs_ids(range(1, 4))
        assert calls == [0]

    def test_a_raise_halts_the_rest_too(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            if record.body.id == 0:
                raise RuntimeError("boom")
            return Ok(None)

        records = [sqs_record(i, fifo=True) for i in range(3)]
        assert invoke(handle, event(records), context()) == sqs_ids(range(3))
        assert calls == [0]

    def test_standard_queue_goes_on_after_a_failure(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            return Err("x") if record.body.id == 2 else Ok(None)

        records = [sqs_record(i) for i in range(6)]
        assert invoke(handle, event(records), context()) == sqs_ids([2])
        assert calls == list(range(6))

    def test_by_group_halts_only_the_failed_group(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler(fifo_by_group=True)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            return Err("x") if record.body.id == 1 else Ok(None)

        groups = ["a", "b", "a", "b", "c", "b", "a"]
        records = [sqs_record(i, fifo=True, group=group) for i, group in enumerate(groups)]
        assert invoke(handle, event(records), context()) == sqs_ids([1, 3, 5])
        assert calls == [0, 1, 2, 4, 6]

    def test_by_group_with_two_failed_groups(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler(fifo_by_group=True)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            return Err("x") if record.body.id in (0, 3) else Ok(None)

        groups = ["a", "b", "a", "b", "c", "b", "a"]
        records = [sqs_record(i, fifo=True, group=group) for i, group in enumerate(groups)]
        assert invoke(handle, event(records), context()) == sqs_ids([0, 2, 3, 5, 6])
        assert calls == [0, 1, 3, 4]

    def test_by_group_is_ignored_on_a_standard_queue(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler(fifo_by_group=True)
        def handle(record: dict[str, Any]) -> Result[None, str]:
            calls.append(int(record["receiptHandle"].split("-")[1]))
            return Err("x") if calls[-1] == 0 else Ok(None)

        records = [sqs_record(i) for i in range(3)]
        assert invoke(handle, event(records), context()) == sqs_ids([0])
        assert calls == [0, 1, 2]

    def test_raw_records_on_a_fifo_queue_are_ordered_too(self, invoke: Invoke) -> None:
        calls: list[str] = []

        @batch_handler
        def handle(record: dict[str, Any]) -> Result[None, str]:
            calls.append(record["messageId"])
            return Err("x")

        records = [sqs_record(i, fifo=True) for i in range(3)]
        assert invoke(handle, event(records), context()) == sqs_ids(range(3))
        assert calls == sqs_ids([0])


class TestStreams:
    def test_kinesis_halts_after_a_failure(self, invoke: Invoke) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: KinesisRecord[Order]) -> Result[None, str]:
            calls.append(record.kinesis.data.id)
            return Err("x") if record.kinesis.data.id == 1 else Ok(None)

        records = [kinesis_record(i) for i in range(5)]
        assert invoke(handle, event(records), context()) == kinesis_ids(range(1, 5))
        assert calls == [0, 1]

    def test_kinesis_invalid_data_halts_at_that_record(
        self, invoke: Invoke, caplog: pytest.LogCaptureFixture
    ) -> None:
        calls: list[int] = []

        @batch_handler
        def handle(record: KinesisRecord[Order]) -> Result[None, str]:
            calls.append(record.kinesis.data.id)
            return Ok(None)

        records = [kinesis_record(0), kinesis_record(1, {"id": 1}), kinesis_record(2)]
        assert invoke(handle, event(records), context()) == kinesis_ids([1, 2])
        assert calls == [0]
        assert "qty" in caplog.text

    def test_kinesis_bytes_data(self, invoke: Invoke) -> None:
        seen: list[bytes] = []

        @batch_handler
        def handle(record: KinesisRecord) -> Result[None, str]:
            seen.append(record.kinesis.data)
            return Ok(None)

        assert invoke(handle, event([kinesis_record(0, "hi")]), context()) == []
        assert seen == [b'"hi"']

    def test_dynamodb_halts_after_a_raise(self, invoke: Invoke) -> None:
        calls: list[str] = []

        @batch_handler
        def handle(record: DynamoDBStreamRecord) -> Result[None, str]:
            calls.append(record.event_id)
            if record.event_id == "event-0":
                raise KeyError("Qty")
            return Ok(None)

        records = [dynamodb_record(i) for i in range(3)]
        assert invoke(handle, event(records), context()) == dynamodb_ids(range(3))
        assert calls == ["event-0"]

    def test_dynamodb_all_ok(self, invoke: Invoke) -> None:
        @batch_handler
        def handle(record: DynamoDBStreamRecord) -> Result[None, str]:
            return Ok(None)

        assert invoke(handle, event([dynamodb_record(i) for i in range(3)]), context()) == []

    def test_raw_stream_records_are_ordered(self, invoke: Invoke) -> None:
        calls: list[str] = []

        @batch_handler
        def handle(record: dict[str, Any]) -> Result[None, str]:
            calls.append(record["eventID"])
            return Err("x")

        records = [dynamodb_record(i) for i in range(3)]
        assert invoke(handle, event(records), context()) == dynamodb_ids(range(3))
        assert calls == ["event-0"]


def test_sqs_record_order_is_kept_in_the_response(invoke: Invoke) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        return Ok(None) if record.body.qty else Err("empty")

    qty = [0, 1, 0, 0, 1, 0]
    records = [sqs_record(i, order_json(i, q)) for i, q in enumerate(qty)]
    assert invoke(handle, event(records), context()) == sqs_ids([0, 2, 3, 5])
