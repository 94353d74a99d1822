"""Event shapes: detect the integration, build a `Request`, shape the `Response` for it.

Detection looks at the event's shape, in this order (the first match wins):

1. `requestContext.elb` present -> `alb` (Application Load Balancer)
2. `version == "2.0"` and `requestContext.http` an object -> `function-url` when
   `requestContext.domainName` contains `.lambda-url.`, else `apigw-v2` (HTTP API, payload 2.0)
3. `httpMethod` present with a `requestContext` object -> `apigw-v1` (REST API, and HTTP API
   payload 1.0, which has the same shape)

Anything else is not an HTTP event: `UnsupportedEvent`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from ..handler import InvalidEvent
from ..result import Err, Ok
from .multidict import Headers, MultiDict
from .request import EventSource, Request, parse_cookie_header
from .status import phrase

if TYPE_CHECKING:
    from ..context import Context
    from ..result import Result
    from .response import Response

EXPECTED = (
    "an API Gateway REST (v1) or HTTP API (v2) proxy event, an Application Load Balancer event "
    "or a Lambda Function URL event"
)


class UnsupportedEvent(Exception):
    """The event is not an HTTP event of a known shape (a Lambda error, not an HTTP response)."""

    error_type = "UnsupportedEvent"


def detect(event: object) -> EventSource | None:
    """Which integration sent `event`, by shape (see the module docstring), or None."""
    if not isinstance(event, dict):
        return None
    raw = cast("dict[str, Any]", event)
    context = raw.get("requestContext")
    if not isinstance(context, dict):
        return None
    request_context = cast("dict[str, Any]", context)
    if "elb" in request_context:
        return "alb"
    if raw.get("version") == "2.0" and isinstance(request_context.get("http"), dict):
        domain = request_context.get("domainName")
        if isinstance(domain, str) and ".lambda-url." in domain:
            return "function-url"
        return "apigw-v2"
    if "httpMethod" in raw:
        return "apigw-v1"
    return None


def _describe(event: object) -> str:
    if isinstance(event, dict):
        keys = sorted(str(key) for key in cast("dict[object, object]", event))
        shown = ", ".join(keys[:12]) + (", ..." if len(keys) > 12 else "")
        return f"an object with keys [{shown}]"
    return f"a JSON {type(event).__name__}"


def _unquote(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    from urllib.parse import unquote_plus

    return unquote_plus(text)


def parse_query_string(query_string: str) -> MultiDict:
    """A raw query string (`a=1&a=2&b`) as a `MultiDict`, percent- and `+`-decoded."""
    params = MultiDict()
    for pair in query_string.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        params.add(_unquote(name), _unquote(value))
    return params


def _lists(multi: object, single: object, decode: Any = None) -> dict[str, list[str]]:
    """`{name: [values]}` from `multiValue...` (preferred) or the single-valued map."""
    lists: dict[str, list[str]] = {}
    if isinstance(multi, dict):
        for name, values in cast("dict[str, list[str] | None]", multi).items():
            if values is None:
                continue
            if decode is not None:
                name, values = decode(name), [decode(value) for value in values]
            lists.setdefault(name, []).extend(values)
    elif isinstance(single, dict):
        for name, value in cast("dict[str, str | None]", single).items():
            if value is None:
                continue
            if decode is not None:
                name, value = decode(name), decode(value)
            lists.setdefault(name, []).append(value)
    return lists


def _body(event: Mapping[str, Any]) -> bytes:
    body = event.get("body")
    if body is None:
        return b""
    if event.get("isBase64Encoded"):
        import base64

        return base64.b64decode(body)
    return cast("str", body).encode()


def _text_map(value: object) -> dict[str, str]:
    return dict(cast("dict[str, str]", value)) if isinstance(value, dict) else {}


def _from_v1_or_alb(event: Mapping[str, Any], source: EventSource, context: Context) -> Request:
    decode = _unquote if source == "alb" else None  # ALB passes the query string undecoded
    headers = Headers(_lists(event.get("multiValueHeaders"), event.get("headers")))
    query = MultiDict(
        _lists(
            event.get("multiValueQueryStringParameters"),
            event.get("queryStringParameters"),
            decode=decode,
        )
    )
    return Request(
        cast("str", event["httpMethod"]),
        cast("str", event.get("path") or "/"),
        headers=headers,
        query=query,
        body=_body(event),
        path_params=_text_map(event.get("pathParameters")),
        stage_variables=_text_map(event.get("stageVariables")),
        request_context=cast("dict[str, Any]", event["requestContext"]),
        source=source,
        context=context,
        event=event,
    )


def _from_v2(event: Mapping[str, Any], source: EventSource, context: Context) -> Request:
    request_context = cast("dict[str, Any]", event["requestContext"])
    http = cast("dict[str, Any]", request_context["http"])
    path = cast("str", event.get("rawPath") or http.get("path") or "/")
    stage = request_context.get("stage")
    if source == "apigw-v2" and isinstance(stage, str) and stage and stage != "$default":
        prefix = "/" + stage
        if path == prefix or path.startswith(prefix + "/"):
            path = path[len(prefix) :] or "/"
    headers = Headers(_lists(None, event.get("headers")))
    raw_query = event.get("rawQueryString")
    if isinstance(raw_query, str):
        query = parse_query_string(raw_query)
    else:
        query = MultiDict(_lists(None, event.get("queryStringParameters")))
    cookie_list = event.get("cookies")
    if isinstance(cookie_list, list):
        cookies = parse_cookie_header(cast("list[str]", cookie_list))
    else:
        cookies = parse_cookie_header(headers.all("cookie"))
    return Request(
        cast("str", http["method"]),
        path,
        headers=headers,
        query=query,
        body=_body(event),
        cookies=cookies,
        path_params=_text_map(event.get("pathParameters")),
        stage_variables=_text_map(event.get("stageVariables")),
        request_context=request_context,
        source=source,
        context=context,
        event=event,
    )


def to_request(event: object, context: Context) -> Result[Request, Exception]:
    """The `Request` for an HTTP event; `Err(UnsupportedEvent)` for an event of no known shape,
    `Err(InvalidEvent)` for a known shape with a missing or malformed field."""
    source = detect(event)
    if source is None:
        return Err(UnsupportedEvent(f"expected {EXPECTED}; got {_describe(event)}"))
    raw = cast("dict[str, Any]", event)
    try:
        if source == "apigw-v2" or source == "function-url":
            return Ok(_from_v2(raw, source, context))
        return Ok(_from_v1_or_alb(raw, source, context))
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
        return Err(InvalidEvent(f"malformed {source} event: {what}"))


def _case_variants(name: str, count: int) -> list[str]:
    """`count` spellings of `name` differing only in letter case (`set-cookie`, `Set-cookie`, ...)."""
    letters = [index for index, char in enumerate(name) if char.isalpha()]
    variants: list[str] = []
    for number in range(min(count, 2 ** len(letters))):
        chars = list(name)
        for bit, index in enumerate(letters):
            if number >> bit & 1:
                chars[index] = chars[index].upper()
        variants.append("".join(chars))
    return variants


def to_event_response(response: Response, request: Request) -> dict[str, Any]:
    """The response object the request's integration expects.

    - HTTP API v2 / Function URL: `headers` (repeated headers joined with `, `) and `cookies`.
    - REST v1: `multiValueHeaders` when the request carried them, else `headers`, with any
      repeated header (such as several cookies) in `multiValueHeaders`.
    - ALB: `statusDescription` ("200 OK"); `multiValueHeaders` when the target group has
      multi-value headers on (the request carried them), else `headers` with repeated headers
      joined and several cookies sent as `Set-Cookie` spelled in different letter cases.
    """
    body, is_base64 = response.encoded_body()
    source = request.source
    shaped: dict[str, Any]
    if source == "apigw-v2" or source == "function-url":
        shaped = response.v2_head()
    else:
        lists = response.headers.to_dict()
        if response.cookies:
            lists.setdefault("set-cookie", []).extend(response.cookies)
        shaped = {"statusCode": response.status}
        if source == "alb":
            shaped["statusDescription"] = f"{response.status} {phrase(response.status)}"
        multi_request = "multiValueHeaders" in request.event
        if multi_request:
            shaped["multiValueHeaders"] = lists
        elif source == "apigw-v1":
            shaped["headers"] = {
                name: values[0] for name, values in lists.items() if len(values) == 1
            }
            repeated = {name: values for name, values in lists.items() if len(values) > 1}
            if repeated:
                shaped["multiValueHeaders"] = repeated
        else:
            headers: dict[str, str] = {}
            for name, values in lists.items():
                if name == "set-cookie":
                    headers.update(zip(_case_variants(name, len(values)), values, strict=False))
                else:
                    headers[name] = ", ".join(values)
            shaped["headers"] = headers
    shaped["body"] = body
    shaped["isBase64Encoded"] = is_base64
    return shaped


__all__ = [
    "EXPECTED",
    "UnsupportedEvent",
    "detect",
    "parse_query_string",
    "to_event_response",
    "to_request",
]
