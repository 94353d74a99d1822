"""The emulator's front door on 127.0.0.1: the Lambda Invoke API and an API Gateway-like HTTP front."""

from __future__ import annotations

import base64
import binascii
import json
import queue
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from ._apigw import (
    HTTP_INTEGRATION_TYPE,
    PRELUDE_END,
    BadFunctionResponse,
    HttpRequest,
    HttpResponse,
    HttpVersion,
    error_response,
    streamed_response,
    to_event,
    to_response,
)
from ._eventstream import invoke_complete, payload_chunk
from ._http import BadRequest, LoopbackServer, QuietHandler
from ._report import Architecture
from ._routes import match, parse_routes
from ._runtime_api import MAX_RESPONSE_BYTES, Invocation
from ._supervisor import (
    ACCOUNT_ID,
    DEFAULT_INIT_TIMEOUT,
    DEFAULT_RUNTIME_MODULE,
    FunctionConfig,
    InitFailure,
    LogSink,
    Outcome,
    Supervisor,
    stderr_sink,
)
from ._target import Target, parse_target

# Lambda's payload limits: 6 MB for a synchronous request, 1 MB for an asynchronous one.
MAX_SYNC_PAYLOAD = 6 * 1024 * 1024
MAX_ASYNC_PAYLOAD = 1024 * 1024
INVOKE_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations/?$")
STREAM_INVOKE_PATH = re.compile(r"^/2021-11-15/functions/([^/]+)/response-streaming-invocations/?$")
ARCHITECTURES: tuple[Architecture, ...] = ("x86_64", "arm64")
HTTP_VERSIONS: tuple[HttpVersion, ...] = ("2.0", "1.0")
# cargo-lambda's `invoke` names the function `_` unless told otherwise.
ANY_FUNCTION = "_"


def _api_error(
    status: int, error_type: str, message: str
) -> tuple[int, bytes, list[tuple[str, str]]]:
    """An AWS REST-JSON API error: the type in a header, `{"Type": "User", "message"}` body."""
    kind = "Service" if status >= 500 else "User"
    body = json.dumps({"Type": kind, "message": message}).encode()
    return status, body, [("X-Amzn-ErrorType", error_type)]


