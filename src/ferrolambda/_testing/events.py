"""Event factories: AWS-shaped event dicts from a few arguments.

Each factory returns a fresh dict with realistic identifiers, ARNs and timestamps (random ids,
the current time), shaped like the event Lambda delivers. Bodies and data accept str, bytes,
JSON-ready values (dict, list, ...) and pydantic models (dumped by alias).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json as _json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias, cast
from urllib.parse import quote, quote_plus, unquote_plus, urlencode

ACCOUNT = "123456789012"
REGION = "us-east-1"

HttpVersion: TypeAlias = Literal["1.0", "2.0", "alb", "url"]
"""`1.0`: API Gateway REST (v1); `2.0`: HTTP API (v2); `alb`: Application Load Balancer;
`url`: Lambda Function URL."""

Params: TypeAlias = Mapping[str, "str | Sequence[str]"]

_MISSING: Any = object()


# small helpers


def _id() -> str:
    return str(uuid.uuid4())


def _now_ms() -> int:
    return int(time.time() * 1000)


def _iso(ms: int, *, millis: bool = True) -> str:
    seconds, rest = divmod(ms, 1000)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{rest:03d}Z" if millis else f"{stamp}Z"


def _clf(ms: int) -> str:
    """API Gateway's request time: `01/May/2024:12:00:00 +0000`."""
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(ms // 1000))


def _hex(count: int) -> str:
    return os.urandom((count + 1) // 2).hex()[:count]


def _digits(count: int) -> str:
    return str(int.from_bytes(os.urandom(32), "big"))[:count].rjust(count, "1")


def _text(value: Any) -> str:
    """A message body: str as is, bytes as UTF-8, models and JSON values as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode()
    dump = getattr(value, "model_dump_json", None)
    if callable(dump):
        return str(dump(by_alias=True))
    return _json.dumps(value, default=str)


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    return _text(value).encode()


def _b64(value: Any) -> str:
    return base64.b64encode(_bytes(value)).decode("ascii")


def _per_record(
    value: str | Sequence[str] | None, count: int, default: str, what: str
) -> list[str]:
    if value is None:
        return [default] * count
    if isinstance(value, str):
        return [value] * count
    values = list(value)
    if len(values) != count:
        raise ValueError(f"{what}: {len(values)} values for {count} records")
    return values


def _pairs(params: Params | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if isinstance(value, str):
            pairs.append((name, value))
        else:
            pairs.extend((name, one) for one in value)
    return pairs


# SQS


def _sqs_record(
    body: str,
    *,
    queue_arn: str,
    region: str,
    sent_ms: int,
    fifo_group: str | None,
    sequence: int,
    message_attributes: Mapping[str, str] | None,
) -> dict[str, Any]:
    attributes: dict[str, str] = {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": str(sent_ms),
        "SenderId": "AIDAIENQZJOLO23YVJ4VO",
        "ApproximateFirstReceiveTimestamp": str(sent_ms + 3),
    }
    if fifo_group is not None:
        attributes["SequenceNumber"] = str(18849496460467696128 + sequence)
        attributes["MessageGroupId"] = fifo_group
        attributes["MessageDeduplicationId"] = hashlib.sha256(body.encode()).hexdigest()
    return {
        "messageId": _id(),
        "receiptHandle": "AQEB" + base64.b64encode(os.urandom(120)).decode("ascii"),
        "body": body,
        "attributes": attributes,
        "messageAttributes": {
            name: {
                "stringValue": value,
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": "String",
            }
            for name, value in (message_attributes or {}).items()
        },
        "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _sqs(
    bodies: Iterable[str],
    *,
    queue: str,
    fifo: bool,
    group_ids: str | Sequence[str] | None,
    message_attributes: Mapping[str, str] | None,
    region: str,
    account: str,
) -> dict[str, Any]:
    texts = list(bodies)
    if fifo and not queue.endswith(".fifo"):
        queue += ".fifo"
    groups: list[str | None] = (
        list(_per_record(group_ids, len(texts), "group-1", "group_ids"))
        if fifo
        else [None] * len(texts)
    )
    sent_ms = _now_ms()
    queue_arn = f"arn:aws:sqs:{region}:{account}:{queue}"
    return {
        "Records": [
            _sqs_record(
                body,
                queue_arn=queue_arn,
                region=region,
                sent_ms=sent_ms + index,
                fifo_group=groups[index],
                sequence=index,
                message_attributes=message_attributes,
            )
            for index, body in enumerate(texts)
        ]
    }


def sqs_event(
    bodies: Iterable[Any] = ("Hello from SQS!",),
    *,
    queue: str = "my-queue",
    fifo: bool = False,
    group_ids: str | Sequence[str] | None = None,
    message_attributes: Mapping[str, str] | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An SQS event, one record per body (dicts and models become JSON).

    `fifo=True` makes the queue `*.fifo` and adds `MessageGroupId` (one id for all records, or
    one per record), `SequenceNumber` and `MessageDeduplicationId`.
    """
    return _sqs(
        (_text(body) for body in bodies),
        queue=queue,
        fifo=fifo,
        group_ids=group_ids,
        message_attributes=message_attributes,
        region=region,
        account=account,
    )


# SNS


def _sns_message(
    message: str,
    *,
    topic_arn: str,
    subject: str | None,
    region: str,
    message_attributes: Mapping[str, str] | None,
    sqs_spelling: bool,
) -> tuple[dict[str, Any], str]:
    """The SNS notification and its subscription ARN. Lambda spells `SigningCertUrl`,
    SQS (a JSON body) `SigningCertURL`."""
    subscription = f"{topic_arn}:{_id()}"
    cert = f"https://sns.{region}.amazonaws.com/SimpleNotificationService-{_hex(32)}.pem"
    unsubscribe = (
        f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    )
    url = "URL" if sqs_spelling else "Url"
    notification: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": _id(),
        "TopicArn": topic_arn,
        "Subject": subject,
        "Message": message,
        "Timestamp": _iso(_now_ms()),
        "SignatureVersion": "1",
        "Signature": base64.b64encode(os.urandom(256)).decode("ascii"),
        f"SigningCert{url}": cert,
        f"Unsubscribe{url}": unsubscribe,
    }
    attributes = {
        name: {"Type": "String", "Value": value}
        for name, value in (message_attributes or {}).items()
    }
    if sqs_spelling:
        if subject is None:
            del notification["Subject"]
        if attributes:
            notification["MessageAttributes"] = attributes
    else:
        notification["MessageAttributes"] = attributes
    return notification, subscription


def sns_event(
    messages: Iterable[Any] = ("Hello from SNS!",),
    *,
    topic: str = "my-topic",
    subject: str | None = None,
    message_attributes: Mapping[str, str] | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An SNS event, one record per message (dicts and models become JSON)."""
    topic_arn = f"arn:aws:sns:{region}:{account}:{topic}"
    records: list[dict[str, Any]] = []
    for message in messages:
        notification, subscription = _sns_message(
            _text(message),
            topic_arn=topic_arn,
            subject=subject,
            region=region,
            message_attributes=message_attributes,
            sqs_spelling=False,
        )
        records.append(
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription,
                "Sns": notification,
            }
        )
    return {"Records": records}


def sns_sqs_event(
    messages: Iterable[Any] = ("Hello from SNS through SQS!",),
    *,
    topic: str = "my-topic",
    queue: str = "my-queue",
    subject: str | None = None,
    message_attributes: Mapping[str, str] | None = None,
    fifo: bool = False,
    group_ids: str | Sequence[str] | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An SQS event whose bodies are SNS notifications (a topic subscribed by a queue, raw
    message delivery off)."""
    topic_arn = f"arn:aws:sns:{region}:{account}:{topic}{'.fifo' if fifo else ''}"
    bodies = [
        _json.dumps(
            _sns_message(
                _text(message),
                topic_arn=topic_arn,
                subject=subject,
                region=region,
                message_attributes=message_attributes,
                sqs_spelling=True,
            )[0],
            indent=2,
        )
        for message in messages
    ]
    return _sqs(
        bodies,
        queue=queue,
        fifo=fifo,
        group_ids=group_ids,
        message_attributes=None,
        region=region,
        account=account,
    )


# S3


def _s3_record(
    bucket: str, key: str, event_name: str, *, size: int, region: str, event_ms: int
) -> dict[str, Any]:
    name = event_name.removeprefix("s3:")
    s3_object: dict[str, Any] = {"key": quote_plus(key, safe="/")}
    if name.startswith("ObjectCreated"):
        s3_object["size"] = size
        s3_object["eTag"] = _hex(32)
    s3_object["sequencer"] = _hex(18).upper()
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": region,
        "eventTime": _iso(event_ms),
        "eventName": name,
        "userIdentity": {"principalId": "AWS:AIDAINPONIXQXHT3IKHL2"},
        "requestParameters": {"sourceIPAddress": "203.0.113.10"},
        "responseElements": {
            "x-amz-request-id": _hex(16).upper(),
            "x-amz-id-2": base64.b64encode(os.urandom(48)).decode("ascii"),
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "lambda-notification",
            "bucket": {
                "name": bucket,
                "ownerIdentity": {"principalId": "A3I5XTEXAMAI3E"},
                "arn": f"arn:aws:s3:::{bucket}",
            },
            "object": s3_object,
        },
    }


def s3_event(
    bucket: str = "my-bucket",
    keys: Iterable[str] = ("uploads/photo.jpg",),
    event_name: str = "ObjectCreated:Put",
    *,
    size: int = 1024,
    region: str = REGION,
) -> dict[str, Any]:
    """An S3 notification event, one record per key (keys URL-encoded as S3 sends them).

    `event_name` with or without the `s3:` prefix: `ObjectCreated:Put`, `ObjectRemoved:Delete`...
    """
    now = _now_ms()
    return {
        "Records": [
            _s3_record(bucket, key, event_name, size=size, region=region, event_ms=now)
            for key in keys
        ]
    }


def s3_sqs_event(
    bucket: str = "my-bucket",
    keys: Iterable[str] = ("uploads/photo.jpg",),
    event_name: str = "ObjectCreated:Put",
    *,
    queue: str = "my-queue",
    size: int = 1024,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An SQS event whose bodies are S3 notifications (one message per key)."""
    now = _now_ms()
    bodies = [
        _json.dumps(
            {
                "Records": [
                    _s3_record(bucket, key, event_name, size=size, region=region, event_ms=now)
                ]
            }
        )
        for key in keys
    ]
    return _sqs(
        bodies,
        queue=queue,
        fifo=False,
        group_ids=None,
        message_attributes=None,
        region=region,
        account=account,
    )


# EventBridge


def eventbridge_event(
    detail_type: str = "Order Placed",
    detail: Any = None,
    source: str = "com.example.orders",
    *,
    resources: Sequence[str] = (),
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An EventBridge event (`detail` a dict or a pydantic model; default `{}`)."""
    if detail is None:
        detail = {}
    elif not isinstance(detail, dict):
        detail = _json.loads(_text(detail))
    return {
        "version": "0",
        "id": _id(),
        "detail-type": detail_type,
        "source": source,
        "account": account,
        "time": _iso(_now_ms(), millis=False),
        "region": region,
        "resources": list(resources),
        "detail": detail,
    }


def scheduled_event(
    rule: str = "my-schedule", *, region: str = REGION, account: str = ACCOUNT
) -> dict[str, Any]:
    """An EventBridge scheduled event (a `rate(...)`/`cron(...)` rule firing)."""
    return eventbridge_event(
        "Scheduled Event",
        {},
        "aws.events",
        resources=[f"arn:aws:events:{region}:{account}:rule/{rule}"],
        region=region,
        account=account,
    )


# HTTP


_DEFAULT_HEADERS = {
    "accept": "*/*",
    "user-agent": "curl/8.5.0",
    "x-forwarded-for": "203.0.113.10",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
}


def http_event(
    method: str = "GET",
    path: str = "/",
    *,
    version: HttpVersion = "2.0",
    json: Any = _MISSING,
    body: str | bytes | None = None,
    headers: Params | None = None,
    query: Params | None = None,
    cookies: Mapping[str, str] | None = None,
    path_params: Mapping[str, str] | None = None,
    stage_variables: Mapping[str, str] | None = None,
    stage: str | None = None,
    multi_value: bool = False,
    base64_body: bool = False,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """An HTTP event as API Gateway REST (`version="1.0"`), HTTP API (`"2.0"`), an ALB
    (`"alb"`; `multi_value=True` for a target group with multi-value headers) or a Function URL
    (`"url"`) sends it.

    `json=` sets a JSON body and `content-type: application/json`; `body=` a raw body (bytes
    are sent base64-encoded, as is a str with `base64_body=True`). A query string in `path`
    (`/search?q=x`) is merged into `query`. `stage` defaults to `$default` (v2) or `prod` (v1).
    """
    method = method.upper()
    path, _, query_string = path.partition("?")
    pairs = [
        (unquote_plus(name), unquote_plus(value))
        for part in query_string.split("&")
        if part
        for name, _, value in [part.partition("=")]
    ] + _pairs(query)
    header_pairs = list(_DEFAULT_HEADERS.items())
    if json is not _MISSING:
        if body is not None:
            raise ValueError("http_event takes json= or body=, not both")
        body = _text(json)
        header_pairs.append(("content-type", "application/json"))
    given = _pairs(headers)
    given_names = {name.lower() for name, _ in given}
    header_pairs = [(n, v) for n, v in header_pairs if n not in given_names] + given
    cookie_pairs = [f"{name}={value}" for name, value in (cookies or {}).items()]
    is_base64 = isinstance(body, bytes) or (base64_body and body is not None)
    if body is None:
        body_text: str | None = None
    elif is_base64:
        body_text = base64.b64encode(body if isinstance(body, bytes) else body.encode()).decode()
    else:
        body_text = str(body)
    parts = _HttpParts(
        method=method,
        path=path,
        pairs=pairs,
        header_pairs=header_pairs,
        cookie_pairs=cookie_pairs,
        body=body_text,
        is_base64=is_base64,
        path_params=dict(path_params) if path_params else None,
        stage_variables=dict(stage_variables) if stage_variables else None,
        region=region,
        account=account,
    )
    if version == "2.0" or version == "url":
        return _http_v2(parts, stage=stage or "$default", function_url=version == "url")
    if version == "1.0":
        return _http_v1(parts, stage=stage or "prod")
    if version == "alb":
        return _http_alb(parts, multi_value=multi_value)
    raise ValueError(f"http_event: version is '1.0', '2.0', 'alb' or 'url', not {version!r}")


class _HttpParts:
    """What every HTTP event shape is built from."""

    def __init__(
        self,
        *,
        method: str,
        path: str,
        pairs: list[tuple[str, str]],
        header_pairs: list[tuple[str, str]],
        cookie_pairs: list[str],
        body: str | None,
        is_base64: bool,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
        region: str,
        account: str,
    ) -> None:
        self.method = method
        self.path = path
        self.pairs = pairs
        self.header_pairs = header_pairs
        self.cookie_pairs = cookie_pairs
        self.body = body
        self.is_base64 = is_base64
        self.path_params = path_params
        self.stage_variables = stage_variables
        self.region = region
        self.account = account
        self.now = _now_ms()
        self.trace_id = f"Root=1-{self.now // 1000:08x}-{_hex(24)}"


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def _http_v2(
    parts: _HttpParts,
    *,
    stage: str,
    function_url: bool,
) -> dict[str, Any]:
    if function_url:
        api_id = _hex(32)
        domain = f"{api_id}.lambda-url.{parts.region}.on.aws"
        stage = "$default"
        route_key = "$default"
    else:
        api_id = _hex(10)
        domain = f"{api_id}.execute-api.{parts.region}.amazonaws.com"
        route_key = "$default"
    raw_path = parts.path if stage == "$default" else f"/{stage}{parts.path}"
    headers: dict[str, str] = {}
    for name, value in parts.header_pairs:
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    headers.setdefault("host", domain)
    headers.setdefault("x-amzn-trace-id", parts.trace_id)
    if "content-length" not in headers and parts.body is not None:
        headers["content-length"] = str(len(parts.body))
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": urlencode(parts.pairs, quote_via=quote),
    }
    if parts.cookie_pairs:
        event["cookies"] = parts.cookie_pairs
    event["headers"] = headers
    if parts.pairs:
        event["queryStringParameters"] = {
            name: ",".join(values) for name, values in _grouped(parts.pairs).items()
        }
    if parts.path_params:
        event["pathParameters"] = parts.path_params
    if parts.stage_variables:
        event["stageVariables"] = parts.stage_variables
    event["requestContext"] = {
        "accountId": "anonymous" if function_url else parts.account,
        "apiId": api_id,
        "domainName": domain,
        "domainPrefix": api_id,
        "http": {
            "method": parts.method,
            "path": raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.10",
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": base64.b64encode(os.urandom(12)).decode("ascii").rstrip("=") + "=",
        "routeKey": route_key,
        "stage": stage,
        "time": _clf(parts.now),
        "timeEpoch": parts.now,
    }
    if parts.body is not None:
        event["body"] = parts.body
    event["isBase64Encoded"] = parts.is_base64
    return event


def _http_v1(
    parts: _HttpParts,
    *,
    stage: str,
) -> dict[str, Any]:
    api_id = _hex(10)
    domain = f"{api_id}.execute-api.{parts.region}.amazonaws.com"
    title = [
        ("-".join(part.capitalize() for part in name.split("-")), value)
        for name, value in parts.header_pairs
    ]
    multi_headers = _grouped([("Host", domain), *title, ("X-Amzn-Trace-Id", parts.trace_id)])
    if parts.cookie_pairs:
        multi_headers["Cookie"] = ["; ".join(parts.cookie_pairs)]
    multi_query = _grouped(parts.pairs)
    request_id = _id()
    return {
        "resource": parts.path,
        "path": parts.path,
        "httpMethod": parts.method,
        "headers": {name: values[-1] for name, values in multi_headers.items()},
        "multiValueHeaders": multi_headers,
        "queryStringParameters": (
            {name: values[-1] for name, values in multi_query.items()} if multi_query else None
        ),
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": parts.path_params,
        "stageVariables": parts.stage_variables,
        "requestContext": {
            "resourceId": _hex(6),
            "resourcePath": parts.path,
            "httpMethod": parts.method,
            "extendedRequestId": base64.b64encode(os.urandom(12)).decode("ascii"),
            "requestTime": _clf(parts.now),
            "path": f"/{stage}{parts.path}",
            "accountId": parts.account,
            "protocol": "HTTP/1.1",
            "stage": stage,
            "domainPrefix": api_id,
            "requestTimeEpoch": parts.now,
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": "203.0.113.10",
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": multi_headers.get("User-Agent", [""])[-1],
                "user": None,
            },
            "domainName": domain,
            "apiId": api_id,
        },
        "body": parts.body,
        "isBase64Encoded": parts.is_base64,
    }


def _http_alb(
    parts: _HttpParts,
    *,
    multi_value: bool,
) -> dict[str, Any]:
    host = f"my-alb-{_digits(10)}.{parts.region}.elb.amazonaws.com"
    header_lists = _grouped(
        [
            ("host", host),
            *((name.lower(), value) for name, value in parts.header_pairs),
            ("x-amzn-trace-id", parts.trace_id),
        ]
    )
    if parts.cookie_pairs:
        header_lists["cookie"] = ["; ".join(parts.cookie_pairs)]
    # ALB passes the query string as the client sent it: percent-encoded, not decoded.
    query_lists = _grouped([(quote_plus(name), quote_plus(value)) for name, value in parts.pairs])
    event: dict[str, Any] = {
        "requestContext": {
            "elb": {
                "targetGroupArn": (
                    f"arn:aws:elasticloadbalancing:{parts.region}:{parts.account}:"
                    f"targetgroup/my-target-group/{_hex(16)}"
                )
            }
        },
        "httpMethod": parts.method,
        "path": parts.path,
    }
    if multi_value:
        event["multiValueQueryStringParameters"] = query_lists
        event["multiValueHeaders"] = header_lists
    else:
        event["queryStringParameters"] = {name: values[-1] for name, values in query_lists.items()}
        event["headers"] = {name: values[-1] for name, values in header_lists.items()}
    event["body"] = parts.body if parts.body is not None else ""
    event["isBase64Encoded"] = parts.is_base64
    return event


# DynamoDB Streams


def to_attribute_value(value: Any) -> dict[str, Any]:
    """A Python value in DynamoDB's AttributeValue JSON: str `S`, int/float/Decimal `N`, bool
    `BOOL`, None `NULL`, bytes `B` (base64), list/tuple `L`, dict `M`, sets `SS`/`NS`/`BS`."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float | Decimal):
        return {"N": str(value)}
    if isinstance(value, bytes | bytearray):
        return {"B": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        items = cast("Mapping[str, Any]", value)
        return {"M": {str(name): to_attribute_value(item) for name, item in items.items()}}
    if isinstance(value, set | frozenset):
        members: list[Any] = sorted(cast("set[Any]", value), key=repr)
        if not members:
            raise ValueError("DynamoDB has no empty sets")
        if all(isinstance(member, str) for member in members):
            return {"SS": members}
        if all(
            isinstance(member, int | float | Decimal) and not isinstance(member, bool)
            for member in members
        ):
            return {"NS": [str(member) for member in members]}
        if all(isinstance(member, bytes) for member in members):
            return {"BS": [base64.b64encode(member).decode("ascii") for member in members]}
        raise ValueError("a DynamoDB set holds only strings, only numbers or only bytes")
    if isinstance(value, list | tuple):
        elements = cast("Sequence[Any]", value)
        return {"L": [to_attribute_value(item) for item in elements]}
    raise TypeError(f"no DynamoDB attribute type for {type(value).__name__}")


def to_item(item: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A Python dict as a DynamoDB item (`{"id": {"S": "1"}, ...}`)."""
    return {name: to_attribute_value(value) for name, value in item.items()}


def dynamodb_event(
    new_images: Sequence[Mapping[str, Any]] | None = None,
    *,
    old_images: Sequence[Mapping[str, Any] | None] | None = None,
    key: str | Sequence[str] = "id",
    table: str = "my-table",
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A DynamoDB Streams event (view type `NEW_AND_OLD_IMAGES`) from plain dicts.

    Record `i` pairs `new_images[i]` and `old_images[i]`: INSERT when only the new image is
    there, MODIFY with both, REMOVE with only the old one (a None new image). Keys are the
    `key` attributes (default `id`; the first attribute when the image has none of them).
    """
    if new_images is None and old_images is None:
        new_images = [{"id": "1", "message": "Hello from DynamoDB!"}]
    news: list[Mapping[str, Any] | None] = list(new_images or [])
    olds: list[Mapping[str, Any] | None] = list(old_images or [])
    count = max(len(news), len(olds))
    news += [None] * (count - len(news))
    olds += [None] * (count - len(olds))
    key_names = [key] if isinstance(key, str) else list(key)
    created = time.time()
    stream = time.strftime("%Y-%m-%dT%H:%M:%S.000", time.gmtime(created - 86400))
    records: list[dict[str, Any]] = []
    base = int(_digits(21))
    for index, (new, old) in enumerate(zip(news, olds, strict=True)):
        image = new if new is not None else old
        if image is None:
            raise ValueError(f"record {index} has neither a new nor an old image")
        names = [name for name in key_names if name in image] or list(image)[:1]
        change: dict[str, Any] = {
            "ApproximateCreationDateTime": float(int(created)),
            "Keys": {name: to_attribute_value(image[name]) for name in names},
        }
        if new is not None:
            change["NewImage"] = to_item(new)
        if old is not None:
            change["OldImage"] = to_item(old)
        change["SequenceNumber"] = str(base + index * 100)
        change["SizeBytes"] = len(_json.dumps(change))
        change["StreamViewType"] = "NEW_AND_OLD_IMAGES"
        event_name = "MODIFY" if new is not None and old is not None else "INSERT"
        if new is None:
            event_name = "REMOVE"
        records.append(
            {
                "eventID": _hex(32),
                "eventName": event_name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": region,
                "dynamodb": change,
                "eventSourceARN": f"arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{stream}",
            }
        )
    return {"Records": records}


# Kinesis, Firehose, CloudWatch Logs, Kafka


def kinesis_event(
    data: Iterable[Any] = ("Hello from Kinesis!",),
    *,
    stream: str = "my-stream",
    partition_keys: str | Sequence[str] | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A Kinesis Data Streams event, one record per item of `data` (base64-encoded)."""
    payloads = list(data)
    keys = _per_record(partition_keys, len(payloads), "partition-1", "partition_keys")
    arrival = time.time()
    base = int("4959" + _digits(52))
    records: list[dict[str, Any]] = []
    for index, payload in enumerate(payloads):
        sequence = str(base + index * 1_000_000)
        records.append(
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": keys[index],
                    "sequenceNumber": sequence,
                    "data": _b64(payload),
                    "approximateArrivalTimestamp": round(arrival + index / 1000, 3),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-000000000000:{sequence}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": f"arn:aws:iam::{account}:role/lambda-kinesis-role",
                "awsRegion": region,
                "eventSourceARN": f"arn:aws:kinesis:{region}:{account}:stream/{stream}",
            }
        )
    return {"Records": records}


def firehose_event(
    data: Iterable[Any] = ("Hello from Firehose!",),
    *,
    stream: str = "my-delivery-stream",
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A Kinesis Data Firehose transformation event, one record per item (base64-encoded)."""
    now = _now_ms()
    base = int("4954" + _digits(58))
    return {
        "invocationId": _id(),
        "deliveryStreamArn": f"arn:aws:firehose:{region}:{account}:deliverystream/{stream}",
        "region": region,
        "records": [
            {
                "recordId": str(base + index),
                "approximateArrivalTimestamp": now + index,
                "data": _b64(payload),
            }
            for index, payload in enumerate(data)
        ],
    }


def cloudwatch_logs_event(
    messages: Iterable[str] = ("Hello from CloudWatch Logs!",),
    *,
    log_group: str = "/aws/lambda/my-function",
    log_stream: str | None = None,
    filter_name: str = "my-subscription-filter",
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A CloudWatch Logs subscription event: the log batch gzipped, then base64-encoded."""
    now = _now_ms()
    if log_stream is None:
        log_stream = time.strftime("%Y/%m/%d", time.gmtime(now / 1000)) + f"/[$LATEST]{_hex(32)}"
    base = int("3" + _digits(55))
    payload = {
        "messageType": "DATA_MESSAGE",
        "owner": account,
        "logGroup": log_group,
        "logStream": log_stream,
        "subscriptionFilters": [filter_name],
        "logEvents": [
            {"id": str(base + index), "timestamp": now + index, "message": message}
            for index, message in enumerate(messages)
        ],
    }
    data = gzip.compress(_json.dumps(payload).encode(), mtime=0)
    return {"awslogs": {"data": base64.b64encode(data).decode("ascii")}}


def decode_cloudwatch_logs(event: Mapping[str, Any]) -> dict[str, Any]:
    """The log batch inside a CloudWatch Logs subscription event (base64, gunzip, JSON)."""
    data = base64.b64decode(event["awslogs"]["data"])
    decoded: dict[str, Any] = _json.loads(gzip.decompress(data))
    return decoded


def kafka_event(
    values: Iterable[Any] = ("Hello from Kafka!",),
    *,
    topic: str = "my-topic",
    partition: int = 0,
    keys: Sequence[Any] | None = None,
    headers: Mapping[str, str] | None = None,
    msk: bool = True,
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A Kafka event from Amazon MSK (`msk=True`) or a self-managed cluster: keys and values
    base64-encoded, headers as lists of byte values."""
    now = _now_ms()
    payloads = list(values)
    if keys is not None and len(keys) != len(payloads):
        raise ValueError(f"keys: {len(keys)} keys for {len(payloads)} values")
    records: list[dict[str, Any]] = []
    for index, value in enumerate(payloads):
        record: dict[str, Any] = {
            "topic": topic,
            "partition": partition,
            "offset": 100 + index,
            "timestamp": now + index,
            "timestampType": "CREATE_TIME",
        }
        if keys is not None:
            record["key"] = _b64(keys[index])
        record["value"] = _b64(value)
        record["headers"] = [
            {name: list(header.encode())} for name, header in (headers or {}).items()
        ]
        records.append(record)
    event: dict[str, Any] = {"eventSource": "aws:kafka" if msk else "SelfManagedKafka"}
    if msk:
        event["eventSourceArn"] = f"arn:aws:kafka:{region}:{account}:cluster/my-cluster/{_id()}-1"
        event["bootstrapServers"] = ",".join(
            f"b-{n}.my-cluster.{_hex(6)}.c2.kafka.{region}.amazonaws.com:9098" for n in (1, 2)
        )
    else:
        event["bootstrapServers"] = "kafka-1.example.com:9092,kafka-2.example.com:9092"
    event["records"] = {f"{topic}-{partition}": records}
    return event


# CloudFormation


def cloudformation_event(
    request_type: Literal["Create", "Update", "Delete"] = "Create",
    resource_type: str = "Custom::MyResource",
    properties: Mapping[str, Any] | None = None,
    *,
    old_properties: Mapping[str, Any] | None = None,
    physical_resource_id: str | None = None,
    logical_resource_id: str = "MyResource",
    stack_name: str = "my-stack",
    region: str = REGION,
    account: str = ACCOUNT,
) -> dict[str, Any]:
    """A CloudFormation custom resource request. Update and Delete carry a
    `PhysicalResourceId`; Update also `OldResourceProperties`."""
    if request_type not in ("Create", "Update", "Delete"):
        raise ValueError(f"request_type is Create, Update or Delete, not {request_type!r}")
    token = f"arn:aws:lambda:{region}:{account}:function:my-custom-resource"
    stack_id = f"arn:aws:cloudformation:{region}:{account}:stack/{stack_name}/{_id()}"
    request_id = _id()
    response_url = (
        f"https://cloudformation-custom-resource-response-{region.replace('-', '')}"
        f".s3.amazonaws.com/{quote(stack_id, safe='')}%7C{logical_resource_id}%7C{request_id}"
        f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
        f"&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Signature={_hex(64)}"
    )
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ServiceToken": token,
        "ResponseURL": response_url,
        "StackId": stack_id,
        "RequestId": request_id,
        "LogicalResourceId": logical_resource_id,
        "ResourceType": resource_type,
        "ResourceProperties": {"ServiceToken": token, **(properties or {})},
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = physical_resource_id or f"{logical_resource_id}-{_hex(12)}"
    if request_type == "Update":
        event["OldResourceProperties"] = {"ServiceToken": token, **(old_properties or {})}
    return event


EVENT_FACTORIES: dict[str, Callable[[], dict[str, Any]]] = {
    "sqs": sqs_event,
    "sqs-fifo": lambda: sqs_event(
        ['{"order_id": "1001"}', '{"order_id": "1002"}'], queue="orders.fifo", fifo=True
    ),
    "sns": sns_event,
    "s3": s3_event,
    "eventbridge": lambda: eventbridge_event(
        "Order Placed", {"order_id": "1001", "amount": 42.5}, "com.example.orders"
    ),
    "scheduled": scheduled_event,
    "apigw-v1": lambda: http_event("GET", "/hello?name=world", version="1.0"),
    "apigw-v2": lambda: http_event("GET", "/hello?name=world", version="2.0"),
    "alb": lambda: http_event("GET", "/hello?name=world", version="alb"),
    "function-url": lambda: http_event("GET", "/hello?name=world", version="url"),
    "dynamodb": dynamodb_event,
    "kinesis": kinesis_event,
    "firehose": firehose_event,
    "cloudwatch-logs": cloudwatch_logs_event,
    "kafka": lambda: kafka_event(keys=["key-1"]),
    "cloudformation": cloudformation_event,
    "sns-sqs": sns_sqs_event,
    "s3-sqs": s3_sqs_event,
}
"""Source name -> a zero-argument function returning a sample event (`ferrolambda events NAME`)."""


__all__ = [
    "EVENT_FACTORIES",
    "HttpVersion",
    "cloudformation_event",
    "cloudwatch_logs_event",
    "decode_cloudwatch_logs",
    "dynamodb_event",
    "eventbridge_event",
    "firehose_event",
    "http_event",
    "kafka_event",
    "kinesis_event",
    "s3_event",
    "s3_sqs_event",
    "scheduled_event",
    "sns_event",
    "sns_sqs_event",
    "sqs_event",
    "to_attribute_value",
    "to_item",
]
