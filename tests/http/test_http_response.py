"""Response: constructors, body encoding, and the response object shaped for each integration."""

from __future__ import annotations

import base64
import dataclasses
import json
from http import HTTPStatus
from typing import Any

import pytest
from http_helpers import load
from pydantic import BaseModel, Field

from ferrolambda.context import Context
from ferrolambda.http import Response, is_text_type, to_event_response, to_request


class Order(BaseModel):
    order_id: str = Field(alias="orderId")
    qty: int


@dataclasses.dataclass
class Point:
    x: int
    y: int


def shaped(kind: str, response: Response, context: Context) -> dict[str, Any]:
    request = to_request(load(kind), context).unwrap()
    return to_event_response(response, request)


# constructors


def test_json_response() -> None:
    response = Response.json({"a": [1, "é"]}, status=201, headers={"x-id": "7"})
    assert response.status == 201
    assert response.body == '{"a":[1,"é"]}'.encode()
    assert response.content_type == "application/json"
    assert response.headers.first("x-id").unwrap() == "7"


def test_json_of_models_and_dataclasses_uses_aliases() -> None:
    assert Response.json(Order(orderId="o-1", qty=2)).body == b'{"orderId":"o-1","qty":2}'
    assert Response.json([Point(1, 2)]).body == b'[{"x":1,"y":2}]'


def test_text_html_binary() -> None:
    assert Response.text("hi").content_type == "text/plain; charset=utf-8"
    assert Response.html("<p>").content_type == "text/html; charset=utf-8"
    png = Response.binary(b"\x89PNG", "image/png")
    assert (png.content_type, png.body) == ("image/png", b"\x89PNG")
    assert Response.binary(b"x").content_type == "application/octet-stream"


def test_plain_constructor_defaults() -> None:
    assert Response("hi").content_type == "text/plain; charset=utf-8"
    assert Response(b"\x00").content_type == "application/octet-stream"
    assert Response().content_type is None
    assert Response(b"x", headers={"Content-Type": "text/csv"}).content_type == "text/csv"
    assert Response("x", content_type="text/csv").content_type == "text/csv"
    assert Response(status=HTTPStatus.CREATED).status == 201


@pytest.mark.parametrize("status", [99, 600, True, "200", 200.0])
def test_bad_status(status: Any) -> None:
    with pytest.raises(ValueError, match="an HTTP status code"):
        Response(status=status)


def test_redirect_and_no_content() -> None:
    redirect = Response.redirect("https://example.com/next", status=303)
    assert redirect.status == 303
    assert redirect.headers.first("Location").unwrap() == "https://example.com/next"
    assert Response.redirect("/x").status == 302
    with pytest.raises(ValueError, match="redirect status"):
        Response.redirect("/x", status=200)
    empty = Response.no_content()
    assert (empty.status, empty.body, empty.content_type) == (204, b"", None)


@pytest.mark.parametrize(
    ("value", "status", "content_type", "body"),
    [
        ({"a": 1}, 200, "application/json", b'{"a":1}'),
        ([1, 2], 200, "application/json", b"[1,2]"),
        ("hello", 200, "text/plain; charset=utf-8", b"hello"),
        (b"\x00\x01", 200, "application/octet-stream", b"\x00\x01"),
        (None, 204, None, b""),
        (7, 200, "application/json", b"7"),
        (Order(orderId="o", qty=1), 200, "application/json", b'{"orderId":"o","qty":1}'),
    ],
)
def test_from_value(value: object, status: int, content_type: str | None, body: bytes) -> None:
    response = Response.from_value(value)
    assert (response.status, response.content_type, response.body) == (status, content_type, body)


def test_from_value_keeps_a_response() -> None:
    response = Response.text("x", status=202)
    assert Response.from_value(response) is response


def test_cookies() -> None:
    response = (
        Response.text("ok")
        .set_cookie("session", "abc")
        .set_cookie(
            "pref",
            "1",
            max_age=60,
            expires="Wed, 21 Oct 2026 07:28:00 GMT",
            path=None,
            domain="example.com",
            secure=False,
            http_only=False,
            same_site=None,
        )
    )
    response.delete_cookie("old")
    assert response.cookies == [
        "session=abc; Path=/; Secure; HttpOnly; SameSite=Lax",
        "pref=1; Max-Age=60; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Domain=example.com",
        "old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax",
    ]
    with pytest.raises(ValueError, match="invalid cookie name"):
        response.set_cookie("a;b", "x")
    with pytest.raises(ValueError, match="invalid value"):
        response.set_cookie("a", "x;y")


# text or binary


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/html; charset=utf-8",
        "application/json",
        "Application/JSON",
        "application/problem+json",
        "application/vnd.api+json",
        "application/xml",
        "image/svg+xml",
        "application/javascript",
        "application/x-www-form-urlencoded",
        "application/yaml",
        "application/octet-stream; charset=utf-8",
    ],
)
def test_text_types(content_type: str) -> None:
    assert is_text_type(content_type)


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "application/octet-stream", "application/pdf", "application/zip", "audio/mpeg"],
)
def test_binary_types(content_type: str) -> None:
    assert not is_text_type(content_type)


