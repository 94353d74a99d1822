"""`python -m ferrolambda.runtime` as a real subprocess against a fake Runtime API."""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from runtime_helpers import (
    DROP,
    ERROR_500,
    HANDLERS,
    NO_CONTENT,
    RESET,
    TRUNCATE,
    FakeRuntimeApi,
    RuntimeProcess,
    running,
    runtime_env,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and processes")

MAX_RESPONSE = 6291556


@pytest.fixture
def api() -> Iterator[FakeRuntimeApi]:
    fake = FakeRuntimeApi()
    try:
        yield fake
    finally:
        fake.close()


def start(api: FakeRuntimeApi, handler: str | None, tmp_path: Path, **env: str) -> RuntimeProcess:
    return RuntimeProcess([handler] if handler else [], runtime_env(api.address, **env), tmp_path)


@pytest.fixture
def runtime(
    api: FakeRuntimeApi, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[RuntimeProcess]:
    """The runtime serving the handler given by `@pytest.mark.handler("module.attr")`."""
    marker = request.node.get_closest_marker("handler")
    assert marker is not None, "use @pytest.mark.handler(...)"
    env = dict(marker.kwargs)
    process = start(api, marker.args[0], tmp_path, **env)
    try:
        yield process
    finally:
        process.stop()


@pytest.mark.handler("fl_plain.echo")
def test_success_and_keep_alive(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    ids = [api.push({"n": n}) for n in range(5)]
    for n, request_id in enumerate(ids):
        outcome = api.outcome(request_id)
        assert outcome.kind == "response"
        assert outcome.json() == {"event": {"n": n}}
        assert outcome.headers["content-type"] == "application/json"
    assert api.connections == 1  # one keep-alive connection for everything
    assert all(path.startswith("/2018-06-01/runtime/") for _, path in api.requests)


@pytest.mark.handler("fl_plain.boom")
def test_handler_exception_is_an_error_and_the_loop_goes_on(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    first, second = api.push({"x": 1}), api.push({"x": 2})
    outcome = api.outcome(first)
    assert outcome.kind == "error"
    assert outcome.headers["lambda-runtime-function-error-type"] == "ValueError"
    assert outcome.headers["content-type"] == "application/vnd.aws.lambda.error+json"
    body = outcome.json()
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "boom: {'x': 1}"
    assert any("fl_plain.py" in line and "boom" in line for line in body["stackTrace"])
    assert not any("ferrolambda" in line for line in body["stackTrace"])  # runtime frames cut
    assert api.outcome(second).json()["errorMessage"] == "boom: {'x': 2}"
    api.wait_for(lambda: "Traceback" in runtime.stdout, 5)
    log = runtime.stdout
    assert "[ERROR]" in log
    assert "ValueError: boom: {'x': 1}" in log
    assert "Traceback (most recent call last):" in log
    assert first in log  # the request id


@pytest.mark.handler("fl_plain.boom")
def test_handler_exception_sends_its_xray_error_cause(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    outcome = api.outcome(api.push({"x": 1}))
    cause = json.loads(outcome.headers["lambda-runtime-function-xray-error-cause"])
    handler_file = str(HANDLERS / "fl_plain.py")
    raise_line = 1 + next(
        number
        for number, line in enumerate(Path(handler_file).read_text().splitlines())
        if "raise ValueError" in line
    )
    assert cause == {
        "working_directory": os.getcwd(),
        "exceptions": [
            {
                "type": "ValueError",
                "message": "boom: {'x': 1}",
                "stack": [{"path": handler_file, "line": raise_line, "label": "boom"}],
            }
        ],
        "paths": [handler_file],
    }


@pytest.mark.handler("fl_plain.echo")
def test_a_response_sends_no_xray_error_cause(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    outcome = api.outcome(api.push({"x": 1}))
    assert outcome.kind == "response"
    assert "lambda-runtime-function-xray-error-cause" not in outcome.headers


@pytest.mark.handler("fl_streaming.words")
def test_a_stream_is_sent_chunk_by_chunk_as_produced(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    outcome = api.outcome(api.push({"words": ["one ", "two ", "three"]}))
    assert outcome.kind == "response"
    assert outcome.headers["lambda-runtime-function-response-mode"] == "streaming"
    assert outcome.headers["transfer-encoding"] == "chunked"
    assert outcome.headers["content-type"] == "text/plain; charset=utf-8"
    assert "content-length" not in outcome.headers
    assert outcome.chunks == [b"one ", b"two ", b"three"]
    assert outcome.trailers == {}
    # Each chunk left when it was produced (0.3 s apart), not all at the end.
    gaps = [b - a for a, b in zip(outcome.chunk_times, outcome.chunk_times[1:], strict=False)]
    assert all(gap > 0.2 for gap in gaps), gaps
    assert api.connections == 1  # the stream used the kept-alive connection
    second = api.outcome(api.push({"words": ["again"]}))
    assert second.chunks == [b"again"]


@pytest.mark.handler("fl_streaming.async_parts")
def test_an_async_stream(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    outcome = api.outcome(api.push({"count": 3}))
    assert outcome.chunks == [b"part 0\n", b"part 1\n", b"part 2\n"]
    assert outcome.headers["content-type"] == "application/octet-stream"


@pytest.mark.handler("fl_streaming.fails_midway")
def test_an_error_while_streaming_ends_the_stream_with_error_trailers(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    outcome = api.outcome(api.push({"words": ["a", "b"]}))
    assert outcome.chunks == [b"a", b"b"]
    assert outcome.trailers["lambda-runtime-function-error-type"] == "ValueError"
    error = json.loads(base64.b64decode(outcome.trailers["lambda-runtime-function-error-body"]))
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "stopped after 2 parts"
    assert any("_fails_after" in line for line in error["stackTrace"])
    assert api.outcome(api.push({"words": []})).trailers["lambda-runtime-function-error-type"]
    api.wait_for(lambda: "stopped after 2 parts" in runtime.stdout, 5)  # and logged


def test_an_exit_while_streaming_ends_the_stream_and_the_runtime(
    api: FakeRuntimeApi, tmp_path: Path
) -> None:
    process = start(api, "fl_streaming.exits_midway", tmp_path)
    try:
        outcome = api.outcome(api.push({}))
        assert outcome.chunks == [b"before exit"]
        assert outcome.trailers["lambda-runtime-function-error-type"] == "Runtime.ExitError"
        error = json.loads(base64.b64decode(outcome.trailers["lambda-runtime-function-error-body"]))
        assert error["errorMessage"].endswith("Runtime exited with error: exit status 3")
        assert process.wait() == 3
    finally:
        process.stop()


@pytest.mark.handler("fl_streaming.bad_chunk")
def test_a_chunk_that_is_not_bytes_or_text_is_an_error(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    outcome = api.outcome(api.push({}))
    assert outcome.chunks == [b"fine"]
    assert outcome.trailers["lambda-runtime-function-error-type"] == "TypeError"
    error = json.loads(base64.b64decode(outcome.trailers["lambda-runtime-function-error-body"]))
    assert error["errorMessage"] == "a ResponseStream chunk must be bytes or str, not int"


@pytest.mark.handler("fl_streaming.with_empty_chunks")
def test_empty_chunks_are_left_out(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    assert api.outcome(api.push({})).chunks == [b"x", b"y"]  # an empty one would end the stream


@pytest.mark.handler("fl_streaming.plain")
def test_a_plain_handler_can_stream(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    streamed = api.outcome(api.push({"stream": True}))
    assert streamed.chunks == [b"plain ", b"stream"]
    assert streamed.headers["content-type"] == "text/plain"
    assert api.outcome(api.push({})).json() == {"streamed": False}


@pytest.mark.handler("fl_plain.unserializable")
def test_unserializable_result(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    outcome = api.outcome(api.push({}))
    assert outcome.kind == "error"
    assert outcome.json()["errorType"] == "SerializationError"
    assert "set is not JSON serializable" in outcome.json()["errorMessage"]
    assert api.outcome(api.push({})).kind == "error"  # still serving


@pytest.mark.handler("fl_plain.echo")
def test_event_that_is_not_json(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    outcome = api.outcome(api.push(raw=b"{not json"))
    assert outcome.kind == "error"
    assert outcome.headers["lambda-runtime-function-error-type"] == "InvalidEvent"
    assert api.outcome(api.push({"ok": True})).json() == {"event": {"ok": True}}


@pytest.mark.handler("fl_plain.sized")
def test_oversize_response_is_a_function_error(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    too_big = api.outcome(api.push({"size": MAX_RESPONSE + 1}))
    assert too_big.kind == "error"
    assert too_big.headers["lambda-runtime-function-error-type"] == "Function.ResponseSizeTooLarge"
    assert str(MAX_RESPONSE + 1) in too_big.json()["errorMessage"]
    at_limit = api.outcome(api.push({"size": MAX_RESPONSE}))
    assert at_limit.kind == "response"
    assert len(at_limit.body) == MAX_RESPONSE


@pytest.mark.handler("fl_plain.size_of_event")
def test_six_megabyte_event(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    data = "y" * (6 * 1024 * 1024 - 100)
    assert api.outcome(api.push({"data": data})).json() == {"length": len(data)}


@pytest.mark.handler("fl_plain.raw_bytes")
def test_bytes_are_sent_as_they_are(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    assert api.outcome(api.push({})).body == b"\x00raw bytes\xff"


@pytest.mark.handler("fl_plain.echo")
def test_no_content_then_poll_again(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    for _ in range(3):
        api.push_action(NO_CONTENT)
    assert api.outcome(api.push(1)).json() == {"event": 1}
    assert api.polls() >= 4


@pytest.mark.handler("fl_plain.echo")
@pytest.mark.parametrize("action", [DROP, RESET, TRUNCATE, ERROR_500])
def test_connection_trouble_then_recovery(
    api: FakeRuntimeApi, runtime: RuntimeProcess, action: str
) -> None:
    assert api.outcome(api.push("before")).json() == {"event": "before"}
    api.push_action(action)
    assert api.outcome(api.push("after")).json() == {"event": "after"}
    assert runtime.process.poll() is None


def test_runtime_api_gone_for_good(api: FakeRuntimeApi, tmp_path: Path) -> None:
    with running(["fl_plain.echo"], runtime_env(api.address), tmp_path) as process:
        assert api.outcome(api.push(1)).kind == "response"
        api.close()
        assert process.wait(timeout=30) == 1
        assert "giving up" in process.stdout


@pytest.mark.parametrize(
    ("handler", "error_type", "message"),
    [
        (
            "fl_no_such_module.handler",
            "Runtime.ImportModuleError",
            "No module named 'fl_no_such_module'",
        ),
        (
            "fl_import_missing_dependency.handler",
            "Runtime.ImportModuleError",
            "fl_no_such_dependency",
        ),
        ("fl_plain.no_such_function", "Runtime.HandlerNotFound", "no_such_function"),
        ("fl_plain.not_callable", "Runtime.HandlerNotFound", "not callable"),
        ("fl_init_raises.handler", "RuntimeError", "configuration missing: TABLE_NAME"),
        ("nodots", "Runtime.MalformedHandlerName", "nodots"),
        ("sys.handler", "Runtime.BuiltInModuleConflict", "sys"),
        ("fl_exit_at_import.handler", "Runtime.ExitError", "exit status 4"),
    ],
)
def test_init_errors(
    api: FakeRuntimeApi, tmp_path: Path, handler: str, error_type: str, message: str
) -> None:
    with running([handler], runtime_env(api.address), tmp_path) as process:
        code = process.wait()
        outcome = api.init_error()
    assert code != 0
    assert outcome.headers["lambda-runtime-function-error-type"] == error_type
    assert outcome.headers["content-type"] == "application/vnd.aws.lambda.error+json"
    body = outcome.json()
    assert body["errorType"] == error_type
    assert message in body["errorMessage"]
    assert api.polls() == 0  # never polled for an invocation
    assert error_type in process.stdout  # and logged


def test_init_error_for_a_syntax_error(api: FakeRuntimeApi, tmp_path: Path) -> None:
    (tmp_path / "fl_broken_syntax.py").write_text("def handler(event, context)\n    return 1\n")
    with running(
        ["fl_broken_syntax.handler"], runtime_env(api.address), tmp_path, cwd=tmp_path
    ) as process:
        assert process.wait() == 1
    body = api.init_error().json()
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"
    assert "Syntax error in module 'fl_broken_syntax'" in body["errorMessage"]
    assert "def handler(event, context)" in body["stackTrace"][0]


def test_init_error_stack_for_exception_at_import(api: FakeRuntimeApi, tmp_path: Path) -> None:
    with running(["fl_init_raises.handler"], runtime_env(api.address), tmp_path) as process:
        process.wait()
    body = api.init_error().json()
    assert any("fl_init_raises.py" in line for line in body["stackTrace"])
    assert not any("ferrolambda" in line for line in body["stackTrace"])


def test_handler_from_env_and_task_root(api: FakeRuntimeApi, tmp_path: Path) -> None:
    task_root = tmp_path / "task"
    task_root.mkdir()
    (task_root / "fl_task.py").write_text(
        "def handler(event, context):\n    return 'from task root'\n"
    )
    env = runtime_env(api.address, _HANDLER="fl_task.handler", LAMBDA_TASK_ROOT=str(task_root))
    with running([], env, tmp_path):
        assert api.outcome(api.push({})).json() == "from task root"


def test_handler_path_with_slash_and_working_directory(api: FakeRuntimeApi, tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("def handler(event, context):\n    return 'nested'\n")
    with running(["pkg/mod.handler"], runtime_env(api.address), tmp_path, cwd=tmp_path):
        assert api.outcome(api.push({})).json() == "nested"


@pytest.mark.handler("fl_plain.service.method")
def test_nested_attribute_handler(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    assert api.outcome(api.push(5)).json() == {"method": 5}


def test_path_prefix_in_the_address(tmp_path: Path) -> None:
    api = FakeRuntimeApi(prefix="/.rt")
    try:
        assert api.address.endswith("/.rt")
        with running(["fl_plain.echo"], runtime_env(api.address), tmp_path):
            assert api.outcome(api.push(1)).json() == {"event": 1}
        assert all(path.startswith("/.rt/2018-06-01/") for _, path in api.requests)
    finally:
        api.close()


@pytest.mark.handler("fl_plain.trace")
def test_trace_id_env_var_set_and_removed(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    with_trace = api.outcome(api.push({}, Lambda_Runtime_Trace_Id=trace)).json()
    assert with_trace == {"env": trace, "context": trace}
    without = api.outcome(api.push({})).json()
    assert without == {"env": None, "context": None}


@pytest.mark.handler("fl_plain.context_fields")
def test_context_from_headers_and_env(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    deadline = int(time.time() * 1000) + 30_000
    client_context = {
        "client": {"installation_id": "inst-1", "app_title": "App"},
        "custom": {"k": "v"},
        "env": {"platform": "Android"},
    }
    request_id = api.push(
        {},
        Lambda_Runtime_Deadline_Ms=str(deadline),
        Lambda_Runtime_Invoked_Function_Arn="arn:aws:lambda:eu-west-1:1:function:f:live",
        Lambda_Runtime_Trace_Id="Root=1-abc",
        Lambda_Runtime_Client_Context=json.dumps(client_context),
        Lambda_Runtime_Cognito_Identity=json.dumps(
            {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}
        ),
        Lambda_Runtime_Aws_Tenant_Id="tenant-9",
    )
    fields = api.outcome(request_id).json()
    assert 0 < fields.pop("remaining") <= 30_000
    assert fields == {
        "aws_request_id": request_id,
        "deadline_ms": deadline,
        "invoked_function_arn": "arn:aws:lambda:eu-west-1:1:function:f:live",
        "function_name": "fake",
        "function_version": "7",
        "memory_limit_in_mb": "256",
        "log_group_name": "/aws/lambda/fake",
        "log_stream_name": "2024/01/01/[7]abc",
        "tenant_id": "tenant-9",
        "xray_trace_id": "Root=1-abc",
        "identity": ["id-1", "pool-1"],
        "client": {
            "installation_id": "inst-1",
            "app_title": "App",
            "custom": {"k": "v"},
            "env": {"platform": "Android"},
        },
    }
    # malformed JSON headers are ignored, not fatal
    bad = api.outcome(
        api.push({}, Lambda_Runtime_Client_Context="{nope", Lambda_Runtime_Cognito_Identity="[")
    ).json()
    assert bad["client"] is None
    assert bad["identity"] == [None, None]


@pytest.mark.handler("fl_plain.modules")
def test_cold_start_imports_nothing_heavy(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    heavy = [
        "typing",
        "asyncio",
        "logging",
        "http.client",
        "urllib",
        "urllib.parse",
        "pydantic",
        "socket",
        "selectors",
        "encodings.idna",
        "traceback",
        "email",
    ]
    loaded = api.outcome(api.push({"names": heavy})).json()
    assert loaded == dict.fromkeys(heavy, False)


@pytest.mark.handler("fl_plain.async_echo")
def test_async_plain_handler_keeps_one_event_loop(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    first = api.outcome(api.push(1)).json()
    second = api.outcome(api.push(2)).json()
    assert (first["async"], second["async"]) == (1, 2)
    assert first["loop"] == second["loop"]


@pytest.mark.handler("fl_plain.async_boom")
def test_async_plain_handler_error(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    body = api.outcome(api.push(1)).json()
    assert body["errorType"] == "KeyError"
    assert any("async_boom" in line for line in body["stackTrace"])
    assert not any("asyncio" in line for line in body["stackTrace"])


@pytest.mark.handler("fl_decorated.handler")
def test_decorated_handler_uses_invoke_raw(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    request_id = api.push({"a": 1})
    assert api.outcome(request_id).json() == {"raw": {"a": 1}, "calls": 1, "id": request_id}
    declined = api.outcome(api.push({"fail": True}))
    assert declined.kind == "error"
    assert declined.headers["lambda-runtime-function-error-type"] == "Declined"
    assert declined.json() == {"errorMessage": "declined", "errorType": "Declined"}
    assert json.loads(declined.headers["lambda-runtime-function-xray-error-cause"]) == {
        "working_directory": os.getcwd(),
        "exceptions": [{"type": "Declined", "message": "declined", "stack": []}],
        "paths": [],
    }
    raised = api.outcome(api.push({"raise": True}))
    assert raised.json()["errorType"] == "RuntimeError"
    not_bytes = api.outcome(api.push({"bad_return": True}))
    assert not_bytes.kind == "error"
    assert "TypeError" in not_bytes.headers["lambda-runtime-function-xray-error-cause"]
    assert api.outcome(api.push({"b": 2})).json()["calls"] == 5  # still the same object


@pytest.mark.handler("fl_plain.leave")
def test_sys_exit_in_handler_answers_then_exits(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    outcome = api.outcome(api.push({"code": 3}))
    assert outcome.kind == "error"
    assert outcome.json()["errorType"] == "Runtime.ExitError"
    assert runtime.wait() == 3


def test_sigterm_while_idle_runs_hooks_and_exits_0(api: FakeRuntimeApi, tmp_path: Path) -> None:
    marker = tmp_path / "hooks.txt"
    env = runtime_env(api.address, FL_SHUTDOWN_FILE=str(marker))
    with running(["fl_shutdown.handler"], env, tmp_path) as process:
        assert api.outcome(api.push({})).json() == "done"
        assert api.wait_for(lambda: api.polls() >= 2, 10)  # back in the long poll
        process.terminate()
        assert process.wait() == 0
        assert marker.read_text().splitlines() == ["async-last", "first"]
        assert "hook failure is logged" in process.stdout


def test_sigterm_during_an_invocation_finishes_it_first(
    api: FakeRuntimeApi, tmp_path: Path
) -> None:
    marker = tmp_path / "hooks.txt"
    env = runtime_env(api.address, FL_SHUTDOWN_FILE=str(marker))
    with running(["fl_shutdown.handler"], env, tmp_path) as process:
        assert api.outcome(api.push({})).kind == "response"  # warm: the module is loaded
        started = tmp_path / "started.txt"
        request_id = api.push({"seconds": 1.0, "started": str(started)})
        assert api.wait_for(started.exists, 10)  # inside the handler
        process.terminate()
        assert api.outcome(request_id).json() == "done"
        assert process.wait() == 0
        assert marker.read_text().splitlines() == ["async-last", "first"]
    assert api.polls() == 2  # no poll after the signal


def test_sigterm_during_init_exits_0_without_polling(api: FakeRuntimeApi, tmp_path: Path) -> None:
    started = tmp_path / "importing.txt"
    (tmp_path / "fl_slow_init.py").write_text(
        f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(1.0)\n\n"
        "def handler(event, context):\n    return 1\n"
    )
    with running(
        ["fl_slow_init.handler"], runtime_env(api.address), tmp_path, cwd=tmp_path
    ) as process:
        assert api.wait_for(started.exists, 10)  # the handler module is being imported
        process.terminate()
        assert process.wait() == 0
    assert api.polls() == 0


@pytest.mark.handler("fl_logging.log", AWS_LAMBDA_LOG_FORMAT="JSON", AWS_LAMBDA_LOG_LEVEL="INFO")
def test_json_logs(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    request_id = api.push({"name": "world"})
    assert api.outcome(request_id).json() == "logged"
    api.wait_for(lambda: "multi" in runtime.stdout, 5)
    entries = [json.loads(line) for line in runtime.stdout.splitlines() if line.strip()]
    hello = next(entry for entry in entries if entry["message"] == "hello world")
    assert hello["level"] == "INFO"
    assert hello["logger"] == "app"
    assert hello["requestId"] == request_id
    assert hello["order"] == 17
    assert hello["timestamp"].endswith("Z")
    assert "T" in hello["timestamp"]
    assert not any(entry["message"] == "debug line" for entry in entries)  # below INFO
    assert any(entry["message"] == "multi\nline" for entry in entries)  # one line, one entry


@pytest.mark.handler("fl_logging.log_exception", AWS_LAMBDA_LOG_FORMAT="JSON")
def test_json_logs_with_exception(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    request_id = api.push({})
    api.outcome(request_id)
    api.wait_for(lambda: "it failed" in runtime.stdout, 5)
    entry = next(json.loads(line) for line in runtime.stdout.splitlines() if "it failed" in line)
    assert entry["level"] == "ERROR"
    assert entry["errorType"] == "ValueError"
    assert entry["errorMessage"] == "inner"
    assert entry["requestId"] == request_id
    assert any("log_exception" in line for line in entry["stackTrace"])


@pytest.mark.handler("fl_plain.boom", AWS_LAMBDA_LOG_FORMAT="JSON")
def test_json_logs_for_function_errors(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    request_id = api.push(1)
    api.outcome(request_id)
    api.wait_for(lambda: "boom" in runtime.stdout, 5)
    entry = json.loads(next(line for line in runtime.stdout.splitlines() if "boom" in line))
    assert entry["level"] == "ERROR"
    assert entry["requestId"] == request_id
    assert entry["logger"] == "ferrolambda.runtime"
    assert entry["errorType"] == "ValueError"
    assert entry["stackTrace"]


@pytest.mark.handler("fl_logging.log")
def test_text_logs(api: FakeRuntimeApi, runtime: RuntimeProcess) -> None:
    request_id = api.push({"name": "text"})
    api.outcome(request_id)
    api.wait_for(lambda: "multi" in runtime.stdout, 5)
    line = next(line for line in runtime.stdout.split("\n") if "multi" in line)
    level, stamp, logged_id, message = line.split("\t", 3)
    assert level == "[WARNING]"
    assert stamp.endswith("Z")
    assert logged_id == request_id
    assert message == "multi\rline"  # one CloudWatch event: not a tty, so \r joins the lines
    assert "hello text" not in runtime.stdout  # root logger at WARNING, as on the managed runtime


@pytest.mark.handler("fl_lazy_logging.log", AWS_LAMBDA_LOG_FORMAT="json")
def test_logging_imported_late_is_configured_before_first_record(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    request_id = api.push("x")
    api.outcome(request_id)
    api.wait_for(lambda: "late import" in runtime.stdout, 5)
    entry = json.loads(next(line for line in runtime.stdout.splitlines() if "late import" in line))
    assert (entry["message"], entry["requestId"], entry["logger"]) == (
        "late import x",
        request_id,
        "late",
    )
    assert "late import" not in runtime.stderr  # not logging's last-resort handler


@pytest.mark.handler("fl_plain.noisy")
def test_prints_are_flushed_before_the_response(
    api: FakeRuntimeApi, runtime: RuntimeProcess
) -> None:
    api.outcome(api.push(42))
    assert "printed 42" in runtime.stdout  # no wait: flushed before /response was posted


def test_without_runtime_api_address(tmp_path: Path) -> None:
    with running(["fl_plain.echo"], runtime_env(None), tmp_path) as process:
        assert process.wait() == 1
        assert "AWS_LAMBDA_RUNTIME_API" in process.stdout


def test_help(tmp_path: Path) -> None:
    with running(["--help"], runtime_env(None), tmp_path) as process:
        assert process.wait() == 0
        assert "usage" in process.stdout


def test_run_from_an_entrypoint_script(api: FakeRuntimeApi, tmp_path: Path) -> None:
    script = tmp_path / "entry.py"
    script.write_text(
        "from ferrolambda.runtime import run\n\n"
        "def handler(event, context):\n    return ['via run', event]\n\n"
        "if __name__ == '__main__':\n    run(handler)\n"
    )
    with running(
        [], runtime_env(api.address), tmp_path, command=[sys.executable, str(script)]
    ) as process:
        assert api.outcome(api.push(1)).json() == ["via run", 1]
        assert api.wait_for(lambda: api.polls() >= 2, 10)
        process.terminate()
        assert process.wait() == 0


# -- Lambda Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY workers ------------------------------


def test_concurrent_workers_serve_invocations_at_once(api: FakeRuntimeApi, tmp_path: Path) -> None:
    env = runtime_env(api.address, AWS_LAMBDA_MAX_CONCURRENCY="3")
    with running(["fl_plain.sleepy_pid"], env, tmp_path):
        assert api.wait_for(lambda: api.polls() >= 3, 20)  # three workers in the long poll
        started = time.monotonic()
        ids = [api.push({"seconds": 1.5}) for _ in range(3)]
        pids = {api.outcome(request_id).json()["pid"] for request_id in ids}
        elapsed = time.monotonic() - started
    assert len(pids) == 3  # one process each
    assert elapsed < 3.0, elapsed  # at once, not one after another (4.5 s)
    assert api.connections == 3


def test_sigterm_stops_every_worker_and_runs_their_hooks(
    api: FakeRuntimeApi, tmp_path: Path
) -> None:
    marker = tmp_path / "hooks.txt"
    env = runtime_env(api.address, FL_SHUTDOWN_FILE=str(marker), AWS_LAMBDA_MAX_CONCURRENCY="2")
    with running(["fl_shutdown.handler"], env, tmp_path) as process:
        assert api.wait_for(lambda: api.polls() >= 2, 20)
        process.terminate()
        assert process.wait() == 0
    assert sorted(marker.read_text().splitlines()) == ["async-last", "async-last", "first", "first"]


def test_a_worker_that_exits_ends_the_environment(api: FakeRuntimeApi, tmp_path: Path) -> None:
    env = runtime_env(api.address, AWS_LAMBDA_MAX_CONCURRENCY="2")
    with running(["fl_plain.leave"], env, tmp_path) as process:
        assert api.wait_for(lambda: api.polls() >= 2, 20)
        api.push({"code": 5})
        assert process.wait() == 5  # the other worker was stopped too


def test_an_init_error_with_workers(api: FakeRuntimeApi, tmp_path: Path) -> None:
    env = runtime_env(api.address, AWS_LAMBDA_MAX_CONCURRENCY="2")
    with running(["fl_no_such_module.handler"], env, tmp_path) as process:
        assert process.wait() == 1
    outcome = api.init_error()
    assert outcome.headers["lambda-runtime-function-error-type"] == "Runtime.ImportModuleError"
    assert api.polls() == 0


@pytest.mark.parametrize("value", ["lots", "0", "-2", "1"])
def test_a_concurrency_that_is_not_above_one_serves_alone(
    api: FakeRuntimeApi, tmp_path: Path, value: str
) -> None:
    env = runtime_env(api.address, AWS_LAMBDA_MAX_CONCURRENCY=value)
    with running(["fl_plain.echo"], env, tmp_path) as process:
        assert api.outcome(api.push({"n": 1})).json() == {"event": {"n": 1}}
        assert api.connections == 1
        if value != "1":
            assert api.wait_for(lambda: "ignoring AWS_LAMBDA_MAX_CONCURRENCY" in process.stdout, 5)


def test_run_from_an_entrypoint_script_with_workers(api: FakeRuntimeApi, tmp_path: Path) -> None:
    script = tmp_path / "entry.py"
    script.write_text(
        "import os\n\nfrom ferrolambda.runtime import run\n\n"
        "def handler(event, context):\n    return os.getpid()\n\n"
        "if __name__ == '__main__':\n    run(handler)\n"
    )
    env = runtime_env(api.address, AWS_LAMBDA_MAX_CONCURRENCY="2")
    with running([], env, tmp_path, command=[sys.executable, str(script)]) as process:
        assert api.wait_for(lambda: api.polls() >= 2, 20)
        first, second = api.push(1), api.push(2)
        pids = {api.outcome(first).json(), api.outcome(second).json()}
        assert process.process.pid not in pids  # served by the workers, not the parent
        process.terminate()
        assert process.wait() == 0
    assert api.connections == 2
