"""API Gateway REST (1.0) and HTTP (2.0) requests and the responses returned for them."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from ferrolambda.events.apigateway import (
    ApiGatewayProxyEvent,
    ApiGatewayProxyResponse,
    ApiGatewayV2HttpEvent,
    ApiGatewayV2HttpResponse,
)

Load = Callable[[str], dict[str, Any]]


def test_rest_request(load_event: Load) -> None:
    event = ApiGatewayProxyEvent.model_validate(load_event("apigateway_rest.json"))
    assert event.http_method == "GET"
    assert event.path == "/orders/ord-7781"
    assert event.resource == "/orders/{orderId}"
    assert event.path_parameters == {"orderId": "ord-7781"}
    assert event.multi_value_query_string_parameters == {"expand": ["lines", "items"]}
    assert event.body is None
    context = event.request_context
    assert context.stage == "prod"
    assert context.request_time_epoch == 1714040525123
    assert context.authorizer is not None
    assert context.authorizer["claims"]["email"] == "dana@example.com"
    assert context.identity.source_ip == "203.0.113.9"
    assert context.identity.client_cert is not None
    assert context.identity.client_cert.subject_dn == "CN=partner.example.com,O=Example Partner"


def test_http_request(load_event: Load) -> None:
    event = ApiGatewayV2HttpEvent.model_validate(load_event("apigateway_http.json"))
    assert event.route_key == "POST /orders"
    assert event.raw_path == "/orders"
    assert event.cookies == ["session=s3cr3t-session-id", "theme=dark"]
    assert event.query_string_parameters == {"dry_run": "true", "tag": "a,b"}
    assert event.is_base64_encoded
    assert event.body is not None
    assert json.loads(base64.b64decode(event.body))["order_id"] == "ord-7781"
    context = event.request_context
    assert context.http.method == "POST"
    assert context.http.source_ip == "198.51.100.23"
    assert context.authorizer is not None
    assert context.authorizer.jwt is not None
    assert context.authorizer.jwt.scopes == ["orders/write"]
    assert context.authorizer.jwt.claims["exp"] == 1714044125
    assert context.authentication is not None
    assert context.authentication.client_cert is not None


def test_http_request_with_lambda_authorizer(load_event: Load) -> None:
    event = ApiGatewayV2HttpEvent.model_validate(
        load_event("apigateway_http_lambda_authorizer.json")
    )
    assert event.body is None
    assert event.cookies is None
    assert event.request_context.authorizer is not None
    assert event.request_context.authorizer.lambda_ == {
        "tenant": "acme",
        "plan": "pro",
        "userId": 1042,
    }
    assert event.request_context.authorizer.jwt is None


def test_rest_response_has_the_aws_shape() -> None:
    response = ApiGatewayProxyResponse(
        status_code=201,
        headers={"Content-Type": "application/json"},
        multi_value_headers={"Set-Cookie": ["a=1", "b=2"]},
        body='{"ok":true}',
    )
    assert response.model_dump(mode="json", by_alias=True) == {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": '{"ok":true}',
        "isBase64Encoded": False,
    }
    assert json.loads(ApiGatewayProxyResponse(status_code=204).model_dump_json(by_alias=True)) == {
        "statusCode": 204,
        "isBase64Encoded": False,
    }


def test_http_response_has_the_aws_shape() -> None:
    response = ApiGatewayV2HttpResponse(
        status_code=200,
        cookies=["session=abc; Secure; HttpOnly"],
        body=base64.b64encode(b"\x89PNG").decode(),
        is_base64_encoded=True,
        headers={"content-type": "image/png"},
    )
    assert response.model_dump(mode="json", by_alias=True) == {
        "statusCode": 200,
        "headers": {"content-type": "image/png"},
        "cookies": ["session=abc; Secure; HttpOnly"],
        "body": "iVBORw==",
        "isBase64Encoded": True,
    }
