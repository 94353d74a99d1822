"""`batch_handler` on a standard SQS queue: what is reported, what is logged, per record type."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from batch_events import (
    Invoke,
    InvokeError,
    Order,
    context,
    event,
    order_json,
    sqs_ids,
    sqs_record,
)

from ferrolambda import Context, Err, Ok, Result
from ferrolambda.batch import DEFAULT_MARGIN_MS, BatchFailed, batch_handler
from ferrolambda.events.sqs import SqsRecord


class OutOfStock(Exception):
    error_type = "OutOfStock"


def test_typed_body_ok_is_not_reported_and_err_is(invoke: Invoke) -> None:
    seen: list[Order] = []

    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, OutOfStock]:
        seen.append(record.body)
        if record.body.qty == 0:
            return Err(OutOfStock(f"order {record.body.id}"))
        return Ok(None)

    records = [sqs_record(i, order_json(i, qty=0 if i in (1, 3) else 2)) for i in range(5)]

    assert invoke(handle, event(records), context()) == sqs_ids([1, 3])
    assert [order.id for order in seen] == [0, 1, 2, 3, 4]
    assert all(isinstance(order, Order) for order in seen)


def test_all_ok_reports_nothing(invoke: Invoke) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[int, str]:
        return Ok(record.body.qty)

    assert invoke(handle, event([sqs_record(i) for i in range(3)]), context()) == []


def test_str_body_is_the_text_as_sent(invoke: Invoke) -> None:
    bodies: list[str] = []

    @batch_handler
    def handle(record: SqsRecord) -> Result[None, str]:
        bodies.append(record.body)
        return Err("no") if record.body == "fail" else Ok(None)

    records = [sqs_record(0, "hello"), sqs_record(1, "fail"), sqs_record(2, "{not json")]

    assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert bodies == ["hello", "fail", "{not json"]


def test_explicit_str_parameter_is_the_same_as_plain_record(invoke: Invoke) -> None:
    @batch_handler
    def handle(record: SqsRecord[str]) -> Result[None, str]:
        assert isinstance(record.body, str)
        return Ok(None)

    assert invoke(handle, event([sqs_record(0, "x")]), context()) == []


def test_any_body_is_the_json_value_as_parsed(invoke: Invoke) -> None:
    texts = ['{"id": 1, "tags": ["a"]}', "[1, 2.5, null]", '"text"', "42", "true"]
    seen: list[Any] = []

    @batch_handler
    def handle(record: SqsRecord[Any]) -> Result[None, str]:
        seen.append(record.body)
        return Err("no") if record.body == 42 else Ok(None)

    records = [sqs_record(i, text) for i, text in enumerate(texts)]
    assert invoke(handle, event(records), context()) == sqs_ids([3])
    assert seen == [json.loads(text) for text in texts]


def test_any_body_record_is_a_complete_sqs_record(invoke: Invoke) -> None:
    dumped: list[dict[str, Any]] = []

    @batch_handler
    def handle(record: SqsRecord[Any]) -> Result[None, str]:
        assert isinstance(record, SqsRecord)
        dumped.append(record.model_dump(by_alias=True))
        return Ok(None)

    raw = sqs_record(0, '{"id": 7}')
    assert invoke(handle, event([raw]), context()) == []
    assert dumped == [SqsRecord[Any].model_validate(raw).model_dump(by_alias=True)]
    assert dumped[0]["messageId"] == "msg-0000"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{not json", "key must be a string at line 1 column 2"),
        ("", "EOF while parsing a value at line 1 column 0"),
        ('{"a": 1} trailing', "trailing characters at line 1 column 10"),
        (12, "Expected bytes, bytearray or str"),
    ],
)
def test_any_body_that_is_not_json_fails_only_that_record(
    invoke: Invoke, caplog: pytest.LogCaptureFixture, body: object, reason: str
) -> None:
    calls: list[str] = []

    @batch_handler
    def handle(record: SqsRecord[Any]) -> Result[None, str]:
        calls.append(record.message_id)
        return Ok(None)

    records = [sqs_record(0), sqs_record(1, body), sqs_record(2)]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert calls == ["msg-0000", "msg-0002"]
    assert f"record msg-0001 failed: invalid record body: Invalid JSON: {reason}" in caplog.text


def test_any_body_that_is_not_json_fails_only_that_record_in_async_functions(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    bodies: list[Any] = []

    @batch_handler
    async def handle(record: SqsRecord[Any]) -> Result[None, str]:
        bodies.append(record.body)
        return Ok(None)

    records = [sqs_record(0, '{"id": 0}'), sqs_record(1, "{not json"), sqs_record(2, "[2]")]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert sorted(bodies, key=str) == [[2], {"id": 0}]
    assert "record msg-0001 failed: invalid record body: Invalid JSON: key must be a string" in (
        caplog.text
    )


@pytest.mark.parametrize("annotation", ["dict", "dict[str, Any]", "Any", "unannotated"])
def test_raw_records_are_the_dicts_lambda_sent(invoke: Invoke, annotation: str) -> None:
    seen: list[Any] = []

    def body(record: Any) -> Result[None, str]:
        seen.append(record)
        return Err("bad") if record["messageId"] == "msg-0001" else Ok(None)

    if annotation == "dict":

        def handle(record: dict) -> Result[None, str]:  # type: ignore[type-arg]
            return body(record)
    elif annotation == "dict[str, Any]":

        def handle(record: dict[str, Any]) -> Result[None, str]:
            return body(record)
    elif annotation == "Any":

        def handle(record: Any) -> Result[None, str]:
            return body(record)
    else:

        def handle(record):  # type: ignore[no-untyped-def]
            return body(record)

    records = [sqs_record(i) for i in range(3)]
    assert invoke(batch_handler(handle), event(records), context()) == sqs_ids([1])
    assert seen == records


def test_a_raising_function_fails_its_record_and_is_logged_without_traceback(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        if record.body.id == 2:
            raise ValueError("warehouse unreachable")
        return Ok(None)

    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        reported = invoke(handle, event([sqs_record(i) for i in range(4)]), context())

    assert reported == sqs_ids([2])
    [entry] = [entry for entry in caplog.records if entry.name == "ferrolambda.batch"]
    message = entry.getMessage()
    assert "msg-0002" in message
    assert "ValueError: warehouse unreachable" in message
    assert "test_batch_sqs.py" in message  # where it was raised, file and line
    assert entry.exc_info is None
    assert "Traceback" not in caplog.text


def test_err_is_logged_with_its_error_type(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, OutOfStock]:
        return Err(OutOfStock("sold out"))

    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event([sqs_record(7)]), context()) == sqs_ids([7])
    assert "record msg-0007 failed: OutOfStock: sold out" in caplog.text


def test_invalid_json_body_fails_only_that_record(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        calls.append(record.body.id)
        return Ok(None)

    records = [sqs_record(0), sqs_record(1, "{not json"), sqs_record(2)]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert calls == [0, 2]
    assert "msg-0001" in caplog.text
    assert "invalid record body" in caplog.text
    assert "JSON" in caplog.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (json.dumps({"id": 1}), "qty: Field required"),
        (json.dumps({"id": 1, "qty": "many"}), "qty: Input should be a valid integer"),
        (json.dumps({"id": "x", "qty": 1}), "id: Input should be a valid integer"),
    ],
)
def test_body_failing_validation_fails_only_that_record_and_names_the_field(
    invoke: Invoke, caplog: pytest.LogCaptureFixture, body: str, field: str
) -> None:
    calls: list[int] = []

    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        calls.append(record.body.id)
        return Ok(None)

    records = [sqs_record(0), sqs_record(1, body), sqs_record(2)]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert calls == [0, 2]
    assert f"record msg-0001 failed: invalid record body: {field}" in caplog.text
    # The offending value is never echoed into the log.
    assert "many" not in caplog.text


def test_body_that_is_not_text_fails_that_record(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord) -> Result[None, str]:
        return Ok(None)

    records = [sqs_record(0), sqs_record(1, body=12), sqs_record(2)]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1])
    assert "invalid record body: Input should be a valid string" in caplog.text


@pytest.mark.parametrize("record_type", ["typed", "text"])
def test_record_without_body_fails_that_record(
    invoke: Invoke, caplog: pytest.LogCaptureFixture, record_type: str
) -> None:
    if record_type == "typed":

        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            return Ok(None)
    else:

        def handle(record: SqsRecord) -> Result[None, str]:  # type: ignore[misc]
            return Ok(None)

    broken = sqs_record(1)
    del broken["body"]
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        reported = invoke(batch_handler(handle), event([sqs_record(0), broken]), context())
    assert reported == sqs_ids([1])
    assert "record msg-0001 failed: invalid record: body: Field required" in caplog.text


@pytest.mark.parametrize("returned", [None, 1, "ok", (1, 2)])
def test_a_non_result_return_fails_the_record(
    invoke: Invoke, caplog: pytest.LogCaptureFixture, returned: object
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Any:
        return returned if record.body.id == 1 else Ok(None)

    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event([sqs_record(i) for i in range(3)]), context()) == sqs_ids([1])
    assert "InvalidResult" in caplog.text
    assert type(returned).__name__ in caplog.text


def test_context_parameter_receives_the_invocation_context(invoke: Invoke) -> None:
    seen: list[Context] = []

    @batch_handler
    def handle(record: SqsRecord[Order], context: Context) -> Result[None, str]:
        seen.append(context)
        return Ok(None) if context.get_remaining_time_in_millis() > 0 else Err("late")

    ctx = context()
    assert invoke(handle, event([sqs_record(0), sqs_record(1)]), ctx) == []
    assert seen == [ctx, ctx]


def test_managed_runtime_context_object_is_accepted() -> None:
    """On the managed runtime the context is AWS's own object, not ferrolambda's."""

    class LambdaContext:
        aws_request_id = "aws-request"
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:orders"
        function_name = "orders"
        function_version = "$LATEST"
        memory_limit_in_mb = 128
        log_group_name = "/aws/lambda/orders"
        log_stream_name = "stream"

        def get_remaining_time_in_millis(self) -> int:
            return 30_000

    seen: list[Context] = []

    @batch_handler
    def handle(record: SqsRecord[Order], context: Context) -> Result[None, str]:
        seen.append(context)
        return Ok(None)

    assert handle(event([sqs_record(0)]), LambdaContext()) == {"batchItemFailures": []}
    [ctx] = seen
    assert ctx.aws_request_id == "aws-request"
    assert 25_000 < ctx.get_remaining_time_in_millis() <= 30_000


def test_decorator_with_options_and_bound_method(invoke: Invoke) -> None:
    class Service:
        def __init__(self) -> None:
            self.handled: list[int] = []

        def handle(self, record: SqsRecord[Order]) -> Result[None, str]:
            self.handled.append(record.body.id)
            return Err("odd") if record.body.id % 2 else Ok(None)

    service = Service()
    handler = batch_handler(margin_ms=DEFAULT_MARGIN_MS, concurrency=2)(service.handle)
    assert invoke(handler, event([sqs_record(i) for i in range(4)]), context()) == sqs_ids([1, 3])
    assert service.handled == [0, 1, 2, 3]


def test_handler_keeps_the_function_name() -> None:
    def process_order(record: SqsRecord[Order]) -> Result[None, str]:
        """Process one order."""
        return Ok(None)

    handler = batch_handler(process_order)
    assert handler.__name__ == "process_order"
    assert handler.__doc__ == "Process one order."
    assert handler.__wrapped__ is process_order


class TestAllFailed:
    @staticmethod
    def failing(record: SqsRecord[Order]) -> Result[None, str]:
        return Err("nope")

    def test_report_is_the_default(self, invoke: Invoke) -> None:
        handler = batch_handler(self.failing)
        assert invoke(handler, event([sqs_record(i) for i in range(3)]), context()) == sqs_ids(
            range(3)
        )

    def test_raise_makes_the_invocation_a_lambda_error(self, invoke_error: InvokeError) -> None:
        handler = batch_handler(on_all_failed="raise")(self.failing)
        error_type, message = invoke_error(
            handler, event([sqs_record(i) for i in range(3)]), context()
        )
        assert error_type == "BatchFailed"
        assert "all 3 records" in message

    def test_raise_raises_batch_failed_on_the_managed_runtime(self) -> None:
        handler = batch_handler(on_all_failed="raise")(self.failing)
        with pytest.raises(BatchFailed):
            handler(event([sqs_record(0)]), context())

    def test_raise_only_when_every_record_failed(self, invoke: Invoke) -> None:
        @batch_handler(on_all_failed="raise")
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            return Ok(None) if record.body.id == 2 else Err("nope")

        assert invoke(handle, event([sqs_record(i) for i in range(3)]), context()) == sqs_ids(
            [0, 1]
        )

    def test_invalid_bodies_count_as_failures(self, invoke_error: InvokeError) -> None:
        @batch_handler(on_all_failed="raise")
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            return Ok(None)

        error_type, _ = invoke_error(handle, event([sqs_record(0, "[]")]), context())
        assert error_type == "BatchFailed"


class TestDecorationErrors:
    def test_unsupported_annotation(self) -> None:
        def handle(record: int) -> Result[None, str]:
            return Ok(None)

        with pytest.raises(TypeError, match="SqsRecord"):
            batch_handler(handle)

    def test_wrong_parameter_count(self) -> None:
        def handle(record: SqsRecord, context: Context, extra: int) -> Result[None, str]:
            return Ok(None)

        with pytest.raises(TypeError, match="3 parameters"):
            batch_handler(handle)  # type: ignore[call-overload]

    @pytest.mark.parametrize(
        ("options", "message"),
        [({"concurrency": 0}, "concurrency"), ({"margin_ms": -1}, "margin_ms")],
    )
    def test_bad_options(self, options: dict[str, int], message: str) -> None:
        def handle(record: SqsRecord) -> Result[None, str]:
            return Ok(None)

        with pytest.raises(ValueError, match=message):
            batch_handler(**options)(handle)  # type: ignore[arg-type]


def test_failures_are_logged_once_per_batch_one_line_each(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, OutOfStock]:
        if record.body.id == 4:
            raise ValueError("broken")
        return Err(OutOfStock("none left")) if record.body.id == 1 else Ok(None)

    records = [sqs_record(i) for i in range(6)]
    records[2]["body"] = "{}"
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        assert invoke(handle, event(records), context()) == sqs_ids([1, 2, 4])
    [entry] = [entry for entry in caplog.records if entry.name == "ferrolambda.batch"]
    assert entry.levelno == logging.WARNING
    lines = entry.getMessage().splitlines()
    assert lines[0] == "3 of 6 record(s) failed:"
    assert lines[1] == "record msg-0001 failed: OutOfStock: none left"
    assert lines[2].startswith("record msg-0002 failed: invalid record body: id: Field required")
    assert lines[3].startswith("record msg-0004 failed: ValueError: broken (")
    assert len(lines) == 4


def test_nothing_is_logged_when_every_record_succeeds(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        return Ok(None)

    with caplog.at_level(logging.DEBUG, logger="ferrolambda.batch"):
        assert invoke(handle, event([sqs_record(0)]), context()) == []
    assert [entry for entry in caplog.records if entry.name == "ferrolambda.batch"] == []
