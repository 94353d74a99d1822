"""The Runtime API loop: `/next`, call the handler, `/response` or `/error`, forever.

Nothing an invocation does stops the loop: a handler that raises, a result that cannot be
encoded, a response over Lambda's 6 MB limit, an event that is not JSON and a dropped connection
all end as an answered invocation (or a reconnect) and the loop polls again. SIGTERM (and SIGINT)
let the invocation in progress finish, run the shutdown hooks and exit 0.
"""

from __future__ import annotations

import os
import sys
import time

from .._errors import error_body, exception_error
from .._streamed import is_stream
from ..context import ClientContext, CognitoIdentity, Context, MobileClient
from . import _loader, _logging, _workers
from ._client import Interrupted, RuntimeApiClient, RuntimeApiError
from ._shutdown import run_shutdown_hooks

TYPE_CHECKING = False
if TYPE_CHECKING:
    import signal as _signal
    from collections.abc import Mapping, MutableMapping, Sequence
    from types import FrameType
    from typing import NoReturn

    from ..streaming import ResponseStream
    from ._client import Response
    from ._loader import Invoke
else:
    import _signal  # the C module `signal` wraps, loaded by the interpreter at startup

MAX_RESPONSE_SIZE = 6291556  # bytes: Lambda's limit for a synchronous response
RESPONSE_TOO_LARGE = "Function.ResponseSizeTooLarge"
EXIT_ERROR = "Runtime.ExitError"
_TRACE_ENV = "_X_AMZN_TRACE_ID"
_NO_DEADLINE_MS = 900_000  # when the API sends no deadline: Lambda's longest timeout
_EPOCH_2001_MS = 978_307_200_000  # deadlines before this are durations, not epoch times
_NEXT_ATTEMPTS = 8  # consecutive /next failures (about 3 s of backoff) before giving up

USAGE = """usage: python -m ferrolambda.runtime [module.handler]

Runs a Lambda function handler against the Lambda Runtime API (a custom runtime or container
entrypoint). The handler is the argument, else $_HANDLER; the API address is
$AWS_LAMBDA_RUNTIME_API; $LAMBDA_TASK_ROOT and the working directory are put on sys.path. With
$AWS_LAMBDA_MAX_CONCURRENCY (Lambda Managed Instances), that many worker processes serve at once.
"""


_stopping = False
_wake_fd: int | None = None  # read end of the signal wakeup pipe: ends a `/next` long poll


def _on_signal(signum: int, frame: FrameType | None) -> None:
    # Only a flag: raising here could drop an invocation that `/next` has just returned. A
    # long poll in progress is woken through the wakeup fd instead (see `_client.send`).
    global _stopping
    _stopping = True


def _is_stopping() -> bool:
    return _stopping


def install_signal_handlers() -> None:
    """SIGTERM and SIGINT stop the loop after the invocation in progress."""
    global _wake_fd
    for name in ("SIGTERM", "SIGINT"):
        number = getattr(_signal, name, None)
        if number is not None:
            try:
                _signal.signal(number, _on_signal)
            except (ValueError, OSError):  # not the main thread: the default action stays
                return
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    os.set_blocking(write_fd, False)
    try:
        _signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    except (ValueError, OSError):
        os.close(read_fd)
        os.close(write_fd)
        return
    _wake_fd = read_fd


def _json_header(value: str | None) -> dict[str, object] | None:
    """A JSON object header; base64-encoded JSON is accepted too (cargo-lambda sends that)."""
    if not value:
        return None
    import json

    text = value.strip()
    try:
        if not text.startswith("{"):
            import binascii

            text = binascii.a2b_base64(text).decode()
        decoded = json.loads(text)
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        _logging.warning(f"ignoring a context header that is not JSON: {value[:200]!r}")
        return None
    return decoded if isinstance(decoded, dict) else None  # pyright: ignore[reportUnknownVariableType]


def _text(value: object) -> str | None:
    return None if value is None else value if isinstance(value, str) else str(value)


def _pick(data: Mapping[str, object], *names: str) -> str | None:
    for name in names:
        if name in data:
            return _text(data[name])
    return None


