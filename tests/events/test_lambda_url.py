"""Function URL requests (payload format 2.0, IAM auth) and responses."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from ferrolambda.events.apigateway import ApiGatewayV2HttpEvent
from ferrolambda.events.lambda_url import LambdaFunctionUrlEvent, LambdaFunctionUrlResponse

Load = Callable[[str], dict[str, Any]]


def test_request_with_iam_caller(load_event: Load) -> None:
    event = LambdaFunctionUrlEvent.model_validate(load_event("lambda_url.json"))
    assert isinstance(event, ApiGatewayV2HttpEvent)
    assert event.raw_path == "/webhooks/payments"
    assert event.request_context.http.method == "POST"
    assert event.body is not None
    assert base64.b64decode(event.body) == b"\x00\x01payment-batch\xff"
    assert event.request_context.authorizer is not None
    iam = event.request_context.authorizer.iam
    assert iam is not None
    assert iam.account_id == "210987654321"
    assert iam.principal_org_id == "o-a1b2c3d4e5"
    assert iam.cognito_identity is None


def test_response_has_the_aws_shape() -> None:
    response = LambdaFunctionUrlResponse(status_code=202, body="queued")
    assert response.model_dump(mode="json", by_alias=True) == {
        "statusCode": 202,
        "body": "queued",
        "isBase64Encoded": False,
    }
