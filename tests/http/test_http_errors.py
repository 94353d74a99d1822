"""HttpError: RFC 9457 problem details and the helper constructors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ferrolambda.http import PROBLEM_JSON, HttpError


def test_problem_response() -> None:
    error = HttpError(
        409,
        "order 42 already exists",
        type="https://example.com/problems/duplicate",
        instance="/orders/42",
        order_id="42",
    )
    assert isinstance(error, Exception)
    assert str(error) == "order 42 already exists"
    assert error.error_type == "Conflict"
    response = error.to_response()
    assert response.status == 409
    assert response.content_type == PROBLEM_JSON == "application/problem+json"
    assert json.loads(response.body) == {
        "type": "https://example.com/problems/duplicate",
        "title": "Conflict",
        "status": 409,
        "detail": "order 42 already exists",
        "instance": "/orders/42",
        "order_id": "42",
    }


def test_defaults() -> None:
    error = HttpError(404)
    assert str(error) == "Not Found"
    assert error.problem() == {"type": "about:blank", "title": "Not Found", "status": 404}
    assert repr(error) == "HttpError(404, None)"
    assert HttpError(418).error_type == "ImATeapot"
    assert HttpError(499).title == "Client Error"
    assert HttpError(400, title="Invalid Order").error_type == "InvalidOrder"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="400-599"):
        HttpError(302)
    with pytest.raises(ValueError, match="100 to 599"):
        HttpError(700)
    with pytest.raises(ValueError, match="may not be named"):
        HttpError(400, status=1)
    with pytest.raises(ValueError, match="may not be named"):
        HttpError(400, detail="use the message")


@pytest.mark.parametrize(
    ("make", "status", "title"),
    [
        (HttpError.bad_request, 400, "Bad Request"),
        (HttpError.unauthorized, 401, "Unauthorized"),
        (HttpError.forbidden, 403, "Forbidden"),
        (HttpError.not_found, 404, "Not Found"),
        (HttpError.conflict, 409, "Conflict"),
        (HttpError.gone, 410, "Gone"),
        (HttpError.payload_too_large, 413, "Content Too Large"),
        (HttpError.unsupported_media_type, 415, "Unsupported Media Type"),
        (HttpError.unprocessable, 422, "Unprocessable Content"),
        (HttpError.too_many_requests, 429, "Too Many Requests"),
        (HttpError.internal, 500, "Internal Server Error"),
        (HttpError.not_implemented, 501, "Not Implemented"),
        (HttpError.bad_gateway, 502, "Bad Gateway"),
        (HttpError.service_unavailable, 503, "Service Unavailable"),
        (HttpError.gateway_timeout, 504, "Gateway Timeout"),
    ],
)
def test_helpers(make: Callable[..., HttpError], status: int, title: str) -> None:
    error = make("details")
    assert (error.status, error.title, error.message) == (status, title, "details")
    assert make().problem() == {"type": "about:blank", "title": title, "status": status}


def test_helpers_with_headers() -> None:
    allowed = HttpError.method_not_allowed(["GET", "POST"], "no DELETE")
    assert allowed.status == 405
    assert allowed.to_response().headers.first("Allow").unwrap() == "GET, POST"
    challenge = HttpError.unauthorized(www_authenticate='Bearer realm="api"')
    assert challenge.to_response().headers.all("www-authenticate") == ['Bearer realm="api"']
    assert HttpError.too_many_requests(retry_after=30).headers.all("retry-after") == ["30"]
    assert HttpError.service_unavailable(retry_after=5).headers.all("retry-after") == ["5"]
    custom = HttpError.forbidden(headers={"X-Reason": "plan"})
    assert custom.to_response().headers.first("x-reason").unwrap() == "plan"


def test_unprocessable_errors_member() -> None:
    errors: list[dict[str, Any]] = [{"detail": "must be positive", "pointer": "#/qty"}]
    problem = HttpError.unprocessable("invalid order", errors=errors).problem()
    assert problem["errors"] == errors
    assert problem["detail"] == "invalid order"
