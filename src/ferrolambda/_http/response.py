"""`Response`: status, headers, cookies and a body, with constructors for the common kinds."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, Self

from .multidict import Headers, MultiSource
from .status import check_status

if TYPE_CHECKING:
    from ..streaming import ResponseStream

TEXT_PLAIN = "text/plain; charset=utf-8"
TEXT_HTML = "text/html; charset=utf-8"
APPLICATION_JSON = "application/json"
OCTET_STREAM = "application/octet-stream"

_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/javascript",
        "application/ecmascript",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "application/yaml",
        "application/x-yaml",
        "application/x-ndjson",
        "application/sql",
        "application/csv",
    }
)
_TEXT_SUFFIXES = ("+json", "+xml", "+yaml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def is_text_type(content_type: str) -> bool:
    """Whether a body of this content type is sent as text rather than base64.

    Text: `text/*`, JSON, JavaScript, XML, YAML, form data, GraphQL, any `+json`/`+xml`/`+yaml`
    type (`application/problem+json`, `image/svg+xml`), and any type with a `charset` parameter.
    Everything else (images, PDFs, `application/octet-stream`, ...) is binary.
    """
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    return (
        media.startswith("text/")
        or media in _TEXT_TYPES
        or media.endswith(_TEXT_SUFFIXES)
        or "charset=" in parameters.lower()
    )


class Response:
    """An HTTP response. `body` is bytes; a str body is encoded as UTF-8.

    Without an explicit content type, a str body is `text/plain; charset=utf-8` and a non-empty
    bytes body `application/octet-stream`. Cookies are `Set-Cookie` values (see `set_cookie`).
    """

    __slots__ = ("body", "cookies", "headers", "status")

    def __init__(
        self,
        body: str | bytes = b"",
        *,
        status: int = 200,
        headers: MultiSource = None,
        cookies: Iterable[str] = (),
        content_type: str | None = None,
    ) -> None:
        self.status = check_status(status)
        self.headers = Headers(headers)
        self.cookies = list(cookies)
        default_type: str | None
        if isinstance(body, str):
            self.body = body.encode()
            default_type = TEXT_PLAIN
        else:
            self.body = bytes(body)
            default_type = OCTET_STREAM if body else None
        if content_type is not None:
            self.headers.set("content-type", content_type)
        elif default_type is not None and "content-type" not in self.headers:
            self.headers.set("content-type", default_type)

    @classmethod
    def json(
        cls,
        value: Any,
        *,
        status: int = 200,
        headers: MultiSource = None,
        content_type: str = APPLICATION_JSON,
    ) -> Self:
        """A JSON response: dicts, lists, scalars, pydantic models (by alias), dataclasses."""
        from ..handler import to_json_bytes

        return cls(to_json_bytes(value), status=status, headers=headers, content_type=content_type)

    @classmethod
    def text(
        cls,
        text: str,
        *,
        status: int = 200,
        headers: MultiSource = None,
        content_type: str = TEXT_PLAIN,
    ) -> Self:
        """A plain text response."""
        return cls(text, status=status, headers=headers, content_type=content_type)

    @classmethod
    def html(cls, html: str, *, status: int = 200, headers: MultiSource = None) -> Self:
        """An HTML response."""
        return cls(html, status=status, headers=headers, content_type=TEXT_HTML)

    @classmethod
    def binary(
        cls,
        data: bytes,
        content_type: str = OCTET_STREAM,
        *,
        status: int = 200,
        headers: MultiSource = None,
    ) -> Self:
        """A binary response (an image, a PDF, ...): sent base64-encoded unless the type is text."""
        return cls(data, status=status, headers=headers, content_type=content_type)

    @classmethod
    def redirect(cls, location: str, *, status: int = 302, headers: MultiSource = None) -> Self:
        """A redirect to `location` (301, 302, 303, 307 or 308)."""
        if status not in _REDIRECTS:
            raise ValueError(f"a redirect status is one of 301, 302, 303, 307, 308, not {status}")
        response = cls(status=status, headers=headers)
        response.headers.set("location", location)
        return response

    @classmethod
    def no_content(cls, *, headers: MultiSource = None) -> Self:
        """An empty 204 response."""
        return cls(status=204, headers=headers)

    @classmethod
    def from_value(cls, value: object) -> Response:
        """The response for a handler's `Ok` value.

        A `Response` as is; `None` -> 204; str -> text; bytes -> binary; anything else (dict,
        list, pydantic model, dataclass, number) -> JSON. The status is 200.
        """
        if isinstance(value, Response):
            return value
        if value is None:
            return cls.no_content()
        if isinstance(value, str):
            return cls.text(value)
        if isinstance(value, bytes | bytearray):
            return cls.binary(bytes(value))
        return cls.json(value)

    @property
    def content_type(self) -> str | None:
        """The `Content-Type` header, if any."""
        return self.headers.first("content-type").to_optional()

    def text_body(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode(errors="replace")

    def set_cookie(
        self,
        name: str,
        value: str,
        *,
        max_age: int | None = None,
        expires: str | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = True,
        http_only: bool = True,
        same_site: Literal["Strict", "Lax", "None"] | None = "Lax",
    ) -> Self:
        """Add a `Set-Cookie`; secure defaults (`Secure; HttpOnly; SameSite=Lax`). Returns self."""
        if not name or any(char in name for char in '=;, \t\r\n"'):
            raise ValueError(f"invalid cookie name {name!r}")
        if any(char in value for char in ";\r\n"):
            raise ValueError(f"invalid value for cookie {name!r}: no ';' or line breaks")
        parts = [f"{name}={value}"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if expires is not None:
            parts.append(f"Expires={expires}")
        if path is not None:
            parts.append(f"Path={path}")
        if domain is not None:
            parts.append(f"Domain={domain}")
        if secure:
            parts.append("Secure")
        if http_only:
            parts.append("HttpOnly")
        if same_site is not None:
            parts.append(f"SameSite={same_site}")
        self.cookies.append("; ".join(parts))
        return self

    def delete_cookie(
        self, name: str, *, path: str | None = "/", domain: str | None = None
    ) -> Self:
        """Expire the cookie `name` on the client. Returns self."""
        return self.set_cookie(
            name,
            "",
            max_age=0,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            path=path,
            domain=domain,
        )

    def encoded_body(self) -> tuple[str, bool]:
        """`(body, is_base64_encoded)` as Lambda integrations expect, chosen by content type."""
        if not self.body:
            return "", False
        content_type = self.content_type
        if content_type is None or is_text_type(content_type):
            try:
                return self.body.decode(), False
            except UnicodeDecodeError:
                pass
        import base64

        return base64.b64encode(self.body).decode("ascii"), True

    def v2_head(self) -> dict[str, Any]:
        """`statusCode`, `headers` (repeated ones joined with `, `) and `cookies`, as HTTP API v2
        and function URLs take them."""
        lists = self.headers.to_dict()
        cookies = [*self.cookies, *lists.pop("set-cookie", ())]
        head: dict[str, Any] = {
            "statusCode": self.status,
            "headers": {name: ", ".join(values) for name, values in lists.items()},
        }
        if cookies:
            head["cookies"] = cookies
        return head

    def __repr__(self) -> str:
        return (
            f"Response(status={self.status}, headers={self.headers.to_dict()!r}, "
            f"cookies={self.cookies!r}, body={self.body[:200]!r})"
        )


HTTP_INTEGRATION_RESPONSE = "application/vnd.awslambda.http-integration-response"
"""The content type of a streamed HTTP response: a JSON prelude, eight NUL bytes, the body."""


class StreamingResponse(Response):
    """An HTTP response whose body is sent as it is produced: `chunks` (sync or async) of bytes
    or str. For function URLs whose invoke mode is `RESPONSE_STREAM`, under the ferrolambda
    runtime (see `ferrolambda.streaming`); status, headers and cookies work as on `Response`.
    """

    __slots__ = ("chunks",)

    def __init__(
        self,
        chunks: Iterable[bytes | str] | AsyncIterable[bytes | str],
        *,
        status: int = 200,
        headers: MultiSource = None,
        cookies: Iterable[str] = (),
        content_type: str = OCTET_STREAM,
    ) -> None:
        super().__init__(status=status, headers=headers, cookies=cookies, content_type=content_type)
        self.chunks = chunks

    def to_stream(self) -> ResponseStream:
        """The stream Lambda expects: the status, headers and cookies as a JSON prelude and eight
        NUL bytes, then the chunks."""
        import json

        from ..streaming import ResponseStream

        prelude = json.dumps(self.v2_head()).encode() + b"\x00" * 8
        source = self.chunks
        chunks: Iterable[bytes | str] | AsyncIterable[bytes | str]
        if isinstance(source, AsyncIterable):
            chunks = _after_async(prelude, source)
        else:
            chunks = _after(prelude, source)
        return ResponseStream(chunks, content_type=HTTP_INTEGRATION_RESPONSE)

    def __repr__(self) -> str:
        return (
            f"StreamingResponse(status={self.status}, headers={self.headers.to_dict()!r}, "
            f"cookies={self.cookies!r}, chunks={self.chunks!r})"
        )


def _after(first: bytes, rest: Iterable[bytes | str]) -> Iterator[bytes | str]:
    yield first
    yield from rest


async def _after_async(
    first: bytes, rest: AsyncIterable[bytes | str]
) -> AsyncIterator[bytes | str]:
    yield first
    async for chunk in rest:
        yield chunk


__all__ = ["Response", "StreamingResponse", "is_text_type"]
