"""`@http_handler`: a function from `Request` to `Result` becomes a Lambda handler.

The handler is a `LambdaHandler` around an internal endpoint that turns the event into a
`Request`, calls the function and turns its outcome into a `Response` shaped for the event's
integration. So the managed runtime's `handler(event, context)` and the ferrolambda runtime's
`invoke_raw` take the same path as every other ferrolambda handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeAlias, overload

from .._functions import is_coroutine_function
from ..handler import LambdaHandler, as_result, error_type_of
from ..result import Err, Ok
from ..streaming import ResponseStream
from .errors import HttpError
from .response import Response, StreamingResponse
from .sources import to_event_response, to_request

if TYPE_CHECKING:
    import logging

    from ..context import Context
    from ..result import Result
    from .request import Request

HttpHandler: TypeAlias = LambdaHandler[Any, dict[str, Any] | ResponseStream, Exception]
"""What `@http_handler` returns: a Lambda handler answering HTTP events."""

_logger: logging.Logger | None = None


def logger() -> logging.Logger:
    """`logging.getLogger("ferrolambda.http")`, imported on first use (off the cold start)."""
    global _logger
    if _logger is None:
        import logging

        _logger = logging.getLogger("ferrolambda.http")
    return _logger


def unexpected(error: BaseException) -> Response:
    """A generic 500 for an exception: the trace goes to the log, not to the caller."""
    logger().exception(
        "HTTP handler raised %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    return HttpError.internal().to_response()


def outcome_response(returned: object) -> Response:
    """The `Response` for what a function returned (a `Result`; anything else is a 500)."""
    outcome = as_result(returned)
    if type(outcome) is Ok:
        return Response.from_value(outcome.value)
    error: object = outcome.error
    if isinstance(error, HttpError):
        return error.to_response()
    logger().error("HTTP handler returned Err(%s): %s; answering 500", error_type_of(error), error)
    return HttpError.internal().to_response()


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """Call a sync function and map its outcome, or the exception it raised, to a `Response`."""
    try:
        return outcome_response(function(*args, **kwargs))
    except Exception as error:
        return unexpected(error)


async def call_async(
    function: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any
) -> Response:
    """Await an async function and map its outcome, or its exception, to a `Response`."""
    try:
        return outcome_response(await function(*args, **kwargs))
    except Exception as error:
        return unexpected(error)


class Endpoint:
    """The `(event, context) -> Result[response dict, Exception]` function inside an HTTP handler."""

    __slots__ = ("respond",)

    def __init__(self, respond: Callable[[Request], Response]) -> None:
        self.respond = respond

    def __call__(
        self, event: Any, context: Context
    ) -> Result[dict[str, Any] | ResponseStream, Exception]:
        parsed = to_request(event, context)
        if type(parsed) is Err:
            return parsed
        request = parsed.unwrap()
        response = self.respond(request)
        if isinstance(response, StreamingResponse):
            return Ok(response.to_stream())
        return Ok(to_event_response(response, request))


class AsyncEndpoint:
    """The async form of `Endpoint`, for `async def` functions."""

    __slots__ = ("respond",)

    def __init__(self, respond: Callable[[Request], Awaitable[Response]]) -> None:
        self.respond = respond

    async def __call__(
        self, event: Any, context: Context
    ) -> Result[dict[str, Any] | ResponseStream, Exception]:
        parsed = to_request(event, context)
        if type(parsed) is Err:
            return parsed
        request = parsed.unwrap()
        response = await self.respond(request)
        if isinstance(response, StreamingResponse):
            return Ok(response.to_stream())
        return Ok(to_event_response(response, request))


def wrap(endpoint: Endpoint | AsyncEndpoint, function: Callable[..., Any]) -> HttpHandler:
    """The `LambdaHandler` around `endpoint`, named after `function`."""
    handler: HttpHandler = LambdaHandler(
        endpoint,
        payload_type=Any,
        takes_context=True,
        is_async=isinstance(endpoint, AsyncEndpoint),
    )
    handler.__name__ = getattr(function, "__name__", handler.__name__)
    handler.__qualname__ = getattr(function, "__qualname__", handler.__qualname__)
    handler.__doc__ = getattr(function, "__doc__", None)
    handler.__wrapped__ = function
    return handler


@overload
def http_handler(
    function: Callable[[Request], Coroutine[Any, Any, Result[Any, Any]]], /
) -> HttpHandler: ...


@overload
def http_handler(function: Callable[[Request], Result[Any, Any]], /) -> HttpHandler: ...


def http_handler(function: Callable[[Request], Any], /) -> HttpHandler:
    """Decorator: make `def f(request: Request) -> Result[Response, HttpError]` (sync or async)
    a Lambda handler for API Gateway REST (v1), HTTP API (v2), ALB and Function URL events.

    - `Ok(Response)` is sent as is; `Ok` of a str (text), bytes (binary), dict, list, pydantic
      model or dataclass (JSON) is a 200; `Ok(None)` is a 204.
    - `Err(HttpError)` is its RFC 9457 problem response; any other `Err`, and any exception,
      is a generic 500 problem with nothing internal in the body, logged on `ferrolambda.http`.
    - An event of no known HTTP shape is a Lambda error `UnsupportedEvent`.
    """
    if is_coroutine_function(function):

        async def respond_async(request: Request) -> Response:
            return await call_async(function, request)

        return wrap(AsyncEndpoint(respond_async), function)

    def respond(request: Request) -> Response:
        return call(function, request)

    return wrap(Endpoint(respond), function)


__all__ = ["HttpHandler", "http_handler"]
