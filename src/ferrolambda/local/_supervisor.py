"""The function process: started under a runtime loop, fed one invocation at a time, restarted.

One `Supervisor` is one Lambda execution environment slot: invocations are queued and run one
after another on a single function process, started on demand (a cold start), killed on a
timeout, replaced after a crash or an init error.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import selectors
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from .._errors import error_body
from ._report import Architecture, Report, max_memory_mb
from ._runtime_api import InitError, Invocation, RuntimeSession
from ._target import Target

DEFAULT_RUNTIME_MODULE = "ferrolambda.runtime"
# Lambda's limit on the INIT phase of an on-demand function.
DEFAULT_INIT_TIMEOUT = 10.0
ACCOUNT_ID = "123456789012"
LOG_TAIL_BYTES = 4096
# When the emulator stops, the runtime gets SIGTERM and this long to run its shutdown hooks.
SHUTDOWN_GRACE = 0.5
_LOG_KEEP_BYTES = 2 * LOG_TAIL_BYTES
_POLL = 0.05


LogSink = Callable[[str], None]


def stderr_sink() -> LogSink:
    """A thread-safe sink writing whole lines to the emulator's stderr."""
    lock = threading.Lock()

    def write(text: str) -> None:
        with lock:
            sys.stderr.write(text if text.endswith("\n") else text + "\n")
            sys.stderr.flush()

    return write


@dataclass(frozen=True)
class FunctionConfig:
    """What Lambda knows about the function: handler, limits, identity, runtime."""

    target: Target
    name: str = "function"
    timeout: float = 3.0
    memory_mb: int = 128
    architecture: Architecture = "x86_64"
    runtime_module: str = DEFAULT_RUNTIME_MODULE
    init_timeout: float = DEFAULT_INIT_TIMEOUT
    cwd: str | None = None
    environment: Mapping[str, str] = field(default_factory=dict[str, str])
    python: str = sys.executable

    @property
    def region(self) -> str:
        return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"

    @property
    def function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.name}"

    def command(self) -> list[str]:
        return [self.python, "-m", self.runtime_module, self.target.handler]


@dataclass(frozen=True)
class Outcome:
    """How an invocation ended: the response, or a function error with its type."""

    request_id: str
    body: bytes
    error_type: str | None
    report: Report
    logs: bytes = b""
    service_error: bool = False
    """The emulator, not the function, failed (it stopped, or hit a bug): an API error."""
    chunks: tuple[bytes, ...] = ()
    """A streamed response's chunks as the function sent them (before its error, if any)."""
    content_type: str | None = None
    """A streamed response's content type; None for a buffered response."""

    @property
    def is_error(self) -> bool:
        return self.error_type is not None

    @property
    def log_tail(self) -> bytes:
        """The last 4 KB of the invocation's log, as `X-Amz-Log-Result` carries it."""
        return self.logs[-LOG_TAIL_BYTES:]


def exit_reason(code: int) -> str:
    """Lambda's wording for a runtime that exited: `exit status 3`, `signal: killed`."""
    if code < 0:
        try:
            name = signal.strsignal(-code) or f"signal {-code}"
        except ValueError:
            name = f"signal {-code}"
        return f"signal: {name.lower()}"
    return f"exit status {code}"


def _platform_message(request_id: str, text: str) -> str:
    """Lambda's wording for platform errors: `RequestId: <id> Error: <text>`."""
    return f"RequestId: {request_id} Error: {text}" if request_id else f"Error: {text}"


def new_trace_id() -> str:
    epoch = f"{int(time.time()):08x}"
    return f"Root=1-{epoch}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=0"


