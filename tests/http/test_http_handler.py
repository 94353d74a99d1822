"""@http_handler end to end, through the managed-runtime call and `invoke_raw`."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from http_helpers import Runner, header, load, problem, with_request
from pydantic import BaseModel, Field

from ferrolambda import Err, Ok, Result
from ferrolambda.context import Context
from ferrolambda.handler import InvalidEvent, LambdaHandler
from ferrolambda.http import HttpError, Request, Response, UnsupportedEvent, http_handler


class Order(BaseModel):
    sku: str = Field(min_length=1)
    qty: int = Field(gt=0)


@http_handler
def echo(request: Request) -> Result[Response, HttpError]:
    return Ok(
        Response.json(
            {
                "method": request.method,
                "path": request.path,
                "source": request.source,
                "tags": request.query.all("tag"),
                "session": request.cookies.first("session").unwrap_or(None),
                "agent": request.headers.first("USER-AGENT").unwrap_or(None),
                "request_id": request.context.aws_request_id,
            }
        )
    )


@http_handler
def create_order(request: Request) -> Result[Response, HttpError]:
    match request.payload(Order):
        case Ok(order):
            return Ok(Response.json(order, status=201))
        case Err(error):
            return Err(error)


@http_handler
async def async_create_order(request: Request) -> Result[Order, HttpError]:
    return request.payload(Order)


def test_is_a_lambda_handler() -> None:
    assert isinstance(echo, LambdaHandler)
    assert echo.__name__ == "echo"
    assert echo.__wrapped__ is not None


def test_every_source(kind: str, run: Runner, context: Context) -> None:
    response = run(echo, load(kind))
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    assert body == {
        "method": "POST",
        "path": "/orders/42",
        "source": {"alb-multi": "alb"}.get(kind, kind),
        "tags": {"alb": ["blue"]}.get(kind, ["red", "blue"]),
        "session": "abc123",
        "agent": "python-httpx/0.28.1",
        "request_id": context.aws_request_id,
    }
    assert header(response, "content-type") == ["application/json"]
    if kind.startswith("alb"):
        assert response["statusDescription"] == "200 OK"


def test_payload_ok(kind: str, run: Runner) -> None:
    response = run(create_order, load(kind))
    assert response["statusCode"] == 201
    assert json.loads(response["body"]) == {"sku": "KB-101", "qty": 2}


def test_async_handler(kind: str, run: Runner) -> None:
    response = run(async_create_order, load(kind))
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"sku": "KB-101", "qty": 2}


def test_malformed_json_is_400(run: Runner) -> None:
    event = load("apigw-v2")
    event["body"] = '{"sku": "KB-101", "qty": '
    response = run(create_order, event)
    assert response["statusCode"] == 400
    body = problem(response)
    assert body["title"] == "Bad Request"
    assert body["detail"].startswith("the request body is not valid JSON")


def test_invalid_fields_are_422(kind: str, run: Runner) -> None:
    event = load(kind)
    event["body"] = json.dumps({"sku": "KB-101", "qty": 0})
    event["isBase64Encoded"] = False
    response = run(async_create_order, event)
    assert response["statusCode"] == 422
    assert problem(response) == {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": "the request body has 1 invalid field",
        "errors": [
            {"detail": "Input should be greater than 0", "pointer": "#/qty", "field": "qty"}
        ],
    }


@pytest.mark.parametrize(
    ("value", "status", "content_type", "body"),
    [
        ("hello", 200, "text/plain; charset=utf-8", "hello"),
        ({"a": 1}, 200, "application/json", '{"a":1}'),
        ([1], 200, "application/json", "[1]"),
        (Order(sku="x", qty=1), 200, "application/json", '{"sku":"x","qty":1}'),
        (None, 204, None, ""),
    ],
)
def test_ok_values(
    value: Any, status: int, content_type: str | None, body: str, run: Runner
) -> None:
    @http_handler
    def handler(request: Request) -> Result[Any, HttpError]:
        return Ok(value)

    response = run(handler, load("apigw-v2"))
    assert response["statusCode"] == status
    assert response["body"] == body
    assert header(response, "content-type") == ([content_type] if content_type else [])


def test_binary_ok_value_is_base64(run: Runner) -> None:
    @http_handler
    def handler(request: Request) -> Result[bytes, HttpError]:
        return Ok(b"\x00\xff")

    response = run(handler, load("function-url"))
    assert response["isBase64Encoded"] is True
    assert response["body"] == "AP8="


def test_http_error_becomes_problem(kind: str, run: Runner) -> None:
    @http_handler
    def handler(request: Request) -> Result[Response, HttpError]:
        return Err(HttpError.not_found("no order 42", order_id="42"))

    response = run(handler, load(kind))
    assert response["statusCode"] == 404
    assert problem(response) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "no order 42",
        "order_id": "42",
    }


def test_error_headers_reach_the_response(run: Runner) -> None:
    @http_handler
    def handler(request: Request) -> Result[Response, HttpError]:
        return Err(HttpError.too_many_requests("slow down", retry_after=10))

    response = run(handler, load("apigw-v1"))
    assert response["statusCode"] == 429
    assert header(response, "retry-after") == ["10"]


def test_unexpected_exception_is_a_generic_500(
    kind: str, run: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    @http_handler
    def handler(request: Request) -> Result[Response, HttpError]:
        raise RuntimeError("database password is hunter2")

    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = run(handler, load(kind))
    assert response["statusCode"] == 500
    assert problem(response) == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
    }
    assert "hunter2" not in json.dumps(response)
    assert "Traceback" not in json.dumps(response)
    records = [r for r in caplog.records if r.name == "ferrolambda.http"]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert "hunter2" in caplog.text  # the trace is in the log
    assert "Traceback" in caplog.text


def test_async_unexpected_exception_is_a_500(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    @http_handler
    async def handler(request: Request) -> Result[Response, HttpError]:
        raise KeyError("secret")

    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = run(handler, load("apigw-v2"))
    assert response["statusCode"] == 500
    assert "secret" not in response["body"]
    assert "KeyError" in caplog.text


def test_non_http_err_is_a_logged_500(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    class OutOfStock(Exception):
        error_type = "OutOfStock"

    @http_handler
    def handler(request: Request) -> Result[Response, OutOfStock]:
        return Err(OutOfStock("sku KB-101"))

    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = run(handler, load("apigw-v2"))
    assert response["statusCode"] == 500
    assert "KB-101" not in response["body"]
    assert "OutOfStock" in caplog.text


def test_non_result_return_is_a_logged_500(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    @http_handler
    def handler(request: Request) -> Any:
        return Response.text("forgot Ok")

    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = run(handler, load("apigw-v2"))
    assert response["statusCode"] == 500
    assert "InvalidResult" in caplog.text


def test_unserializable_ok_value_is_a_500(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    @http_handler
    def handler(request: Request) -> Result[object, HttpError]:
        return Ok(object())

    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = run(handler, load("apigw-v2"))
    assert response["statusCode"] == 500


@pytest.mark.parametrize("event", [{"Records": []}, {"key1": "value1"}, [1], "x"])
def test_unknown_event_is_a_lambda_error(event: Any, context: Context) -> None:
    body, error_type = echo.invoke_raw(json.dumps(event).encode(), context)
    assert error_type == "UnsupportedEvent"
    error = json.loads(body)
    assert error["errorType"] == "UnsupportedEvent"
    assert "expected an API Gateway REST (v1) or HTTP API (v2) proxy event" in error["errorMessage"]
    with pytest.raises(UnsupportedEvent, match="Function URL"):
        echo(event, context)  # the managed runtime reports the class name as errorType


def test_unknown_event_in_async_handler(context: Context) -> None:
    _, error_type = async_create_order.invoke_raw(b"{}", context)
    assert error_type == "UnsupportedEvent"


def test_malformed_known_event_is_invalid_event(context: Context) -> None:
    event = with_request(load("apigw-v1"), "GET", "/")
    event["httpMethod"] = 5
    _, error_type = echo.invoke_raw(json.dumps(event).encode(), context)
    assert error_type == "InvalidEvent"
    with pytest.raises(InvalidEvent, match="malformed apigw-v1 event"):
        echo(event, context)


def test_invalid_json_payload_is_invalid_event(context: Context) -> None:
    _, error_type = echo.invoke_raw(b"{not json", context)
    assert error_type == "InvalidEvent"


def test_managed_runtime_context_object_is_accepted() -> None:
    class ManagedContext:
        aws_request_id = "managed-1"
        invoked_function_arn = "arn:aws:lambda:eu-west-1:210987654321:function:orders"
        function_name = "orders"
        function_version = "$LATEST"
        memory_limit_in_mb = 256
        log_group_name = "/aws/lambda/orders"
        log_stream_name = "2024/06/04/[$LATEST]abc"

        def get_remaining_time_in_millis(self) -> int:
            return 5000

    response = echo(load("apigw-v2"), ManagedContext())
    assert json.loads(response["body"])["request_id"] == "managed-1"
