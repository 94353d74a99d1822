"""The Lambda Runtime API, as the function process sees it, for one execution environment.

Every function process gets its own `RuntimeSession` and its own Runtime API server (port), so a
request from a process that was killed can never take an invocation meant for its successor.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ..runtime._client import ERROR_BODY_TRAILER, ERROR_TYPE_TRAILER, STREAMING_MODE_HEADER
from ._http import BadRequest, LoopbackServer, QuietHandler

API_VERSION = "2018-06-01"
# Lambda's limit on a synchronous response payload: 6 MiB + 100 bytes, as its error says
# ("... maximum allowed payload size (6291556 bytes)"); requests are limited to 6291456.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100
# A streamed response may be up to 200 MiB.
MAX_STREAMED_BYTES = 200 * 1024 * 1024
_INVOCATION_PATH = re.compile(rf"^/{API_VERSION}/runtime/invocation/([^/]+)/(response|error)$")


@dataclass
class Invocation:
    """One event on its way through the emulator to the function and back."""

    request_id: str
    payload: bytes
    client_context: str | None = None
    cognito_identity: str | None = None
    trace_id: str | None = None
    asynchronous: bool = False
    deadline_ms: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    # Set when the function answered (through the Runtime API), read by the supervisor.
    answered_at: float | None = None
    answer_body: bytes = b""
    answer_error_type: str | None = None
    # A streamed answer: the chunks as the runtime sent them (before an error, if one ended
    # the stream) and the stream's content type.
    answer_chunks: tuple[bytes, ...] = ()
    answer_content_type: str | None = None
    on_chunk: Callable[[bytes, str], None] | None = None
    """Called with each chunk of a streamed answer and its content type, as the chunk arrives
    (on the Runtime API's thread): how a front forwards a stream while it is produced."""


@dataclass(frozen=True)
class InitError:
    """What the runtime posted to /runtime/init/error."""

    error_type: str
    body: bytes


class RuntimeSession:
    """The shared state between one function process (via HTTP) and the supervisor.

    All fields are guarded by `condition`; every change notifies it.
    """

    def __init__(self, invoked_function_arn: str) -> None:
        self.condition = threading.Condition()
        self.invoked_function_arn = invoked_function_arn
        self.closed = False
        self.ready_at: float | None = None
        self.waiting = False  # the runtime is blocked in GET /next: ready for an invocation
        self.offered: Invocation | None = None
        self.active: Invocation | None = None
        self.init_error: InitError | None = None
        self.exit_code: int | None = None
        self._server: LoopbackServer | None = None

    # The Runtime API server of this session.

    def start_server(self) -> str:
        """Start this session's Runtime API; returns `host:port` for AWS_LAMBDA_RUNTIME_API."""
        server = RuntimeApiServer(self)
        server.start("ferrolambda-runtime-api")
        self._server = server
        return f"{server.server_name}:{server.port}"

    def close(self) -> None:
        """Wake and refuse every waiting request, stop the server. Idempotent."""
        with self.condition:
            self.closed = True
            self.condition.notify_all()
        if self._server is not None:
            self._server.stop()
            self._server = None

    # Called by the supervisor.

    def offer(self, invocation: Invocation) -> None:
        with self.condition:
            self.offered = invocation
            self.condition.notify_all()

    def process_exited(self, code: int) -> None:
        with self.condition:
            self.exit_code = code
            self.condition.notify_all()

    # Called by the Runtime API handlers.

    def next_invocation(self) -> Invocation | None:
        """Block until an invocation is offered (None once the session is closed)."""
        with self.condition:
            if self.ready_at is None:
                self.ready_at = time.monotonic()
            if self.active is not None:
                # The runtime asks for more without answering: the invocation is lost.
                self._answer(
                    self.active,
                    json.dumps(
                        {
                            "errorMessage": "the runtime asked for the next invocation "
                            "without answering this one",
                            "errorType": "Runtime.NoResponse",
                        }
                    ).encode(),
                    "Runtime.NoResponse",
                )
            self.waiting = True
            self.condition.notify_all()
            try:
                while not self.closed and self.offered is None:
                    self.condition.wait(timeout=0.5)
            finally:
                self.waiting = False
            if self.closed or self.offered is None:
                return None
            invocation, self.offered = self.offered, None
            self.active = invocation
            return invocation

    def answer(
        self,
        request_id: str,
        body: bytes,
        error_type: str | None,
        stream: tuple[tuple[bytes, ...], str] | None = None,
    ) -> bool:
        """Record the function's response or error; False for an unknown request id.

        `stream` is a streamed answer's (chunks, content type).
        """
        with self.condition:
            active = self.active
            if self.closed or active is None or active.request_id != request_id:
                return False
            if stream is not None:
                active.answer_chunks, active.answer_content_type = stream
            self._answer(active, body, error_type)
            return True

    def _answer(self, invocation: Invocation, body: bytes, error_type: str | None) -> None:
        invocation.answer_body = body
        invocation.answer_error_type = error_type
        invocation.answered_at = time.monotonic()
        self.active = None
        self.condition.notify_all()

    def chunk_listener(self, request_id: str) -> Callable[[bytes, str], None] | None:
        """The `on_chunk` of the invocation `request_id` while it is the active one."""
        with self.condition:
            active = self.active
            if active is None or active.request_id != request_id:
                return None
            return active.on_chunk

    def post_init_error(self, error_type: str, body: bytes) -> bool:
        with self.condition:
            if self.closed or self.init_error is not None or self.ready_at is not None:
                return False
            self.init_error = InitError(error_type, body)
            self.condition.notify_all()
            return True


def _error(message: str, error_type: str) -> bytes:
    return json.dumps({"errorMessage": message, "errorType": error_type}).encode()


class RuntimeApiHandler(QuietHandler):
    """GET /next, POST /{id}/response, /{id}/error and /init/error, as Lambda serves them."""

    @property
    def session(self) -> RuntimeSession:
        return cast("RuntimeApiServer", self.server).session

    def do_GET(self) -> None:
        if self.path != f"/{API_VERSION}/runtime/invocation/next":
            self.answer(404, _error(f"no such resource: GET {self.path}", "NotFound"))
            return
        invocation = self.session.next_invocation()
        if invocation is None:
            # This environment is being torn down: drop the connection without an answer.
            self.close_connection = True
            return
        headers = [
            ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
            ("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms)),
            ("Lambda-Runtime-Invoked-Function-Arn", self.session.invoked_function_arn),
        ]
        if invocation.trace_id:
            headers.append(("Lambda-Runtime-Trace-Id", invocation.trace_id))
        if invocation.client_context:
            headers.append(("Lambda-Runtime-Client-Context", invocation.client_context))
        if invocation.cognito_identity:
            headers.append(("Lambda-Runtime-Cognito-Identity", invocation.cognito_identity))
        self.answer(200, invocation.payload, headers)

    def do_POST(self) -> None:
        streaming = self.headers.get(STREAMING_MODE_HEADER, "").lower() == "streaming"
        try:
            body = self.read_body(
                MAX_STREAMED_BYTES if streaming else MAX_RESPONSE_BYTES,
                self._forwarder() if streaming else None,
            )
        except BadRequest as error:
            self.close_connection = True
            self.answer(400, _error(str(error), "InvalidRequest"))
            return
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        if self.path == f"/{API_VERSION}/runtime/init/error":
            accepted = self.session.post_init_error(
                error_type or "Runtime.Unknown", body if body is not None else b""
            )
            if accepted:
                self.answer(202, b'{"status":"OK"}')
            else:
                self.answer(
                    403, _error("init error posted outside of init", "InvalidStateTransition")
                )
            return
        match = _INVOCATION_PATH.match(self.path)
        if match is None:
            self.answer(404, _error(f"no such resource: POST {self.path}", "NotFound"))
            return
        request_id, kind = match.group(1), match.group(2)
        if body is None:
            # Lambda refuses the oversized response and fails the invocation.
            limit = MAX_STREAMED_BYTES if streaming else MAX_RESPONSE_BYTES
            self.session.answer(
                request_id,
                _error(
                    f"Response payload size exceeded maximum allowed payload size ({limit} bytes).",
                    "Function.ResponseSizeTooLarge",
                ),
                "Function.ResponseSizeTooLarge",
            )
            self.answer(
                413,
                _error(
                    f"Exceeded maximum allowed payload size ({limit} bytes).",
                    "RequestEntityTooLarge",
                ),
            )
            return
        if kind == "error":
            answered = self.session.answer(request_id, body, error_type or "Unhandled")
        elif streaming:
            answered = self._answer_stream(request_id, body)
        else:
            answered = self.session.answer(request_id, body, None)
        if answered:
            self.answer(202, b'{"status":"OK"}')
        else:
            self.answer(
                400, _error(f"unknown or finished request id {request_id}", "InvalidRequestID")
            )

    def _forwarder(self) -> Callable[[bytes], None] | None:
        """For a streamed response: hand each chunk on as it arrives, to whoever listens."""
        match = _INVOCATION_PATH.match(self.path)
        if match is None or match.group(2) != "response":
            return None
        listener = self.session.chunk_listener(match.group(1))
        if listener is None:
            return None
        content_type = self.headers.get("Content-Type", "")
        return lambda data: listener(data, content_type)

    def _answer_stream(self, request_id: str, body: bytes) -> bool:
        """Record a streamed response: its chunks, or the error its trailers report."""
        stream = (tuple(self.request_chunks), self.headers.get("Content-Type", ""))
        failure = _stream_error(self.request_trailers)
        if failure is not None:
            error_body, error_type = failure
            return self.session.answer(request_id, error_body, error_type, stream)
        return self.session.answer(request_id, body, None, stream)


def _stream_error(trailers: dict[str, str]) -> tuple[bytes, str] | None:
    """The (error body, error type) a failed stream's trailers carry, or None."""
    error_type = trailers.get(ERROR_TYPE_TRAILER.lower())
    if not error_type:
        return None
    try:
        body = base64.b64decode(trailers.get(ERROR_BODY_TRAILER.lower(), ""), validate=True)
    except binascii.Error:
        body = b""
    return body or _error("the function's response stream failed", error_type), error_type


class RuntimeApiServer(LoopbackServer):
    def __init__(self, session: RuntimeSession) -> None:
        self.session = session
        super().__init__(0, RuntimeApiHandler)
