"""Application Load Balancer requests (single- and multi-value) and responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ferrolambda.events.alb import AlbTargetGroupRequest, AlbTargetGroupResponse

Load = Callable[[str], dict[str, Any]]


def test_single_value_request(load_event: Load) -> None:
    request = AlbTargetGroupRequest.model_validate(load_event("alb.json"))
    assert request.http_method == "POST"
    assert request.headers is not None
    assert request.headers["x-forwarded-proto"] == "https"
    assert request.query_string_parameters == {"source": "kiosk%2012"}
    assert request.multi_value_headers is None
    assert request.request_context.elb.target_group_arn.endswith(
        "targetgroup/orders-lambda/6d0ecf831eec9f09"
    )


def test_multi_value_request(load_event: Load) -> None:
    request = AlbTargetGroupRequest.model_validate(load_event("alb_multi_value.json"))
    assert request.headers is None
    assert request.multi_value_headers is not None
    assert request.multi_value_headers["cookie"] == ["a=1", "b=2"]
    assert request.multi_value_query_string_parameters == {
        "status": ["open", "shipped"],
        "page": ["2"],
    }
    assert request.body == ""


def test_response_has_the_aws_shape() -> None:
    single = AlbTargetGroupResponse(
        status_code=200,
        status_description="200 OK",
        headers={"content-type": "text/plain"},
        body="hi",
    )
    assert single.model_dump(mode="json", by_alias=True) == {
        "statusCode": 200,
        "statusDescription": "200 OK",
        "headers": {"content-type": "text/plain"},
        "body": "hi",
        "isBase64Encoded": False,
    }
    multi = AlbTargetGroupResponse(status_code=302, multi_value_headers={"location": ["/next"]})
    assert multi.model_dump(mode="json", by_alias=True) == {
        "statusCode": 302,
        "multiValueHeaders": {"location": ["/next"]},
        "isBase64Encoded": False,
    }
