"""The runtime's parts in-process: handler loading, the plain adapter, context, logs, hooks, loop."""

from __future__ import annotations

import asyncio
import base64
import functools
import importlib.util
import io
import json
import logging
import os
import socket
import sys
import threading
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from runtime_helpers import FakeRuntimeApi

from ferrolambda.context import Context
from ferrolambda.runtime import _logging, _logsetup, _loop, _shutdown, on_shutdown
from ferrolambda.runtime._client import HttpConnection, Interrupted, RuntimeApiClient
from ferrolambda.runtime._loader import InitError, adapt, load
from ferrolambda.runtime._plain import PlainHandler, is_async_callable


def make_context(**overrides: Any) -> Context:
    fields: dict[str, Any] = {"aws_request_id": "req-1", "deadline_ms": 0}
    fields.update(overrides)
    return Context(**fields)


# -- loading the handler -----------------------------------------------------------------------


@pytest.fixture
def code_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    """A directory on sys.path and a unique module-name prefix; the modules are forgotten after."""
    monkeypatch.syspath_prepend(str(tmp_path))
    prefix = f"flu_{uuid.uuid4().hex[:8]}"
    try:
        yield tmp_path, prefix
    finally:
        for name in [name for name in sys.modules if name.startswith(prefix)]:
            del sys.modules[name]


def test_load_function(code_dir: tuple[Path, str]) -> None:
    path, prefix = code_dir
    (path / f"{prefix}_app.py").write_text("def handler(event, context):\n    return 1\n")
    target = load(f"{prefix}_app.handler")
    assert callable(target)
    assert getattr(target, "__name__", None) == "handler"


def test_load_from_package_and_slash_form(code_dir: tuple[Path, str]) -> None:
    path, prefix = code_dir
    package = path / f"{prefix}_pkg" / "sub"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("def fn(event, context):\n    return 2\n")
    assert load(f"{prefix}_pkg.sub.mod.fn") is load(f"{prefix}_pkg/sub/mod.fn")


def test_load_nested_attribute(code_dir: tuple[Path, str]) -> None:
    path, prefix = code_dir
    (path / f"{prefix}_obj.py").write_text(
        "class A:\n    class B:\n        @staticmethod\n        def go(event, context):\n            return 3\n"
    )
    target: Any = load(f"{prefix}_obj.A.B.go")
    assert target({}, None) == 3


@pytest.mark.parametrize(
    ("handler", "error_type"),
    [
        ("", "Runtime.MalformedHandlerName"),
        ("justmodule", "Runtime.MalformedHandlerName"),
        ("a..b", "Runtime.MalformedHandlerName"),
        ("sys.exit", "Runtime.BuiltInModuleConflict"),
        ("flu_definitely_missing_module.handler", "Runtime.ImportModuleError"),
    ],
)
def test_load_errors_without_code(handler: str, error_type: str) -> None:
    with pytest.raises(InitError) as raised:
        load(handler)
    assert raised.value.error_type == error_type


def test_load_error_messages(code_dir: tuple[Path, str]) -> None:
    path, prefix = code_dir
    (path / f"{prefix}_ok.py").write_text("x = 1\n")
    (path / f"{prefix}_dep.py").write_text("import flu_missing_dependency_xyz\n")
    (path / f"{prefix}_syntax.py").write_text("def broken(:\n")
    (path / f"{prefix}_raises.py").write_text("raise KeyError('TABLE')\n")
    (path / f"{prefix}_prop.py").write_text(
        "class P:\n    @property\n    def handler(self):\n        raise OSError('no')\np = P()\n"
    )

    def error(handler: str) -> InitError:
        with pytest.raises(InitError) as raised:
            load(handler)
        return raised.value

    missing = error(f"{prefix}_ok.handler")
    assert (missing.error_type, missing.message) == (
        "Runtime.HandlerNotFound",
        f"Handler 'handler' missing on module '{prefix}_ok'",
    )
    nested_missing = error(f"{prefix}_ok.a.b")
    assert (nested_missing.error_type, nested_missing.message) == (
        "Runtime.HandlerNotFound",
        f"Handler 'a.b' missing on module '{prefix}_ok' (and there is no module '{prefix}_ok.a')",
    )
    dependency = error(f"{prefix}_dep.handler")
    assert dependency.error_type == "Runtime.ImportModuleError"
    assert "flu_missing_dependency_xyz" in dependency.message
    syntax = error(f"{prefix}_syntax.handler")
    assert syntax.error_type == "Runtime.UserCodeSyntaxError"
    assert syntax.stack is not None
    assert "def broken(:" in syntax.stack[0]
    raised = error(f"{prefix}_raises.handler")
    assert (raised.error_type, raised.message) == ("KeyError", "'TABLE'")
    assert raised.stack is not None
    assert any(f"{prefix}_raises.py" in line for line in raised.stack)
    prop = error(f"{prefix}_prop.p.handler")
    assert prop.error_type == "OSError"


