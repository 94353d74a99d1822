"""API Gateway proxy handlers for the HTTP front tests."""

from __future__ import annotations

import base64
import json
from typing import Any

PNG = bytes(range(256))


def echo(event: Any, context: Any) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Handler": "echo"},
        "body": json.dumps(event),
    }


def binary(event: Any, context: Any) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "image/png"},
        "body": base64.b64encode(PNG).decode(),
        "isBase64Encoded": True,
    }


def cookies(event: Any, context: Any) -> dict[str, Any]:
    return {
        "statusCode": 201,
        "cookies": ["session=abc; Path=/; HttpOnly", "theme=dark"],
        "headers": {"X-Seen-Cookies": ",".join(event.get("cookies", []))},
        "body": "",
    }


def multi(event: Any, context: Any) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "text/plain"},
        "multiValueHeaders": {"X-Multi": ["a", "b"], "Set-Cookie": ["one=1", "two=2"]},
        "body": json.dumps(
            {
                "httpMethod": event["httpMethod"],
                "path": event["path"],
                "query": event["multiValueQueryStringParameters"],
                "body": event["body"],
            }
        ),
    }


def plain(event: Any, context: Any) -> Any:
    return {"hello": "world"}


def text(event: Any, context: Any) -> Any:
    return "hello from lambda"


def fail(event: Any, context: Any) -> Any:
    raise RuntimeError("the handler failed")


def malformed(event: Any, context: Any) -> Any:
    return {"statusCode": "not a status"}
