"""`HttpError`: an error that is an HTTP answer, rendered as RFC 9457 problem details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Self

from .multidict import Headers, MultiSource
from .response import Response
from .status import check_status, phrase

PROBLEM_JSON = "application/problem+json"

_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})


class HttpError(Exception):
    """An HTTP error response as a value: `Err(HttpError.not_found("no order 42"))`.

    It becomes an RFC 9457 `application/problem+json` response with the members `type`
    (default `about:blank`), `title` (default: the status phrase), `status`, `detail` (the
    message, when given), `instance` (when given) and any extension members passed as keyword
    arguments, e.g. `errors=[...]`. `headers` are added to the response (`Allow`,
    `WWW-Authenticate`, `Retry-After`, ...). The message must be safe to show to the caller.
    """

    def __init__(
        self,
        status: int,
        /,
        message: str | None = None,
        *,
        title: str | None = None,
        type: str = "about:blank",
        instance: str | None = None,
        headers: MultiSource = None,
        **extensions: Any,
    ) -> None:
        self.status = check_status(status)
        if self.status < 400:
            raise ValueError(f"an HttpError status is 400-599, not {status}")
        self.message = message
        self.title = title if title is not None else phrase(self.status)
        self.type = type
        self.instance = instance
        self.headers = Headers(headers)
        clash = _MEMBERS.intersection(extensions)
        if clash:
            raise ValueError(f"extension members may not be named {sorted(clash)}")
        self.extensions: dict[str, Any] = extensions
        super().__init__(message if message is not None else self.title)

    @property
    def error_type(self) -> str:
        """The title without spaces, e.g. `NotFound`: the name logs and Lambda errors use."""
        words = ("".join(c for c in word if c.isalnum()) for word in self.title.split())
        return "".join(word[:1].upper() + word[1:] for word in words)

    def problem(self) -> dict[str, Any]:
        """The problem details object (RFC 9457)."""
        body: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.message is not None:
            body["detail"] = self.message
        if self.instance is not None:
            body["instance"] = self.instance
        body.update(self.extensions)
        return body

    def to_response(self) -> Response:
        """The `application/problem+json` response."""
        return Response.json(
            self.problem(), status=self.status, headers=self.headers, content_type=PROBLEM_JSON
        )

    def __repr__(self) -> str:
        return f"HttpError({self.status}, {self.message!r})"

    # Common statuses. Each takes an optional message (the problem's `detail`) and the keyword
    # arguments of the constructor.

    @classmethod
    def bad_request(cls, message: str | None = None, **options: Any) -> Self:
        """400: the request is malformed (bad JSON, a missing parameter, ...)."""
        return cls(400, message, **options)

    @classmethod
    def unauthorized(
        cls, message: str | None = None, *, www_authenticate: str | None = None, **options: Any
    ) -> Self:
        """401: authentication is missing or wrong; `www_authenticate` sets the challenge."""
        error = cls(401, message, **options)
        if www_authenticate is not None:
            error.headers.set("www-authenticate", www_authenticate)
        return error

    @classmethod
    def forbidden(cls, message: str | None = None, **options: Any) -> Self:
        """403: authenticated, but not allowed."""
        return cls(403, message, **options)

    @classmethod
    def not_found(cls, message: str | None = None, **options: Any) -> Self:
        """404: no such resource."""
        return cls(404, message, **options)

    @classmethod
    def method_not_allowed(
        cls, allow: Iterable[str], message: str | None = None, **options: Any
    ) -> Self:
        """405, with the `Allow` header listing the methods the resource supports."""
        error = cls(405, message, **options)
        error.headers.set("allow", ", ".join(allow))
        return error

    @classmethod
    def conflict(cls, message: str | None = None, **options: Any) -> Self:
        """409: the request conflicts with the resource's current state."""
        return cls(409, message, **options)

    @classmethod
    def gone(cls, message: str | None = None, **options: Any) -> Self:
        """410: the resource existed and is gone for good."""
        return cls(410, message, **options)

    @classmethod
    def payload_too_large(cls, message: str | None = None, **options: Any) -> Self:
        """413: the request body is too large."""
        return cls(413, message, **options)

    @classmethod
    def unsupported_media_type(cls, message: str | None = None, **options: Any) -> Self:
        """415: the request body's content type is not accepted."""
        return cls(415, message, **options)

    @classmethod
    def unprocessable(
        cls,
        message: str | None = None,
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
        **options: Any,
    ) -> Self:
        """422: well-formed but invalid; `errors` lists the problems, e.g.
        `[{"detail": "must be positive", "pointer": "#/qty", "field": "qty"}]`."""
        if errors is not None:
            options["errors"] = [dict(error) for error in errors]
        return cls(422, message, **options)

    @classmethod
    def too_many_requests(
        cls, message: str | None = None, *, retry_after: int | None = None, **options: Any
    ) -> Self:
        """429, with `Retry-After` (seconds) when given."""
        error = cls(429, message, **options)
        if retry_after is not None:
            error.headers.set("retry-after", str(retry_after))
        return error

    @classmethod
    def internal(cls, message: str | None = None, **options: Any) -> Self:
        """500: the server failed. Keep internals out of `message`: the caller sees it."""
        return cls(500, message, **options)

    @classmethod
    def not_implemented(cls, message: str | None = None, **options: Any) -> Self:
        """501: the server does not support this (yet)."""
        return cls(501, message, **options)

    @classmethod
    def bad_gateway(cls, message: str | None = None, **options: Any) -> Self:
        """502: an upstream service answered badly."""
        return cls(502, message, **options)

    @classmethod
    def service_unavailable(
        cls, message: str | None = None, *, retry_after: int | None = None, **options: Any
    ) -> Self:
        """503, with `Retry-After` (seconds) when given."""
        error = cls(503, message, **options)
        if retry_after is not None:
            error.headers.set("retry-after", str(retry_after))
        return error

    @classmethod
    def gateway_timeout(cls, message: str | None = None, **options: Any) -> Self:
        """504: an upstream service did not answer in time."""
        return cls(504, message, **options)


__all__ = ["PROBLEM_JSON", "HttpError"]
