"""examples/http_api: the router, payload validation (422) and the in-memory store."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from example_support import event_json, invoke_event, invoke_raw

from ferrolambda.testing import http_event, invoke, make_context

EXAMPLE = "http_api"


def response(module: ModuleType, event: str) -> tuple[int, dict[str, str], Any]:
    answer = invoke_event(module.handler, EXAMPLE, event)
    assert answer.error_type is None
    body = answer.body
    return body["statusCode"], body["headers"], json.loads(body["body"])


def test_get_an_order(load_example: Callable[..., ModuleType]) -> None:
    status, headers, order = response(load_example(EXAMPLE), "get_order.json")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert order == {"id": "1", "item": "Rust in Action", "quantity": 1}


def test_a_missing_order_is_a_404_problem(load_example: Callable[..., ModuleType]) -> None:
    status, headers, problem = response(load_example(EXAMPLE), "get_missing_order.json")
    assert status == 404
    assert headers["content-type"] == "application/problem+json"
    assert problem == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "no order 999",
    }


def test_create_then_get(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    status, headers, order = response(module, "create_order.json")
    assert status == 201
    assert headers["location"] == "/orders/2"
    assert order == {"id": "2", "item": "Rust in Action", "quantity": 2}

    get = event_json(EXAMPLE, "get_order.json")
    get["rawPath"] = get["requestContext"]["http"]["path"] = "/orders/2"
    fetched = invoke_raw(module.handler, json.dumps(get).encode())
    assert fetched.body["statusCode"] == 200
    assert json.loads(fetched.body["body"]) == order


def test_an_invalid_payload_is_a_422_listing_each_field(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    status, headers, problem = response(module, "create_order_invalid.json")
    assert status == 422
    assert headers["content-type"] == "application/problem+json"
    assert problem["status"] == 422
    assert sorted(error["field"] for error in problem["errors"]) == ["item", "quantity"]
    assert module.orders.keys() == {"1"}  # nothing stored


def test_a_body_that_is_not_json_is_a_400(load_example: Callable[..., ModuleType]) -> None:
    status, _, problem = response(load_example(EXAMPLE), "create_order_not_json.json")
    assert status == 400
    assert "not valid JSON" in problem["detail"]


def test_unknown_route_is_a_404(load_example: Callable[..., ModuleType]) -> None:
    status, _, problem = response(load_example(EXAMPLE), "unknown_route.json")
    assert status == 404
    assert problem["detail"] == "no route for /customers"


def test_other_method_is_a_405_with_allow(load_example: Callable[..., ModuleType]) -> None:
    status, headers, _ = response(load_example(EXAMPLE), "method_not_allowed.json")
    assert status == 405
    assert headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("event", ["get_order.json", "create_order.json"])
def test_managed_runtime_call(load_example: Callable[..., ModuleType], event: str) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, event), make_context())
    assert answer["statusCode"] in (200, 201)


def test_the_handler_is_the_router(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    assert module.handler is module.app


def test_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    created = invoke(
        module.handler, http_event("POST", "/orders", json={"item": "Ferris plush", "quantity": 3})
    ).unwrap()
    assert created["statusCode"] == 201
    location = created["headers"]["location"]
    fetched = invoke(module.handler, http_event("GET", location)).unwrap()
    assert json.loads(fetched["body"]) == {"id": "2", "item": "Ferris plush", "quantity": 3}

    invalid = invoke(
        module.handler, http_event("POST", "/orders", json={"item": "x", "quantity": 101})
    ).unwrap()
    assert invalid["statusCode"] == 422
    errors = json.loads(invalid["body"])["errors"]
    assert [(error["field"], error["pointer"]) for error in errors] == [("quantity", "#/quantity")]
