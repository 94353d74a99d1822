"""`@lambda_handler`: signatures, payload validation, and the mapping of `Ok`/`Err` onto the Lambda
contract, on both paths (the managed runtime's `handler(event, context)` and `invoke_raw`).

This module uses `from __future__ import annotations`, so every handler below is decorated with
string annotations that `@lambda_handler` must resolve; payload types live at module level.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import sys
import textwrap
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field
from returns.io import IOFailure, IOSuccess
from returns.maybe import Nothing as ReturnsNothing
from returns.maybe import Some as ReturnsSome
from returns.result import Failure, Success
from typing_extensions import TypedDict

from ferrolambda import Context, Err, LambdaEvent, Ok, Result, lambda_handler
from ferrolambda.context import ClientContext, CognitoIdentity
from ferrolambda.events.eventbridge import EventBridgeEvent
from ferrolambda.events.sqs import SqsEvent
from ferrolambda.handler import (
    InvalidEvent,
    InvalidResult,
    LambdaError,
    LambdaHandler,
    as_context,
    error_class,
)
from ferrolambda.testing import LambdaFailure, eventbridge_event, invoke, make_context, sqs_event
from fresh_python import run_fresh

ROOT = Path(__file__).resolve().parent.parent

# payload and result types (module level: string annotations resolve against module globals)


class Item(BaseModel):
    sku: str
    qty: int


class Order(BaseModel):
    order_id: str
    items: list[Item]


class Detail(BaseModel):
    order_id: str
    total: Decimal


class OrderDict(TypedDict):
    order_id: str
    qty: int


@dataclasses.dataclass
class OrderData:
    order_id: str
    qty: int


class Receipt(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    receipt_id: uuid.UUID = Field(alias="receiptId")
    issued_at: dt.datetime = Field(alias="issuedAt")
    total: Decimal
    customer_name: str = Field(alias="customerName")


class Unvalidatable:
    """A plain class pydantic has no schema for."""


class OrderRejected(Exception):
    """An error whose class name is its errorType."""


class Throttled(Exception):
    """An error that declares a different errorType."""

    error_type = "TooManyRequests"


class NamedAfterItself(Exception):
    error_type = "NamedAfterItself"


class NotAStringType(Exception):
    error_type = 42


@dataclasses.dataclass
class Problem:
    """A non-exception error value with an error type."""

    error_type: str
    detail: str

    def __str__(self) -> str:
        return self.detail


ORDER_EVENT: dict[str, Any] = {
    "order_id": "o-1",
    "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": "2"}],
}
RECEIPT_ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
RECEIPT = Receipt(
    receiptId=RECEIPT_ID,
    issuedAt=dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
    total=Decimal("12.50"),
    customerName="Ada",
)
RECEIPT_JSON = {
    "receiptId": "12345678-1234-5678-1234-567812345678",
    "issuedAt": "2024-05-01T12:30:00Z",
    "total": "12.50",
    "customerName": "Ada",
}


def raw(handler: Any, event: Any, context: Context | None = None) -> tuple[Any, str | None]:
    """`invoke_raw` with `event` as JSON; the body decoded."""
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    body, error_type = handler.invoke_raw(payload, context or make_context())
    assert isinstance(body, bytes)
    return json.loads(body), error_type


def raised(handler: Any, event: Any, context: Context | None = None) -> BaseException:
    """The exception the managed-runtime call raises."""
    try:
        handler(event, context or make_context())
    except Exception as error:
        return error
    pytest.fail("the handler did not raise")


# the two shapes, sync and async


def test_rust_shape_sync(lambda_context: Context) -> None:
    seen: list[LambdaEvent[Order]] = []

    @lambda_handler
    def handle(event: LambdaEvent[Order]) -> Result[dict[str, Any], str]:
        seen.append(event)
        return Ok({"order": event.payload.order_id, "qty": sum(i.qty for i in event.payload.items)})

    assert isinstance(handle, LambdaHandler)
    assert handle(ORDER_EVENT, lambda_context) == {"order": "o-1", "qty": 3}
    (event,) = seen
    assert isinstance(event, LambdaEvent)
    assert isinstance(event.payload, Order)
    assert event.payload.items[1] == Item(sku="b", qty=2)
    assert event.context is lambda_context
    assert raw(handle, ORDER_EVENT) == ({"order": "o-1", "qty": 3}, None)
    assert isinstance(seen[1].payload, Order)


def test_context_shape_sync(lambda_context: Context) -> None:
    seen: list[tuple[Order, Context]] = []

    @lambda_handler
    def handle(event: Order, context: Context) -> Result[str, str]:
        seen.append((event, context))
        return Ok(f"{event.order_id}:{context.function_name}")

    assert handle(ORDER_EVENT, lambda_context) == "o-1:test-function"
    payload, context = seen[0]
    assert isinstance(payload, Order)
    assert context is lambda_context
    assert raw(handle, ORDER_EVENT) == ("o-1:test-function", None)


def test_rust_shape_async(lambda_context: Context) -> None:
    @lambda_handler
    async def handle(event: LambdaEvent[Order]) -> Result[list[str], str]:
        await asyncio.sleep(0)
        return Ok([item.sku for item in event.payload.items])

    assert handle(ORDER_EVENT, lambda_context) == ["a", "b"]
    assert raw(handle, ORDER_EVENT) == (["a", "b"], None)


def test_context_shape_async(lambda_context: Context) -> None:
    @lambda_handler
    async def handle(event: Order, context: Context) -> Result[str, Throttled]:
        await asyncio.sleep(0)
        if context.function_name == "busy":
            return Err(Throttled("slow down"))
        return Ok(event.order_id)

    assert handle(ORDER_EVENT, lambda_context) == "o-1"
    body, error_type = raw(handle, ORDER_EVENT, make_context(function_name="busy"))
    assert (body, error_type) == (
        {"errorType": "TooManyRequests", "errorMessage": "slow down"},
        "TooManyRequests",
    )


def test_async_handlers_share_one_event_loop_across_invocations() -> None:
    loops: list[asyncio.AbstractEventLoop] = []
    state: dict[str, Any] = {}

    async def wait_for(gate: asyncio.Event) -> str:
        await gate.wait()
        return "task from call 1"

    @lambda_handler
    async def handle(event: LambdaEvent[dict[str, Any]]) -> Result[str, str]:
        loop = asyncio.get_running_loop()
        loops.append(loop)
        if event.payload["step"] == 3:
            return Ok("third")
        if event.payload["step"] == 1:
            state["gate"] = asyncio.Event()
            state["task"] = asyncio.create_task(wait_for(state["gate"]))
            state["future"] = loop.create_future()
            state["queue"] = asyncio.Queue()
            await state["queue"].put("queued in call 1")
            await asyncio.sleep(0)  # the task starts and waits on the gate
            return Ok("started")
        state["gate"].set()
        state["future"].set_result("future from call 1")
        parts = [await state["task"], await state["future"], await state["queue"].get()]
        return Ok(" / ".join(parts))

    # call 1 on the managed path, call 2 through invoke_raw: one loop for both
    assert handle({"step": 1}, make_context()) == "started"
    assert not state["task"].done()
    assert raw(handle, {"step": 2}) == (
        "task from call 1 / future from call 1 / queued in call 1",
        None,
    )
    assert len(loops) == 2
    assert loops[0] is loops[1]
    assert not loops[0].is_closed()
    assert handle({"step": 3}, make_context()) == "third"
    assert loops[2] is loops[0]


def test_async_handler_exception_keeps_the_loop(caplog: pytest.LogCaptureFixture) -> None:
    loops: list[asyncio.AbstractEventLoop] = []

    @lambda_handler
    async def handle(event: LambdaEvent[Any]) -> Result[str, str]:
        loops.append(asyncio.get_running_loop())
        if event.payload == "boom":
            raise RuntimeError("async boom")
        return Ok("fine")

    with caplog.at_level(logging.ERROR, logger="ferrolambda"):
        body, error_type = raw(handle, "boom")
    assert error_type == "RuntimeError"
    assert body["errorMessage"] == "async boom"
    assert raw(handle, "ok") == ("fine", None)
    with pytest.raises(RuntimeError, match="async boom"):
        handle("boom", make_context())
    assert handle("ok", make_context()) == "fine"
    assert len({id(loop) for loop in loops}) == 1


# payload types


def test_payload_sqs_event_model() -> None:
    seen: list[SqsEvent[Order]] = []

    @lambda_handler
    def handle(event: LambdaEvent[SqsEvent[Order]]) -> Result[list[str], str]:
        seen.append(event.payload)
        return Ok([record.body.order_id for record in event.payload.records])

    event = sqs_event([ORDER_EVENT, {"order_id": "o-2", "items": []}])
    assert handle(event, make_context()) == ["o-1", "o-2"]
    assert raw(handle, event) == (["o-1", "o-2"], None)
    record = seen[0].records[0]
    assert isinstance(record.body, Order)
    assert record.body.items[1].qty == 2

    bad = sqs_event([{"order_id": "o-3", "items": [{"sku": "x", "qty": "lots"}]}])
    body, error_type = raw(handle, bad)
    assert error_type == "InvalidEvent"
    assert "Records.0.body.items.0.qty" in body["errorMessage"]
    assert "lots" not in body["errorMessage"]


def test_payload_eventbridge_event_model() -> None:
    @lambda_handler
    def handle(event: EventBridgeEvent[Detail], context: Context) -> Result[dict[str, Any], str]:
        assert isinstance(event.detail, Detail)
        return Ok({"type": event.detail_type, "total": event.detail.total})

    event = eventbridge_event("Order Placed", {"order_id": "o-1", "total": "12.50"})
    assert handle(event, make_context()) == {"type": "Order Placed", "total": "12.50"}
    assert raw(handle, event) == ({"type": "Order Placed", "total": "12.50"}, None)
    body, error_type = raw(handle, eventbridge_event(detail={"order_id": "o-1"}))
    assert error_type == "InvalidEvent"
    assert "detail.total: Field required" in body["errorMessage"]


def test_payload_typed_dict() -> None:
    seen: list[OrderDict] = []

    @lambda_handler
    def handle(event: OrderDict, context: Context) -> Result[OrderDict, str]:
        seen.append(event)
        return Ok(event)

    assert handle({"order_id": "o-1", "qty": "3"}, make_context()) == {"order_id": "o-1", "qty": 3}
    assert type(seen[0]) is dict
    assert raw(handle, {"order_id": "o-1", "qty": 3}) == ({"order_id": "o-1", "qty": 3}, None)
    body, error_type = raw(handle, {"qty": "x"})
    assert error_type == "InvalidEvent"
    assert "order_id: Field required" in body["errorMessage"]
    assert "qty: Input should be a valid integer" in body["errorMessage"]


def test_payload_dataclass() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[OrderData]) -> Result[OrderData, str]:
        assert isinstance(event.payload, OrderData)
        return Ok(dataclasses.replace(event.payload, qty=event.payload.qty * 2))

    assert handle({"order_id": "o-1", "qty": 2}, make_context()) == {"order_id": "o-1", "qty": 4}
    assert raw(handle, {"order_id": "o-1", "qty": 2}) == ({"order_id": "o-1", "qty": 4}, None)
    err = raised(handle, {"order_id": "o-1"})
    assert type(err) is InvalidEvent
    assert "qty: Field required" in str(err)


def test_payload_dict_is_the_raw_event() -> None:
    seen: list[dict[str, Any]] = []

    @lambda_handler
    def handle(event: dict[str, Any], context: Context) -> Result[int, str]:
        seen.append(event)
        return Ok(len(event))

    event = {"a": 1, "b": [1, 2]}
    assert handle(event, make_context()) == 2
    assert seen[0] is event  # handed over as is, no copy
    assert raw(handle, event) == (2, None)
    for not_a_dict in ([1, 2], "text", 3, None):
        err = raised(handle, not_a_dict)
        assert type(err) is InvalidEvent
        assert str(err) == "event is not a valid dict: <root>: Input should be a valid dictionary"
        assert raw(handle, not_a_dict) == (
            {"errorType": "InvalidEvent", "errorMessage": str(err)},
            "InvalidEvent",
        )
    assert len(seen) == 2


def test_payload_any_accepts_every_json_value() -> None:
    seen: list[object] = []

    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, str]:
        seen.append(event.payload)
        return Ok(event.payload)

    for value in ({"a": 1}, [1, "x"], "text", 3.5, None, True):
        assert handle(value, make_context()) == value
        assert raw(handle, value) == (value, None)


def test_payload_bare_lambda_event_is_any() -> None:
    @lambda_handler
    def handle(event: LambdaEvent) -> Result[object, str]:  # type: ignore[type-arg]
        return Ok(event.payload)

    assert handle([1, {"x": None}], make_context()) == [1, {"x": None}]


def test_payload_list_of_int() -> None:
    @lambda_handler
    def handle(event: list[int], context: Context) -> Result[int, str]:
        assert all(type(number) is int for number in event)
        return Ok(sum(event))

    assert handle([1, "2", 3], make_context()) == 6
    assert raw(handle, [1, 2, 3]) == (6, None)
    body, error_type = raw(handle, [1, "two", 3, "four"])
    assert error_type == "InvalidEvent"
    assert body["errorMessage"].startswith("event is not a valid list: ")
    assert "1: Input should be a valid integer" in body["errorMessage"]
    assert "3: Input should be a valid integer" in body["errorMessage"]


def test_string_annotations_are_resolved() -> None:
    def handle(event: LambdaEvent[Order]) -> Result[str, str]:
        return Ok(event.payload.order_id)

    assert handle.__annotations__["event"] == "LambdaEvent[Order]"  # postponed evaluation
    decorated = lambda_handler(handle)
    assert decorated(ORDER_EVENT, make_context()) == "o-1"
    assert decorated._payload._model is Order


def test_evaluated_annotations_work_too() -> None:
    # compiled without this module's `from __future__ import annotations`
    source = textwrap.dedent(
        """
        def rust(event: LambdaEvent[Order]) -> Result[str, str]:
            return Ok(event.payload.order_id)

        def two(event: list[int], context: Context) -> Result[int, str]:
            return Ok(sum(event))
        """
    )
    namespace: dict[str, Any] = {
        "LambdaEvent": LambdaEvent,
        "Order": Order,
        "Result": Result,
        "Ok": Ok,
        "Context": Context,
    }
    exec(compile(source, "<eager>", "exec", dont_inherit=True), namespace)
    assert namespace["rust"].__annotations__["event"] == LambdaEvent[Order]
    assert lambda_handler(namespace["rust"])(ORDER_EVENT, make_context()) == "o-1"
    assert lambda_handler(namespace["two"])([1, 2], make_context()) == 3


def test_bound_method_handler() -> None:
    class Service:
        def __init__(self) -> None:
            self.prefix = "svc"

        def handle(self, event: LambdaEvent[Order]) -> Result[str, str]:
            return Ok(f"{self.prefix}:{event.payload.order_id}")

        def handle_with_context(self, event: Order, context: Context) -> Result[str, str]:
            return Ok(f"{self.prefix}:{event.order_id}:{context.function_name}")

    service = Service()
    assert lambda_handler(service.handle)(ORDER_EVENT, make_context()) == "svc:o-1"
    assert raw(lambda_handler(service.handle_with_context), ORDER_EVENT) == (
        "svc:o-1:test-function",
        None,
    )


def test_handler_keeps_the_function_identity() -> None:
    def handle(event: LambdaEvent[Any]) -> Result[int, str]:
        """Docs."""
        return Ok(1)

    decorated = lambda_handler(handle)
    assert decorated.__name__ == "handle"
    assert decorated.__qualname__ == handle.__qualname__
    assert decorated.__doc__ == "Docs."
    assert decorated.__wrapped__ is handle
    assert decorated.function is handle


def test_lambda_event_repr_and_match() -> None:
    context = make_context(aws_request_id="req-1")
    event = LambdaEvent({"a": 1}, context)
    assert repr(event) == f"LambdaEvent(payload={{'a': 1}}, context={context!r})"
    match event:
        case LambdaEvent(payload, ctx):
            assert payload == {"a": 1}
            assert ctx is context
        case _:  # pragma: no cover
            pytest.fail("LambdaEvent did not match")


# decoration-time errors


def test_zero_parameters_is_a_decoration_error() -> None:
    def handle() -> Result[int, str]:
        return Ok(1)

    with pytest.raises(TypeError, match=r"handle must take .* not 0 parameters"):
        lambda_handler(handle)  # type: ignore[arg-type]


def test_three_parameters_is_a_decoration_error() -> None:
    def handle(event: Order, context: Context, extra: int) -> Result[int, str]:
        return Ok(1)

    with pytest.raises(
        TypeError, match=r"handle must take \(event: LambdaEvent\[T\]\) .* not 3 parameters"
    ):
        lambda_handler(handle)  # type: ignore[arg-type]


def test_single_parameter_must_be_a_lambda_event() -> None:
    def handle(event: Order) -> Result[int, str]:
        return Ok(1)

    with pytest.raises(TypeError) as caught:
        lambda_handler(handle)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "handle takes one parameter, which must be annotated LambdaEvent[T]" in message
    assert "Order" in message
    assert "(event: T, context: Context)" in message


def test_unresolvable_annotation_is_a_decoration_error() -> None:
    def handle(event: LambdaEvent[MissingModel]) -> Result[int, str]:  # type: ignore[name-defined]  # noqa: F821
        return Ok(1)

    with pytest.raises(
        TypeError, match=r"cannot resolve the annotations of .*handle: .*MissingModel"
    ):
        lambda_handler(handle)


def test_local_class_in_string_annotation_is_a_clear_decoration_error() -> None:
    class LocalModel(BaseModel):
        x: int

    def handle(event: LambdaEvent[LocalModel]) -> Result[int, str]:
        return Ok(1)

    with pytest.raises(TypeError, match=r"cannot resolve the annotations of .*LocalModel"):
        lambda_handler(handle)


class CallableObject:
    def __call__(self, event: LambdaEvent[Any]) -> Result[int, str]:
        return Ok(1)


@pytest.mark.parametrize("not_a_function", [42, "handler", CallableObject(), Order, None])
def test_non_function_is_a_decoration_error(not_a_function: Any) -> None:
    with pytest.raises(TypeError, match=r"@lambda_handler needs a function, got "):
        lambda_handler(not_a_function)


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="pydantic accepts typing.TypedDict on 3.12+"
)
def test_typing_typed_dict_before_3_12_is_a_decoration_error() -> None:
    import typing

    namespace: dict[str, Any] = {}
    exec(
        "import typing\nclass Legacy(typing.TypedDict):\n    x: int\n",
        namespace,
    )
    legacy = namespace["Legacy"]
    assert typing.is_typeddict(legacy)

    def handle(event: Any, context: Context) -> Result[int, str]:
        return Ok(1)

    handle.__annotations__["event"] = legacy
    with pytest.raises(
        TypeError, match=r"cannot validate handler payloads of type .*Legacy.*typing_extensions"
    ):
        lambda_handler(handle)


def test_payload_type_pydantic_cannot_validate_is_a_decoration_error() -> None:
    def handle(event: LambdaEvent[Unvalidatable]) -> Result[int, str]:
        return Ok(1)

    with pytest.raises(
        TypeError, match=r"cannot validate handler payloads of type .*Unvalidatable"
    ):
        lambda_handler(handle)


# validation


class _CountingTypeAdapter:
    """Stands in for `pydantic.TypeAdapter`, counting constructions."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.built: list[object] = []

    def __getitem__(self, item: object) -> _CountingTypeAdapter:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.built.append(args[0])
        return self.real(*args, **kwargs)