def test_adapt_prefers_invoke_raw() -> None:
    class Decorated:
        def __call__(self, event: Any, context: Any) -> Any:
            raise AssertionError

        def invoke_raw(self, payload: bytes, context: Context) -> tuple[bytes, str | None]:
            return b"raw:" + payload, None

    invoke = adapt(Decorated())
    assert invoke(b"1", make_context()) == (b"raw:1", None)


def test_adapt_plain_and_not_callable() -> None:
    def plain(event: Any, context: Any) -> Any:
        return {"e": event}

    assert adapt(plain)(b"[1]", make_context()) == (b'{"e": [1]}', None)
    with pytest.raises(InitError) as raised:
        adapt(42, "m.x")
    assert raised.value.error_type == "Runtime.HandlerNotFound"
    # a class with an `invoke_raw` function is not a handler object: it is called as a plain one
    assert isinstance(adapt(type("K", (), {"invoke_raw": lambda self: None})), object)


# -- the plain adapter -----------------------------------------------------------------------


def test_plain_encodings() -> None:
    context = make_context()

    def answer(value: object) -> tuple[bytes, str | None]:
        return PlainHandler(lambda event, context: value).invoke_raw(b"{}", context)

    assert answer({"a": "é"}) == ('{"a": "é"}'.encode(), None)
    assert answer(None) == (b"null", None)
    assert answer(b"\x01") == (b"\x01", None)
    assert answer(bytearray(b"ba")) == (b"ba", None)
    assert answer(Decimal("10")) == (b"10", None)
    assert answer([Decimal("1.5")]) == (b"[1.5]", None)
    assert answer("\ud800") == (b'"\\ud800"', None)  # a lone surrogate: escaped, not a crash
    circular: list[object] = []
    circular.append(circular)
    body, error_type = answer(circular)
    assert error_type == "SerializationError"
    assert "Circular reference" in json.loads(body)["errorMessage"]


def test_plain_errors_are_logged(capsys: pytest.CaptureFixture[str]) -> None:
    def fail(event: Any, context: Any) -> Any:
        raise ZeroDivisionError("nope")

    body, error_type = PlainHandler(fail).invoke_raw(b"{}", make_context())
    assert error_type == "ZeroDivisionError"
    error = json.loads(body)
    assert error["errorMessage"] == "nope"
    assert any("in fail" in line for line in error["stackTrace"])
    assert "ZeroDivisionError: nope" in capsys.readouterr().out
    body, error_type = PlainHandler(fail).invoke_raw(b"\xff", make_context())
    assert error_type == "InvalidEvent"
    echo = PlainHandler(lambda event, context: event)
    assert echo.invoke_raw('{"u": "é"}'.encode("utf-16"), make_context()) == (
        '{"u": "é"}'.encode(),
        None,
    )
    assert echo.invoke_raw(b"", make_context())[1] == "InvalidEvent"


def test_plain_async_handlers() -> None:
    async def coro(event: Any, context: Any) -> Any:
        await asyncio.sleep(0)
        return {"a": event}

    class CallableObject:
        async def __call__(self, event: Any, context: Any) -> Any:
            return "object"

    assert PlainHandler(coro).invoke_raw(b"1", make_context()) == (b'{"a": 1}', None)
    assert PlainHandler(CallableObject()).invoke_raw(b"1", make_context()) == (b'"object"', None)
    assert PlainHandler(functools.partial(coro)).invoke_raw(b"2", make_context()) == (
        b'{"a": 2}',
        None,
    )


