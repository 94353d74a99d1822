"""Request: every event shape parsed into the same Request."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from http_helpers import load
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from ferrolambda import Err, Nothing, Ok, Some
from ferrolambda.context import Context
from ferrolambda.handler import InvalidEvent
from ferrolambda.http import (
    Headers,
    HttpError,
    MultiDict,
    Request,
    UnsupportedEvent,
    detect,
    to_request,
)

SOURCES = {
    "apigw-v1": "apigw-v1",
    "apigw-v2": "apigw-v2",
    "alb": "alb",
    "alb-multi": "alb",
    "function-url": "function-url",
}


def parse(event: Any, context: Context) -> Request:
    return to_request(event, context).unwrap()


class Order(BaseModel):
    sku: str = Field(min_length=1)
    qty: int = Field(gt=0)


# detection


def test_each_fixture_is_detected_as_its_source(kind: str) -> None:
    assert detect(load(kind)) == SOURCES[kind]


def test_function_url_is_told_from_http_api_by_domain() -> None:
    event = load("function-url")
    event["requestContext"]["domainName"] = "abc.execute-api.eu-west-1.amazonaws.com"
    assert detect(event) == "apigw-v2"


def test_alb_wins_over_httpmethod() -> None:
    event = load("alb")
    assert "httpMethod" in event
    assert detect(event) == "alb"


@pytest.mark.parametrize(
    "event",
    [
        {"Records": []},
        {"httpMethod": "GET", "path": "/"},  # no requestContext
        {"version": "2.0", "requestContext": {"stage": "$default"}},  # no http
        [1, 2],
        "GET /",
        None,
    ],
)
def test_unknown_shapes_are_not_detected(event: object, context: Context) -> None:
    assert detect(event) is None
    outcome = to_request(event, context)
    assert isinstance(outcome, Err)
    error = outcome.error
    assert isinstance(error, UnsupportedEvent)
    assert error.error_type == "UnsupportedEvent"
    assert "API Gateway REST (v1) or HTTP API (v2)" in str(error)
    assert "Function URL" in str(error)


def test_unsupported_event_message_names_the_keys(context: Context) -> None:
    outcome = to_request({"Records": [], "foo": 1}, context)
    assert isinstance(outcome, Err)
    assert "[Records, foo]" in str(outcome.error)


def test_a_known_shape_with_a_bad_field_is_invalid_event(context: Context) -> None:
    event = load("apigw-v1")
    event["httpMethod"] = None
    outcome = to_request(event, context)
    assert isinstance(outcome, Err)
    assert isinstance(outcome.error, InvalidEvent)
    assert "malformed apigw-v1 event" in str(outcome.error)
    v2 = load("apigw-v2")
    del v2["requestContext"]["http"]["method"]
    outcome = to_request(v2, context)
    assert isinstance(outcome, Err)
    assert "missing field 'method'" in str(outcome.error)


# method, path, source, context


def test_method_path_source_and_context(kind: str, context: Context) -> None:
    request = parse(load(kind), context)
    assert request.method == "POST"
    assert request.path == "/orders/42"
    assert request.source == SOURCES[kind]
    assert request.context is context
    assert request.event["body"] is not None
    assert isinstance(request.request_context, dict)


def test_v1_path_has_no_stage(context: Context) -> None:
    event = load("apigw-v1")
    assert event["requestContext"]["path"] == "/prod/orders/42"
    assert parse(event, context).path == "/orders/42"


@pytest.mark.parametrize(
    ("raw_path", "expected"),
    [("/prod/orders/42", "/orders/42"), ("/prod", "/"), ("/production/x", "/production/x")],
)
def test_v2_named_stage_is_removed_from_raw_path(
    raw_path: str, expected: str, context: Context
) -> None:
    event = load("apigw-v2")
    event["requestContext"]["stage"] = "prod"
    event["rawPath"] = raw_path
    assert parse(event, context).path == expected


def test_function_url_keeps_raw_path(context: Context) -> None:
    event = load("function-url")
    event["rawPath"] = "/$default/x"
    assert parse(event, context).path == "/$default/x"


def test_method_is_upper_case(context: Context) -> None:
    event = load("apigw-v2")
    event["requestContext"]["http"]["method"] = "patch"
    assert parse(event, context).method == "PATCH"


# headers


def test_headers_are_case_insensitive(kind: str, context: Context) -> None:
    headers = parse(load(kind), context).headers
    assert headers.first("Content-Type") == Some("application/json")
    assert headers.first("CONTENT-TYPE") == Some("application/json")
    assert headers["content-type"] == "application/json"
    assert "User-Agent" in headers
    assert headers.first("x-missing") == Nothing()
    assert headers.all("x-missing") == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("apigw-v1", ["first", "second"]),  # multiValueHeaders preferred over headers
        ("alb-multi", ["first", "second"]),
        ("alb", ["second"]),  # single-value target group: the last value only
        ("apigw-v2", ["first,second"]),  # HTTP API joins repeated headers with commas
    ],
)
def test_repeated_headers(kind: str, expected: list[str], context: Context) -> None:
    headers = parse(load(kind), context).headers
    assert headers.all("X-Custom") == expected
    assert headers.first("x-custom") == Some(expected[0])


def test_headers_only_event_without_multi_value(context: Context) -> None:
    event = load("apigw-v1")
    del event["multiValueHeaders"]
    assert parse(event, context).headers.all("x-custom") == ["second"]


def test_null_header_maps_are_empty(context: Context) -> None:
    event = load("apigw-v1")
    event["multiValueHeaders"] = None
    event["headers"] = None
    event["multiValueQueryStringParameters"] = None
    event["queryStringParameters"] = None
    event["pathParameters"] = None
    event["stageVariables"] = None
    request = parse(event, context)
    assert len(request.headers) == 0
    assert len(request.query) == 0
    assert request.path_params == {}
    assert request.stage_variables == {}


# query


@pytest.mark.parametrize("kind", ["apigw-v1", "apigw-v2", "alb-multi", "function-url"])
def test_query_is_multi_valued(kind: str, context: Context) -> None:
    query = parse(load(kind), context).query
    assert query.all("tag") == ["red", "blue"]
    assert query.first("tag") == Some("red")
    assert query.first("limit").map(int) == Ok(10).ok()
    assert query.first("missing").unwrap_or("default") == "default"


def test_query_of_single_value_alb(context: Context) -> None:
    query = parse(load("alb"), context).query
    assert query.all("tag") == ["blue"]


@pytest.mark.parametrize("kind", ["apigw-v2", "alb", "alb-multi"])
def test_query_values_are_decoded(kind: str, context: Context) -> None:
    # v2 from rawQueryString, ALB because the load balancer passes them undecoded
    assert parse(load(kind), context).query.first("q") == Some("hello world")


def test_v2_query_from_raw_query_string_edge_cases(context: Context) -> None:
    event = load("apigw-v2")
    event["rawQueryString"] = "a=1&flag&b=x%26y&c=1%2B1&d=a+b&&e="
    query = parse(event, context).query
    assert query.to_dict() == {
        "a": ["1"],
        "flag": [""],
        "b": ["x&y"],
        "c": ["1+1"],
        "d": ["a b"],
        "e": [""],
    }


def test_v2_without_raw_query_string_uses_the_parameters(context: Context) -> None:
    event = load("apigw-v2")
    del event["rawQueryString"]
    assert parse(event, context).query.first("limit") == Some("10")


def test_query_is_case_sensitive(context: Context) -> None:
    query = parse(load("apigw-v2"), context).query
    assert query.first("TAG") == Nothing()


# cookies, path parameters, stage variables


def test_cookies(kind: str, context: Context) -> None:
    cookies = parse(load(kind), context).cookies
    assert cookies.first("session") == Some("abc123")
    assert cookies.first("theme") == Some("dark")
    assert cookies.first("Session") == Nothing()


def test_cookie_header_parsing() -> None:
    request = Request(headers={"Cookie": ['a=1; b="quoted value"; junk; =x', "c=3"]})
    assert request.cookies.to_dict() == {"a": ["1"], "b": ["quoted value"], "c": ["3"]}


def test_v2_cookie_header_used_without_cookies_array(context: Context) -> None:
    event = load("apigw-v2")
    del event["cookies"]
    event["headers"]["cookie"] = "session=from-header"
    assert parse(event, context).cookies.first("session") == Some("from-header")


def test_path_parameters_and_stage_variables(context: Context) -> None:
    for kind in ("apigw-v1", "apigw-v2"):
        request = parse(load(kind), context)
        assert request.path_params == {"id": "42"}
        assert request.stage_variables == {"tableName": "orders-prod"}
    for kind in ("alb", "function-url"):
        request = parse(load(kind), context)
        assert request.path_params == {}
        assert request.stage_variables == {}


# body


def test_body_is_bytes_and_base64_is_decoded(kind: str, context: Context) -> None:
    request = parse(load(kind), context)
    assert request.body == b'{"sku": "KB-101", "qty": 2}'
    assert request.text() == '{"sku": "KB-101", "qty": 2}'


def test_binary_body_round_trips(context: Context) -> None:
    data = bytes(range(256))
    event = load("apigw-v2")
    event["body"] = base64.b64encode(data).decode()
    event["isBase64Encoded"] = True
    assert parse(event, context).body == data


def test_missing_or_null_body_is_empty(context: Context) -> None:
    event = load("apigw-v2")
    del event["body"]
    assert parse(event, context).body == b""
    v1 = load("apigw-v1")
    v1["body"] = None
    assert parse(v1, context).body == b""


def test_text_uses_the_charset() -> None:
    body = "café".encode("latin-1")
    request = Request(body=body, headers={"content-type": "text/plain; charset=latin-1"})
    assert request.text() == "café"
    assert Request(body=body).text() == "caf\ufffd"
    unknown = Request(body=b"ok", headers={"content-type": "text/plain; charset=nope"})
    assert unknown.text() == "ok"


def test_malformed_base64_is_an_invalid_event(context: Context) -> None:
    event = load("apigw-v2")
    event["body"] = "abc"
    event["isBase64Encoded"] = True
    outcome = to_request(event, context)
    assert isinstance(outcome, Err)
    assert isinstance(outcome.error, InvalidEvent)


# json() and payload()


def test_json(kind: str, context: Context) -> None:
    assert parse(load(kind), context).json() == Ok({"sku": "KB-101", "qty": 2})


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"", "the request body is empty; expected JSON"),
        (b"  \n", "the request body is empty; expected JSON"),
        (b'{"sku": ', "the request body is not valid JSON: Expecting value (line 1, column 9)"),
        (b"\xff\xfe\x00", "the request body is not valid UTF-8 JSON"),
    ],
)
def test_json_errors_are_400(body: bytes, detail: str) -> None:
    outcome = Request(body=body).json()
    assert isinstance(outcome, Err)
    error = outcome.error
    assert error.status == 400
    assert error.problem() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": detail,
    }


def test_payload_validates_a_model(kind: str, context: Context) -> None:
    assert parse(load(kind), context).payload(Order) == Ok(Order(sku="KB-101", qty=2))


def test_payload_of_other_types() -> None:
    assert Request(body=b"[1, 2]").payload(list[int]) == Ok([1, 2])
    assert Request(body=b'{"a": 1}').payload(dict[str, int]) == Ok({"a": 1})


def test_payload_malformed_json_is_400() -> None:
    outcome = Request(body=b'{"sku": "x", ').payload(Order)
    assert isinstance(outcome, Err)
    assert outcome.error.status == 400
    assert outcome.error.problem()["detail"].startswith("the request body is not valid JSON")
    empty = Request(body=b"").payload(Order)
    assert isinstance(empty, Err)
    assert empty.error.status == 400


def test_payload_invalid_fields_are_422_with_errors() -> None:
    body = json.dumps({"sku": "", "qty": "secret-value"}).encode()
    outcome = Request(body=body).payload(Order)
    assert isinstance(outcome, Err)
    error = outcome.error
    assert error.status == 422
    problem = error.problem()
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "the request body has 2 invalid fields"
    assert problem["errors"] == [
        {
            "detail": "String should have at least 1 character",
            "pointer": "#/sku",
            "field": "sku",
        },
        {
            "detail": "Input should be a valid integer, unable to parse string as an integer",
            "pointer": "#/qty",
            "field": "qty",
        },
    ]
    assert "secret-value" not in json.dumps(problem)  # the input is never echoed


def test_payload_nested_pointer_and_missing_field() -> None:
    outcome = Request(body=b'[{"sku": "a", "qty": 1}, {"sku": "b"}]').payload(list[Order])
    assert isinstance(outcome, Err)
    assert outcome.error.problem()["errors"] == [
        {"detail": "Field required", "pointer": "#/1/qty", "field": "1.qty"}
    ]
    assert outcome.error.problem()["detail"] == "the request body has 1 invalid field"


def test_payload_error_is_an_http_error() -> None:
    outcome = Request(body=b"{}").payload(Order)
    assert isinstance(outcome, Err)
    assert isinstance(outcome.error, HttpError)
    assert outcome.error.error_type == "UnprocessableContent"


# Request built by hand and the multi-valued mappings


def test_request_defaults() -> None:
    request = Request()
    assert (request.method, request.path, request.body, request.source) == (
        "GET",
        "/",
        b"",
        "apigw-v2",
    )
    assert request.context.aws_request_id == "local"
    assert request.context.get_remaining_time_in_millis() > 0
    assert repr(request) == "Request(GET /, source='apigw-v2')"
    assert Request(body="é").body == "é".encode()


def test_multidict_mapping_behaviour() -> None:
    query = MultiDict([("a", "1"), ("a", "2"), ("b", "3")])
    assert dict(query) == {"a": "1", "b": "3"}
    assert list(query) == ["a", "b"]
    assert len(query) == 2
    assert list(query.multi_items()) == [("a", "1"), ("a", "2"), ("b", "3")]
    query["a"] = "9"
    assert query.all("a") == ["9"]
    query.add("c", "4")
    del query["b"]
    assert query.to_dict() == {"a": ["9"], "c": ["4"]}
    with pytest.raises(KeyError):
        query["missing"]
    assert query == {"a": "9", "c": "4"}
    assert query == MultiDict({"a": "9", "c": ["4"]})
    assert query != Headers({"a": "9", "c": ["4"]})
    copied = query.copy()
    copied.add("a", "10")
    assert query.all("a") == ["9"]
    assert repr(query) == "MultiDict({'a': ['9'], 'c': ['4']})"
    assert 1 not in query  # type: ignore[comparison-overlap]


def test_headers_keep_lower_case_names() -> None:
    headers = Headers({"Content-Type": "text/plain", "X-A": ["1", "2"]})
    assert list(headers) == ["content-type", "x-a"]
    headers.set("X-A", "3")
    assert headers.all("x-a") == ["3"]
    assert isinstance(headers.copy(), Headers)
    assert Headers(headers) == headers


# property: whatever the integration, the body and query a client sent come back unchanged

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    version=st.sampled_from(["1.0", "2.0", "alb", "url"]),
    body=st.binary(max_size=64),
    query=st.dictionaries(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8),
        st.lists(_text, min_size=1, max_size=3),
        max_size=4,
    ),
    multi_value=st.booleans(),
)
def test_body_and_query_survive_every_integration(
    version: Any, body: bytes, query: dict[str, list[str]], multi_value: bool
) -> None:
    from ferrolambda.testing import http_event, make_context

    event = http_event(
        "PUT", "/x", version=version, body=body, query=query, multi_value=multi_value
    )
    request = to_request(json.loads(json.dumps(event)), make_context()).unwrap()
    assert request.body == body
    for name, values in query.items():
        if version == "alb" and not multi_value:
            assert request.query.all(name) == values[-1:]  # single-value: the last one
        else:
            assert request.query.all(name) == values
