"""The SQS record a batch function receives: body validated up front, envelope on first read."""

from __future__ import annotations

import copy
import json
import logging
import pickle
from typing import Any

import pydantic_core
import pytest
from batch_events import Invoke, Order, context, event, sqs_ids, sqs_record
from pydantic import BaseModel, ValidationError

from ferrolambda import Err, Ok, Result
from ferrolambda.batch import batch_handler
from ferrolambda.events.sqs import SqsAttributes, SqsRecord


def received(raws: list[dict[str, Any]], record_type: Any = SqsRecord[Order]) -> list[Any]:
    """The record objects a batch function is given for `raws` (none of their fields read)."""
    seen: list[Any] = []

    def handle(record: Any) -> Result[None, str]:
        seen.append(record)
        return Ok(None)

    handle.__annotations__["record"] = record_type
    assert batch_handler(handle)(event(raws), context()) == {"batchItemFailures": []}
    return seen


def fifo_raw(index: int = 0, **overrides: Any) -> dict[str, Any]:
    raw = sqs_record(index, fifo=True, group="customer-7", **overrides)
    raw["messageAttributes"] = {
        "tenant": {"stringValue": "acme", "dataType": "String", "stringListValues": []}
    }
    raw["attributes"]["AWSTraceHeader"] = "Root=1-5759e988-bd862e3fe1be46a994272793"
    return raw


@pytest.mark.parametrize("record_type", [SqsRecord[Order], SqsRecord, SqsRecord[str]])
def test_is_an_sqs_record(record_type: Any) -> None:
    [record] = received([fifo_raw()], record_type)
    assert isinstance(record, SqsRecord)
    assert isinstance(record, record_type)
    assert isinstance(record, BaseModel)


def test_envelope_fields_read_like_a_validated_record() -> None:
    [record] = received([fifo_raw(3)])
    assert record.message_id == "msg-0003"
    assert record.receipt_handle == "receipt-3"
    assert record.attributes.message_group_id == "customer-7"
    assert isinstance(record.attributes, SqsAttributes)
    assert record.attributes.aws_trace_header == "Root=1-5759e988-bd862e3fe1be46a994272793"
    assert record.message_attributes["tenant"].string_value == "acme"
    assert record.event_source_arn.endswith(".fifo")
    assert record.queue_is_fifo
    assert record.body == Order(id=3, qty=1)


@pytest.mark.parametrize("record_type", [SqsRecord[Order], SqsRecord])
def test_dump_equals_full_validation(record_type: Any) -> None:
    raws = [fifo_raw(0), sqs_record(1)]
    records = received(raws, record_type)
    for raw, record in zip(raws, records, strict=True):
        full = record_type.model_validate(raw)
        assert record.model_dump(by_alias=True) == full.model_dump(by_alias=True)
        assert record.model_dump() == full.model_dump()
        assert record.model_dump(exclude_unset=True) == full.model_dump(exclude_unset=True)
        assert json.loads(record.model_dump_json(by_alias=True)) == json.loads(
            full.model_dump_json(by_alias=True)
        )
        assert pydantic_core.to_json(record) == pydantic_core.to_json(full)
        assert pydantic_core.to_jsonable_python(record, by_alias=True) == (
            pydantic_core.to_jsonable_python(full, by_alias=True)
        )


def test_dump_before_any_read_is_complete() -> None:
    [record] = received([fifo_raw()], SqsRecord)
    dumped = record.model_dump(by_alias=True)
    assert dumped["messageId"] == "msg-0000"
    assert dumped["attributes"]["MessageGroupId"] == "customer-7"
    assert dumped["body"] == json.dumps({"id": 0, "qty": 1})


def test_equality_repr_and_fields_set_match_full_validation() -> None:
    raw = fifo_raw()
    [record] = received([raw])
    full = SqsRecord[Order].model_validate(raw)
    assert record == full
    assert full == record
    [other] = received([raw])
    assert record == other
    [different] = received([fifo_raw(1)])
    assert record != different
    assert repr(record) == repr(full)
    assert str(record) == str(full)
    assert record.model_fields_set == full.model_fields_set
    assert dict(record) == dict(full)


def test_extra_fields_aws_adds_are_kept() -> None:
    raw = sqs_record(0, newFieldFromAws="surprise")
    [record] = received([raw])
    assert record.newFieldFromAws == "surprise"
    [fresh] = received([raw])
    assert fresh.model_extra == {"newFieldFromAws": "surprise"}
    assert SqsRecord[Order].model_validate(raw).model_extra == fresh.model_extra