def test_validator_is_built_once_at_decoration(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydantic

    counting = _CountingTypeAdapter(pydantic.TypeAdapter)
    monkeypatch.setattr(pydantic, "TypeAdapter", counting)

    @lambda_handler
    def handle(event: list[int], context: Context) -> Result[int, str]:
        return Ok(sum(event))

    assert counting.built == [list[int]]
    adapter = handle._payload._adapter
    assert adapter is not None
    for _ in range(3):
        assert handle([1, 2], make_context()) == 3
        assert raw(handle, [1, 2]) == (3, None)
    raw(handle, ["x"])
    assert counting.built == [list[int]]
    assert handle._payload._adapter is adapter

    @lambda_handler
    def model(event: LambdaEvent[Order]) -> Result[str, str]:
        return Ok(event.payload.order_id)

    @lambda_handler
    def plain(event: dict[str, Any], context: Context) -> Result[int, str]:
        return Ok(1)

    model(ORDER_EVENT, make_context())
    plain({}, make_context())
    assert counting.built == [list[int]]  # a model validates itself; raw JSON needs no adapter
    assert model._payload._model is Order


def test_invalid_event_names_each_bad_field_and_skips_the_function() -> None:
    calls: list[object] = []

    @lambda_handler
    def handle(event: LambdaEvent[Order]) -> Result[str, str]:
        calls.append(event)
        return Ok("called")

    bad = {"items": [{"sku": "a", "qty": "many"}, {"qty": 2}]}
    err = raised(handle, bad)
    assert type(err) is InvalidEvent
    message = str(err)
    assert message.startswith("event is not a valid Order: ")
    assert "order_id: Field required" in message
    assert "items.0.qty: Input should be a valid integer" in message
    assert "items.1.sku: Field required" in message
    assert "many" not in message  # the input is never echoed
    body, error_type = raw(handle, bad)
    assert error_type == "InvalidEvent"
    assert body == {"errorType": "InvalidEvent", "errorMessage": message}
    outcome = handle.run(bad, make_context())
    assert type(outcome) is Err
    assert type(outcome.error) is InvalidEvent
    assert str(outcome.error) == message
    assert calls == []


def test_run_returns_the_result_without_raising() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Order]) -> Result[str, OrderRejected]:
        return Err(OrderRejected("no")) if event.payload.order_id == "bad" else Ok("yes")

    assert handle.run(ORDER_EVENT, make_context()) == Ok("yes")
    rejected = handle.run({**ORDER_EVENT, "order_id": "bad"}, make_context())
    assert type(rejected) is Err
    assert isinstance(rejected.error, OrderRejected)
    invalid = handle.run({}, make_context())
    assert type(invalid) is Err
    assert isinstance(invalid.error, InvalidEvent)


