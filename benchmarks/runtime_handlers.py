"""Handlers for bench_runtime.py: the same echo, plain and decorated."""

from typing import Any

from ferrolambda import Context, Ok, Result, lambda_handler


def plain(event: Any, context: Any) -> Any:
    return event


@lambda_handler
def decorated(event: dict[str, Any], context: Context) -> Result[dict[str, Any], Exception]:
    return Ok(event)