def test_is_async_callable() -> None:
    async def coro(event: Any, context: Any) -> None: ...

    def sync(event: Any, context: Any) -> None: ...

    class AsyncMethod:
        async def method(self) -> None: ...

    assert is_async_callable(coro)
    assert is_async_callable(functools.partial(coro, 1))
    assert is_async_callable(AsyncMethod().method)
    assert not is_async_callable(sync)
    assert not is_async_callable(print)
    assert not is_async_callable(42)


# -- context from headers ----------------------------------------------------------------------


def test_context_parsing_variants() -> None:
    identity = _loop.cognito_identity('{"cognito_identity_id": "a", "cognitoIdentityPoolId": 7}')
    assert identity is not None
    assert (identity.cognito_identity_id, identity.cognito_identity_pool_id) == ("a", "7")
    encoded = base64.b64encode(
        json.dumps({"client": {"appTitle": "T", "installation_id": 5}, "custom": []}).encode()
    ).decode()
    client = _loop.client_context(encoded)
    assert client is not None
    assert client.client is not None
    assert (client.client.app_title, client.client.installation_id) == ("T", "5")
    assert client.custom is None  # not an object
    assert _loop.client_context("[1, 2]") is None
    assert _loop.client_context("%%%") is None
    assert _loop.cognito_identity(None) is None


def test_context_without_deadline_gets_a_far_one() -> None:
    function = _loop._Function({})
    context = _loop.build_context({}, "r", function)
    assert 800_000 < context.get_remaining_time_in_millis() <= 900_000
    assert (context.function_version, context.memory_limit_in_mb) == ("$LATEST", "128")
    assert context.identity.cognito_identity_id is None
    assert context.client_context is None


def test_a_constant_small_deadline_is_read_as_a_timeout() -> None:
    """cargo-lambda sends `Lambda-Runtime-Deadline-Ms: 600000` for every invocation."""
    function = _loop._Function({})
    context = _loop.build_context({"lambda-runtime-deadline-ms": "600000"}, "r", function)
    assert 590_000 < context.get_remaining_time_in_millis() <= 600_000


def test_an_epoch_deadline_is_kept() -> None:
    function = _loop._Function({})
    context = _loop.build_context({"lambda-runtime-deadline-ms": "1700000000000"}, "r", function)
    assert context.deadline_ms == 1_700_000_000_000


# -- logs ------------------------------------------------------------------------------------------