@pytest.mark.parametrize("payload", [b"\xff\xfe\x00", b"{not json", b"", b'{"order_id": "o-1",'])
def test_non_json_bytes_are_an_invalid_event(payload: bytes) -> None:
    calls: list[object] = []

    @lambda_handler
    def model(event: LambdaEvent[Order]) -> Result[str, str]:
        calls.append(event)
        return Ok("called")

    @lambda_handler
    def anything(event: LambdaEvent[Any]) -> Result[str, str]:
        calls.append(event)
        return Ok("called")

    @lambda_handler
    def mapping(event: dict[str, Any], context: Context) -> Result[str, str]:
        calls.append(event)
        return Ok("called")

    for handler in (model, anything, mapping):
        body, error_type = handler.invoke_raw(payload, make_context())
        assert error_type == "InvalidEvent"
        decoded = json.loads(body)
        assert decoded["errorType"] == "InvalidEvent"
        assert decoded["errorMessage"].startswith("event is not")
        assert "stackTrace" not in decoded
    assert calls == []


# Ok(value): serialization


def test_ok_model_serialized_by_alias_in_json_mode() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[Receipt, str]:
        return Ok(RECEIPT)

    assert handle({}, make_context()) == RECEIPT_JSON
    assert raw(handle, {}) == (RECEIPT_JSON, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(OrderData("o-1", 2), {"order_id": "o-1", "qty": 2}, id="dataclass"),
        pytest.param(
            OrderDict(order_id="o-1", qty=2), {"order_id": "o-1", "qty": 2}, id="typeddict"
        ),
        pytest.param(None, None, id="none"),
        pytest.param(
            {"receipt": RECEIPT, "count": 1},
            {"receipt": RECEIPT_JSON, "count": 1},
            id="model-in-dict",
        ),
        pytest.param(
            [RECEIPT, {"n": [RECEIPT]}], [RECEIPT_JSON, {"n": [RECEIPT_JSON]}], id="models-in-list"
        ),
        pytest.param(
            {"when": dt.date(2024, 5, 1), "amount": Decimal("1.10"), "id": RECEIPT_ID},
            {"when": "2024-05-01", "amount": "1.10", "id": str(RECEIPT_ID)},
            id="datetime-decimal-uuid-in-dict",
        ),
        pytest.param((1, "two"), [1, "two"], id="tuple"),
        pytest.param(
            {"nested": {"list": [1, 2.5, True, None, "é"]}},
            {"nested": {"list": [1, 2.5, True, None, "é"]}},
            id="plain",
        ),
        pytest.param("text", "text", id="str"),
        pytest.param(0, 0, id="zero"),
    ],
)
def test_ok_value_serialization(value: object, expected: object) -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, str]:
        return Ok(value)

    managed = handle({}, make_context())
    assert managed == expected
    json.dumps(managed)  # JSON-ready: the managed runtime can encode it
    body, error_type = handle.invoke_raw(b"{}", make_context())
    assert error_type is None
    assert json.loads(body) == expected