def test_unknown_attribute_is_still_an_attribute_error() -> None:
    [record] = received([sqs_record(0)])
    with pytest.raises(AttributeError):
        _ = record.no_such_field
    with pytest.raises(AttributeError):
        getattr(record, "")
    assert not hasattr(record, "_private_probe")


def test_copy_and_pickle_give_complete_records() -> None:
    [record] = received([fifo_raw()])
    full = SqsRecord[Order].model_validate(fifo_raw())
    assert copy.copy(record) == full
    assert copy.deepcopy(record) == full
    assert record.model_copy() == full
    [text_record] = received([fifo_raw()], SqsRecord)
    restored = pickle.loads(pickle.dumps(text_record))
    assert restored == SqsRecord.model_validate(fifo_raw())
    assert type(restored) is SqsRecord


def test_records_are_frozen() -> None:
    [record] = received([sqs_record(0)])
    with pytest.raises(ValidationError):
        record.message_id = "other"


def test_invalid_envelope_raises_only_when_read() -> None:
    raw = sqs_record(0, receiptHandle=5)
    del raw["attributes"]["SenderId"]
    [record] = received([raw])  # the body alone was validated: the batch did not fail
    assert record.body.id == 0
    with pytest.raises(ValidationError) as raised:
        _ = record.message_id
    fields = {".".join(map(str, error["loc"])) for error in raised.value.errors()}
    assert fields == {"receiptHandle", "attributes.SenderId"}
    with pytest.raises(ValidationError):
        record.model_dump()


def test_invalid_envelope_read_fails_that_record_only(
    invoke: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    @batch_handler
    def handle(record: SqsRecord[Order]) -> Result[None, str]:
        return Ok(None) if record.attributes.approximate_receive_count else Err("?")

    broken = sqs_record(1)
    broken["attributes"]["ApproximateReceiveCount"] = 3  # AWS sends strings
    with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
        reported = invoke(handle, event([sqs_record(0), broken, sqs_record(2)]), context())
    assert reported == sqs_ids([1])
    assert "record msg-0001 failed: ValidationError" in caplog.text


def test_property_of_the_model_reads_through_the_envelope() -> None:
    [standard] = received([sqs_record(0)])
    [fifo] = received([fifo_raw()])
    assert standard.queue_is_fifo is False
    assert fifo.queue_is_fifo is True


def test_typed_body_that_is_a_list() -> None:
    [record] = received([sqs_record(0, json.dumps([1, 2, 3]))], SqsRecord[list[int]])
    assert record.body == [1, 2, 3]
    assert record.message_id == "msg-0000"


def test_nested_in_another_model_serializes_in_full() -> None:
    """pydantic serializes a nested model from its `__dict__`: that read validates first."""
    from ferrolambda.events.sqs import SqsEvent

    class Envelope(BaseModel):
        record: SqsRecord[Order]

    raw = fifo_raw()
    full = SqsRecord[Order].model_validate(raw)
    [record] = received([raw])
    assert Envelope(record=record).model_dump() == Envelope(record=full).model_dump()
    [record] = received([raw])
    assert Envelope(record=record).model_dump_json() == Envelope(record=full).model_dump_json()
    [record] = received([raw])
    dumped = SqsEvent[Order](Records=[record]).model_dump(by_alias=True)
    assert dumped == SqsEvent[Order](Records=[full]).model_dump(by_alias=True)


def test_state_reads_are_complete() -> None:
    raw = fifo_raw()
    full = SqsRecord[Order].model_validate(raw)
    [record] = received([raw])
    assert vars(record) == vars(full)
    [record] = received([raw])
    assert record.__pydantic_fields_set__ == full.__pydantic_fields_set__
    [record] = received([raw])
    assert record.__pydantic_extra__ == full.__pydantic_extra__
    [record] = received([raw])
    assert hasattr(record, "__pydantic_private__")


def test_reading_the_body_does_not_validate_the_envelope() -> None:
    raw = sqs_record(0)
    raw["attributes"] = "not an object"
    [record] = received([raw])
    assert record.body == Order(id=0, qty=1)
    assert isinstance(record, SqsRecord)
    with pytest.raises(ValidationError):
        _ = record.attributes
