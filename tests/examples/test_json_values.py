"""examples/json_values: arbitrary JSON read with Option; defaults for optional data, an error for
the one required field."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from example_support import event_json, invoke_event

from ferrolambda import Err, Nothing, Ok, Some
from ferrolambda.testing import LambdaFailure, invoke, make_context

EXAMPLE = "json_values"


@pytest.mark.parametrize(
    ("event", "summary"),
    [
        (
            "order.json",
            {
                "order_id": "ord-1001",
                "customer": "Ada Lovelace",
                "city": "London",
                "first_sku": "BOOK-42",
                "items": 5,
                "total": 25.74,  # (2 * 12.5 + 3 * 1.2) less 10%
            },
        ),
        (
            "sparse.json",
            {
                "order_id": "ord-1002",
                "customer": "anonymous",
                "city": "unknown",
                "first_sku": "MUG-3",
                "items": 1,
                "total": 8.0,  # a 150% coupon is ignored
            },
        ),
        (
            "wrong_types.json",
            {
                "order_id": "ord-1003",
                "customer": "anonymous",
                "city": "unknown",
                "first_sku": "LAMP-1",
                "items": 2,
                "total": 20.0,  # "two" counts as 1, a string price as 0
            },
        ),
    ],
)
def test_summaries(
    load_example: Callable[..., ModuleType], event: str, summary: dict[str, object]
) -> None:
    module = load_example(EXAMPLE)
    assert invoke_event(module.handler, EXAMPLE, event) == (summary, None)


def test_a_missing_id_is_a_missing_field_error(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "missing_id.json")
    assert answer.error_type == "MissingField"
    assert answer.body["errorMessage"] == "the order has no string `id`"


def test_json_that_is_not_an_object_is_an_invalid_event(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    _, error_type = module.handler.invoke_raw(b"[1, 2, 3]", make_context())
    assert error_type == "InvalidEvent"


def test_managed_runtime_call(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, "order.json"), make_context())
    assert answer["total"] == 25.74


def test_get_walks_objects_and_arrays(load_example: Callable[..., ModuleType]) -> None:
    get = load_example(EXAMPLE).get
    data = {"a": {"b": [10, {"c": None}]}}
    assert get(data, "a", "b", 0) == Some(10)
    assert get(data, "a", "b", 1, "c") == Some(None)  # present, and null
    assert get(data, "a", "x") is Nothing()
    assert get(data, "a", "b", 2) is Nothing()
    assert get(data, "a", "b", -1) is Nothing()
    assert get(data, "a", 0) is Nothing()
    assert get(data, "a", "b", 0, "c") is Nothing()
    assert get(data) == Some(data)


def test_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    order = {"id": "o-9", "items": [{"sku": "S", "quantity": 4, "price": 2.5}], "coupon": None}
    assert invoke(module.handler, order) == Ok(
        {
            "order_id": "o-9",
            "customer": "anonymous",
            "city": "unknown",
            "first_sku": "S",
            "items": 4,
            "total": 10.0,
        }
    )
    assert invoke(module.handler, {"id": 9}) == Err(
        LambdaFailure("MissingField", "the order has no string `id`")
    )
