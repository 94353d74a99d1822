"""The HTTP front: an HTTP request as an API Gateway proxy event, the function's answer as HTTP.

Payload format 2.0 (HTTP API, the default) and 1.0 (REST API / HTTP API v1), as `sam local
start-api` does it: every path and method goes to the one function, through the route the request
matched (`_routes`), or without routes through `$default` (2.0) or `/{proxy+}` (1.0).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from ._routes import DEFAULT, RouteMatch
from ._supervisor import ACCOUNT_ID

HttpVersion = Literal["2.0", "1.0"]

API_ID = "local"
V1_STAGE = "Prod"
_TEXT_TYPES = ("json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "graphql", "csv")


@dataclass(frozen=True)
class HttpRequest:
    """What the HTTP front received."""

    method: str
    target: str
    """The request target as sent: path and query string."""
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str
    host: str
    protocol: str = "HTTP/1.1"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class BadFunctionResponse(ValueError):
    """The function's result cannot be turned into an HTTP response."""


def _is_text(content_type: str | None) -> bool:
    if content_type is None:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or any(word in kind for word in _TEXT_TYPES)


def _encode_body(request: HttpRequest) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    content_type = next(
        (value for name, value in request.headers if name.lower() == "content-type"), None
    )
    if _is_text(content_type):
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode("ascii"), True


def _times() -> tuple[str, int]:
    now = datetime.now(UTC)
    return now.strftime("%d/%b/%Y:%H:%M:%S +0000"), int(now.timestamp() * 1000)


def to_event(
    request: HttpRequest, version: HttpVersion, matched: RouteMatch | None = None
) -> dict[str, Any]:
    """Build the API Gateway proxy event for `request`, which took the route `matched`."""
    return _v2_event(request, matched) if version == "2.0" else _v1_event(request, matched)