def test_ok_plain_json_is_returned_as_is() -> None:
    result = {"a": [1, {"b": None}]}

    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, str]:
        return Ok(result)

    assert handle({}, make_context()) is result
    body, _ = handle.invoke_raw(b"{}", make_context())
    assert body == b'{"a":[1,{"b":null}]}'


def test_ok_non_ascii_is_utf8() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, str]:
        return Ok({"name": "Zoë ✓"})

    body, _ = handle.invoke_raw(b"{}", make_context())
    assert body.decode("utf-8") == '{"name":"Zoë ✓"}'


def test_plain_json_stays_off_pydantic_in_a_fresh_process() -> None:
    script = textwrap.dedent(
        """
        import json, sys, time
        from typing import Any
        from ferrolambda import Err, LambdaEvent, Ok, lambda_handler
        from ferrolambda.context import Context

        @lambda_handler
        def as_dict(event: dict[str, Any], context: Context):
            if event.get("fail"):
                return Err("nope")
            return Ok({"echo": event, "list": [1, 2.5, None, True, "x"]})

        @lambda_handler
        def as_any(event: LambdaEvent[Any]):
            return Ok([event.payload, {"k": "v"}])

        @lambda_handler
        async def as_async(event: LambdaEvent[Any]):
            return Ok(event.payload)

        context = Context(aws_request_id="r", deadline_ms=int(time.time() * 1000) + 1000)
        assert as_dict({"a": 1}, context) == {"echo": {"a": 1}, "list": [1, 2.5, None, True, "x"]}
        assert as_any({"a": 1}, context) == [{"a": 1}, {"k": "v"}]
        assert as_async([1], context) == [1]
        assert json.loads(as_dict.invoke_raw(b'{"a": 1}', context)[0])["echo"] == {"a": 1}
        assert as_any.invoke_raw(b'"s"', context) == (b'["s",{"k":"v"}]', None)
        assert as_dict.invoke_raw(b"[1]", context)[1] == "InvalidEvent"
        assert as_dict.invoke_raw(b"{bad", context)[1] == "InvalidEvent"
        assert as_dict.invoke_raw(b'{"fail": true}', context)[1] == "str"
        try:
            as_dict({"fail": True}, context)
        except Exception as error:
            assert type(error).__name__ == "str"
        try:
            as_dict([], context)
        except Exception as error:
            assert type(error).__name__ == "InvalidEvent"
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core", "returns"))))
        """
    )
    assert json.loads(run_fresh(script)) == []


