"""`Request`: one HTTP request, whichever integration (API Gateway, ALB, Function URL) sent it."""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from ..result import Err, Ok
from .errors import HttpError
from .multidict import Headers, MultiDict, MultiSource

if TYPE_CHECKING:
    from pydantic import ValidationError

    from ..context import Context
    from ..result import Result

M = TypeVar("M")

EventSource: TypeAlias = Literal["apigw-v1", "apigw-v2", "alb", "function-url"]
"""Which integration sent the event: API Gateway REST (v1, also HTTP API payload 1.0), HTTP API
(payload 2.0), an Application Load Balancer, or a Lambda Function URL."""

_validators: dict[object, Callable[[bytes], Any]] = {}


def parse_cookie_header(values: Iterable[str]) -> MultiDict:
    """Cookies from `Cookie` header values (`a=1; b=2`); quoted values are unquoted."""
    cookies = MultiDict()
    for value in values:
        for pair in value.split(";"):
            name, equals, cookie = pair.strip().partition("=")
            if not equals or not name:
                continue
            cookie = cookie.strip()
            if len(cookie) >= 2 and cookie[0] == cookie[-1] == '"':
                cookie = cookie[1:-1]
            cookies.add(name.strip(), cookie)
    return cookies


def _validator(model: object) -> Callable[[bytes], Any]:
    """The JSON validator for `model`, built once per type."""
    validate = _validators.get(model)
    if validate is None:
        from pydantic import BaseModel, TypeAdapter

        if isinstance(model, type) and issubclass(model, BaseModel):
            validate = model.model_validate_json
        else:
            validate = TypeAdapter[Any](model).validate_json  # type: ignore[arg-type]
        _validators[model] = validate
    return validate


def _json_pointer(location: tuple[int | str, ...]) -> str:
    return "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)


def _problem_from_validation(error: ValidationError) -> HttpError:
    details = error.errors(include_url=False, include_input=False, include_context=False)
    if details and all(detail["type"] == "json_invalid" for detail in details):
        return HttpError.bad_request(f"the request body is not valid JSON: {details[0]['msg']}")
    errors = [
        {
            "detail": detail["msg"],
            "pointer": _json_pointer(detail["loc"]),
            "field": ".".join(str(part) for part in detail["loc"]) or "<root>",
        }
        for detail in details
    ]
    count = len(errors)
    return HttpError.unprocessable(
        f"the request body has {count} invalid field{'s' if count != 1 else ''}", errors=errors
    )


class Request:
    """An HTTP request.

    - `method`: upper case; `path`: without the stage (`path` for REST v1 and ALB, `rawPath`
      for HTTP API v2 and Function URLs, a leading `/{stage}` removed for named v2 stages).
    - `headers` (case-insensitive) and `query` are multi-valued mappings with
      `first(name) -> Option[str]` and `all(name) -> list[str]`; so is `cookies`.
    - `path_params` (from the integration, then the router), `stage_variables`,
      `request_context` (the raw `requestContext`), `event` (the raw event), `source`
      (which integration), `context` (the Lambda `Context`).
    - `body`: bytes, base64-decoded when the integration encoded it.
    """

    __slots__ = (
        "_context",
        "body",
        "cookies",
        "event",
        "headers",
        "method",
        "path",
        "path_params",
        "query",
        "request_context",
        "source",
        "stage_variables",
    )

    def __init__(
        self,
        method: str = "GET",
        path: str = "/",
        *,
        headers: MultiSource = None,
        query: MultiSource = None,
        body: bytes | str = b"",
        cookies: MultiSource = None,
        path_params: Mapping[str, str] | None = None,
        stage_variables: Mapping[str, str] | None = None,
        request_context: Mapping[str, Any] | None = None,
        source: EventSource = "apigw-v2",
        context: Context | None = None,
        event: Mapping[str, Any] | None = None,
    ) -> None:
        self.method = method.upper()
        self.path = path
        self.headers = headers if type(headers) is Headers else Headers(headers)
        self.query = query if type(query) is MultiDict else MultiDict(query)
        self.body = body.encode() if isinstance(body, str) else body
        if cookies is None:
            self.cookies = parse_cookie_header(self.headers.all("cookie"))
        else:
            self.cookies = cookies if type(cookies) is MultiDict else MultiDict(cookies)
        self.path_params: dict[str, str] = dict(path_params) if path_params else {}
        self.stage_variables: dict[str, str] = dict(stage_variables) if stage_variables else {}
        self.request_context: Mapping[str, Any] = (
            request_context if request_context is not None else {}
        )
        self.source: EventSource = source
        self._context = context
        self.event: Mapping[str, Any] = event if event is not None else {}

    @property
    def context(self) -> Context:
        """The Lambda invocation context (a stand-in with 15 minutes left when built by hand)."""
        if self._context is None:
            import time

            from ..context import Context

            self._context = Context(
                aws_request_id="local", deadline_ms=int(time.time() * 1000) + 900_000
            )
        return self._context

    @property
    def content_type(self) -> str | None:
        """The `Content-Type` header, if any."""
        return self.headers.first("content-type").to_optional()

    def text(self) -> str:
        """The body as text, in the `charset` of the content type (UTF-8 by default).

        Bytes that do not decode are replaced with U+FFFD.
        """
        charset = "utf-8"
        for parameter in (self.content_type or "").split(";")[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Result[Any, HttpError]:
        """The body parsed as JSON, or `Err` with a 400 `HttpError` when empty or malformed."""
        if not self.body.strip():
            return Err(HttpError.bad_request("the request body is empty; expected JSON"))
        try:
            return Ok(_json.loads(self.body))
        except _json.JSONDecodeError as error:
            return Err(
                HttpError.bad_request(
                    f"the request body is not valid JSON: {error.msg} "
                    f"(line {error.lineno}, column {error.colno})"
                )
            )
        except ValueError:
            return Err(HttpError.bad_request("the request body is not valid UTF-8 JSON"))

    def payload(self, model: type[M]) -> Result[M, HttpError]:
        """The body validated as `model` (a pydantic model or any type pydantic validates).

        Validated straight from the body bytes with pydantic's JSON validator. `Err` holds a 400
        `HttpError` for an empty or malformed body, or a 422 whose `errors` member lists each
        invalid field (`detail`, JSON `pointer`, dotted `field`), never echoing the input.
        """
        if not self.body.strip():
            return Err(HttpError.bad_request("the request body is empty; expected JSON"))
        validate = _validator(model)
        from pydantic import ValidationError

        try:
            return Ok(validate(self.body))
        except ValidationError as error:
            return Err(_problem_from_validation(error))

    def __repr__(self) -> str:
        return f"Request({self.method} {self.path}, source={self.source!r})"


__all__ = ["EventSource", "Request", "parse_cookie_header"]
