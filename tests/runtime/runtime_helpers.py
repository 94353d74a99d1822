"""Test doubles for the runtime tests: a fake Lambda Runtime API and a runtime subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HANDLERS = HERE / "handlers"
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
API = "/2018-06-01/runtime"


@dataclass
class Outcome:
    """What the runtime posted for one invocation (or for init)."""

    kind: str  # "response", "error" or "init_error"
    request_id: str | None
    body: bytes
    headers: dict[str, str]
    chunks: list[bytes] = field(default_factory=list[bytes])
    """A streamed (chunked) body's chunks as they arrived; `body` is them joined."""
    chunk_times: list[float] = field(default_factory=list[float])
    trailers: dict[str, str] = field(default_factory=dict[str, str])

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Invocation:
    body: bytes
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    headers: dict[str, str] = field(default_factory=dict)


# Scripted misbehaviour of /next, instead of an invocation.
NO_CONTENT = "204"  # answer 204 No Content
DROP = "drop"  # close the connection without answering
RESET = "reset"  # abort the connection (TCP RST)
TRUNCATE = "truncate"  # send a head announcing 100 bytes, send 10, close
ERROR_500 = "500"  # answer 500


def read_chunked(
    stream: Any, chunks: list[bytes], times: list[float], trailers: dict[str, str]
) -> None:
    """Read a chunked request body (RFC 9112 7.1): its chunks, their arrival, its trailers."""
    while True:
        size = int(stream.readline().split(b";", 1)[0].strip(), 16)
        if size == 0:
            break
        chunks.append(stream.read(size))
        times.append(time.monotonic())
        assert stream.read(2) == b"\r\n", "chunk not followed by CRLF"
    while line := stream.readline().rstrip(b"\r\n"):
        name, _, value = line.decode("latin-1").partition(":")
        trailers[name.strip().lower()] = value.strip()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is fine
            super().handle_error(request, client_address)