@pytest.fixture
def log_state(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("json_format", "level", "separator", "request_id", "tenant_id"):
        monkeypatch.setattr(_logging, name, getattr(_logging, name))


def test_configure_reads_the_environment(log_state: None) -> None:
    _logging.configure(
        {"AWS_LAMBDA_LOG_FORMAT": "json", "AWS_LAMBDA_LOG_LEVEL": "warn"}, hook=False
    )
    assert (_logging.json_format, _logging.level) == (True, 30)
    _logging.configure({"AWS_LAMBDA_LOG_LEVEL": "TRACE"}, hook=False)
    assert (_logging.json_format, _logging.level) == (False, 10)


def test_runtime_log_lines(log_state: None, capsys: pytest.CaptureFixture[str]) -> None:
    _logging.json_format = True
    _logging.request_id = "rid"
    _logging.tenant_id = "tid"
    _logging.log_function_error("Kind", "msg", ["  File x"])
    entry = json.loads(capsys.readouterr().out)
    assert entry["requestId"] == "rid"
    assert entry["tenantId"] == "tid"
    assert (entry["errorType"], entry["errorMessage"], entry["stackTrace"]) == (
        "Kind",
        "msg",
        ["  File x"],
    )
    _logging.level = 40
    _logging.warning("hidden")
    assert capsys.readouterr().out == ""
    _logging.json_format = False
    _logging.separator = "\r"
    _logging.error("two\nlines")
    line = capsys.readouterr().out
    assert line.startswith("[ERROR]\t")
    assert line.endswith("\trid\ttwo\rlines\n")


def test_timestamp_format() -> None:
    assert _logging.timestamp(0.5) == "1970-01-01T00:00:00.500Z"


def record(message: str, *args: object, exc: bool = False, **extra: object) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad")
        except ValueError:
            exc_info = sys.exc_info()
    made = logging.LogRecord("app", logging.INFO, "/x.py", 3, message, args, exc_info, "fn")
    made.__dict__.update(extra)
    return made


def test_json_formatter(log_state: None) -> None:
    _logging.request_id = "rid"
    formatter = _logsetup.JsonFormatter()
    entry = json.loads(formatter.format(record("hi %s", "you", order=1, _private=2)))
    assert entry["message"] == "hi you"
    assert (entry["level"], entry["logger"], entry["requestId"], entry["order"]) == (
        "INFO",
        "app",
        "rid",
        1,
    )
    assert "_private" not in entry
    as_dict = json.loads(formatter.format(record({"k": "v"})))  # type: ignore[arg-type]
    assert as_dict["message"] == {"k": "v"}
    failing = json.loads(formatter.format(record("failed", exc=True)))
    assert (failing["errorType"], failing["errorMessage"]) == ("ValueError", "bad")
    assert failing["location"] == "/x.py:fn:3"
    assert failing["stackTrace"]
    odd = json.loads(formatter.format(record("x", thing=object())))
    assert odd["thing"].startswith("<object")


def test_text_formatter_and_handler(log_state: None, capsys: pytest.CaptureFixture[str]) -> None:
    _logging.request_id = "rid"
    _logging.separator = "\n"
    logger = logging.Logger("unit")
    handler = _logsetup.install(logger)
    assert _logsetup.install(logger) is handler  # once
    configured = logging.Logger("configured")
    configured.addHandler(logging.NullHandler())
    assert _logsetup.install(configured) is None  # the user's own setup is left alone
    logger.warning("careful %d", 5)
    line = capsys.readouterr().out
    assert line.startswith("[WARNING]\t")
    assert line.endswith("Z\trid\tcareful 5\n")


def test_logging_hook_configures_right_after_import(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(_logging, "configure_logging", lambda: calls.append("configured"))
    hook = _logging._LoggingImportHook()
    assert hook.find_spec("json", None) is None
    spec = hook.find_spec("logging", None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)  # a fresh copy of logging, not registered
    assert calls == []
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert calls == ["configured"]
    assert hasattr(module, "getLogger")


def test_logging_hook_when_logging_is_already_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(_logging, "configure_logging", lambda: calls.append("configured"))
    _logging.install_logging_hook()
    assert calls == ["configured"]
    assert not any(isinstance(f, _logging._LoggingImportHook) for f in sys.meta_path)


def test_strip_runtime_frames_keeps_user_frames() -> None:
    def user() -> None:
        raise RuntimeError("x")

    try:
        user()
    except RuntimeError as error:
        _logging.strip_runtime_frames(error)
        stack = _logging.stack_of(error)
    assert any("in user" in line for line in stack)


# -- shutdown hooks ----------------------------------------------------------------------------


@pytest.fixture
def no_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_shutdown, "_callbacks", [])


def test_shutdown_hooks_order_dedupe_and_failures(
    no_hooks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []

    def first() -> None:
        ran.append("first")

    def broken() -> None:
        raise RuntimeError("hook broke")

    async def last() -> None:
        ran.append("last")

    assert on_shutdown(first) is first
    on_shutdown(first)
    on_shutdown(broken)
    on_shutdown(last)
    _shutdown.run_shutdown_hooks()
    assert ran == ["last", "first"]
    assert "hook broke" in capsys.readouterr().out
    _shutdown.run_shutdown_hooks()  # nothing left to run
    assert ran == ["last", "first"]


# -- the loop in-process -------------------------------------------------------------------------


@pytest.fixture
def api() -> Iterator[FakeRuntimeApi]:
    fake = FakeRuntimeApi()
    try:
        yield fake
    finally:
        fake.close()


@pytest.fixture
def loop_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loop, "_stopping", False)
    monkeypatch.setattr(_loop, "_wake_fd", None)


def test_serve_in_process_until_stopped(
    api: FakeRuntimeApi, loop_state: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
    seen: list[str] = []

    def invoke(payload: bytes, context: Context) -> tuple[bytes, str | None]:
        seen.append(context.aws_request_id)
        if json.loads(payload) == "stop":
            _loop._stopping = True
        return payload, None

    first = api.push("one", Lambda_Runtime_Trace_Id="Root=1")
    last = api.push("stop")
    client = RuntimeApiClient(api.address)
    try:
        assert _loop.serve(invoke, client, {"AWS_LAMBDA_FUNCTION_NAME": "f"}) == 0
    finally:
        client.close()
    assert seen == [first, last]
    assert api.outcome(last).body == b'"stop"'
    assert "_X_AMZN_TRACE_ID" not in __import__("os").environ  # the second had no trace id


def test_serve_returns_the_exit_code_of_sys_exit(api: FakeRuntimeApi, loop_state: None) -> None:
    def invoke(payload: bytes, context: Context) -> tuple[bytes, str | None]:
        raise SystemExit(7)

    request_id = api.push({})
    client = RuntimeApiClient(api.address)
    try:
        assert _loop.serve(invoke, client, {}) == 7
    finally:
        client.close()
    assert api.outcome(request_id).json()["errorType"] == "Runtime.ExitError"


def test_signal_handler_only_sets_the_flag(loop_state: None) -> None:
    """Raising from the handler could drop an invocation `/next` has just returned."""
    assert _loop._on_signal(15, None) is None
    assert _loop._stopping


def test_a_stop_request_ends_the_long_poll(api: FakeRuntimeApi) -> None:
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    client = RuntimeApiClient(api.address)
    try:
        os.write(write_fd, b"\x0f")  # what the interpreter writes for a signal
        with pytest.raises(Interrupted):
            client.next(read_fd, lambda: True)
    finally:
        client.close()
        os.close(read_fd)
        os.close(write_fd)


def test_other_signals_do_not_end_the_long_poll(api: FakeRuntimeApi) -> None:
    """A wakeup byte without a stop request (another signal) is drained and the poll goes on."""
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    client = RuntimeApiClient(api.address)
    try:
        os.write(write_fd, b"\x11")
        request_id = threading.Timer(0.2, api.push, args=({"late": True},))
        request_id.start()
        invocation = client.next(read_fd, lambda: False)
        request_id.join()
        assert invocation is not None
        assert json.loads(invocation.body) == {"late": True}
        with pytest.raises(BlockingIOError):
            os.read(read_fd, 1)  # drained
    finally:
        client.close()
        os.close(read_fd)
        os.close(write_fd)


def test_a_response_already_arriving_wins_over_a_stop_request() -> None:
    """Data ready on the socket is read even when a stop was requested meanwhile."""
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    ours, theirs = socket.socketpair()
    try:
        theirs.sendall(b"HTTP/1.1 200 OK\r\n")
        os.write(write_fd, b"\x0f")
        HttpConnection("127.0.0.1", 9)._await_response(ours, read_fd, lambda: True)  # no raise
        ours.recv(64)
        with pytest.raises(Interrupted):  # nothing to read now: the stop request wins
            HttpConnection("127.0.0.1", 9)._await_response(ours, read_fd, lambda: True)
    finally:
        ours.close()
        theirs.close()
        os.close(read_fd)
        os.close(write_fd)


def test_main_without_address(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_loop, "install_signal_handlers", lambda: None)
    monkeypatch.setattr(_logging, "install_logging_hook", lambda: None)
    assert _loop.main(["x.y"], {}) == 1
    assert _loop.main(["x.y"], {"AWS_LAMBDA_RUNTIME_API": "ftp://x"}) == 1
    assert "unsupported scheme" in capsys.readouterr().out


def test_flush_survives_broken_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    _loop._flush()
    _logging.write("ignored")
