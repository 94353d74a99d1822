"""The emulator's HTTP plumbing: a loopback `ThreadingHTTPServer` that can be stopped cleanly."""

from __future__ import annotations

import contextlib
import errno
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK = "127.0.0.1"
_CHUNK = 64 * 1024
# A body bigger than this is not even read to the end: the connection is closed instead.
_DRAIN_LIMIT = 64 * 1024 * 1024


class PortInUse(OSError):
    """The requested port is taken on 127.0.0.1."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(errno.EADDRINUSE, f"port {port} on {host} is already in use")
        self.host = host
        self.port = port


class BadRequest(Exception):
    """A request the emulator cannot read (bad Content-Length, broken chunked encoding)."""


class LoopbackServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that tracks its connections so `stop` ends them all."""

    daemon_threads = True

    def __init__(
        self, port: int, handler: type[BaseHTTPRequestHandler], *, host: str = LOOPBACK
    ) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        try:
            super().__init__((host, port), handler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(host, port) from error
            raise

    def server_bind(self) -> None:
        # HTTPServer.server_bind would resolve the host's FQDN, which can stall without a network.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away: nothing to report
        super().handle_error(request, client_address)

    def start(self, name: str) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, end every open connection, close the socket. Idempotent."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        with self._connections_lock:
            connections = list(self._connections)
            self._connections.clear()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, no access log on stderr, helpers to read bodies and answer."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small answers must not wait for delayed ACKs
    server_version = "ferrolambda"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def read_body(
        self, limit: int, on_chunk: Callable[[bytes], None] | None = None
    ) -> bytes | None:
        """The request body, or None when it is larger than `limit` bytes (drained, not kept).

        `on_chunk` is called with each chunk of a chunked body as soon as it is read.
        """
        self.request_chunks: list[bytes] = []
        self.request_trailers: dict[str, str] = {}
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked(limit, on_chunk)
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            return b""
        try:
            length = int(raw_length)
        except ValueError:
            raise BadRequest(f"invalid Content-Length {raw_length!r}") from None
        if length < 0:
            raise BadRequest(f"invalid Content-Length {raw_length!r}")
        if length > limit:
            self._discard(length)
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            raise BadRequest("request body shorter than its Content-Length")
        return body

    def _discard(self, length: int) -> None:
        if length > _DRAIN_LIMIT:
            self.close_connection = True
            return
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)

    def _read_chunked(
        self, limit: int, on_chunk: Callable[[bytes], None] | None = None
    ) -> bytes | None:
        """A chunked body; its chunks stay in `request_chunks`, its trailers in `request_trailers`."""
        parts: list[bytes] = []
        size = 0
        too_large = False
        while True:
            line = self.rfile.readline(1024)
            try:
                chunk_size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BadRequest("invalid chunked encoding") from None
            if chunk_size == 0:
                break
            if size + chunk_size > max(limit, _DRAIN_LIMIT):
                self.close_connection = True
                return None
            data = self.rfile.read(chunk_size)
            self.rfile.readline(1024)
            size += len(data)
            if size > limit:
                too_large = True
            elif not too_large:
                parts.append(data)
                if on_chunk is not None:
                    on_chunk(data)
        for _ in range(100):  # trailers, up to the blank line
            line = self.rfile.readline(8192)
            if line in (b"\r\n", b"\n", b""):
                break
            name, colon, value = line.decode("latin-1").partition(":")
            if colon:
                self.request_trailers[name.strip().lower()] = value.strip()
        self.request_chunks = parts
        return None if too_large else b"".join(parts)

    def start_chunked(self, status: int, headers: list[tuple[str, str]]) -> None:
        """Send a response head whose body follows in `write_chunk` calls, then `end_chunked`."""
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def write_chunk(self, data: bytes) -> None:
        """Send one chunk of a chunked response, at once."""
        if data:
            self.wfile.write(b"%x\r\n%b\r\n" % (len(data), data))
            self.wfile.flush()

    def end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def answer(
        self,
        status: int,
        body: bytes = b"",
        headers: list[tuple[str, str]] | None = None,
        *,
        content_type: str | None = "application/json",
        send_body: bool = True,
    ) -> None:
        """Send a complete response with Content-Length (keep-alive friendly)."""
        self.send_response(status)
        names = {name.lower() for name, _ in headers or []}
        if content_type is not None and "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for name, value in headers or []:
            if name.lower() in ("content-length", "transfer-encoding", "connection"):
                continue
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)