def cognito_identity(header: str | None) -> CognitoIdentity | None:
    """`Lambda-Runtime-Cognito-Identity` as a `CognitoIdentity`."""
    data = _json_header(header)
    if data is None:
        return None
    return CognitoIdentity(
        cognito_identity_id=_pick(data, "cognitoIdentityId", "cognito_identity_id"),
        cognito_identity_pool_id=_pick(data, "cognitoIdentityPoolId", "cognito_identity_pool_id"),
    )


def client_context(header: str | None) -> ClientContext | None:
    """`Lambda-Runtime-Client-Context` as a `ClientContext`."""
    data = _json_header(header)
    if data is None:
        return None
    client = data.get("client")
    mobile = None
    if isinstance(client, dict):
        fields: dict[str, object] = client  # pyright: ignore[reportUnknownVariableType]
        mobile = MobileClient(
            installation_id=_pick(fields, "installation_id", "installationId"),
            app_title=_pick(fields, "app_title", "appTitle"),
            app_version_name=_pick(fields, "app_version_name", "appVersionName"),
            app_version_code=_pick(fields, "app_version_code", "appVersionCode"),
            app_package_name=_pick(fields, "app_package_name", "appPackageName"),
        )
    custom = data.get("custom")
    env = data.get("env")
    return ClientContext(
        client=mobile,
        custom=custom if isinstance(custom, dict) else None,  # pyright: ignore[reportUnknownArgumentType]
        env=env if isinstance(env, dict) else None,  # pyright: ignore[reportUnknownArgumentType]
    )


class _Function:
    """What the environment says about the function, read once."""

    __slots__ = ("log_group", "log_stream", "memory", "name", "version")

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.name = environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.version = environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory = environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group = environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream = environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")


def build_context(headers: Mapping[str, str], request_id: str, function: _Function) -> Context:
    """The `Context` of one invocation, from the `/next` response headers."""
    deadline = headers.get("lambda-runtime-deadline-ms", "")
    now_ms = int(time.time() * 1000)
    if deadline.isascii() and deadline.isdigit():
        deadline_ms = int(deadline)
        if deadline_ms < _EPOCH_2001_MS:
            # Not a point in time: cargo-lambda sends a constant (600000) that is the timeout
            # itself. Read as such, remaining-time checks (batch deadline margins) still work.
            deadline_ms += now_ms
    else:
        deadline_ms = now_ms + _NO_DEADLINE_MS
    identity = headers.get("lambda-runtime-cognito-identity")
    client = headers.get("lambda-runtime-client-context")
    return Context(
        aws_request_id=request_id,
        deadline_ms=deadline_ms,
        invoked_function_arn=headers.get("lambda-runtime-invoked-function-arn", ""),
        function_name=function.name,
        function_version=function.version,
        memory_limit_in_mb=function.memory,
        log_group_name=function.log_group,
        log_stream_name=function.log_stream,
        identity=cognito_identity(identity) if identity else None,
        client_context=client_context(client) if client else None,
        xray_trace_id=headers.get("lambda-runtime-trace-id"),
        tenant_id=headers.get("lambda-runtime-aws-tenant-id"),
    )


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


def _exit_code(error: SystemExit | KeyboardInterrupt) -> int:
    if isinstance(error, KeyboardInterrupt):
        return 130
    code = error.code
    return code if isinstance(code, int) else (0 if code is None else 1)


def _xray_cause(body: bytes) -> str | None:
    from ._xray import error_cause  # the error path only

    try:
        working_directory = os.getcwd()
    except OSError:  # deleted under the process
        working_directory = ""
    return error_cause(body, working_directory)


def _exit_error(request_id: str, error: SystemExit | KeyboardInterrupt) -> tuple[int, bytes]:
    """The function's code exited: log it as Lambda does; (exit code, `Runtime.ExitError` body)."""
    code = _exit_code(error)
    message = f"RequestId: {request_id} Error: Runtime exited with error: exit status {code}"
    _logging.log_function_error(EXIT_ERROR, message)
    return code, error_body(EXIT_ERROR, message)


def _post(client: RuntimeApiClient, request_id: str, body: bytes, error_type: str | None) -> None:
    try:
        if error_type is None:
            client.post_response(request_id, body)
        else:
            client.post_error(request_id, body, error_type, _xray_cause(body))
    except RuntimeApiError as error:
        _logging.error(f"could not answer invocation {request_id}: {error}")


def serve(invoke: Invoke, client: RuntimeApiClient, environ: Mapping[str, str] = os.environ) -> int:
    """Run the loop until a signal (0), an exit from the handler, or a Runtime API gone for good."""
    function = _Function(environ)
    env = os.environ
    failures = empty = 0
    while True:
        if _stopping:
            return 0
        try:
            invocation = client.next(_wake_fd, _is_stopping)
        except Interrupted:
            return 0
        except RuntimeApiError as error:
            failures += 1
            if failures >= _NEXT_ATTEMPTS:
                _logging.error(f"giving up after {failures} failed polls: {error}")
                return 1
            _logging.warning(f"{error}; polling again")
            time.sleep(min(0.01 * 2**failures, 1.0))
            continue
        failures = 0
        if invocation is None:  # 204: nothing yet; poll again (backing off if it keeps saying so)
            empty += 1
            if empty > 1:
                time.sleep(min(0.001 * 2**empty, 0.1))
            continue
        empty = 0
        code = _handle(invocation, invoke, client, function, env)
        if code is not None:
            return code


def _handle(
    invocation: Response,
    invoke: Invoke,
    client: RuntimeApiClient,
    function: _Function,
    env: MutableMapping[str, str],
) -> int | None:
    headers = invocation.headers
    request_id = headers.get("lambda-runtime-aws-request-id")
    if not request_id:
        _logging.error(f"/next answered without Lambda-Runtime-Aws-Request-Id: {headers!r}")
        return None
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id is not None:
        env[_TRACE_ENV] = trace_id
    elif _TRACE_ENV in env:
        del env[_TRACE_ENV]
    _logging.request_id = request_id
    _logging.tenant_id = headers.get("lambda-runtime-aws-tenant-id")
    try:
        context = build_context(headers, request_id, function)
        body, error_type = invoke(invocation.body, context)
    except (SystemExit, KeyboardInterrupt) as error:
        code, exit_body = _exit_error(request_id, error)
        _flush()
        _post(client, request_id, exit_body, EXIT_ERROR)
        return code
    except BaseException as error:  # invoke_raw should not raise; the loop goes on if it does
        _logging.strip_runtime_frames(error)
        _logging.log_exception(error)
        body, error_type = exception_error(error)
    _flush()
    if is_stream(body):
        exited = _stream(client, request_id, body)
        _logging.request_id = _logging.tenant_id = None
        return exited
    try:
        if error_type is None and len(body) > MAX_RESPONSE_SIZE:
            message = (
                f"Response payload size ({len(body)} bytes) exceeded maximum allowed payload "
                f"size ({MAX_RESPONSE_SIZE} bytes)."
            )
            _logging.log_function_error(RESPONSE_TOO_LARGE, message)
            body, error_type = error_body(RESPONSE_TOO_LARGE, message), RESPONSE_TOO_LARGE
        _post(client, request_id, body, error_type)
    except Exception as error:  # e.g. invoke_raw returned something that is not bytes
        _logging.log_exception(error, f"could not send the result of {request_id}: {error!r}")
        body, error_type = exception_error(error)
        _post(client, request_id, body, error_type)
    _logging.request_id = _logging.tenant_id = None
    return None


