"""ferrolambda.testing: event factories, invoke, make_context and the pytest plugin."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ferrolambda import Err, Ok, Result, lambda_handler
from ferrolambda.batch import batch_handler
from ferrolambda.context import Context
from ferrolambda.http import HttpError, Request, Response, detect, http_handler, to_request
from ferrolambda.testing import (
    EVENT_FACTORIES,
    LambdaFailure,
    cloudformation_event,
    cloudwatch_logs_event,
    decode_cloudwatch_logs,
    dynamodb_event,
    eventbridge_event,
    firehose_event,
    http_event,
    invoke,
    kafka_event,
    kinesis_event,
    make_context,
    s3_event,
    s3_sqs_event,
    scheduled_event,
    sns_event,
    sns_sqs_event,
    sqs_event,
    to_attribute_value,
    to_item,
)
from fresh_python import run_fresh

ROOT = Path(__file__).resolve().parent.parent


class Order(BaseModel):
    order_id: str
    qty: int


# the registry


REQUIRED: dict[str, tuple[str, ...]] = {
    "sqs": ("Records",),
    "sqs-fifo": ("Records",),
    "sns": ("Records",),
    "s3": ("Records",),
    "eventbridge": (
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "detail",
    ),
    "scheduled": ("version", "id", "detail-type", "source", "account", "time", "region", "detail"),
    "apigw-v1": (
        "resource",
        "path",
        "httpMethod",
        "headers",
        "multiValueHeaders",
        "requestContext",
    ),
    "apigw-v2": ("version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext"),
    "alb": ("requestContext", "httpMethod", "path", "headers", "body", "isBase64Encoded"),
    "function-url": ("version", "rawPath", "rawQueryString", "headers", "requestContext"),
    "dynamodb": ("Records",),
    "kinesis": ("Records",),
    "firehose": ("invocationId", "deliveryStreamArn", "region", "records"),
    "cloudwatch-logs": ("awslogs",),
    "kafka": ("eventSource", "eventSourceArn", "bootstrapServers", "records"),
    "cloudformation": (
        "RequestType",
        "ServiceToken",
        "ResponseURL",
        "StackId",
        "RequestId",
        "LogicalResourceId",
        "ResourceType",
        "ResourceProperties",
    ),
    "sns-sqs": ("Records",),
    "s3-sqs": ("Records",),
}


def test_registry_names() -> None:
    assert sorted(EVENT_FACTORIES) == sorted(REQUIRED)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_sample_is_json_with_the_required_keys(name: str) -> None:
    event = EVENT_FACTORIES[name]()
    assert json.loads(json.dumps(event)) == event
    missing = [key for key in REQUIRED[name] if key not in event]
    assert not missing
    assert EVENT_FACTORIES[name]() is not event  # a fresh event each time


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("apigw-v1", "apigw-v1"),
        ("apigw-v2", "apigw-v2"),
        ("alb", "alb"),
        ("function-url", "function-url"),
    ],
)
def test_http_samples_are_detected(name: str, source: str) -> None:
    event = EVENT_FACTORIES[name]()
    assert detect(event) == source
    request = to_request(event, make_context()).unwrap()
    assert (request.method, request.path) == ("GET", "/hello")
    assert request.query.first("name").unwrap() == "world"


@pytest.mark.parametrize(
    "name", ["sqs", "sqs-fifo", "sns", "s3", "eventbridge", "dynamodb", "kafka"]
)
def test_other_samples_are_not_http(name: str) -> None:
    assert detect(EVENT_FACTORIES[name]()) is None


# http_event


@pytest.mark.parametrize("version", ["1.0", "2.0", "alb", "url"])
def test_http_event_round_trips_through_request(version: Any) -> None:
    event = http_event(
        "post",
        "/orders/7?tag=a%20b",
        version=version,
        json={"qty": 2},
        headers={"X-Api-Key": "k", "X-Multi": ["1", "2"]},
        query={"tag": ["c&d"], "limit": "5"},
        cookies={"session": "s1", "theme": "dark"},
        multi_value=True,
    )
    request = to_request(event, make_context()).unwrap()
    assert request.method == "POST"
    assert request.path == "/orders/7"
    assert request.query.all("tag") == ["a b", "c&d"]
    assert request.query.first("limit").unwrap() == "5"
    assert request.headers.first("x-api-key").unwrap() == "k"
    assert request.headers.first("content-type").unwrap() == "application/json"
    assert request.cookies.to_dict() == {"session": ["s1"], "theme": ["dark"]}
    assert request.json() == Ok({"qty": 2})
    assert request.headers.first("host").is_some()
    assert request.headers.first("user-agent").unwrap() == "curl/8.5.0"


def test_http_event_shapes() -> None:
    v1 = http_event("GET", "/a", version="1.0", stage="dev", path_params={"id": "1"})
    assert v1["requestContext"]["path"] == "/dev/a"
    assert v1["pathParameters"] == {"id": "1"}
    assert v1["body"] is None
    assert v1["queryStringParameters"] is None
    v2 = http_event("GET", "/a", stage="dev", stage_variables={"env": "dev"})
    assert v2["rawPath"] == "/dev/a"
    assert v2["stageVariables"] == {"env": "dev"}
    assert "body" not in v2
    assert to_request(v2, make_context()).unwrap().path == "/a"
    url = http_event("GET", "/a", version="url")
    assert ".lambda-url." in url["requestContext"]["domainName"]
    assert url["requestContext"]["accountId"] == "anonymous"
    alb = http_event("GET", "/a?q=x y", version="alb")
    assert alb["queryStringParameters"] == {"q": "x+y"}  # sent undecoded
    assert alb["body"] == ""
    assert "headers" in alb
    assert "multiValueHeaders" not in alb
    alb_multi = http_event("GET", "/a", version="alb", multi_value=True)
    assert "multiValueHeaders" in alb_multi
    assert "headers" not in alb_multi
    with pytest.raises(ValueError, match="version"):
        http_event(version="3.0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not both"):
        http_event(json={}, body="x")


def test_http_event_bodies() -> None:
    binary = http_event("POST", "/", body=b"\x00\xff")
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == b"\x00\xff"
    text = http_event("POST", "/", body="plain", base64_body=True, version="1.0")
    assert text["isBase64Encoded"] is True
    assert to_request(text, make_context()).unwrap().body == b"plain"
    raw = http_event("POST", "/", body="plain", version="alb")
    assert (raw["body"], raw["isBase64Encoded"]) == ("plain", False)
    model = http_event("POST", "/", json=Order(order_id="o", qty=1))
    assert json.loads(model["body"]) == {"order_id": "o", "qty": 1}


def test_http_event_given_headers_replace_the_defaults() -> None:
    event = http_event(headers={"User-Agent": "mine"})
    assert event["headers"]["user-agent"] == "mine"
    assert event["requestContext"]["http"]["userAgent"] == "mine"


# queue and notification events


def test_sqs_event() -> None:
    event = sqs_event(
        [{"order_id": "1"}, "plain", Order(order_id="2", qty=1)],
        message_attributes={"kind": "order"},
    )
    records = event["Records"]
    assert [record["body"] for record in records] == [
        '{"order_id": "1"}',
        "plain",
        '{"order_id":"2","qty":1}',
    ]
    for record in records:
        assert record["eventSource"] == "aws:sqs"
        assert record["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:my-queue"
        assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
        assert record["messageAttributes"]["kind"]["stringValue"] == "order"
        assert "MessageGroupId" not in record["attributes"]
    assert len({record["messageId"] for record in records}) == 3


def test_sqs_fifo_event() -> None:
    event = sqs_event(["a", "b", "c"], queue="orders", fifo=True, group_ids=["g1", "g2", "g1"])
    records = event["Records"]
    assert all(r["eventSourceARN"].endswith(":orders.fifo") for r in records)
    assert [r["attributes"]["MessageGroupId"] for r in records] == ["g1", "g2", "g1"]
    sequences = [int(r["attributes"]["SequenceNumber"]) for r in records]
    assert sequences == sorted(sequences)
    assert all(r["attributes"]["MessageDeduplicationId"] for r in records)
    same = sqs_event(["a", "b"], fifo=True, group_ids="one")
    assert {r["attributes"]["MessageGroupId"] for r in same["Records"]} == {"one"}
    with pytest.raises(ValueError, match="2 values for 3 records"):
        sqs_event(["a", "b", "c"], fifo=True, group_ids=["g1", "g2"])


def test_sns_event() -> None:
    event = sns_event([{"a": 1}], subject="hi", message_attributes={"k": "v"})
    record = event["Records"][0]
    assert record["EventSource"] == "aws:sns"
    sns = record["Sns"]
    assert sns["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:my-topic"
    assert json.loads(sns["Message"]) == {"a": 1}
    assert sns["Subject"] == "hi"
    assert sns["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert sns["SigningCertUrl"].startswith("https://sns.us-east-1.amazonaws.com/")
    assert record["EventSubscriptionArn"].startswith(sns["TopicArn"] + ":")


def test_sns_sqs_event() -> None:
    event = sns_sqs_event(["hello"], topic="alerts", queue="alert-queue")
    record = event["Records"][0]
    assert record["eventSourceARN"].endswith(":alert-queue")
    notification = json.loads(record["body"])
    assert notification["Type"] == "Notification"
    assert notification["Message"] == "hello"
    assert notification["TopicArn"].endswith(":alerts")
    assert "SigningCertURL" in notification  # SQS bodies spell it URL
    assert "Subject" not in notification


def test_s3_event() -> None:
    event = s3_event("photos", ["a b/c+d.jpg", "x.png"], "s3:ObjectCreated:Put", size=7)
    first, second = event["Records"]
    assert first["eventName"] == "ObjectCreated:Put"
    assert first["s3"]["bucket"] == {
        "name": "photos",
        "ownerIdentity": {"principalId": "A3I5XTEXAMAI3E"},
        "arn": "arn:aws:s3:::photos",
    }
    assert first["s3"]["object"]["key"] == "a+b/c%2Bd.jpg"  # URL-encoded as S3 sends it
    assert first["s3"]["object"]["size"] == 7
    assert second["s3"]["object"]["key"] == "x.png"
    removed = s3_event(event_name="ObjectRemoved:Delete")["Records"][0]["s3"]["object"]
    assert "size" not in removed
    assert "eTag" not in removed


def test_s3_sqs_event() -> None:
    event = s3_sqs_event("bucket", ["a.txt", "b.txt"])
    bodies = [json.loads(record["body"]) for record in event["Records"]]
    assert [body["Records"][0]["s3"]["object"]["key"] for body in bodies] == ["a.txt", "b.txt"]


def test_eventbridge_and_scheduled_events() -> None:
    event = eventbridge_event("Order Placed", Order(order_id="o", qty=1), "com.example")
    assert event["detail"] == {"order_id": "o", "qty": 1}
    assert event["detail-type"] == "Order Placed"
    assert event["time"].endswith("Z")
    assert time.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ")
    scheduled = scheduled_event("nightly")
    assert scheduled["source"] == "aws.events"
    assert scheduled["detail-type"] == "Scheduled Event"
    assert scheduled["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/nightly"]


# streams


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("x", {"S": "x"}),
        (3, {"N": "3"}),
        (1.5, {"N": "1.5"}),
        (Decimal("2.50"), {"N": "2.50"}),
        (True, {"BOOL": True}),
        (None, {"NULL": True}),
        (b"\x01", {"B": "AQ=="}),
        ([1, "a"], {"L": [{"N": "1"}, {"S": "a"}]}),
        ({"k": {"n": 1}}, {"M": {"k": {"M": {"n": {"N": "1"}}}}}),
        ({"b", "a"}, {"SS": ["a", "b"]}),
        (frozenset({2, 1}), {"NS": ["1", "2"]}),
        ({b"\x01"}, {"BS": ["AQ=="]}),
    ],
)
def test_attribute_values(value: Any, encoded: dict[str, Any]) -> None:
    assert to_attribute_value(value) == encoded


def test_attribute_value_errors() -> None:
    with pytest.raises(ValueError, match="no empty sets"):
        to_attribute_value(set())
    with pytest.raises(ValueError, match="only strings"):
        to_attribute_value({1, "a"})
    with pytest.raises(TypeError, match="no DynamoDB attribute type"):
        to_attribute_value(object())


def test_dynamodb_event() -> None:
    event = dynamodb_event(
        [{"pk": "a", "n": 1}, {"pk": "b", "n": 2}, None],
        old_images=[None, {"pk": "b", "n": 1}, {"pk": "c"}],
        key="pk",
        table="orders",
    )
    records = event["Records"]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert records[0]["dynamodb"]["Keys"] == {"pk": {"S": "a"}}
    assert records[0]["dynamodb"]["NewImage"] == to_item({"pk": "a", "n": 1})
    assert "OldImage" not in records[0]["dynamodb"]
    assert records[1]["dynamodb"]["OldImage"] == {"pk": {"S": "b"}, "n": {"N": "1"}}
    assert "NewImage" not in records[2]["dynamodb"]
    assert all(
        r["eventSourceARN"].startswith(
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/"
        )
        for r in records
    )
    numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert numbers == sorted(numbers)
    default = dynamodb_event()["Records"][0]
    assert default["dynamodb"]["Keys"] == {"id": {"S": "1"}}
    first_attribute = dynamodb_event([{"sku": "x"}])["Records"][0]
    assert first_attribute["dynamodb"]["Keys"] == {"sku": {"S": "x"}}
    with pytest.raises(ValueError, match="neither a new nor an old image"):
        dynamodb_event([None], old_images=[None])


def test_kinesis_event() -> None:
    event = kinesis_event([{"a": 1}, b"\x00", "text"], partition_keys=["p1", "p2", "p3"])
    records = event["Records"]
    assert [base64.b64decode(r["kinesis"]["data"]) for r in records] == [
        b'{"a": 1}',
        b"\x00",
        b"text",
    ]
    assert [r["kinesis"]["partitionKey"] for r in records] == ["p1", "p2", "p3"]
    sequences = [int(r["kinesis"]["sequenceNumber"]) for r in records]
    assert sequences == sorted(sequences)
    assert all(
        r["eventID"] == f"shardId-000000000000:{r['kinesis']['sequenceNumber']}" for r in records
    )
    assert records[0]["eventSourceARN"] == "arn:aws:kinesis:us-east-1:123456789012:stream/my-stream"


def test_firehose_event() -> None:
    event = firehose_event(["a", "b"], stream="logs")
    assert (
        event["deliveryStreamArn"] == "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs"
    )
    assert [base64.b64decode(r["data"]) for r in event["records"]] == [b"a", b"b"]
    assert len({r["recordId"] for r in event["records"]}) == 2


def test_cloudwatch_logs_event() -> None:
    event = cloudwatch_logs_event(["first", "second"], log_group="/aws/lambda/orders")
    raw = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    assert raw == decode_cloudwatch_logs(event)
    assert raw["messageType"] == "DATA_MESSAGE"
    assert raw["logGroup"] == "/aws/lambda/orders"
    assert [e["message"] for e in raw["logEvents"]] == ["first", "second"]


def test_kafka_event() -> None:
    event = kafka_event([{"v": 1}], topic="orders", partition=3, keys=["k1"], headers={"h": "hv"})
    assert event["eventSource"] == "aws:kafka"
    assert event["eventSourceArn"].startswith("arn:aws:kafka:us-east-1:123456789012:cluster/")
    (record,) = event["records"]["orders-3"]
    assert base64.b64decode(record["key"]) == b"k1"
    assert json.loads(base64.b64decode(record["value"])) == {"v": 1}
    assert record["headers"] == [{"h": list(b"hv")}]
    self_managed = kafka_event(msk=False)
    assert self_managed["eventSource"] == "SelfManagedKafka"
    assert "eventSourceArn" not in self_managed
    assert "key" not in self_managed["records"]["my-topic-0"][0]
    with pytest.raises(ValueError, match="1 keys for 2 values"):
        kafka_event(["a", "b"], keys=["k"])


def test_cloudformation_event() -> None:
    create = cloudformation_event(properties={"Size": "1"})
    assert create["ResourceProperties"] == {"ServiceToken": create["ServiceToken"], "Size": "1"}
    assert "PhysicalResourceId" not in create
    assert create["ResponseURL"].startswith(
        "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/"
    )
    update = cloudformation_event(
        "Update",
        properties={"Size": "2"},
        old_properties={"Size": "1"},
        physical_resource_id="res-1",
    )
    assert update["PhysicalResourceId"] == "res-1"
    assert update["OldResourceProperties"]["Size"] == "1"
    delete = cloudformation_event("Delete")
    assert delete["PhysicalResourceId"].startswith("MyResource-")
    assert "OldResourceProperties" not in delete
    with pytest.raises(ValueError, match="Create, Update or Delete"):
        cloudformation_event("Replace")  # type: ignore[arg-type]


# the factories feed the batch handler as Lambda would


def test_stream_and_queue_factories_feed_batch_handler() -> None:
    @batch_handler
    def fail_second(record: dict[str, Any]) -> Result[None, str]:
        return Err("nope") if record.get("marker") == 1 else Ok(None)

    seen: list[str] = []

    @batch_handler
    def collect(record: dict[str, Any]) -> Result[None, str]:
        seen.append(record["eventSource"])
        return Ok(None)

    for event in (
        sqs_event(["a", "b"]),
        kinesis_event(["a"]),
        dynamodb_event(),
        sqs_event(fifo=True),
    ):
        assert invoke(collect, event) == Ok({"batchItemFailures": []})
    assert seen == ["aws:sqs", "aws:sqs", "aws:kinesis", "aws:dynamodb", "aws:sqs"]
    event = sqs_event(["a", "b"])
    event["Records"][1]["marker"] = 1
    failed_id = event["Records"][1]["messageId"]
    assert invoke(fail_second, event) == Ok({"batchItemFailures": [{"itemIdentifier": failed_id}]})


# invoke


@lambda_handler
def double(event: dict[str, int], context: Context) -> Result[dict[str, int], ValueError]:
    if event["n"] < 0:
        return Err(ValueError("negative"))
    return Ok({"n": event["n"] * 2})


@lambda_handler
def crash(event: dict[str, Any], context: Context) -> Result[None, ValueError]:
    raise RuntimeError("boom")


def test_invoke_ok_and_err() -> None:
    assert invoke(double, {"n": 2}) == Ok({"n": 4})
    assert invoke(double, {"n": -1}) == Err(LambdaFailure("ValueError", "negative"))
    failure = invoke(double, {"n": "x"}).unwrap_err()
    assert failure.error_type == "InvalidEvent"
    assert "n" in failure.message
    match invoke(double, {"n": -1}):
        case Err(LambdaFailure(error_type, message)):
            assert (error_type, message) == ("ValueError", "negative")
        case _:
            pytest.fail("expected a failure")


def test_invoke_unexpected_exception_has_a_trace() -> None:
    failure = invoke(crash, {}).unwrap_err()
    assert (failure.error_type, failure.message) == ("RuntimeError", "boom")
    assert failure.stack_trace
    assert isinstance(failure, Exception)
    assert str(failure) == "boom"
    assert repr(failure) == "LambdaFailure('RuntimeError', 'boom')"
    assert hash(failure) == hash(LambdaFailure("RuntimeError", "boom"))
    assert failure != "boom"


def test_invoke_goes_through_invoke_raw() -> None:
    calls: list[tuple[bytes, Context]] = []

    class Recorder:
        def invoke_raw(self, payload: bytes, context: Context) -> tuple[bytes, str | None]:
            calls.append((payload, context))
            return b'{"ok": true}', None

        def __call__(self, event: Any, context: Any) -> Any:
            raise AssertionError("the managed path must not be used")

    context = make_context(remaining_ms=1234)
    assert invoke(Recorder(), {"a": 1}, context) == Ok({"ok": True})
    assert calls == [(b'{"a": 1}', context)]


def test_invoke_event_forms() -> None:
    assert invoke(double, '{"n": 1}') == Ok({"n": 2})
    assert invoke(double, b'{"n": 3}') == Ok({"n": 6})

    @lambda_handler
    def order_qty(event: Order, context: Context) -> Result[int, ValueError]:
        return Ok(event.qty)

    assert invoke(order_qty, Order(order_id="o", qty=5)) == Ok(5)


def test_invoke_plain_functions() -> None:
    def plain(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"got": event, "left": context.get_remaining_time_in_millis() > 0}

    assert invoke(plain, {"a": 1}) == Ok({"got": {"a": 1}, "left": True})

    def raising(event: Any, context: Any) -> None:
        raise KeyError("missing")

    failure = invoke(raising, {}).unwrap_err()
    assert (failure.error_type, failure.message) == ("KeyError", "'missing'")
    assert failure.stack_trace

    def unserializable(event: Any, context: Any) -> object:
        return object()

    marshal = invoke(unserializable, {}).unwrap_err()
    assert marshal.error_type == "Runtime.MarshalError"


def test_invoke_a_managed_style_context() -> None:
    class ManagedContext:
        aws_request_id = "abc"
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
        function_name = "f"
        function_version = "$LATEST"
        memory_limit_in_mb = 128
        log_group_name = "/aws/lambda/f"
        log_stream_name = "s"

        def get_remaining_time_in_millis(self) -> int:
            return 1000

    @lambda_handler
    def request_id(event: Any, context: Context) -> Result[str, ValueError]:
        return Ok(context.aws_request_id)

    assert invoke(request_id, {}, ManagedContext()) == Ok("abc")


def test_invoke_http_handlers() -> None:
    @http_handler
    def hello(request: Request) -> Result[Response, HttpError]:
        name = request.query.first("name").unwrap_or("world")
        if name == "nobody":
            return Err(HttpError.not_found("nobody is here"))
        return Ok(Response.json({"hello": name}))

    ok = invoke(hello, http_event("GET", "/?name=ada")).unwrap()
    assert (ok["statusCode"], json.loads(ok["body"])) == (200, {"hello": "ada"})
    not_found = invoke(hello, http_event("GET", "/?name=nobody", version="1.0")).unwrap()
    assert not_found["statusCode"] == 404
    assert invoke(hello, sqs_event()).unwrap_err().error_type == "UnsupportedEvent"


# make_context


def test_make_context() -> None:
    context = make_context(remaining_ms=5000, function_name="orders", memory_limit_in_mb=512)
    assert 4000 < context.get_remaining_time_in_millis() <= 5000
    assert context.function_name == "orders"
    assert context.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:orders"
    assert context.memory_limit_in_mb == "512"
    assert context.log_group_name == "/aws/lambda/orders"
    assert "[$LATEST]" in context.log_stream_name
    assert len(context.aws_request_id) == 36
    assert make_context(aws_request_id="fixed").aws_request_id == "fixed"
    assert make_context(remaining_ms=0).get_remaining_time_in_millis() == 0


# the module and the plugin


def test_importing_the_module_needs_no_pytest() -> None:
    output = run_fresh(
        """
        import sys
        sys.modules["pytest"] = None  # pytest not installed
        import ferrolambda.testing as testing
        print(hasattr(testing, "lambda_context"), testing.EVENT_FACTORIES["sqs"]()["Records"][0]["eventSource"])
        """
    )
    assert output == "False aws:sqs"
    loaded = run_fresh(
        """
        import sys
        import ferrolambda.testing
        print(sorted(m for m in ("pytest", "pydantic") if m in sys.modules))
        """
    )
    assert loaded == "[]"


PLUGIN_TESTS = """
import pytest

from ferrolambda.context import Context


def test_default_context(lambda_context: Context) -> None:
    assert isinstance(lambda_context, Context)
    assert 29_000 < lambda_context.get_remaining_time_in_millis() <= 30_000
    assert lambda_context.function_name == "test-function"


@pytest.mark.lambda_context(remaining_ms=500, function_name="orders")
def test_marker(lambda_context: Context) -> None:
    assert lambda_context.get_remaining_time_in_millis() <= 500
    assert lambda_context.function_name == "orders"


@pytest.mark.parametrize("lambda_context", [{"remaining_ms": 100}], indirect=True)
def test_indirect(lambda_context: Context) -> None:
    assert lambda_context.get_remaining_time_in_millis() <= 100


def test_factory(make_lambda_context) -> None:
    assert make_lambda_context(remaining_ms=50).get_remaining_time_in_millis() <= 50
"""


def test_pytest_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_plugin_use.py").write_text(PLUGIN_TESTS)
    environment = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "ferrolambda.testing",
            "-p",
            "no:cacheprovider",
            "--strict-markers",
            "-q",
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout
