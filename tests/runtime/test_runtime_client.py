"""The minimal HTTP/1.1 client: against a stdlib server, a scripted socket and fuzzed responses."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ferrolambda.runtime._client import (
    HttpConnection,
    ProtocolError,
    RuntimeApiClient,
    RuntimeApiError,
    header_value,
    parse_address,
    quote,
)

SIX_MB = 6 * 1024 * 1024


def pattern(size: int) -> bytes:
    return (b"0123456789abcdef" * (size // 16 + 1))[:size]


# -- a stdlib HTTP/1.1 server as the test double -------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        query = self._query()
        size = int(query.get("size", "0"))
        if route == "/length":
            self._send(200, pattern(size))
        elif route == "/chunked":
            chunk = max(int(query.get("chunk", "7")), 1)
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("X-Size", str(size))
            self.end_headers()
            body = pattern(size)
            for start in range(0, size, chunk):
                part = body[start : start + chunk]
                self.wfile.write(f"{len(part):x};ext=1\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        elif route == "/204":
            self.send_response(204)
            self.end_headers()
        elif route == "/close":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Connection", "close")
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"bye!!")
        elif route == "/until-close":
            self.close_connection = True
            self.send_response(200)
            self.end_headers()
            self.wfile.write(pattern(size))
        elif route == "/http10":
            self.protocol_version = "HTTP/1.0"
            self.close_connection = True
            self._send(200, b"old")
        elif route == "/headers":
            self.send_response(200)
            self.send_header("LAMBDA-RUNTIME-AWS-REQUEST-ID", "abc")
            self.send_header("lambda-runtime-deadline-ms", "123")
            self.send_header("X-Multi", "a")
            self.send_header("x-multi", "b")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/drop":
            self.close_connection = True
        else:
            self._send(404, b"no route")

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        info = {
            "path": self.path,
            "length": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
            "headers": {name.lower(): value for name, value in self.headers.items()},
        }
        if urlsplit(self.path).path == "/echo":
            self._send(200, body)
        else:
            self._send(202, json.dumps(info).encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.connections = 0


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture
def conn(server: _Server) -> Iterator[HttpConnection]:
    connection = HttpConnection("127.0.0.1", server.server_address[1])
    try:
        yield connection
    finally:
        connection.close()


def test_content_length_bodies_on_one_keep_alive_connection(
    server: _Server, conn: HttpConnection
) -> None:
    before = server.connections
    for size in (0, 1, 100, 65535, 65536, 65537, 300_000):
        response = conn.request("GET", f"/length?size={size}")
        assert response.status == 200
        assert response.body == pattern(size)
        assert conn.connected
    assert server.connections == before + 1


@pytest.mark.parametrize(("size", "chunk"), [(0, 5), (1, 1), (1000, 7), (200_000, 65536)])
def test_chunked_bodies_with_extensions_and_trailers(
    conn: HttpConnection, size: int, chunk: int
) -> None:
    response = conn.request("GET", f"/chunked?size={size}&chunk={chunk}")
    assert response.status == 200
    assert response.body == pattern(size)
    assert response.headers["x-size"] == str(size)
    assert conn.connected
    assert conn.request("GET", "/length?size=3").body == b"012"  # the stream is still in step


def test_no_content(conn: HttpConnection) -> None:
    response = conn.request("GET", "/204")
    assert (response.status, response.body) == (204, b"")
    assert conn.connected
    assert conn.request("GET", "/length?size=2").body == b"01"


def test_connection_close_then_reconnect(server: _Server, conn: HttpConnection) -> None:
    before = server.connections
    response = conn.request("GET", "/close")
    assert response.body == b"bye!!"
    assert not conn.connected
    assert conn.request("GET", "/length?size=4").body == b"0123"
    assert server.connections == before + 2


def test_body_delimited_by_close(conn: HttpConnection) -> None:
    response = conn.request("GET", "/until-close?size=100000")
    assert response.body == pattern(100_000)
    assert not conn.connected


def test_http_1_0_server_closes(conn: HttpConnection) -> None:
    response = conn.request("GET", "/http10")
    assert response.body == b"old"
    assert not conn.connected


def test_headers_are_case_insensitive_and_repeated_ones_joined(conn: HttpConnection) -> None:
    headers = conn.request("GET", "/headers").headers
    assert headers["lambda-runtime-aws-request-id"] == "abc"
    assert headers["lambda-runtime-deadline-ms"] == "123"
    assert headers["x-multi"] == "a, b"


def test_six_megabytes_both_ways(conn: HttpConnection) -> None:
    body = pattern(SIX_MB + 100)
    response = conn.request("POST", "/echo", body)
    assert response.status == 200
    assert len(response.body) == len(body)
    assert response.body == body


def test_dropped_request_reports_an_error_after_one_retry(
    server: _Server, conn: HttpConnection
) -> None:
    conn.request("GET", "/length?size=1")
    before = server.connections
    with pytest.raises(RuntimeApiError):
        conn.request("GET", "/drop")
    assert server.connections == before + 1  # exactly one retry, on a new connection
    assert conn.request("GET", "/length?size=2").body == b"01"


def test_server_closing_an_idle_connection_is_survived() -> None:
    # A server of our own that closes every connection after one response, without saying so.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            with client:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = client.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    connection = HttpConnection("127.0.0.1", port)
    try:
        for _ in range(5):
            assert connection.request("GET", "/").body == b"ok"
            time.sleep(0.01)
    finally:
        connection.close()
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_refused_connection_is_a_runtime_api_error() -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(RuntimeApiError):
        HttpConnection("127.0.0.1", port).request("GET", "/")


def test_runtime_api_client_paths_and_headers(server: _Server) -> None:
    client = RuntimeApiClient(f"http://127.0.0.1:{server.server_address[1]}/prefix/")
    try:
        info = json.loads(client.post_response("id-1", b'{"a":1}').body)
        assert info["path"] == "/prefix/2018-06-01/runtime/invocation/id-1/response"
        assert info["headers"]["content-type"] == "application/json"
        info = json.loads(client.post_error("id/2", b"{}", "Bad\r\nType\u00e9").body)
        assert info["path"] == "/prefix/2018-06-01/runtime/invocation/id%2F2/error"
        assert info["headers"]["content-type"] == "application/vnd.aws.lambda.error+json"
        assert info["headers"]["lambda-runtime-function-error-type"] == "Bad??Type?"
        info = json.loads(client.post_init_error(b"{}", "Runtime.ImportModuleError").body)
        assert info["path"] == "/prefix/2018-06-01/runtime/init/error"
        assert info["headers"]["lambda-runtime-function-error-type"] == "Runtime.ImportModuleError"
    finally:
        client.close()


def test_runtime_api_client_raises_on_unexpected_status(server: _Server) -> None:
    client = RuntimeApiClient(f"127.0.0.1:{server.server_address[1]}")
    try:
        with pytest.raises(RuntimeApiError) as raised:
            client.next()  # this server has no /2018-06-01/... route: 404
        assert raised.value.status == 404
    finally:
        client.close()


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1:9001", ("127.0.0.1", 9001, "")),
        ("http://127.0.0.1:9001", ("127.0.0.1", 9001, "")),
        ("http://127.0.0.1:9001/", ("127.0.0.1", 9001, "")),
        ("http://localhost:9000/.rt", ("localhost", 9000, "/.rt")),
        ("HTTP://host:1/a/b/", ("host", 1, "/a/b")),
        ("[::1]:9001", ("::1", 9001, "")),
        ("http://[::1]:9001/x", ("::1", 9001, "/x")),
        ("localhost", ("localhost", 80, "")),
    ],
)
def test_parse_address(address: str, expected: tuple[str, int, str]) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize(
    "address", ["https://x:1", ":9001", "host:port", "host:0", "host:70000", "[::1", "host:\u00b2"]
)
def test_parse_address_rejects(address: str) -> None:
    with pytest.raises(ValueError, match=r"address|scheme|port"):
        parse_address(address)


def test_quote_and_header_value() -> None:
    assert quote("8476a536-e9f4-11e8-9739-2dfe598c3fcd") == "8476a536-e9f4-11e8-9739-2dfe598c3fcd"
    assert quote("a b/é") == "a%20b%2F%C3%A9"
    assert header_value("Runtime.HandlerNotFound") == "Runtime.HandlerNotFound"
    assert header_value("x\r\nInjected: 1") == "x??Injected: 1"


# -- a scripted socket: exact control over how the bytes arrive ----------------------------------


class ScriptedSocket:
    """Stands in for the connection's socket: `recv` returns the fragments, then EOF."""

    def __init__(self, fragments: list[bytes]) -> None:
        self.fragments = [fragment for fragment in fragments if fragment]
        self.sent = bytearray()
        self.closed = False

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def recv(self, size: int) -> bytes:
        if not self.fragments:
            return b""
        fragment = self.fragments[0]
        if len(fragment) > size:
            self.fragments[0] = fragment[size:]
            return fragment[:size]
        self.fragments.pop(0)
        return fragment

    def recv_into(self, view: memoryview, size: int) -> int:
        data = self.recv(min(size, len(view)))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.closed = True