class Emulator:
    """A local Lambda function: the Invoke API and an HTTP front on 127.0.0.1, one function process.

    Use as a context manager, or call `start()` and `stop()`.
    """

    def __init__(
        self,
        target: Target | str,
        *,
        port: int = 9000,
        timeout: float = 3.0,
        memory: int = 128,
        architecture: Architecture = "x86_64",
        http_version: HttpVersion = "2.0",
        routes: Sequence[str] = (),
        name: str = "function",
        runtime_module: str = DEFAULT_RUNTIME_MODULE,
        init_timeout: float = DEFAULT_INIT_TIMEOUT,
        cwd: str | None = None,
        environment: Mapping[str, str] | None = None,
        log: LogSink | None = None,
    ) -> None:
        if not 0 < timeout <= 900:
            raise ValueError(f"timeout must be between 1 and 900 seconds, not {timeout}")
        if not 128 <= memory <= 10240:
            raise ValueError(f"memory must be between 128 and 10240 MB, not {memory}")
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be x86_64 or arm64, not {architecture!r}")
        if http_version not in HTTP_VERSIONS:
            raise ValueError(f"http_version must be 2.0 or 1.0, not {http_version!r}")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name):
            raise ValueError(f"function name {name!r} must be 1-64 letters, digits, - or _")
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        if isinstance(target, str):
            target = parse_target(target, cwd=cwd)
        self.config = FunctionConfig(
            target=target,
            name=name,
            timeout=timeout,
            memory_mb=memory,
            architecture=architecture,
            runtime_module=runtime_module,
            init_timeout=init_timeout,
            cwd=cwd,
            environment=dict(environment or {}),
        )
        self.http_version: HttpVersion = http_version
        self.routes = parse_routes(routes)
        """The HTTP front's API Gateway routes (`GET /pets/{id}`, ...); none: every request."""
        self.log: LogSink = log if log is not None else stderr_sink()
        self._requested_port = port
        self._supervisor = Supervisor(self.config, self.log)
        self._server: FrontServer | None = None
        self._lock = threading.Lock()

    # Lifecycle.

    def start(self) -> Emulator:
        """Bind 127.0.0.1:port (raises `PortInUse`) and start serving."""
        with self._lock:
            if self._server is not None:
                return self
            server = FrontServer(self._requested_port, self)
            self._supervisor.start()
            server.start("ferrolambda-front")
            self._server = server
        return self

    def stop(self) -> None:
        """Stop serving, kill the function process. Idempotent."""
        with self._lock:
            server, self._server = self._server, None
        # The supervisor first: requests in flight get their answer before connections close.
        self._supervisor.stop()
        if server is not None:
            server.stop()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _require_running(self) -> None:
        if self._server is None:
            raise RuntimeError("the emulator is not running: call start() or use it as a context")

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def invoke_url(self) -> str:
        return f"{self.url}/2015-03-31/functions/{self.config.name}/invocations"

    # Invocations.

    def invoke(
        self,
        payload: bytes,
        *,
        client_context: str | None = None,
        cognito_identity: str | None = None,
    ) -> Outcome:
        """Run one invocation (queued behind others) and wait for its outcome.

        `client_context` and `cognito_identity` are JSON texts, handed to the runtime as the
        Runtime API's `Lambda-Runtime-Client-Context` / `-Cognito-Identity` headers.
        """
        self._require_running()
        invocation = Invocation(
            request_id=str(uuid.uuid4()),
            payload=payload,
            client_context=client_context,
            cognito_identity=cognito_identity,
        )
        return self._supervisor.invoke(invocation)

    def invoke_streaming(
        self,
        payload: bytes,
        request_id: str,
        *,
        client_context: str | None = None,
        cognito_identity: str | None = None,
    ) -> Iterator[tuple[bytes, str] | Outcome]:
        """Run one invocation like `invoke`, yielding each chunk of a streamed answer as the
        function sends it (`(data, content type)`), then the `Outcome`."""
        self._require_running()
        channel: queue.SimpleQueue[tuple[bytes, str] | Outcome] = queue.SimpleQueue()

        def forward(data: bytes, content_type: str) -> None:
            channel.put((data, content_type))

        invocation = Invocation(
            request_id=request_id,
            payload=payload,
            client_context=client_context,
            cognito_identity=cognito_identity,
            on_chunk=forward,
        )
        self._supervisor.submit(invocation, channel.put)
        deadline = time.monotonic() + self._supervisor.longest_wait()
        while True:
            try:
                item = channel.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                yield self._supervisor.stopped_outcome(invocation)
                return
            yield item
            if isinstance(item, Outcome):
                return

    def submit(self, payload: bytes, *, client_context: str | None = None) -> str:
        """Queue an asynchronous (`Event`) invocation; returns its request id."""
        self._require_running()
        invocation = Invocation(
            request_id=str(uuid.uuid4()),
            payload=payload,
            client_context=client_context,
            asynchronous=True,
        )

        def deliver(outcome: Outcome) -> None:
            if outcome.is_error:
                self.log(
                    f"ferrolambda: asynchronous invocation {outcome.request_id} failed: "
                    f"{outcome.body.decode('utf-8', errors='replace')}"
                )

        self._supervisor.submit(invocation, deliver)
        return invocation.request_id

    def check(self) -> tuple[float, InitFailure | None]:
        """Start the function process once and wait for init; (init ms, failure or None)."""
        return self._supervisor.check()

    def matches(self, function_name: str, qualifier: str | None) -> bool:
        """Whether an Invoke API FunctionName (name, ARN, partial ARN, `name:qualifier`) is ours."""
        name = function_name
        parts = name.split(":")
        if name.startswith("arn:") and len(parts) >= 7 and parts[5] == "function":
            name = parts[6]
            qualifier = parts[7] if len(parts) > 7 else qualifier
        elif len(parts) >= 3 and parts[1] == "function":
            name = parts[2]
            qualifier = parts[3] if len(parts) > 3 else qualifier
        elif len(parts) == 2:
            name, qualifier = parts
        elif len(parts) != 1:
            return False
        if qualifier not in (None, "", "$LATEST"):
            return False
        return name in (self.config.name, ANY_FUNCTION)