# Err(error)


def test_err_exception_named_after_its_class() -> None:
    error = OrderRejected("order o-1 rejected")

    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, OrderRejected]:
        return Err(error)

    assert raw(handle, {}) == (
        {"errorType": "OrderRejected", "errorMessage": "order o-1 rejected"},
        "OrderRejected",
    )
    assert raised(handle, {}) is error  # the exception itself, re-raised


def test_err_with_error_type_raises_a_lambda_error_named_after_it() -> None:
    error = Throttled("slow down")

    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, Throttled]:
        return Err(error)

    assert raw(handle, {}) == (
        {"errorType": "TooManyRequests", "errorMessage": "slow down"},
        "TooManyRequests",
    )
    exception = raised(handle, {})
    assert type(exception).__name__ == "TooManyRequests"
    assert isinstance(exception, LambdaError)
    assert str(exception) == "slow down"
    assert exception.__cause__ is error
    assert type(exception) is error_class("TooManyRequests")
    assert type(raised(handle, {})) is type(exception)  # the class is cached


def test_err_with_error_type_equal_to_class_name_is_reraised() -> None:
    error = NamedAfterItself("same")

    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, NamedAfterItself]:
        return Err(error)

    assert raised(handle, {}) is error
    assert raw(handle, {})[1] == "NamedAfterItself"


