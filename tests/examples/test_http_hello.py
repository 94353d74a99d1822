"""examples/http_hello: `?name=` -> an HTML greeting, escaped, on an HTTP API (v2) event."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

import pytest
from example_support import event_json, invoke_event

from ferrolambda.testing import HttpVersion, http_event, invoke, make_context

EXAMPLE = "http_hello"
PAGE = (
    "<!doctype html>\n"
    "<html><head><title>Hello</title></head><body><h1>Hello, {}!</h1></body></html>\n"
)


@pytest.mark.parametrize(
    ("event", "greeted"),
    [
        ("hello.json", "Luciano"),
        ("hello_default.json", "world"),
        ("hello_two_names.json", "Ada"),  # the first of ?name=Ada&name=Grace
        ("hello_html_injection.json", "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;"),
    ],
)
def test_greets_in_html(load_example: Callable[..., ModuleType], event: str, greeted: str) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, event)
    assert answer.error_type is None
    assert answer.body["statusCode"] == 200
    assert answer.body["headers"]["content-type"] == "text/html; charset=utf-8"
    assert answer.body["isBase64Encoded"] is False
    assert answer.body["body"] == PAGE.format(greeted)
    assert "<script>" not in answer.body["body"]


def test_a_too_long_name_is_a_400_problem(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "hello_too_long.json")
    assert answer.error_type is None  # an HTTP error is still a successful invocation
    assert answer.body["statusCode"] == 400
    assert answer.body["headers"]["content-type"] == "application/problem+json"
    problem = json.loads(answer.body["body"])
    assert problem["status"] == 400
    assert problem["detail"] == "name is longer than 100 characters"


def test_managed_runtime_call(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, "hello.json"), make_context())
    assert answer["statusCode"] == 200
    assert "Hello, Luciano!" in answer["body"]


def test_an_event_that_is_not_http_is_an_error(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, "json_values", "order.json")
    assert answer.error_type is not None


@pytest.mark.parametrize("version", ["1.0", "2.0", "alb", "url"])
def test_every_http_integration_with_the_testing_helpers(
    load_example: Callable[..., ModuleType], version: HttpVersion
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke(
        module.handler, http_event("GET", "/hello?name=Ferris", version=version)
    ).unwrap()
    assert answer["statusCode"] == 200
    assert answer["body"] == PAGE.format("Ferris")
