"""HTTP for Lambda (the `lambda_http` equivalent): API Gateway REST (v1) and HTTP API (v2),
Application Load Balancer and Lambda Function URL events.

```python
from ferrolambda import Ok, Result
from ferrolambda.http import HttpError, Request, Response, http_handler

@http_handler
def handler(request: Request) -> Result[Response, HttpError]:
    who = request.query.first("name").unwrap_or("world")
    return Ok(Response.json({"hello": who}))
```

`Router` routes several paths in one function and is itself the handler. Importing this module
imports neither pydantic nor asyncio: `Request.payload` and async handlers load them when used.
"""

from __future__ import annotations

from ._http.endpoint import HttpHandler, http_handler
from ._http.errors import PROBLEM_JSON, HttpError
from ._http.multidict import Headers, MultiDict
from ._http.request import EventSource, Request
from ._http.response import Response, StreamingResponse, is_text_type
from ._http.router import Cors, Router
from ._http.sources import UnsupportedEvent, detect, to_event_response, to_request

__all__ = [
    "PROBLEM_JSON",
    "Cors",
    "EventSource",
    "Headers",
    "HttpError",
    "HttpHandler",
    "MultiDict",
    "Request",
    "Response",
    "Router",
    "StreamingResponse",
    "UnsupportedEvent",
    "detect",
    "http_handler",
    "is_text_type",
    "to_event_response",
    "to_request",
]