class FakeRuntimeApi:
    """A Runtime API on 127.0.0.1 (stdlib ThreadingHTTPServer) handing out queued invocations.

    `/next` long-polls until something is queued; results, errors and init errors are recorded.
    """

    def __init__(self, prefix: str = "", deadline_ms: int | None = None) -> None:
        self.prefix = prefix
        self.deadline_ms = deadline_ms
        self._queue: deque[Invocation | str] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self.outcomes: list[Outcome] = []
        self.requests: list[tuple[str, str]] = []
        self.connections = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with api._cond:
                    api.connections += 1

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api._record(self.command, self.path)
                if self.path != f"{api.prefix}{API}/invocation/next":
                    return self._send(404, b'{"errorType":"NotFound"}')
                item = api._take()
                if item is None and api._closed:  # shutting down: hang up
                    self.close_connection = True
                    return None
                if item is None or item == NO_CONTENT:
                    return self._send(204, None)
                if item == DROP:
                    self.close_connection = True
                    return None
                if item == RESET:
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return None
                if item == TRUNCATE:
                    self.wfile.write(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
                        b"Lambda-Runtime-Aws-Request-Id: truncated\r\n\r\n0123456789"
                    )
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                if item == ERROR_500:
                    return self._send(500, b'{"errorType":"ServiceError"}')
                assert isinstance(item, Invocation)
                headers = {
                    "Lambda-Runtime-Aws-Request-Id": item.request_id,
                    "Lambda-Runtime-Deadline-Ms": str(
                        api.deadline_ms
                        if api.deadline_ms is not None
                        else int(time.time() * 1000) + 60_000
                    ),
                    "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:fake",
                    "Content-Type": "application/json",
                }
                headers.update(item.headers)
                return self._send(200, item.body, headers)

            def do_POST(self) -> None:
                api._record(self.command, self.path)
                chunks: list[bytes] = []
                chunk_times: list[float] = []
                trailers: dict[str, str] = {}
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    read_chunked(self.rfile, chunks, chunk_times, trailers)
                    body = b"".join(chunks)
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                base = f"{api.prefix}{API}/"
                path = self.path
                if path == f"{base}init/error":
                    api._add(Outcome("init_error", None, body, headers))
                    return self._send(202, b'{"status":"OK"}')
                if path.startswith(f"{base}invocation/"):
                    request_id, _, kind = path[len(f"{base}invocation/") :].partition("/")
                    if kind in ("response", "error"):
                        api._add(
                            Outcome(kind, request_id, body, headers, chunks, chunk_times, trailers)
                        )
                        return self._send(202, b'{"status":"OK"}')
                return self._send(404, b'{"errorType":"NotFound"}')

            def _send(
                self, status: int, body: bytes | None, headers: Mapping[str, str] | None = None
            ) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # -- the test's side -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def address(self) -> str:
        """The value for AWS_LAMBDA_RUNTIME_API."""
        if self.prefix:
            return f"http://127.0.0.1:{self.port}{self.prefix}"
        return f"127.0.0.1:{self.port}"

    def push(self, event: object = None, *, raw: bytes | None = None, **headers: str) -> str:
        """Queue an invocation of `event` (JSON-encoded) or of `raw` bytes; its request id."""
        body = raw if raw is not None else json.dumps(event).encode()
        invocation = Invocation(
            body, headers={name.replace("_", "-"): value for name, value in headers.items()}
        )
        self._put(invocation)
        return invocation.request_id

    def push_action(self, action: str) -> None:
        self._put(action)

    def outcome(self, request_id: str, timeout: float = 15.0) -> Outcome:
        """Wait for the runtime's answer to `request_id`."""
        found = self.wait_for(
            lambda: next((o for o in self.outcomes if o.request_id == request_id), None), timeout
        )
        if found is None:
            raise AssertionError(f"no answer to {request_id} within {timeout} s: {self.outcomes}")
        return found

    def init_error(self, timeout: float = 15.0) -> Outcome:
        found = self.wait_for(
            lambda: next((o for o in self.outcomes if o.kind == "init_error"), None), timeout
        )
        if found is None:
            raise AssertionError(f"no init error within {timeout} s")
        return found

    def wait_for(self, probe: Callable[[], Any], timeout: float = 15.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = probe()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    return value
                self._cond.wait(min(left, 0.1))

    def polls(self) -> int:
        with self._cond:
            return sum(1 for method, _ in self.requests if method == "GET")

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    # -- the server's side -----------------------------------------------------------------------

    def _record(self, method: str, path: str) -> None:
        with self._cond:
            self.requests.append((method, path))
            self._cond.notify_all()

    def _put(self, item: Invocation | str) -> None:
        with self._cond:
            self._queue.append(item)
            self._cond.notify_all()

    def _take(self, timeout: float = 60.0) -> Invocation | str | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._queue:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    return None
                self._cond.wait(min(left, 0.1))
            return self._queue.popleft()

    def _add(self, outcome: Outcome) -> None:
        with self._cond:
            self.outcomes.append(outcome)
            self._cond.notify_all()


def runtime_env(api_address: str | None, **extra: str) -> dict[str, str]:
    """A small, explicit environment for a runtime subprocess."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(HANDLERS),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_LAMBDA_FUNCTION_NAME": "fake",
        "AWS_LAMBDA_FUNCTION_VERSION": "7",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fake",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2024/01/01/[7]abc",
    }
    if api_address is not None:
        env["AWS_LAMBDA_RUNTIME_API"] = api_address
    env.update(extra)
    return env


class RuntimeProcess:
    """`python -m ferrolambda.runtime` as a subprocess, its output in files."""

    def __init__(
        self,
        args: list[str],
        env: Mapping[str, str],
        directory: Path,
        cwd: Path | None = None,
        command: list[str] | None = None,
    ) -> None:
        self._out_path = directory / f"runtime-{uuid.uuid4().hex}.out"
        self._err_path = directory / f"runtime-{uuid.uuid4().hex}.err"
        self._out = self._out_path.open("wb")
        self._err = self._err_path.open("wb")
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "ferrolambda.runtime", *args],
            env=dict(env),
            cwd=cwd,
            stdout=self._out,
            stderr=self._err,
            start_new_session=True,  # its own process group: `stop` ends its workers too
        )

    @property
    def stdout(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self._out_path.read_bytes().decode(errors="replace")  # keeps "\r" as it is

    @property
    def stderr(self) -> str:
        if not self._err.closed:
            self._err.flush()
        return self._err_path.read_bytes().decode(errors="replace")

    def wait(self, timeout: float = 15.0) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"runtime still running after {timeout} s\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"
            ) from None

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        self._out.close()
        self._err.close()


@contextlib.contextmanager
def running(
    args: list[str],
    env: Mapping[str, str],
    directory: Path,
    cwd: Path | None = None,
    command: list[str] | None = None,
) -> Iterator[RuntimeProcess]:
    process = RuntimeProcess(args, env, directory, cwd, command)
    try:
        yield process
    finally:
        process.stop()


class Emulator:
    """A running emulator: where to invoke, how to read its logs."""

    def __init__(self, port: int, process: subprocess.Popen[bytes], log: Path, invoke_path: str):
        self.port = port
        self.process = process
        self.log = log
        self.invoke_path = invoke_path

    @property
    def invoke_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.invoke_path}"

    def invoke(
        self, payload: bytes | str, timeout: float = 30.0
    ) -> tuple[int, dict[str, str], bytes]:
        import httpx

        data = payload.encode() if isinstance(payload, str) else payload
        response = httpx.post(self.invoke_url, content=data, timeout=timeout)
        return response.status_code, dict(response.headers), response.content

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def runtime_command(handler: str) -> list[str]:
    return [sys.executable, "-m", "ferrolambda.runtime", handler]


def base_env(**extra: str) -> dict[str, str]:
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONPATH": str(HANDLERS),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": os.environ.get("HOME", "/tmp"),
    }
    env.update(extra)
    return env
