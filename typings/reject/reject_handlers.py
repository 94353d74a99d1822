"""The Lambda decorators refuse functions that do not follow the contract."""

from __future__ import annotations

from typing import Any

from ferrolambda import Context, LambdaEvent, Ok, Result, lambda_handler
from ferrolambda.http import HttpError, Request, Response, http_handler


def returns_a_plain_value(event: LambdaEvent[int]) -> int:
    return event.payload


def three_parameters(event: dict[str, Any], context: Context, extra: int) -> Result[int, str]:
    return Ok(extra)


def http_returns_a_string(request: Request) -> str:
    return "hello"


def http_takes_a_dict(event: dict[str, Any]) -> Result[Response, HttpError]:
    return Ok(Response.text("hi"))


# E[mypy]: Argument 1 to "lambda_handler" has incompatible type
# E[pyright]: No overloads for "lambda_handler" match the provided arguments
plain = lambda_handler(returns_a_plain_value)

# E[mypy]: Argument 1 to "lambda_handler" has incompatible type
# E[pyright]: No overloads for "lambda_handler" match the provided arguments
too_many = lambda_handler(three_parameters)

# E[mypy]: Argument 1 to "http_handler" has incompatible type
# E[pyright]: No overloads for "http_handler" match the provided arguments
not_a_result = http_handler(http_returns_a_string)

# E[mypy]: Argument 1 to "http_handler" has incompatible type
# E[pyright]: No overloads for "http_handler" match the provided arguments
not_a_request = http_handler(http_takes_a_dict)
