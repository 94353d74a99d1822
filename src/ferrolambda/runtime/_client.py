"""A minimal HTTP/1.1 client for the Lambda Runtime API, over one keep-alive socket.

The Runtime API is a fixed, local, plain-HTTP protocol, so a general client (`http.client`,
`urllib`) buys nothing but import time and per-request overhead. This one speaks exactly what the
loop needs: requests with a Content-Length body, responses framed by Content-Length, chunked
transfer coding or connection close, keep-alive and `Connection: close`, and a reconnect when a
kept-alive connection turns out to be dead. It is built on `_socket` (the C module under `socket`),
which keeps several milliseconds of imports off cold start.
"""

from __future__ import annotations

import _socket
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

API_PATH = "/2018-06-01/runtime"
ERROR_CONTENT_TYPE = "application/vnd.aws.lambda.error+json"
XRAY_CAUSE_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
STREAMING_MODE_HEADER = "Lambda-Runtime-Function-Response-Mode"
ERROR_TYPE_TRAILER = "Lambda-Runtime-Function-Error-Type"
ERROR_BODY_TRAILER = "Lambda-Runtime-Function-Error-Body"
"""The trailers a streamed response that failed ends with: the error type, the body in base64."""
USER_AGENT = "ferrolambda-runtime"

_MAX_HEAD = 1 << 20  # a response head larger than this is not the Runtime API talking
_MAX_LINE = 1 << 16
_RECV = 1 << 16
_BIG_RECV = 1 << 20
_HEX = b"0123456789abcdefABCDEF"
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class RuntimeApiError(Exception):
    """The Runtime API could not be reached, or answered with an unexpected status."""

    def __init__(self, message: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class Interrupted(Exception):
    """The wait for the next invocation ended because the runtime is stopping (SIGTERM)."""


class ProtocolError(RuntimeApiError):
    """The server's response is not valid HTTP/1.1."""


class _Eof(ProtocolError):
    """The server closed the connection."""


class Response:
    """A response: status code, headers (lower-cased names) and body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return (
            f"Response(status={self.status}, headers={self.headers!r}, body={len(self.body)} bytes)"
        )


def _drain(fd: int) -> None:
    """Empty a non-blocking pipe."""
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse_address(value: str) -> tuple[str, int, str]:
    """Split `AWS_LAMBDA_RUNTIME_API` into (host, port, path prefix).

    Accepts `host:port`, `http://host:port` and `http://host:port/prefix` (IPv6 hosts in
    brackets); the prefix is prepended to `/2018-06-01/runtime/...`.
    """
    rest = value.strip()
    scheme, sep, after = rest.partition("://")
    if sep:
        if scheme.lower() != "http":
            raise ValueError(f"unsupported scheme {scheme!r} in Runtime API address {value!r}")
        rest = after
    hostport, slash, path = rest.partition("/")
    prefix = ("/" + path.split("?", 1)[0]).rstrip("/") if slash else ""
    if hostport.startswith("["):
        host, bracket, port_text = hostport[1:].partition("]")
        if not bracket or (port_text and not port_text.startswith(":")):
            raise ValueError(f"invalid Runtime API address {value!r}")
        port_text = port_text[1:]
    else:
        host, colon, port_text = hostport.rpartition(":")
        if not colon:
            host, port_text = hostport, ""
    if not host:
        raise ValueError(f"invalid Runtime API address {value!r}: no host")
    if not port_text:
        port = 80
    elif _digits(port_text) and 0 < int(port_text) < 65536:
        port = int(port_text)
    else:
        raise ValueError(f"invalid port in Runtime API address {value!r}")
    return host, port, prefix


def quote(segment: str) -> str:
    """Percent-encode a path segment (request ids are normally already safe)."""
    raw = segment.encode()
    if all(byte in _SAFE for byte in raw):
        return segment
    return "".join(chr(byte) if byte in _SAFE else f"%{byte:02X}" for byte in raw)


def header_value(value: str) -> str:
    """Make `value` safe to send as a header value: printable ASCII, no line breaks."""
    if value.isascii() and value.isprintable():
        return value
    return "".join(c if " " <= c <= "~" else "?" for c in value)


class HttpConnection:
    """One persistent HTTP/1.1 connection to `host:port`, reopened as needed."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.host_header = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self._sock: _socket.socket | None = None
        self._buf = bytearray()
        self._received = False

    @property
    def connected(self) -> bool:
        return self._sock is not None

    def close(self) -> None:
        sock, self._sock = self._sock, None
        self._buf.clear()
        if sock is not None:
            try:  # noqa: SIM105 (contextlib is an import the runtime does not otherwise need)
                sock.close()
            except OSError:
                pass

    def _connect(self) -> _socket.socket:
        error: OSError | None = None
        # bytes: a str host would make getaddrinfo import the idna codec (milliseconds)
        host = self.host.encode() if self.host.isascii() else self.host
        for family, kind, proto, _, address in _socket.getaddrinfo(
            host, self.port, 0, _socket.SOCK_STREAM
        ):
            sock = _socket.socket(family, kind, proto)
            try:
                if family != getattr(_socket, "AF_UNIX", None):
                    sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
                sock.connect(address)
            except OSError as failure:
                sock.close()
                error = failure
                continue
            self._buf.clear()
            self._sock = sock
            return sock
        raise error if error is not None else OSError(f"cannot resolve {self.host!r}")

    def request(
        self, method: str, target: str, body: bytes | None = None, headers: str = ""
    ) -> Response:
        """Send a request (`headers`: extra `Name: value\\r\\n` lines) and read the response."""
        head = f"{method} {target} HTTP/1.1\r\nHost: {self.host_header}\r\nUser-Agent: {USER_AGENT}\r\n{headers}"
        if body is not None:
            head += f"Content-Length: {len(body)}\r\n"
        return self.send(f"{head}\r\n".encode("latin-1"), body)

    def send(
        self,
        head: bytes,
        body: bytes | None = None,
        wake_fd: int | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Response:
        """Send a complete request head (and body), read the response; reconnect once if stale.

        With `wake_fd` (the signal wakeup fd), waiting for the response's first byte ends in
        `Interrupted` once a signal arrived and `should_stop()` says so.
        """

        def exchange(sock: _socket.socket) -> Response:
            if body is None:
                sock.sendall(head)
            elif len(body) < 65536:
                sock.sendall(head + body)
            else:
                sock.sendall(head)
                sock.sendall(body)
            if wake_fd is not None and should_stop is not None:
                self._await_response(sock, wake_fd, should_stop)
            return self._read_response()

        return self._retried(exchange)

    def open_request(self, head: bytes) -> None:
        """Send a request head whose body follows in `write` calls (a chunked upload).

        Only this first write may be retried on a new connection: once body bytes are out, a
        dropped connection is an error.
        """
        self._retried(lambda sock: sock.sendall(head))

    def _retried(self, exchange: Callable[[_socket.socket], T]) -> T:
        """Run `exchange` on the connection; on a stale kept-alive one, once more on a new one.

        A kept-alive connection the server has since closed is only noticed when it is used, so
        a failure before any byte of the response arrived is retried once on a new connection.
        """
        for attempt in (0, 1):
            sock = self._sock
            reused = sock is not None
            try:
                if sock is None:
                    sock = self._connect()
                self._received = False
                return exchange(sock)
            except (OSError, ProtocolError) as error:
                self.close()
                if attempt == 0 and reused and not self._received:
                    continue
                if isinstance(error, RuntimeApiError):
                    raise
                raise RuntimeApiError(
                    f"Runtime API at {self.host_header} unreachable: {error}"
                ) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def write(self, data: bytes) -> None:
        """Send more of the request body opened by `open_request`."""
        sock = self._sock
        try:
            if sock is None:
                raise OSError("connection closed")
            sock.sendall(data)
        except OSError as error:
            self.close()
            raise RuntimeApiError(f"Runtime API at {self.host_header}: {error}") from error

    def read_response(self) -> Response:
        """Read the response to the request sent with `open_request` and `write`."""
        try:
            return self._read_response()
        except (OSError, ProtocolError) as error:
            self.close()
            if isinstance(error, RuntimeApiError):
                raise
            raise RuntimeApiError(f"Runtime API at {self.host_header}: {error}") from error

    # -- reading -------------------------------------------------------------------------------

    def _await_response(
        self, sock: _socket.socket, wake_fd: int, should_stop: Callable[[], bool]
    ) -> None:
        """Block until the response starts, or until a signal asks the runtime to stop.

        A signal handler only sets a flag (the wakeup fd gets a byte): raising from it could
        discard an invocation already received. Data ready wins over a stop request, so an
        invocation that arrived is always handled.
        """
        if self._buf:
            return
        import select  # at the first poll, not at import; cached in sys.modules after that

        watched = [sock.fileno(), wake_fd]
        while True:
            readable, _, _ = select.select(watched, [], [])
            if watched[0] in readable:
                return
            _drain(wake_fd)
            if should_stop():
                raise Interrupted

    def _fill(self) -> None:
        sock = self._sock
        if sock is None:
            raise _Eof("connection closed")
        data = sock.recv(_RECV)
        if not data:
            raise _Eof("connection closed by the server")
        self._received = True
        self._buf += data

    def _read_head(self) -> tuple[int, str, dict[str, str]]:
        buf = self._buf
        start = 0
        while True:
            if buf.startswith((b"\r", b"\n")):  # stray blank lines before a status line
                while buf.startswith((b"\r\n", b"\n")):
                    del buf[: 2 if buf.startswith(b"\r") else 1]
                start = 0
            end = buf.find(b"\r\n\r\n", start)
            bare = buf.find(b"\n\n", start, end + 1 if end >= 0 else len(buf))
            if bare >= 0:
                head, skip = bytes(buf[:bare]), bare + 2
                break
            if end >= 0:
                head, skip = bytes(buf[:end]), end + 4
                break
            if len(buf) > _MAX_HEAD:
                raise ProtocolError("response head too large")
            start = max(len(buf) - 3, 0)
            self._fill()
        del buf[:skip]
        text = head.decode("latin-1")
        lines = text.split("\r\n")
        if text.count("\n") != len(lines) - 1:  # some lines end in a bare LF
            lines = text.replace("\r\n", "\n").split("\n")
        version, _, rest = lines[0].partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/") or not _digits(code) or rest[3:4] not in ("", " "):
            raise ProtocolError(f"invalid status line {lines[0]!r}")
        headers: dict[str, str] = {}
        name = ""
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and name:  # obsolete line folding
                headers[name] = f"{headers[name]} {line.strip()}".strip()
                continue
            field, colon, value = line.partition(":")
            if not colon:
                raise ProtocolError(f"invalid header line {line!r}")
            name = field.strip().lower()
            if name in headers:
                headers[name] = f"{headers[name]}, {value.strip()}"
            else:
                headers[name] = value.strip()
        return int(code), version, headers

    def _read_line(self) -> bytes:
        buf = self._buf
        start = 0
        while True:
            end = buf.find(b"\n", start)
            if end >= 0:
                line = bytes(buf[:end])
                del buf[: end + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(buf) > _MAX_LINE:
                raise ProtocolError("line too long in chunked body")
            start = len(buf)
            self._fill()

    def _read_exact(self, size: int) -> bytes:
        buf = self._buf
        if len(buf) >= size:
            data = bytes(buf[:size])
            del buf[:size]
            return data
        sock = self._sock
        if sock is None:
            raise _Eof("connection closed")
        out = bytearray(size)
        have = len(buf)
        out[:have] = buf
        buf.clear()
        view = memoryview(out)
        while have < size:
            got = sock.recv_into(view[have:], min(size - have, _BIG_RECV))
            if not got:
                raise _Eof(f"connection closed after {have} of {size} body bytes")
            have += got
        return bytes(out)

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            line = self._read_line()
            size_text = line.split(b";", 1)[0].strip()
            if not size_text or size_text.strip(_HEX):
                raise ProtocolError(f"invalid chunk size line {line!r}")
            size = int(size_text, 16)
            if size == 0:
                break
            parts.append(self._read_exact(size))
            if self._read_line():
                raise ProtocolError("chunk not followed by CRLF")
        while self._read_line():  # trailer fields, up to the blank line
            pass
        return b"".join(parts)

    def _read_to_close(self) -> bytes:
        while True:
            try:
                self._fill()
            except _Eof:
                break
        data = bytes(self._buf)
        self._buf.clear()
        return data

    def _read_response(self) -> Response:
        while True:
            status, version, headers = self._read_head()
            if status >= 200 or status == 101:
                break  # 1xx interim responses are skipped
        keep_alive = True
        if status in (204, 304) or status < 200:
            body = b""
        elif "transfer-encoding" in headers:
            if headers["transfer-encoding"].lower().rsplit(",", 1)[-1].strip() == "chunked":
                body = self._read_chunked()
            else:
                body = self._read_to_close()
                keep_alive = False
        elif (length := headers.get("content-length")) is not None:
            if not _digits(length):
                values = {value.strip() for value in length.split(",")}
                if len(values) != 1 or not _digits(length := values.pop()):
                    raise ProtocolError(f"invalid Content-Length {headers['content-length']!r}")
            body = self._read_exact(int(length))
        else:
            body = self._read_to_close()
            keep_alive = False
        connection = headers.get("connection")
        if connection is not None or version == "HTTP/1.0":
            tokens = {token.strip() for token in (connection or "").lower().split(",")}
            if "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens):
                keep_alive = False
        if not keep_alive:
            self.close()
        return Response(status, headers, body)


class RuntimeApiClient:
    """The Runtime API calls the loop makes, on one `HttpConnection`."""

    def __init__(self, address: str) -> None:
        host, port, prefix = parse_address(address)
        self.http = HttpConnection(host, port)
        base = prefix + API_PATH
        self._invocation = base + "/invocation/"
        self._init_error = base + "/init/error"
        self._next_head = (
            f"GET {base}/invocation/next HTTP/1.1\r\nHost: {self.http.host_header}\r\n"
            f"User-Agent: {USER_AGENT}\r\n\r\n"
        ).encode("latin-1")
        self._post_prefix = "POST "
        self._post_suffix = (
            f" HTTP/1.1\r\nHost: {self.http.host_header}\r\nUser-Agent: {USER_AGENT}\r\n"
        )

    def close(self) -> None:
        self.http.close()

    def next(
        self, wake_fd: int | None = None, should_stop: Callable[[], bool] | None = None
    ) -> Response | None:
        """Long-poll for the next invocation; None when the API answered 204 (poll again).

        Raises `Interrupted` when `wake_fd` and `should_stop` end the wait (see `send`).
        """
        response = self.http.send(self._next_head, None, wake_fd, should_stop)
        if response.status == 200:
            return response
        if response.status == 204:
            return None
        raise RuntimeApiError(
            f"/invocation/next answered {response.status}: {response.body[:500]!r}",
            response.status,
            response.body,
        )

    def _post(self, path: str, body: bytes, headers: str) -> Response:
        # A handler breaking its contract must not leave half a request on the connection.
        if not isinstance(body, bytes | bytearray | memoryview):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"a Runtime API body must be bytes, not {type(body).__name__}")
        head = (
            f"{self._post_prefix}{path}{self._post_suffix}{headers}"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1")
        response = self.http.send(head, body)
        if not 200 <= response.status < 300:
            raise RuntimeApiError(
                f"POST {path} answered {response.status}: {response.body[:500]!r}",
                response.status,
                response.body,
            )
        return response

    def post_response(self, request_id: str, body: bytes) -> Response:
        """Send an invocation's result."""
        return self._post(
            f"{self._invocation}{quote(request_id)}/response",
            body,
            "Content-Type: application/json\r\n",
        )

    def post_error(
        self, request_id: str, body: bytes, error_type: str, xray_cause: str | None = None
    ) -> Response:
        """Send an invocation's error: `body` is `{errorMessage, errorType, stackTrace}`.

        `xray_cause` is the X-Ray error cause (JSON on one line, see `_xray`), sent as a header.
        """
        cause = f"{XRAY_CAUSE_HEADER}: {header_value(xray_cause)}\r\n" if xray_cause else ""
        return self._post(
            f"{self._invocation}{quote(request_id)}/error",
            body,
            f"Content-Type: {ERROR_CONTENT_TYPE}\r\n"
            f"Lambda-Runtime-Function-Error-Type: {header_value(error_type)}\r\n{cause}",
        )

    def stream_response(self, request_id: str, content_type: str) -> ResponseStreamer:
        """Start streaming an invocation's response: send chunks, then `finish`."""
        head = (
            f"{self._post_prefix}{self._invocation}{quote(request_id)}/response"
            f"{self._post_suffix}Content-Type: {header_value(content_type)}\r\n"
            f"{STREAMING_MODE_HEADER}: streaming\r\nTransfer-Encoding: chunked\r\n"
            f"Trailer: {ERROR_TYPE_TRAILER}, {ERROR_BODY_TRAILER}\r\n\r\n"
        ).encode("latin-1")
        self.http.open_request(head)
        return ResponseStreamer(self.http, request_id)

    def post_init_error(self, body: bytes, error_type: str) -> Response:
        """Report a failed initialization (import, handler lookup, configuration)."""
        return self._post(
            self._init_error,
            body,
            f"Content-Type: {ERROR_CONTENT_TYPE}\r\n"
            f"Lambda-Runtime-Function-Error-Type: {header_value(error_type)}\r\n",
        )


class ResponseStreamer:
    """One streamed `/response`: `send` each chunk as it is produced, then `finish` once."""

    def __init__(self, http: HttpConnection, request_id: str) -> None:
        self._http = http
        self._request_id = request_id

    def send(self, chunk: bytes) -> None:
        """Send one non-empty chunk (an empty one would end the stream)."""
        if chunk:
            self._http.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))

    def finish(self, error: tuple[bytes, str] | None = None) -> Response:
        """End the stream: with `error` (body, type), the trailers report a function error."""
        trailers = b""
        if error is not None:
            import binascii

            body, error_type = error
            encoded = binascii.b2a_base64(body, newline=False).decode()
            trailers = (
                f"{ERROR_TYPE_TRAILER}: {header_value(error_type)}\r\n"
                f"{ERROR_BODY_TRAILER}: {encoded}\r\n"
            ).encode("latin-1")
        self._http.write(b"0\r\n" + trailers + b"\r\n")
        response = self._http.read_response()
        if not 200 <= response.status < 300:
            raise RuntimeApiError(
                f"streamed response of {self._request_id} answered {response.status}: "
                f"{response.body[:500]!r}",
                response.status,
                response.body,
            )
        return response