def _stream(client: RuntimeApiClient, request_id: str, stream: ResponseStream) -> int | None:
    """Send a streamed response chunk by chunk; an error raised while producing it ends it.

    Returns the exit code when the function's code exited (`sys.exit`) while streaming.
    """
    code: int | None = None
    try:
        streamer = client.stream_response(request_id, stream.content_type)
        failure: tuple[bytes, str] | None = None
        try:
            for chunk in stream.encoded():
                streamer.send(chunk)
                _flush()
        except RuntimeApiError:
            raise
        except (SystemExit, KeyboardInterrupt) as error:
            code, exit_body = _exit_error(request_id, error)
            failure = exit_body, EXIT_ERROR
        except Exception as error:  # the function's code, producing the chunks
            _logging.strip_runtime_frames(error)
            _logging.log_exception(error)
            failure = exception_error(error)
        _flush()
        streamer.finish(failure)
    except RuntimeApiError as error:
        _logging.error(f"could not stream the response of {request_id}: {error}")
    return code


def _extend_path(environ: Mapping[str, str]) -> None:
    """Make the function's code importable: `LAMBDA_TASK_ROOT` first, then the working directory."""
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    for directory in (cwd, environ.get("LAMBDA_TASK_ROOT")):
        if directory and directory not in sys.path:
            sys.path.insert(0, directory)


def _report_init_error(
    client: RuntimeApiClient, error_type: str, message: str, stack: list[str] | None
) -> None:
    _logging.log_function_error(error_type, message, stack)
    _flush()
    try:
        client.post_init_error(error_body(error_type, message, stack), error_type)
    except RuntimeApiError as error:
        _logging.error(f"could not report the init error: {error}")


def _client(environ: Mapping[str, str]) -> RuntimeApiClient | None:
    address = environ.get("AWS_LAMBDA_RUNTIME_API", "")
    if not address:
        _logging.error("AWS_LAMBDA_RUNTIME_API is not set: this runs inside Lambda or an emulator")
        return None
    try:
        return RuntimeApiClient(address)
    except ValueError as error:
        _logging.error(str(error))
        return None


def _finish(client: RuntimeApiClient, code: int) -> int:
    run_shutdown_hooks()
    _flush()
    client.close()
    return code


def main(args: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """`python -m ferrolambda.runtime [module.handler]`: load the handler, serve; the exit code."""
    args = sys.argv[1:] if args is None else args
    if args and args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    workers = _workers.worker_count(environ)
    if workers > 1:
        return _workers.run_workers(workers, lambda: _serve_handler(args, environ))
    return _serve_handler(args, environ)


def _serve_handler(args: Sequence[str], environ: Mapping[str, str]) -> int:
    """Load the handler named by `args` (or `_HANDLER`) and serve it; the exit code."""
    install_signal_handlers()
    _logging.configure(environ)
    client = _client(environ)
    if client is None:
        return 1
    handler = args[0] if args else environ.get("_HANDLER", "")
    _extend_path(environ)
    try:
        invoke = _loader.adapt(_loader.load(handler), handler)
    except _loader.InitError as failure:
        _report_init_error(client, failure.error_type, failure.message, failure.stack)
        client.close()
        return 1
    except (SystemExit, KeyboardInterrupt) as error:
        code = _exit_code(error)
        _report_init_error(
            client, EXIT_ERROR, f"Runtime exited with error: exit status {code}", None
        )
        client.close()
        return code or 1
    return _finish(client, serve(invoke, client, environ))


def run(handler: object, environ: Mapping[str, str] = os.environ) -> NoReturn:
    """Serve `handler` (decorated with `@lambda_handler`, or a plain `handler(event, context)`).

    With `AWS_LAMBDA_MAX_CONCURRENCY`, the workers share the handler as it is already loaded.
    """
    workers = _workers.worker_count(environ)
    if workers > 1:
        raise SystemExit(_workers.run_workers(workers, lambda: _serve_object(handler, environ)))
    raise SystemExit(_serve_object(handler, environ))


def _serve_object(handler: object, environ: Mapping[str, str]) -> int:
    install_signal_handlers()
    _logging.configure(environ)
    client = _client(environ)
    if client is None:
        return 1
    try:
        invoke = _loader.adapt(handler, getattr(handler, "__qualname__", repr(handler)))
    except _loader.InitError as failure:
        _report_init_error(client, failure.error_type, failure.message, failure.stack)
        client.close()
        return 1
    return _finish(client, serve(invoke, client, environ))