def test_err_with_non_string_error_type_uses_the_class_name() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, NotAStringType]:
        return Err(NotAStringType("odd"))

    assert raw(handle, {}) == (
        {"errorType": "NotAStringType", "errorMessage": "odd"},
        "NotAStringType",
    )
    assert type(raised(handle, {})) is NotAStringType


@pytest.mark.parametrize(
    ("error", "error_type", "message"),
    [
        ("out of stock", "str", "out of stock"),
        (404, "int", "404"),
        (Problem("PaymentDeclined", "card expired"), "PaymentDeclined", "card expired"),
        (KeyError("sku"), "KeyError", "'sku'"),
    ],
)
def test_err_values(error: object, error_type: str, message: str) -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, object]:
        return Err(error)

    assert raw(handle, {}) == ({"errorType": error_type, "errorMessage": message}, error_type)
    exception = raised(handle, {})
    assert type(exception).__name__ == error_type
    assert str(exception) == message
    if isinstance(error, BaseException):
        assert exception is error
    else:
        assert isinstance(exception, LambdaError)
        assert exception.__cause__ is None


def test_error_classes_are_cached() -> None:
    first = error_class("Custom.Failure")
    assert first is error_class("Custom.Failure")
    assert first.__name__ == "Custom.Failure"
    assert issubclass(first, LambdaError)
    assert error_class("Other") is not first


# unexpected exceptions


def test_unexpected_exception_on_invoke_raw(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[object] = []

    @lambda_handler
    def exploding_handler(event: LambdaEvent[Any]) -> Result[str, str]:
        calls.append(event.payload)
        if event.payload == "explode":
            raise ValueError("kaput")
        return Ok("still alive")

    with caplog.at_level(logging.ERROR, logger="ferrolambda"):
        body, error_type = raw(exploding_handler, "explode")
    assert error_type == "ValueError"
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "kaput"
    trace = body["stackTrace"]
    assert isinstance(trace, list)
    assert all(isinstance(line, str) for line in trace)
    assert any(
        "exploding_handler" in line and 'raise ValueError("kaput")' in line for line in trace
    )

    records = [r for r in caplog.records if r.name == "ferrolambda"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert "ValueError" in records[0].getMessage()
    assert records[0].exc_info is not None
    assert isinstance(records[0].exc_info[1], ValueError)
    assert "kaput" in caplog.text
    assert "Traceback" in caplog.text

    # the next invocation works
    assert raw(exploding_handler, "fine") == ("still alive", None)
    assert calls == ["explode", "fine"]


def test_unexpected_exception_propagates_unchanged_on_the_managed_path() -> None:
    boom = ZeroDivisionError("division by zero in handler")

    @lambda_handler
    def handle(event: Order, context: Context) -> Result[str, str]:
        raise boom

    assert raised(handle, ORDER_EVENT) is boom


# results that are not Ok/Err


@pytest.mark.parametrize(
    ("returned", "name"),
    [
        (42, "int"),
        (None, "NoneType"),
        ({"ok": 1}, "dict"),
        (ReturnsSome(1), "Some"),
        (ReturnsNothing, "_Nothing"),
    ],
)
def test_non_result_is_an_invalid_result(returned: object, name: str) -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[str, str]:
        return returned  # type: ignore[return-value]

    message = f"handler returned {name}, expected Ok(...) or Err(...)"
    assert raw(handle, {}) == (
        {"errorType": "InvalidResult", "errorMessage": message},
        "InvalidResult",
    )
    exception = raised(handle, {})
    assert type(exception) is InvalidResult
    assert str(exception) == message


def test_ok_value_that_is_not_json_is_an_invalid_result() -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, str]:
        return Ok({"thing": Unvalidatable()})

    body, error_type = raw(handle, {})
    assert error_type == "InvalidResult"
    assert body["errorType"] == "InvalidResult"
    assert body["errorMessage"].startswith(
        "handler returned Ok(dict), which is not JSON-serializable"
    )
    exception = raised(handle, {})
    assert type(exception) is InvalidResult
    assert str(exception) == body["errorMessage"]
    assert exception.__cause__ is not None


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        (Success({"n": 1}), ({"n": 1}, None)),
        (Success(RECEIPT), (RECEIPT_JSON, None)),
        (IOSuccess([1, 2]), ([1, 2], None)),
        (
            Failure(Throttled("later")),
            ({"errorType": "TooManyRequests", "errorMessage": "later"}, "TooManyRequests"),
        ),
        (Failure("nope"), ({"errorType": "str", "errorMessage": "nope"}, "str")),
        (
            IOFailure(OrderRejected("io no")),
            ({"errorType": "OrderRejected", "errorMessage": "io no"}, "OrderRejected"),
        ),
    ],
)
def test_returns_containers_map_like_ok_and_err(
    container: object, expected: tuple[Any, str | None]
) -> None:
    @lambda_handler
    def handle(event: LambdaEvent[Any]) -> Result[object, object]:
        return container  # type: ignore[return-value]

    @lambda_handler
    async def handle_async(event: Any, context: Context) -> Result[object, object]:
        return container  # type: ignore[return-value]

    assert raw(handle, {}) == expected
    assert raw(handle_async, {}) == expected
    body, error_type = expected
    if error_type is None:
        assert handle({}, make_context()) == body
    else:
        exception = raised(handle, {})
        assert type(exception).__name__ == error_type
        assert str(exception) == body["errorMessage"]