class FunctionProcess:
    """One function process: its pipes forwarded line by line, its exit watched."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        cwd: str | None,
        on_line: Callable[[bytes], None],
        on_exit: Callable[[int], None],
    ) -> None:
        self.started = time.monotonic()
        self._on_line = on_line
        self._on_exit = on_exit
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
        self.pid = self.process.pid
        self._wake_read, self._wake_write = os.pipe()
        self._drain_lock = threading.Condition()
        self._drain_requested = 0
        self._drain_done = 0
        self._reader_finished = False
        self._reader = threading.Thread(target=self._read, name="ferrolambda-output", daemon=True)
        self._reader.start()
        self._watcher = threading.Thread(target=self._watch, name="ferrolambda-exit", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        code = self.process.wait()
        self._reader.join(timeout=2)
        self._on_exit(code)

    def _read(self) -> None:
        pending: dict[int, bytes] = {}
        with selectors.DefaultSelector() as selector:
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None:
                    selector.register(stream.fileno(), selectors.EVENT_READ)
                    pending[stream.fileno()] = b""
            selector.register(self._wake_read, selectors.EVENT_READ)
            open_streams = len(pending)
            while open_streams:
                draining = False
                for key, _ in selector.select(timeout=0.5):
                    fd = int(key.fd)
                    if fd == self._wake_read:
                        os.read(fd, 1024)
                        draining = True
                        continue
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        selector.unregister(fd)
                        open_streams -= 1
                        if pending[fd]:
                            self._on_line(pending[fd])
                        pending[fd] = b""
                        continue
                    lines = (pending[fd] + chunk).split(b"\n")
                    pending[fd] = lines.pop()
                    for line in lines:
                        self._on_line(line)
                if draining:
                    self._drain(selector, pending)
        with self._drain_lock:
            self._reader_finished = True
            self._drain_lock.notify_all()
        os.close(self._wake_read)

    def _drain(self, selector: selectors.BaseSelector, pending: dict[int, bytes]) -> None:
        """Forward everything already in the pipes (and partial lines), then report drained."""
        with self._drain_lock:
            target = self._drain_requested
        for _ in range(1000):
            ready = [key for key, _ in selector.select(timeout=0) if key.fd != self._wake_read]
            if not ready:
                break
            for key in ready:
                fd = int(key.fd)
                chunk = os.read(fd, 65536)
                if not chunk:
                    selector.unregister(fd)
                    continue
                lines = (pending[fd] + chunk).split(b"\n")
                pending[fd] = lines.pop()
                for line in lines:
                    self._on_line(line)
        for fd, rest in pending.items():
            if rest:
                self._on_line(rest)
                pending[fd] = b""
        with self._drain_lock:
            self._drain_done = max(self._drain_done, target)
            self._drain_lock.notify_all()

    def drain(self, timeout: float = 1.0) -> None:
        """Wait until the output written so far has been forwarded."""
        with self._drain_lock:
            if self._reader_finished:
                return
            self._drain_requested += 1
            target = self._drain_requested
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"x")
        deadline = time.monotonic() + timeout
        with self._drain_lock:
            while self._drain_done < target and not self._reader_finished:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._drain_lock.wait(remaining)

    def max_memory_mb(self) -> int | None:
        return max_memory_mb(self.pid)

    def send_kill(self) -> None:
        """SIGKILL the process group without waiting: its exit is reported as usual."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)

    def kill(self, grace: float = 0.0) -> None:
        """Kill the process and its children (its own session), reap it, close the pipes.

        With a `grace` period, SIGTERM first (Lambda's shutdown), SIGKILL when it is over.
        """
        if grace > 0 and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self._reader.join(timeout=2)
        self._watcher.join(timeout=2)
        with contextlib.suppress(OSError):
            os.close(self._wake_write)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class _Environment:
    """A function process with its Runtime API session."""

    def __init__(self, process: FunctionProcess, session: RuntimeSession) -> None:
        self.process = process
        self.session = session
        self.peak_memory_mb: int | None = None

    def sample_memory(self) -> int | None:
        measured = self.process.max_memory_mb()
        if measured is not None:
            self.peak_memory_mb = max(measured, self.peak_memory_mb or 0)
        return self.peak_memory_mb

    def over_memory(self, limit_mb: int) -> bool:
        """Sample; when the peak is over `limit_mb`, kill the process as Lambda would (SIGKILL)."""
        peak = self.sample_memory()
        if peak is None or peak <= limit_mb:
            return False
        self.process.send_kill()
        return True

    def dispose(self, grace: float = 0.0) -> None:
        """End the process (first: it must not see its Runtime API go away), then the session."""
        self.sample_memory()
        self.process.kill(grace)
        self.session.close()