class FrontHandler(QuietHandler):
    """POST /2015-03-31/functions/{name}/invocations is the Invoke API; anything else is HTTP."""

    timeout = 300  # an idle keep-alive connection is closed after this many seconds

    @property
    def emulator(self) -> Emulator:
        return cast("FrontServer", self.server).emulator

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        match = INVOKE_PATH.match(split.path)
        stream_match = STREAM_INVOKE_PATH.match(split.path)
        try:
            if match is not None and self.command == "POST":
                self._invoke_api(unquote(match.group(1)), split.query)
            elif stream_match is not None and self.command == "POST":
                self._invoke_api(unquote(stream_match.group(1)), split.query, streaming=True)
            else:
                self._http_front()
        except BadRequest as error:
            self.close_connection = True
            status, body, headers = _api_error(400, "InvalidRequestContentException", str(error))
            self.answer(status, body, headers)
        except RuntimeError as error:  # the emulator is stopping
            self.close_connection = True
            status, body, headers = _api_error(503, "ServiceException", str(error))
            self.answer(status, body, headers)

    # The Invoke API.

    def _invoke_api(self, function_name: str, query: str, *, streaming: bool = False) -> None:
        """`Invoke`, or with `streaming` `InvokeWithResponseStream` (answered as an event stream)."""
        emulator = self.emulator
        request_id = str(uuid.uuid4())
        invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
        log_type = self.headers.get("X-Amz-Log-Type", "None")
        qualifiers = parse_qs(query).get("Qualifier")
        qualifier = qualifiers[0] if qualifiers else None
        allowed = (
            ("RequestResponse", "DryRun") if streaming else ("RequestResponse", "Event", "DryRun")
        )
        if invocation_type not in allowed:
            self._api_error(
                request_id,
                *_api_error(
                    400,
                    "InvalidParameterValueException",
                    f"Unsupported invocation type {invocation_type!r}: use {', '.join(allowed)}",
                ),
            )
            return
        limit = MAX_ASYNC_PAYLOAD if invocation_type == "Event" else MAX_SYNC_PAYLOAD
        payload = self.read_body(limit)
        if payload is None:
            operation = "InvokeAsync" if invocation_type == "Event" else "InvokeFunction"
            self._api_error(
                request_id,
                *_api_error(
                    413,
                    "RequestEntityTooLargeException",
                    f"Request must be smaller than {limit} bytes for the {operation} operation",
                ),
            )
            return
        if not emulator.matches(function_name, qualifier):
            arn = f"arn:aws:lambda:{emulator.config.region}:{ACCOUNT_ID}:function:{function_name}"
            self._api_error(
                request_id,
                *_api_error(404, "ResourceNotFoundException", f"Function not found: {arn}"),
            )
            return
        if not payload.strip():
            payload = b"{}"
        try:
            json.loads(payload)
        except ValueError as error:
            self._api_error(
                request_id,
                *_api_error(
                    400,
                    "InvalidRequestContentException",
                    f"Could not parse request body into json: {error}",
                ),
            )
            return
        valid_context, client_context = self._client_context()
        if not valid_context:
            self._api_error(
                request_id,
                *_api_error(
                    400,
                    "InvalidRequestContentException",
                    "Client context must be a valid Base64-encoded JSON object.",
                ),
            )
            return
        if invocation_type == "DryRun":
            self.answer(204, headers=[("X-Amzn-RequestId", request_id)], content_type=None)
            return
        if invocation_type == "Event":
            async_id = emulator.submit(payload, client_context=client_context)
            self.answer(202, headers=[("X-Amzn-RequestId", async_id)], content_type=None)
            return
        cognito_identity = self.headers.get("Lambda-Runtime-Cognito-Identity") or None
        if streaming:
            items = emulator.invoke_streaming(
                payload,
                request_id,
                client_context=client_context,
                cognito_identity=cognito_identity,
            )
            self._event_stream(items, request_id, log_type == "Tail")
            return
        outcome = emulator.invoke(
            payload, client_context=client_context, cognito_identity=cognito_identity
        )
        if outcome.service_error:
            self._api_error(
                outcome.request_id,
                *_api_error(500, "ServiceException", _message_of(outcome.body)),
            )
            return
        headers = [
            ("X-Amzn-RequestId", outcome.request_id),
            ("X-Amz-Executed-Version", "$LATEST"),
        ]
        if outcome.is_error:
            headers.append(("X-Amz-Function-Error", "Unhandled"))
        if log_type == "Tail":
            headers.append(("X-Amz-Log-Result", base64.b64encode(outcome.log_tail).decode()))
        self.answer(200, outcome.body, headers)

    def _event_stream(
        self, items: Iterator[tuple[bytes, str] | Outcome], request_id: str, tail: bool
    ) -> None:
        """`InvokeWithResponseStream`'s answer, an event stream: a `PayloadChunk` for each chunk
        the function streams, sent as it arrives (a buffered response: one, at the end), then
        `InvokeComplete`, with the error type and message when the function failed."""
        headers = [("X-Amzn-RequestId", request_id), ("X-Amz-Executed-Version", "$LATEST")]
        started = False
        for item in items:
            if isinstance(item, Outcome):
                outcome = item
                break
            data, content_type = item
            if not started:
                self.start_chunked(200, [*headers, ("Content-Type", content_type)])
                started = True
            self.write_chunk(payload_chunk(data))
        else:  # pragma: no cover - `invoke_streaming` always ends with an Outcome
            raise AssertionError("no outcome")
        if not started and outcome.service_error:
            self._api_error(
                request_id, *_api_error(500, "ServiceException", _message_of(outcome.body))
            )
            return
        log_result = base64.b64encode(outcome.log_tail).decode() if tail else None
        if outcome.is_error:
            complete = invoke_complete(outcome.error_type, _message_of(outcome.body), log_result)
        else:
            complete = invoke_complete(log_result=log_result)
        if not started:
            self.start_chunked(200, [*headers, ("Content-Type", "application/json")])
            if not outcome.is_error and outcome.body:
                self.write_chunk(payload_chunk(outcome.body))
        self.write_chunk(complete)
        self.end_chunked()

    def _client_context(self) -> tuple[bool, str | None]:
        """(valid, the decoded client context as JSON text or None when absent)."""
        raw = self.headers.get("X-Amz-Client-Context")
        if not raw:
            # cargo-lambda's local invoke sends the client context as plain JSON, under the
            # Runtime API's header name.
            return True, self.headers.get("Lambda-Runtime-Client-Context") or None
        try:
            text = base64.b64decode(raw, validate=True).decode("utf-8")
            json.loads(text)
        except (binascii.Error, ValueError):
            return False, None
        return True, text

    def _api_error(
        self, request_id: str, status: int, body: bytes, headers: list[tuple[str, str]]
    ) -> None:
        self.answer(status, body, [*headers, ("X-Amzn-RequestId", request_id)])

    # The HTTP front.

    def _http_front(self) -> None:
        emulator = self.emulator
        version = emulator.http_version
        body = self.read_body(MAX_SYNC_PAYLOAD)
        head = self.command == "HEAD"
        if body is None:
            self._send(_TOO_LARGE, head)
            return
        matched = None
        if emulator.routes:
            matched = match(emulator.routes, self.command, urlsplit(self.path).path or "/")
            if matched is None:
                self._send(_NOT_FOUND, head)
                return
        request = HttpRequest(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            source_ip=str(self.client_address[0]),
            host=f"127.0.0.1:{emulator.port}",
            protocol=self.request_version,
        )
        payload = json.dumps(to_event(request, version, matched)).encode()
        if len(payload) > MAX_SYNC_PAYLOAD:
            self._send(_TOO_LARGE, head)
            return
        outcome = self._forward_stream(emulator.invoke_streaming(payload, str(uuid.uuid4())), head)
        if outcome is None:
            return  # streamed to the client as the function produced it
        if outcome.is_error:
            emulator.log(
                f"ferrolambda: {self.command} {urlsplit(self.path).path}: the function failed: "
                f"{outcome.body.decode('utf-8', errors='replace')}"
            )
            self._send(error_response(version), head)
            return
        try:
            if outcome.content_type is not None:
                response = streamed_response(outcome.body, outcome.content_type)
            else:
                response = to_response(outcome.body, version)
        except BadFunctionResponse as error:
            emulator.log(
                f"ferrolambda: {self.command} {urlsplit(self.path).path}: "
                f"malformed Lambda proxy response: {error}"
            )
            response = error_response(version)
        self._send(response, head)

    def _forward_stream(
        self, items: Iterator[tuple[bytes, str] | Outcome], head: bool
    ) -> Outcome | None:
        """Send a streamed answer to the client as it arrives; None once the client is answered.

        The outcome itself, for the caller to answer, when nothing was streamed: a buffered
        response, an error before the first chunk, or a HEAD request. A stream whose prelude is
        malformed is answered as API Gateway answers a malformed response.
        """
        pending = b""
        started = False
        malformed: BadFunctionResponse | None = None
        for item in items:
            if isinstance(item, Outcome):
                outcome = item
                break
            data, content_type = item
            if head or malformed is not None:
                continue
            if started:
                self.write_chunk(data)
                continue
            pending += data
            integration = content_type.split(";", 1)[0].strip().lower() == HTTP_INTEGRATION_TYPE
            if integration and PRELUDE_END not in pending:
                continue  # the prelude is not complete yet
            try:
                first = streamed_response(pending, content_type)
            except BadFunctionResponse as error:
                malformed = error
                continue
            self.start_chunked(first.status, [*first.headers, *self._front_headers()])
            self.write_chunk(first.body)
            started = True
        else:  # pragma: no cover - `invoke_streaming` always ends with an Outcome
            raise AssertionError("no outcome")
        if malformed is not None:
            self.emulator.log(
                f"ferrolambda: {self.command} {urlsplit(self.path).path}: "
                f"malformed response stream: {malformed}"
            )
            self._send(error_response(self.emulator.http_version), head)
            return None
        if not started:
            return outcome
        if outcome.is_error:
            self.emulator.log(
                f"ferrolambda: {self.command} {urlsplit(self.path).path}: the stream ended "
                f"with an error: {outcome.body.decode('utf-8', errors='replace')}"
            )
        self.end_chunked()
        return None

    def _front_headers(self) -> list[tuple[str, str]]:
        return [("Apigw-Requestid", uuid.uuid4().hex[:16] + "=")]

    def _send(self, response: HttpResponse, head: bool) -> None:
        self.answer(
            response.status,
            response.body,
            [*response.headers, *self._front_headers()],
            content_type=None,
            send_body=not head,
        )


_NOT_FOUND = HttpResponse(404, [("Content-Type", "application/json")], b'{"message":"Not Found"}')
_TOO_LARGE = HttpResponse(
    413, [("Content-Type", "application/json")], b'{"message":"Request Entity Too Large"}'
)


def _message_of(body: bytes) -> str:
    try:
        decoded: Any = json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")
    if isinstance(decoded, dict):
        message = cast("dict[str, object]", decoded).get("errorMessage")
        if isinstance(message, str):
            return message
    return body.decode("utf-8", errors="replace")


class FrontServer(LoopbackServer):
    def __init__(self, port: int, emulator: Emulator) -> None:
        self.emulator = emulator
        super().__init__(port, FrontHandler)


__all__ = ["MAX_RESPONSE_BYTES", "Emulator"]