# the managed runtime's context object


class ManagedContext:
    """A stand-in for the managed Python runtime's context (awslambdaric's `LambdaContext`)."""

    def __init__(self, remaining_ms: int) -> None:
        self.aws_request_id = "req-managed"
        self.function_name = "orders"
        self.function_version = "7"
        self.invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders:live"
        self.memory_limit_in_mb = 512
        self.log_group_name = "/aws/lambda/orders"
        self.log_stream_name = "2024/05/01/[7]abc"
        self.identity = CognitoIdentity("id-1", "pool-1")
        self.client_context = ClientContext(custom={"k": "v"})
        self._deadline = int(time.time() * 1000) + remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(self._deadline - int(time.time() * 1000), 0)


def _awslambdaric_context(remaining_ms: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    try:
        from awslambdaric.lambda_context import LambdaContext  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:  # not installed: the stand-in is the reference
        return ManagedContext(remaining_ms)
    for name, value in {
        "AWS_LAMBDA_FUNCTION_NAME": "orders",
        "AWS_LAMBDA_FUNCTION_VERSION": "7",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/orders",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2024/05/01/[7]abc",
    }.items():
        monkeypatch.setenv(name, value)
    return LambdaContext(
        "req-managed",
        {"custom": {"k": "v"}, "env": None, "client": None},
        {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"},
        int(time.time() * 1000) + remaining_ms,
        "arn:aws:lambda:eu-west-1:123456789012:function:orders:live",
    )


@pytest.fixture(params=["stand-in", "awslambdaric"])
def managed_context(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv(
        "_X_AMZN_TRACE_ID",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    )
    if request.param == "stand-in":
        return ManagedContext(20_000)
    return _awslambdaric_context(20_000, monkeypatch)


def test_managed_context_becomes_a_ferrolambda_context(managed_context: Any) -> None:
    seen: list[Context] = []

    @lambda_handler
    def two(event: dict[str, Any], context: Context) -> Result[str, str]:
        seen.append(context)
        return Ok(context.aws_request_id)

    @lambda_handler
    def rust(event: LambdaEvent[dict[str, Any]]) -> Result[int, str]:
        seen.append(event.context)
        return Ok(event.context.get_remaining_time_in_millis())

    before = int(time.time() * 1000)
    assert two({}, managed_context) == "req-managed"
    remaining = rust({}, managed_context)
    after = int(time.time() * 1000)
    assert 19_000 < remaining <= 20_000
    expected_deadline = before + managed_context.get_remaining_time_in_millis() + (after - before)
    for context in seen:
        assert type(context) is Context
        assert abs(context.deadline_ms - expected_deadline) <= 50 + (after - before)
        assert context.aws_request_id == "req-managed"
        assert context.function_name == "orders"
        assert context.function_version == "7"
        assert (
            context.invoked_function_arn
            == "arn:aws:lambda:eu-west-1:123456789012:function:orders:live"
        )
        assert context.memory_limit_in_mb == "512"
        assert context.log_group_name == "/aws/lambda/orders"
        assert context.log_stream_name == "2024/05/01/[7]abc"
        assert context.identity.cognito_identity_id == "id-1"
        assert context.identity.cognito_identity_pool_id == "pool-1"
        assert context.client_context is not None
        assert context.client_context.custom == {"k": "v"}
        assert (
            context.xray_trace_id
            == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        )
        assert context.tenant_id is None


def test_managed_context_deadline_tracks_remaining_time(managed_context: Any) -> None:
    now = int(time.time() * 1000)
    context = as_context(managed_context)
    remaining = managed_context.get_remaining_time_in_millis()
    assert abs(context.deadline_ms - (now + remaining)) <= 50
    assert abs(context.get_remaining_time_in_millis() - remaining) <= 50


def test_managed_context_without_trace_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
    assert as_context(ManagedContext(1000)).xray_trace_id is None


def test_managed_context_with_unset_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """awslambdaric reads names and memory from environment variables; unset, they are None."""
    context = ManagedContext(1000)
    context.function_name = None  # type: ignore[assignment]
    context.function_version = None  # type: ignore[assignment]
    context.memory_limit_in_mb = None  # type: ignore[assignment]
    context.log_group_name = None  # type: ignore[assignment]
    converted = as_context(context)
    assert converted.function_name == ""
    assert converted.function_version == "$LATEST"
    assert converted.memory_limit_in_mb == "128"
    assert converted.log_group_name == ""


def test_ferrolambda_context_is_passed_through() -> None:
    context = make_context()
    assert as_context(context) is context


# ferrolambda.testing.invoke gives the invoke_raw outcomes


@lambda_handler
def orders(event: LambdaEvent[Order]) -> Result[dict[str, Any], Exception]:
    order = event.payload
    if order.order_id == "reject":
        return Err(OrderRejected("rejected"))
    if order.order_id == "throttle":
        return Err(Throttled("later"))
    if order.order_id == "crash":
        raise RuntimeError("crashed")
    if order.order_id == "bogus":
        return "bogus"  # type: ignore[return-value]
    return Ok({"receipt": RECEIPT, "items": len(order.items)})


@pytest.mark.parametrize(
    "event",
    [
        ORDER_EVENT,
        {**ORDER_EVENT, "order_id": "reject"},
        {**ORDER_EVENT, "order_id": "throttle"},
        {**ORDER_EVENT, "order_id": "crash"},
        {**ORDER_EVENT, "order_id": "bogus"},
        {"items": "nope"},
    ],
)
def test_testing_invoke_matches_invoke_raw(event: dict[str, Any]) -> None:
    body, error_type = orders.invoke_raw(json.dumps(event).encode(), make_context())
    outcome = invoke(orders, event)
    if error_type is None:
        assert outcome == Ok(json.loads(body))
    else:
        decoded = json.loads(body)
        assert outcome == Err(LambdaFailure(error_type, decoded["errorMessage"]))
        assert type(outcome) is Err
        assert outcome.error.stack_trace == tuple(decoded.get("stackTrace", ()))


def test_testing_invoke_expected_outcomes(managed_context: Any) -> None:
    assert invoke(orders, ORDER_EVENT) == Ok({"receipt": RECEIPT_JSON, "items": 2})
    assert invoke(orders, Order.model_validate(ORDER_EVENT)) == Ok(
        {"receipt": RECEIPT_JSON, "items": 2}
    )
    assert invoke(orders, json.dumps(ORDER_EVENT)) == Ok({"receipt": RECEIPT_JSON, "items": 2})
    assert invoke(orders, {**ORDER_EVENT, "order_id": "throttle"}) == Err(
        LambdaFailure("TooManyRequests", "later")
    )
    crashed = invoke(orders, {**ORDER_EVENT, "order_id": "crash"})
    assert type(crashed) is Err
    assert crashed.error.error_type == "RuntimeError"
    assert crashed.error.stack_trace
    # a managed-runtime context is accepted and converted
    assert invoke(orders, ORDER_EVENT, managed_context) == Ok({"receipt": RECEIPT_JSON, "items": 2})


def test_decorated_handlers_are_read_through_their_wrappers() -> None:
    """@early_return (or any decorator setting __wrapped__) under @lambda_handler keeps the payload type."""
    from ferrolambda import early_return

    @lambda_handler
    @early_return
    def doubled(event: LambdaEvent[int]) -> Result[int, str]:
        checked = (Ok(event.payload) if event.payload >= 0 else Err("negative")).unwrap_or_return()
        return Ok(checked * 2)

    context = Context(aws_request_id="r", deadline_ms=2**42)
    assert doubled.invoke_raw(b"21", context) == (b"42", None)
    body, error_type = doubled.invoke_raw(b"-1", context)
    assert error_type == "str"
    assert json.loads(body)["errorMessage"] == "negative"
    assert doubled.invoke_raw(b'"x"', context)[1] == "InvalidEvent"


def test_sync_wrapper_around_async_handler_is_awaited() -> None:
    def logged(function: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            return function(*args)

        wrapper.__wrapped__ = function  # type: ignore[attr-defined]
        return wrapper

    @lambda_handler
    @logged
    async def handler(event: LambdaEvent[int]) -> Result[int, str]:
        return Ok(event.payload + 1)

    assert handler.invoke_raw(b"1", Context(aws_request_id="r", deadline_ms=2**42)) == (b"2", None)


def test_event_model_validators_are_built_at_decoration() -> None:
    """Event models defer their schemas to keep imports cheap; decorating a handler builds it."""
    run_fresh(
        """
        from ferrolambda import LambdaEvent, Ok, Result, lambda_handler
        from ferrolambda.events.kinesis import KinesisEvent

        assert not KinesisEvent.__pydantic_complete__

        def handler(event: LambdaEvent[KinesisEvent]) -> Result[int, str]:
            return Ok(len(event.payload.records))

        lambda_handler(handler)
        assert KinesisEvent.__pydantic_complete__
        assert type(KinesisEvent.__pydantic_validator__).__name__ == "SchemaValidator"
        """
    )
