"""Read arbitrary JSON safely: every lookup is an `Option`, so a missing key or a value of the wrong
type is a `Nothing()` to handle, never a `KeyError`, a `TypeError` or a `None` slipping through.

`get(value, *path)` walks nested objects and arrays; the `as_*` helpers check a value's type.
A required field becomes an error with `ok_or_else`; optional ones get defaults with `unwrap_or`.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from pydantic import BaseModel

from ferrolambda import LambdaEvent, Nothing, Option, Result, Some, lambda_handler

Json: TypeAlias = "dict[str, Json] | list[Json] | str | int | float | bool | None"
"""Any JSON value, like serde_json's `Value`."""


def get(value: Json, *path: str | int) -> Option[Json]:
    """The value at `path` (object keys and array indexes), or `Nothing()` if any step is missing."""
    for step in path:
        match value, step:
            case dict(), str() if step in value:
                value = value[step]
            case list(), int() if 0 <= step < len(value):
                value = value[step]
            case _:
                return Nothing()
    return Some(value)


def as_str(value: Json) -> Option[str]:
    return Some(value) if isinstance(value, str) else Nothing()


def as_int(value: Json) -> Option[int]:
    # bool is a subclass of int, but `true` is not a quantity
    return Some(value) if isinstance(value, int) and not isinstance(value, bool) else Nothing()


def as_number(value: Json) -> Option[float]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Nothing()
    return Some(float(value))


def as_list(value: Json) -> Option[list[Json]]:
    return Some(value) if isinstance(value, list) else Nothing()


class MissingField(Exception):
    """A field the handler cannot do without is missing or has the wrong type."""

    error_type = "MissingField"


class OrderSummary(BaseModel):
    order_id: str
    customer: str
    city: str
    first_sku: str | None
    items: int
    total: float


def summarize(order_id: str, order: dict[str, Any]) -> OrderSummary:
    """Every other field is optional: a missing key, a null or a wrong type falls back to a default."""
    customer = (
        get(order, "customer", "name")
        .and_then(as_str)
        .map(str.strip)
        .filter(lambda name: name != "")
        .unwrap_or("anonymous")
    )
    city = get(order, "customer", "address", "city").and_then(as_str).unwrap_or("unknown")
    first_sku = get(order, "items", 0, "sku").and_then(as_str).to_optional()

    lines = get(order, "items").and_then(as_list).unwrap_or([])
    quantities = [get(line, "quantity").and_then(as_int).unwrap_or(1) for line in lines]
    prices = [get(line, "price").and_then(as_number).unwrap_or(0.0) for line in lines]
    discount = (
        get(order, "coupon", "percent")
        .and_then(as_number)
        .filter(lambda percent: 0 <= percent <= 100)
        .map_or(1.0, lambda percent: 1 - percent / 100)
    )
    total = sum(q * p for q, p in zip(quantities, prices, strict=True)) * discount
    return OrderSummary(
        order_id=order_id,
        customer=customer,
        city=city,
        first_sku=first_sku,
        items=sum(quantities),
        total=round(total, 2),
    )


@lambda_handler
def handler(event: LambdaEvent[dict[str, Any]]) -> Result[OrderSummary, MissingField]:
    order = event.payload
    return (
        get(order, "id")
        .and_then(as_str)
        .ok_or_else(lambda: MissingField("the order has no string `id`"))
        .map(lambda order_id: summarize(order_id, order))
    )