def scripted(connection: HttpConnection, fragments: list[bytes]) -> ScriptedSocket:
    sock = ScriptedSocket(fragments)
    connection._sock = sock  # type: ignore[assignment]
    return sock


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    pieces, last = [], 0
    for point in [*points, len(data)]:
        pieces.append(data[last:point])
        last = point
    return pieces


def case(name: str, flips: list[bool]) -> str:
    return (
        "".join(c.upper() if flips[i % len(flips)] else c.lower() for i, c in enumerate(name))
        if flips
        else name
    )


_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12).filter(
    lambda name: (
        name.strip("-") == name
        and name.lower() not in ("content-length", "transfer-encoding", "connection")
    )
)
_SPACES = ["", " ", "  ", "\t"]
_value = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=30)


@st.composite
def responses(draw: st.DrawFn) -> tuple[bytes, int, bytes, dict[str, str], bool]:
    """A valid HTTP/1.1 response: (wire bytes, status, body, extra headers, keeps alive)."""
    status = draw(st.sampled_from([200, 202, 204]))
    size = draw(st.one_of(st.integers(0, 300), st.integers(0, 150_000)))
    body = (
        b""
        if status == 204
        else draw(st.binary(min_size=size, max_size=size))
        if size < 2000
        else pattern(size)
    )
    flips = draw(st.lists(st.booleans(), min_size=1, max_size=8))
    extra = draw(st.dictionaries(_token, _value, max_size=5))
    framing = "none" if status == 204 else draw(st.sampled_from(["length", "chunked", "close"]))
    close = framing == "close" or draw(st.booleans())
    lines = [
        draw(
            st.sampled_from(
                [
                    f"HTTP/1.1 {status} OK",
                    f"HTTP/1.1 {status}",
                    f"HTTP/1.1 {status} Whatever Reason",
                ]
            )
        )
    ]
    for name, value in extra.items():
        lines.append(f"{case(name, flips)}:{draw(st.sampled_from(_SPACES))}{value}")
    if close:
        lines.append(
            f"{case('Connection', flips)}: {draw(st.sampled_from(['close', 'Close', 'CLOSE']))}"
        )
    payload = body
    if framing == "length":
        lines.append(f"{case('Content-Length', flips)}: {len(body)}")
    elif framing == "chunked":
        lines.append(
            f"{case('Transfer-Encoding', flips)}: {draw(st.sampled_from(['chunked', 'Chunked', 'gzip, chunked']))}"
        )
        cuts = draw(st.lists(st.integers(0, max(len(body), 1)), max_size=6))
        payload = b""
        for piece in split(body, cuts):
            if piece:
                size_text = draw(
                    st.sampled_from(
                        [f"{len(piece):x}", f"{len(piece):X}", f"{len(piece):x};name=value"]
                    )
                )
                payload += size_text.encode() + b"\r\n" + piece + b"\r\n"
        payload += b"0\r\n" + draw(st.sampled_from([b"", b"Trailer-Field: x\r\n"])) + b"\r\n"
    head = "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n"
    headers = {name: value.strip() for name, value in extra.items()}
    return head + payload, status, body, headers, not close


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(response=responses(), cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_fuzzed_responses_with_fragmented_reads(
    response: tuple[bytes, int, bytes, dict[str, str], bool], cuts: list[int]
) -> None:
    wire, status, body, headers, keeps_alive = response
    connection = HttpConnection("127.0.0.1", 9)
    sock = scripted(connection, split(wire, cuts))
    got = connection.send(b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    assert got.status == status
    assert got.body == body
    for name, value in headers.items():
        assert got.headers[name] == value
    assert connection.connected is keeps_alive
    assert sock.closed is not keeps_alive


@settings(max_examples=150, deadline=None)
@given(
    first=responses(),
    second=responses(),
    cuts=st.lists(st.integers(min_value=0), max_size=12),
)
def test_back_to_back_responses_share_the_buffer(
    first: tuple[bytes, int, bytes, dict[str, str], bool],
    second: tuple[bytes, int, bytes, dict[str, str], bool],
    cuts: list[int],
) -> None:
    if not first[4]:
        return  # the first closes the connection: nothing follows it
    connection = HttpConnection("127.0.0.1", 9)
    scripted(connection, split(first[0] + second[0], cuts))
    assert connection.send(b"GET /1 HTTP/1.1\r\n\r\n").body == first[2]
    assert connection.send(b"GET /2 HTTP/1.1\r\n\r\n").body == second[2]


def test_interim_responses_and_blank_lines_are_skipped() -> None:
    connection = HttpConnection("127.0.0.1", 9)
    scripted(
        connection,
        [b"HTTP/1.1 100 Continue\r\n\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
    )
    assert connection.send(b"GET / HTTP/1.1\r\n\r\n").body == b"ok"


def test_bare_lf_line_endings_are_tolerated() -> None:
    connection = HttpConnection("127.0.0.1", 9)
    scripted(connection, [b"HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nok"])
    response = connection.send(b"GET / HTTP/1.1\r\n\r\n")
    assert (response.body, response.headers["x-a"]) == (b"ok", "1")


def test_folded_header_lines_are_joined() -> None:
    connection = HttpConnection("127.0.0.1", 9)
    scripted(connection, [b"HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n"])
    assert connection.send(b"GET / HTTP/1.1\r\n\r\n").headers["x-a"] == "one two"


@pytest.mark.parametrize(
    "wire",
    [
        b"SPDY/9 200 OK\r\n\r\n",
        b"HTTP/1.1 2x0 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab",
        b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nab\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nContent-Le",
    ],
)
def test_invalid_responses_are_protocol_errors(wire: bytes) -> None:
    connection = HttpConnection("127.0.0.1", 9)
    scripted(connection, [wire])
    with pytest.raises(ProtocolError):
        connection._read_response()
    # after a failed request the connection is dropped, so the next one starts clean
    connection.close()
    assert not connection.connected


def test_endless_head_is_refused() -> None:
    connection = HttpConnection("127.0.0.1", 9)
    scripted(connection, [b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * (2 << 20)])
    with pytest.raises(ProtocolError, match="too large"):
        connection._read_response()


# -- fuzzed responses over a real TCP connection ---------------------------------------------------


class FragmentingServer:
    """Answers each request with the next scripted response, written in the given fragments."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.script: list[tuple[list[bytes], bool]] = []
        self.ready = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with client:
                self._converse(client)

    def _converse(self, client: socket.socket) -> None:
        data = b""
        while not self.stop.is_set():
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            _, _, data = data.partition(b"\r\n\r\n")
            with self.ready:
                fragments, closes = self.script.pop(0)
            for fragment in fragments:
                client.sendall(fragment)
                time.sleep(0.0005)
            if closes:
                return

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture(scope="module")
def fragmenting_server() -> Iterator[FragmentingServer]:
    srv = FragmentingServer()
    try:
        yield srv
    finally:
        srv.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(response=responses(), cuts=st.lists(st.integers(min_value=0), max_size=6))
def test_fuzzed_responses_over_tcp(
    fragmenting_server: FragmentingServer,
    response: tuple[bytes, int, bytes, dict[str, str], bool],
    cuts: list[int],
) -> None:
    wire, status, body, _, keeps_alive = response
    with fragmenting_server.ready:
        fragmenting_server.script.append((split(wire, cuts), not keeps_alive))
    connection = HttpConnection("127.0.0.1", fragmenting_server.port)
    try:
        got = connection.request("GET", "/")
        assert (got.status, got.body) == (status, body)
        assert connection.connected is keeps_alive
    finally:
        connection.close()
