"""HTTP hello: `GET /hello?name=Luciano` answers an HTML greeting.

`request.query.first("name")` is an `Option[str]`, as `params.first("name")` in lambda_http:
no `None` check to forget. The name is HTML-escaped before it goes into the page.
"""

from __future__ import annotations

from html import escape

from ferrolambda import Err, Ok, Result
from ferrolambda.http import HttpError, Request, Response, http_handler

MAX_NAME_LENGTH = 100


@http_handler
def handler(request: Request) -> Result[Response, HttpError]:
    who = request.query.first("name").map(str.strip).filter(bool).unwrap_or("world")
    if len(who) > MAX_NAME_LENGTH:
        return Err(HttpError.bad_request(f"name is longer than {MAX_NAME_LENGTH} characters"))
    return Ok(
        Response.html(
            "<!doctype html>\n"
            f"<html><head><title>Hello</title></head><body><h1>Hello, {escape(who)}!</h1></body></html>\n"
        )
    )