class Supervisor:
    """Runs invocations one at a time on a single function process, like one Lambda instance."""

    def __init__(self, config: FunctionConfig, log: LogSink | None = None) -> None:
        self.config = config
        self._log = log if log is not None else stderr_sink()
        self._queue: queue.Queue[tuple[Invocation, Callable[[Outcome], None]] | None] = (
            queue.Queue()
        )
        self._environment: _Environment | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lines_lock = threading.Lock()
        self._capture: bytearray | None = None

    # Lifecycle.

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name="ferrolambda-supervisor", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Kill the function process and fail whatever is still queued. Idempotent."""
        self._stopping.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._environment is not None:
            self._environment.dispose(SHUTDOWN_GRACE)
            self._environment = None
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                invocation, deliver = item
                deliver(self.stopped_outcome(invocation))

    def submit(self, invocation: Invocation, deliver: Callable[[Outcome], None]) -> None:
        """Queue an invocation; `deliver` is called with its outcome (from the supervisor thread)."""
        if self._stopping.is_set():
            deliver(self.stopped_outcome(invocation))
            return
        self._queue.put((invocation, deliver))

    def invoke(self, invocation: Invocation, wait: float | None = None) -> Outcome:
        """Queue an invocation and wait for its outcome."""
        box: list[Outcome] = []
        done = threading.Event()

        def deliver(outcome: Outcome) -> None:
            box.append(outcome)
            done.set()

        self.submit(invocation, deliver)
        limit = wait if wait is not None else self.longest_wait()
        deadline = time.monotonic() + limit
        while not done.wait(timeout=0.25):
            if time.monotonic() > deadline or (self._stopping.is_set() and self._thread is None):
                return self.stopped_outcome(invocation)
        return box[0]

    def longest_wait(self) -> float:
        # Bounded: everything queued ahead, each at most init + timeout, plus slack.
        per_invocation = self.config.init_timeout + self.config.timeout + 10.0
        return per_invocation * (self._queue.qsize() + 2)

    def stopped_outcome(self, invocation: Invocation) -> Outcome:
        error_type = "ServiceException"
        body = error_body(
            error_type, "the local Lambda emulator stopped before this invocation ran"
        )
        return Outcome(
            invocation.request_id,
            body,
            error_type,
            Report(invocation.request_id, 0.0, self.config.memory_mb, None),
            service_error=True,
        )

    # Init check (`ferrolambda check`).

    def check(self) -> tuple[float, InitFailure | None]:
        """Start a function process and wait for init: (init ms, None) or (init ms, failure)."""
        started = time.monotonic()
        environment, failure = self._cold_start("")
        elapsed = (time.monotonic() - started) * 1000
        if environment is not None:
            environment.dispose(SHUTDOWN_GRACE)
        return elapsed, failure

    # The supervisor thread.

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                item = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if item is None:
                break
            invocation, deliver = item
            if self._stopping.is_set():
                deliver(self.stopped_outcome(invocation))
                continue
            try:
                outcome = self._invoke(invocation)
            except Exception as error:  # a bug in the emulator: answer, keep serving
                self._log(f"ferrolambda: emulator error: {type(error).__name__}: {error}")
                if self._environment is not None:
                    self._environment.dispose()
                    self._environment = None
                outcome = Outcome(
                    invocation.request_id,
                    error_body("ServiceException", f"emulator error: {error}"),
                    "ServiceException",
                    Report(invocation.request_id, 0.0, self.config.memory_mb, None),
                    service_error=True,
                )
            deliver(outcome)

    def _on_line(self, line: bytes) -> None:
        # A runtime may write one multi-line record with \r inside (awslambdaric does, for
        # CloudWatch); on a terminal that would overwrite itself, so show it as lines.
        text = line.decode("utf-8", errors="replace").rstrip("\r").replace("\r", "\n")
        with self._lines_lock:
            if self._capture is not None:
                self._capture += line + b"\n"
                if len(self._capture) > _LOG_KEEP_BYTES:
                    del self._capture[: len(self._capture) - _LOG_KEEP_BYTES]
        self._log(text)

    def _platform_line(self, text: str) -> None:
        """A line Lambda itself writes to the log (START, END, REPORT, timeouts)."""
        with self._lines_lock:
            if self._capture is not None:
                self._capture += text.encode() + b"\n"
                if len(self._capture) > _LOG_KEEP_BYTES:
                    del self._capture[: len(self._capture) - _LOG_KEEP_BYTES]
        self._log(text)

    def _environment_variables(self, runtime_api: str) -> dict[str, str]:
        config = self.config
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("AWS_LAMBDA_", "_LAMBDA_"))
            and name not in ("_HANDLER", "_X_AMZN_TRACE_ID", "LAMBDA_TASK_ROOT")
        }
        python_path = [*config.target.path]
        if env.get("PYTHONPATH"):
            python_path.append(env["PYTHONPATH"])
        now = datetime.now(UTC)
        log_stream = f"{now:%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        env.update(
            {
                "AWS_LAMBDA_RUNTIME_API": runtime_api,
                "_HANDLER": config.target.handler,
                "AWS_LAMBDA_FUNCTION_NAME": config.name,
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory_mb),
                "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
                "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config.name}",
                "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
                "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
                "AWS_REGION": config.region,
                "AWS_DEFAULT_REGION": config.region,
                "AWS_EXECUTION_ENV": f"AWS_Lambda_python{sys.version_info[0]}.{sys.version_info[1]}",
                "LAMBDA_TASK_ROOT": config.target.path[0] if config.target.path else os.getcwd(),
                "PYTHONPATH": os.pathsep.join(python_path),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(config.environment)
        return env

    def _cold_start(self, request_id: str) -> tuple[_Environment | None, InitFailure | None]:
        """Start a function process and wait until it asks for an invocation (or fails init)."""
        session = RuntimeSession(self.config.function_arn)
        runtime_api = session.start_server()
        started = time.monotonic()
        try:
            process = FunctionProcess(
                self.config.command(),
                self._environment_variables(runtime_api),
                self.config.cwd,
                self._on_line,
                session.process_exited,
            )
        except OSError as error:
            session.close()
            return None, InitFailure(
                "Runtime.InvalidEntrypoint",
                error_body("Runtime.InvalidEntrypoint", f"cannot start the runtime: {error}"),
                status="error",
            )
        environment = _Environment(process, session)
        deadline = started + self.config.init_timeout
        killed = False
        with session.condition:
            while (
                session.ready_at is None
                and session.init_error is None
                and session.exit_code is None
                and not self._stopping.is_set()
            ):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                session.condition.wait(min(remaining, _POLL * 4))
                killed = self._enforce_memory(environment, request_id)
                if killed:
                    break
            ready, init_error, exit_code = session.ready_at, session.init_error, session.exit_code
        if killed or (ready is not None and self._enforce_memory(environment, request_id)):
            ready, init_error, exit_code = None, None, _killed_exit_code(session)
        if ready is not None and init_error is None:
            return environment, None
        if init_error is not None:
            # The runtime reported why; it exits by itself, give it a moment to say goodbye.
            with session.condition:
                session.condition.wait_for(lambda: session.exit_code is not None, timeout=0.25)
            process.drain()
            environment.dispose()
            return None, InitFailure(
                init_error.error_type,
                _init_error_body(init_error),
                "error",
                environment.peak_memory_mb,
            )
        process.drain()
        environment.dispose()
        if exit_code is not None:
            reason = (
                "Runtime exited without providing a reason"
                if exit_code == 0
                else f"Runtime exited with error: {exit_reason(exit_code)}"
            )
            return None, InitFailure(
                "Runtime.ExitError",
                error_body("Runtime.ExitError", _platform_message(request_id, reason)),
                "error",
                environment.peak_memory_mb,
            )
        if self._stopping.is_set():
            return None, InitFailure(
                "ServiceException", error_body("ServiceException", "emulator stopped"), "error"
            )
        seconds = self.config.init_timeout
        return None, InitFailure(
            "Sandbox.Timedout",
            error_body(
                "Sandbox.Timedout",
                _platform_message(
                    request_id, f"Task timed out after {seconds:.2f} seconds (during init)"
                ),
            ),
            "timeout",
            environment.peak_memory_mb,
        )

    def _invoke(self, invocation: Invocation) -> Outcome:
        config = self.config
        with self._lines_lock:
            self._capture = bytearray()
        init_ms: float | None = None
        environment = self._environment
        if environment is not None and not self._await_next(environment):
            environment.dispose()  # exited (or hung) between invocations: a new instance
            environment = self._environment = None
        if environment is None:
            started = time.monotonic()
            environment, failure = self._cold_start(invocation.request_id)
            init_ms = (time.monotonic() - started) * 1000
            if failure is not None or environment is None:
                assert failure is not None
                if self._stopping.is_set():
                    return self.stopped_outcome(invocation)
                return self._finish_failed_init(invocation, failure, init_ms)
            self._environment = environment
        session = environment.session
        self._platform_line(f"START RequestId: {invocation.request_id} Version: $LATEST")
        started = time.monotonic()
        invocation.deadline_ms = int(time.time() * 1000 + config.timeout * 1000)
        if invocation.trace_id is None:
            invocation.trace_id = new_trace_id()
        session.offer(invocation)
        deadline = started + config.timeout
        while True:
            with session.condition:
                answered_at, exit_code = invocation.answered_at, session.exit_code
                remaining = deadline - time.monotonic()
                if (
                    answered_at is not None
                    or exit_code is not None
                    or remaining <= 0
                    or self._stopping.is_set()
                ):
                    if answered_at is None and session.offered is invocation:
                        session.offered = None
                    break
                session.condition.wait(min(remaining, _POLL * 2))
            if self._enforce_memory(environment, invocation.request_id):
                exit_code = _killed_exit_code(session)
                break
        if answered_at is not None and self._enforce_memory(environment, invocation.request_id):
            # Answered, but its peak was over the limit: on Lambda it would not have got there.
            answered_at, exit_code = None, _killed_exit_code(session)
        memory = environment.sample_memory()
        status: str | None = None
        if answered_at is not None:
            duration = (answered_at - started) * 1000
            body, error_type = invocation.answer_body, invocation.answer_error_type
            if error_type is not None:
                # The body's errorType is the precise one (awslambdaric's header says "Unhandled").
                error_type = _body_error_type(body) or error_type
            environment.process.drain()
        elif exit_code is not None:
            duration = (time.monotonic() - started) * 1000
            environment.process.drain()
            reason = (
                "Runtime exited without providing a reason"
                if exit_code == 0
                else f"Runtime exited with error: {exit_reason(exit_code)}"
            )
            error_type, status = "Runtime.ExitError", "error"
            body = error_body(error_type, f"RequestId: {invocation.request_id} Error: {reason}")
            self._platform_line(f"RequestId: {invocation.request_id} Error: {reason}")
            self._platform_line(error_type)
            environment.dispose()
            self._environment = None
        elif self._stopping.is_set():
            environment.dispose()
            self._environment = None
            return self.stopped_outcome(invocation)
        else:
            duration = config.timeout * 1000
            environment.process.drain(timeout=0.2)
            environment.dispose()
            self._environment = None
            error_type, status = "Sandbox.Timedout", "timeout"
            message = f"Task timed out after {config.timeout:.2f} seconds"
            body = error_body(error_type, f"RequestId: {invocation.request_id} Error: {message}")
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            self._platform_line(f"{stamp} {invocation.request_id} {message}")
        report = Report(
            invocation.request_id,
            duration,
            config.memory_mb,
            memory,
            init_ms,
            status,
            error_type if status is not None else None,
        )
        return self._finish(invocation, body, error_type, report)

    def _enforce_memory(self, environment: _Environment, request_id: str) -> bool:
        """Kill the function process if its peak memory is over the memory size, as Lambda does.

        Lambda's sandbox cannot grow past the function's memory size: the process is killed
        (SIGKILL) and the invocation fails with `Runtime exited with error: signal: killed`.
        Here the peak resident set (VmHWM) is sampled while the function runs and checked once
        more when it answers, so a short spike between samples is still caught.
        """
        limit = self.config.memory_mb
        if not environment.over_memory(limit):
            return False
        invocation = f" (RequestId: {request_id})" if request_id else ""
        self._log(
            f"ferrolambda: the function used {environment.peak_memory_mb} MB{invocation}, more "
            f"than its memory size of {limit} MB: killed, as Lambda would (raise --memory if it "
            "really needs more)"
        )
        return True

    def _await_next(self, environment: _Environment) -> bool:
        """Wait until the runtime is back in GET /next after its last answer; False if it exited.

        Lambda only hands an invocation to a runtime that asked for one: a runtime that dies
        after answering is replaced before the next invocation, which then starts cold.
        """
        session = environment.session
        deadline = time.monotonic() + self.config.timeout
        with session.condition:
            while not session.waiting and session.exit_code is None:
                remaining = deadline - time.monotonic()
                if self._stopping.is_set():
                    return False
                if remaining <= 0:
                    self._log(
                        "ferrolambda: the runtime did not ask for the next invocation within "
                        f"{self.config.timeout:g} s of its last answer; starting a new one"
                    )
                    return False
                session.condition.wait(min(remaining, _POLL * 4))
            return session.exit_code is None

    def _finish_failed_init(
        self, invocation: Invocation, failure: InitFailure, init_ms: float
    ) -> Outcome:
        self._log(f"ferrolambda: init failed: {failure.error_type}: {failure.message}")
        self._platform_line(
            f"INIT_REPORT Init Duration: {init_ms:.2f} ms\tPhase: init\tStatus: {failure.status}"
            f"\tError Type: {failure.error_type}"
        )
        self._platform_line(f"START RequestId: {invocation.request_id} Version: $LATEST")
        report = Report(
            invocation.request_id,
            0.0,
            self.config.memory_mb,
            failure.max_memory_mb,
            init_ms,
            failure.status,
            failure.error_type,
        )
        return self._finish(invocation, failure.body, failure.error_type, report)

    def _finish(
        self, invocation: Invocation, body: bytes, error_type: str | None, report: Report
    ) -> Outcome:
        self._platform_line(f"END RequestId: {invocation.request_id}")
        self._platform_line(report.line())
        with self._lines_lock:
            logs = bytes(self._capture or b"")
            self._capture = None
        self._log(report.cost_line(self.config.architecture))
        streamed = invocation.answered_at is not None and invocation.answer_content_type is not None
        return Outcome(
            invocation.request_id,
            body,
            error_type,
            report,
            logs,
            chunks=invocation.answer_chunks if streamed else (),
            content_type=invocation.answer_content_type if streamed else None,
        )


@dataclass(frozen=True)
class InitFailure:
    """Why a function process did not become ready: its error type and the error body."""

    error_type: str
    body: bytes
    status: str = "error"
    max_memory_mb: int | None = None

    @property
    def message(self) -> str:
        try:
            decoded = json.loads(self.body)
        except ValueError:
            return self.body.decode("utf-8", errors="replace")
        if isinstance(decoded, dict):
            message = decoded.get("errorMessage")  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
            if isinstance(message, str):
                return message
        return self.body.decode("utf-8", errors="replace")


def _killed_exit_code(session: RuntimeSession) -> int:
    """The exit code of a process just sent SIGKILL, once its exit has been seen."""
    with session.condition:
        session.condition.wait_for(lambda: session.exit_code is not None, timeout=5)
        return session.exit_code if session.exit_code is not None else -signal.SIGKILL


def _init_error_body(init_error: InitError) -> bytes:
    """The runtime's own init error body when it is a JSON object, else a Lambda-shaped one."""
    try:
        decoded = json.loads(init_error.body)
    except ValueError:
        decoded = None
    if isinstance(decoded, dict):
        return init_error.body
    message = init_error.body.decode("utf-8", errors="replace") or "init failed"
    return error_body(init_error.error_type, message)


def _body_error_type(body: bytes) -> str | None:
    try:
        decoded: object = json.loads(body)
    except ValueError:
        return None
    if isinstance(decoded, dict):
        error_type = cast("dict[str, object]", decoded).get("errorType")
        if isinstance(error_type, str) and error_type:
            return error_type
    return None