def _v2_event(request: HttpRequest, matched: RouteMatch | None) -> dict[str, Any]:
    split = urlsplit(request.target)
    raw_path = split.path or "/"
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        lower = name.lower()
        if lower == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        headers[lower] = f"{headers[lower]},{value}" if lower in headers else value
    query: dict[str, str] = {}
    for name, value in parse_qsl(split.query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    request_time, epoch = _times()
    body, is_base64 = _encode_body(request)
    host = headers.get("host", request.host)
    route_key = matched.route.key if matched is not None else DEFAULT
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": split.query,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if query:
        event["queryStringParameters"] = query
    if matched is not None and matched.parameters:
        event["pathParameters"] = matched.parameters
    event["requestContext"] = {
        "accountId": ACCOUNT_ID,
        "apiId": API_ID,
        "domainName": host,
        "domainPrefix": host.split(".", 1)[0],
        "http": {
            "method": request.method,
            "path": unquote(raw_path),
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": uuid.uuid4().hex[:16] + "=",
        "routeKey": route_key,
        "stage": "$default",
        "time": request_time,
        "timeEpoch": epoch,
    }
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = is_base64
    return event


def _v1_event(request: HttpRequest, matched: RouteMatch | None) -> dict[str, Any]:
    split = urlsplit(request.target)
    path = unquote(split.path or "/")
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers:
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for name, value in parse_qsl(split.query, keep_blank_values=True):
        query[name] = value
        multi_query.setdefault(name, []).append(value)
    request_time, epoch = _times()
    body, is_base64 = _encode_body(request)
    host = next((v for n, v in request.headers if n.lower() == "host"), request.host)
    user_agent = next((v for n, v in request.headers if n.lower() == "user-agent"), None)
    if matched is None or matched.route.key == DEFAULT:
        resource = "/{proxy+}"
        proxy = path.lstrip("/")
        parameters = {"proxy": proxy} if proxy else None
    else:
        resource, parameters = matched.route.resource, matched.parameters or None
    return {
        "resource": resource,
        "path": path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": parameters,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": host,
            "domainPrefix": host.split(".", 1)[0],
            "extendedRequestId": uuid.uuid4().hex[:16] + "=",
            "httpMethod": request.method,
            "identity": {
                "accessKey": None,
                "accountId": None,
                "caller": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "principalOrgId": None,
                "sourceIp": request.source_ip,
                "user": None,
                "userAgent": user_agent,
                "userArn": None,
            },
            "path": f"/{V1_STAGE}{path}",
            "protocol": request.protocol,
            "requestId": str(uuid.uuid4()),
            "requestTime": request_time,
            "requestTimeEpoch": epoch,
            "resourceId": "proxy0",
            "resourcePath": resource,
            "stage": V1_STAGE,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def _header_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise BadFunctionResponse(f"header value {value!r} is not a string or number")


def to_response(result: bytes, version: HttpVersion) -> HttpResponse:
    """Turn the function's JSON result into the HTTP response API Gateway would send.

    Raises `BadFunctionResponse` where API Gateway answers 500 (v2) or 502 (v1).
    """
    try:
        decoded: object = json.loads(result) if result.strip() else None
    except ValueError as error:
        raise BadFunctionResponse(f"the function's response is not JSON: {error}") from None
    if isinstance(decoded, dict) and "statusCode" in decoded:
        return _structured(cast("dict[str, object]", decoded))
    if version == "1.0":
        raise BadFunctionResponse(
            f"payload format 1.0 needs a response object with statusCode, got {_json_kind(result)}"
        )
    # Format 2.0 without statusCode: the JSON itself is the body of a 200.
    body = decoded.encode() if isinstance(decoded, str) else result
    return HttpResponse(200, [("Content-Type", "application/json")], body)


def _json_kind(result: bytes) -> str:
    text = result.strip()[:1]
    return {b"{": "an object without statusCode", b"[": "an array", b'"': "a string"}.get(
        text, "a scalar"
    )


def _structured(response: Mapping[str, object]) -> HttpResponse:
    status = response.get("statusCode")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise BadFunctionResponse(f"statusCode {status!r} is not an HTTP status")
    headers: list[tuple[str, str]] = []
    single: object = response.get("headers")
    multi: object = response.get("multiValueHeaders")
    if not isinstance(single, dict | None) or not isinstance(multi, dict | None):
        raise BadFunctionResponse("headers and multiValueHeaders must be objects")
    single_headers = cast("dict[str, object]", single or {})
    multi_headers = cast("dict[str, object]", multi or {})
    multi_names = {str(name).lower() for name in multi_headers}
    for name, value in single_headers.items():
        if str(name).lower() not in multi_names:
            headers.append((str(name), _header_value(value)))
    for name, values in multi_headers.items():
        if not isinstance(values, list):
            raise BadFunctionResponse(f"multiValueHeaders[{name!r}] must be a list")
        headers.extend((str(name), _header_value(value)) for value in cast("list[object]", values))
    cookies: object = response.get("cookies")
    if not isinstance(cookies, list | None):
        raise BadFunctionResponse("cookies must be a list of strings")
    for cookie in cast("list[object]", cookies or []):
        headers.append(("Set-Cookie", _header_value(cookie)))
    body = response.get("body")
    if body is None:
        raw = b""
    elif isinstance(body, str):
        if response.get("isBase64Encoded") is True:
            try:
                raw = base64.b64decode(body, validate=True)
            except (binascii.Error, ValueError):
                raise BadFunctionResponse(
                    "isBase64Encoded is true but body is not base64"
                ) from None
        else:
            raw = body.encode()
    else:
        raise BadFunctionResponse(f"body must be a string, got {type(body).__name__}")
    return HttpResponse(status, headers, raw)


HTTP_INTEGRATION_TYPE = "application/vnd.awslambda.http-integration-response"
"""The content type of a stream that starts with an HTTP response's status, headers, cookies."""
PRELUDE_END = b"\x00" * 8
"""What ends the JSON prelude of an `HTTP_INTEGRATION_TYPE` stream."""


def streamed_response(body: bytes, content_type: str) -> HttpResponse:
    """A streamed answer as a function URL sends it.

    An `HTTP_INTEGRATION_TYPE` stream is a JSON prelude (`statusCode`, `headers`, `cookies`),
    eight NUL bytes, then the body; any other stream is the body itself, 200, in its own type.
    """
    if content_type.split(";", 1)[0].strip().lower() != HTTP_INTEGRATION_TYPE:
        return HttpResponse(200, [("Content-Type", content_type)], body)
    prelude, end, rest = body.partition(PRELUDE_END)
    if not end:
        raise BadFunctionResponse(
            "an http-integration-response stream must start with a JSON prelude and 8 NUL bytes"
        )
    try:
        metadata: object = json.loads(prelude)
    except ValueError as error:
        raise BadFunctionResponse(f"the stream's prelude is not JSON: {error}") from None
    if not isinstance(metadata, dict):
        raise BadFunctionResponse("the stream's prelude must be a JSON object")
    fields = {"statusCode": 200, **cast("dict[str, object]", metadata)}
    fields.pop("body", None)
    head = _structured(fields)
    return HttpResponse(head.status, head.headers, rest)


def error_response(version: HttpVersion) -> HttpResponse:
    """What API Gateway answers when the function fails or answers nonsense."""
    if version == "2.0":
        return HttpResponse(
            500, [("Content-Type", "application/json")], b'{"message":"Internal Server Error"}'
        )
    return HttpResponse(
        502, [("Content-Type", "application/json")], b'{"message": "Internal server error"}'
    )
