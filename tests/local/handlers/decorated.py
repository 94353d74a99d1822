"""A ferrolambda handler: `Result` in, Lambda response or error out."""

from __future__ import annotations

from typing import Any

from ferrolambda import Context, Err, Ok, Result, lambda_handler


class NotFound(Exception):
    error_type = "NotFound"


@lambda_handler
def handler(event: dict[str, Any], context: Context) -> Result[dict[str, Any], NotFound]:
    name = event.get("name")
    if name is None:
        return Err(NotFound("no name in the event"))
    return Ok({"greeting": f"hello {name}"})