def test_encoded_body() -> None:
    assert Response.json({"a": 1}).encoded_body() == ('{"a":1}', False)
    data = bytes(range(256))
    assert Response.binary(data, "image/png").encoded_body() == (
        base64.b64encode(data).decode(),
        True,
    )
    # text by type but not UTF-8: base64 keeps the bytes
    latin = Response(b"caf\xe9", content_type="text/plain; charset=latin-1")
    assert latin.encoded_body() == (base64.b64encode(b"caf\xe9").decode(), True)
    assert Response().encoded_body() == ("", False)
    # binary type, even when the bytes happen to be UTF-8
    assert Response.binary(b"abc", "image/png").encoded_body() == ("YWJj", True)
    untyped = Response(b"abc")
    del untyped.headers["content-type"]
    assert untyped.encoded_body() == ("abc", False)


def test_repr() -> None:
    assert repr(Response.text("x")) == (
        "Response(status=200, headers={'content-type': ['text/plain; charset=utf-8']}, "
        "cookies=[], body=b'x')"
    )


# shaping per integration


def test_v2_and_function_url_shape(context: Context) -> None:
    response = Response.json({"ok": True}, headers={"X-A": ["1", "2"]})
    response.set_cookie("a", "1").set_cookie("b", "2")
    response.headers.add("Set-Cookie", "c=3")
    for kind in ("apigw-v2", "function-url"):
        assert shaped(kind, response, context) == {
            "statusCode": 200,
            "headers": {"content-type": "application/json", "x-a": "1, 2"},
            "cookies": [
                "a=1; Path=/; Secure; HttpOnly; SameSite=Lax",
                "b=2; Path=/; Secure; HttpOnly; SameSite=Lax",
                "c=3",
            ],
            "body": '{"ok":true}',
            "isBase64Encoded": False,
        }


def test_v2_without_cookies_has_no_cookies_key(context: Context) -> None:
    result = shaped("apigw-v2", Response.no_content(), context)
    assert result == {"statusCode": 204, "headers": {}, "body": "", "isBase64Encoded": False}


def test_v1_uses_multi_value_headers_when_the_request_did(context: Context) -> None:
    response = Response.text("hi", status=201, headers={"X-A": ["1", "2"]}).set_cookie("a", "1")
    assert shaped("apigw-v1", response, context) == {
        "statusCode": 201,
        "multiValueHeaders": {
            "content-type": ["text/plain; charset=utf-8"],
            "x-a": ["1", "2"],
            "set-cookie": ["a=1; Path=/; Secure; HttpOnly; SameSite=Lax"],
        },
        "body": "hi",
        "isBase64Encoded": False,
    }


def test_v1_without_multi_value_request_headers(context: Context) -> None:
    event = load("apigw-v1")
    del event["multiValueHeaders"]
    request = to_request(event, context).unwrap()
    response = Response.text("hi", headers={"X-A": ["1", "2"]}).set_cookie("a", "1")
    assert to_event_response(response, request) == {
        "statusCode": 200,
        "headers": {
            "content-type": "text/plain; charset=utf-8",
            "set-cookie": "a=1; Path=/; Secure; HttpOnly; SameSite=Lax",
        },
        "multiValueHeaders": {"x-a": ["1", "2"]},
        "body": "hi",
        "isBase64Encoded": False,
    }


def test_alb_single_value_shape(context: Context) -> None:
    response = Response.json({}, status=404, headers={"X-A": ["1", "2"]})
    response.set_cookie("a", "1", secure=False, http_only=False, same_site=None, path=None)
    response.set_cookie("b", "2", secure=False, http_only=False, same_site=None, path=None)
    response.set_cookie("c", "3", secure=False, http_only=False, same_site=None, path=None)
    assert shaped("alb", response, context) == {
        "statusCode": 404,
        "statusDescription": "404 Not Found",
        "headers": {
            "content-type": "application/json",
            "x-a": "1, 2",
            # one header per cookie: ALB forwards names that differ in case
            "set-cookie": "a=1",
            "Set-cookie": "b=2",
            "sEt-cookie": "c=3",
        },
        "body": "{}",
        "isBase64Encoded": False,
    }


def test_alb_multi_value_shape(context: Context) -> None:
    response = Response.binary(b"\x89PNG", "image/png").set_cookie("a", "1")
    assert shaped("alb-multi", response, context) == {
        "statusCode": 200,
        "statusDescription": "200 OK",
        "multiValueHeaders": {
            "content-type": ["image/png"],
            "set-cookie": ["a=1; Path=/; Secure; HttpOnly; SameSite=Lax"],
        },
        "body": base64.b64encode(b"\x89PNG").decode(),
        "isBase64Encoded": True,
    }


@pytest.mark.parametrize(
    ("status", "description"),
    [(201, "201 Created"), (422, "422 Unprocessable Content"), (299, "299 Success")],
)
def test_alb_status_description(status: int, description: str, context: Context) -> None:
    assert shaped("alb", Response(status=status), context)["statusDescription"] == description


def test_binary_body_shape_for_every_integration(kind: str, context: Context) -> None:
    data = bytes(range(256))
    result = shaped(kind, Response.binary(data, "application/pdf"), context)
    assert result["isBase64Encoded"] is True
    assert base64.b64decode(result["body"]) == data
    json.dumps(result)  # JSON-ready
