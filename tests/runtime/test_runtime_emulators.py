"""The runtime against real Runtime API implementations: AWS's RIE and cargo-lambda."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from runtime_helpers import BIN, ROOT, Emulator, base_env, runtime_command

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the emulators are Linux binaries")

BOOTSTRAP = ROOT / "examples" / "custom-runtime" / "bootstrap"
MAX_RESPONSE = 6291556


# -- AWS Lambda Runtime Interface Emulator ---------------------------------------------------------


def test_rie_success_and_warm_invocations(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_plain.context_fields"))
    status, _, body = emulator.invoke(b'{"a": 1}')
    assert status == 200, emulator.output()
    first = json.loads(body)
    assert first["function_name"] == "test_function"  # RIE's defaults
    assert first["invoked_function_arn"].startswith("arn:aws:lambda:")
    assert first["remaining"] > 0
    status, _, body = emulator.invoke(b"{}")
    second = json.loads(body)
    assert second["aws_request_id"] != first["aws_request_id"]
    assert first["aws_request_id"] in emulator.output()  # RIE's START/END lines


def test_rie_accepts_a_streamed_response(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_streaming.words"))
    status, headers, body = emulator.invoke(b'{"words": ["one ", "two ", "three"]}')
    assert status == 200, emulator.output()
    assert body == b"one two three"
    assert headers["content-type"] == "text/plain; charset=utf-8"
    status, _, body = emulator.invoke(b'{"words": ["again"]}')  # the loop goes on
    assert (status, body) == (200, b"again")


def test_rie_function_error(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_plain.boom"))
    _, _, body = emulator.invoke(b'"x"')
    error = json.loads(body)
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "boom: x"
    assert error["stackTrace"]
    _, _, body = emulator.invoke(b'"y"')  # the same runtime process goes on
    assert json.loads(body)["errorMessage"] == "boom: y"


def test_rie_init_error(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_no_such_module.handler"))
    status, _, body = emulator.invoke(b"{}")
    assert status >= 500 or b"errorType" in body
    error = json.loads(body)
    assert error["errorType"] == "Runtime.ImportModuleError"
    assert "fl_no_such_module" in error["errorMessage"]


def test_rie_response_size_limit(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_plain.sized"))
    _, _, body = emulator.invoke(json.dumps({"size": MAX_RESPONSE + 1}))
    assert json.loads(body)["errorType"] == "Function.ResponseSizeTooLarge"
    status, _, body = emulator.invoke(json.dumps({"size": MAX_RESPONSE}))
    assert status == 200
    assert len(body) == MAX_RESPONSE


def test_rie_large_event(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_plain.size_of_event"))
    data = "z" * (5 * 1024 * 1024)
    _, _, body = emulator.invoke(json.dumps({"data": data}))
    assert json.loads(body) == {"length": len(data)}


def test_rie_decorated_handler(rie: Callable[..., Emulator]) -> None:
    emulator = rie(runtime_command("fl_decorated.handler"))
    _, _, body = emulator.invoke(b'{"k": "v"}')
    assert json.loads(body)["raw"] == {"k": "v"}
    _, _, body = emulator.invoke(b'{"fail": true}')
    assert json.loads(body) == {"errorMessage": "declined", "errorType": "Declined"}


def test_rie_json_logs(rie: Callable[..., Emulator]) -> None:
    emulator = rie(
        runtime_command("fl_logging.log"),
        {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"},
    )
    _, _, body = emulator.invoke(b'{"name": "rie"}')
    assert json.loads(body) == "logged"
    entries = [json.loads(line) for line in emulator.output().splitlines() if line.startswith("{")]
    hello = next(entry for entry in entries if entry.get("message") == "hello rie")
    assert hello["level"] == "INFO"
    assert hello["requestId"]


def test_bootstrap_script_under_rie(rie: Callable[..., Emulator]) -> None:
    """The example `bootstrap` as RIE's bootstrap command, handler as its argument."""
    assert BOOTSTRAP.is_file()
    emulator = rie([str(BOOTSTRAP), "fl_plain.echo"], {"FERROLAMBDA_PYTHON": sys.executable})
    status, _, body = emulator.invoke(b'{"via": "bootstrap"}')
    assert status == 200, emulator.output()
    assert json.loads(body) == {"event": {"via": "bootstrap"}}


def test_bootstrap_script_reads_handler_from_env(rie: Callable[..., Emulator]) -> None:
    emulator = rie(
        [str(BOOTSTRAP)], {"_HANDLER": "fl_plain.echo", "FERROLAMBDA_PYTHON": sys.executable}
    )
    _, _, body = emulator.invoke(b"[1, 2]")
    assert json.loads(body) == {"event": [1, 2]}


# -- cargo-lambda ------------------------------------------------------------------------------------


@pytest.fixture
def cargo_runtime(
    cargo_lambda: Emulator, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[subprocess.Popen[bytes]]:
    """The runtime serving `@pytest.mark.handler(...)` against cargo-lambda's `/.rt` API."""
    marker = request.node.get_closest_marker("handler")
    assert marker is not None
    env = base_env(
        AWS_LAMBDA_RUNTIME_API=f"http://127.0.0.1:{cargo_lambda.port}/.rt",
        AWS_LAMBDA_FUNCTION_NAME="_",
        AWS_LAMBDA_FUNCTION_VERSION="1",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE="4096",
    )
    log = (tmp_path / "runtime.log").open("wb")
    process = subprocess.Popen(
        runtime_command(marker.args[0]), env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        log.close()


def cargo_invoke(emulator: Emulator, payload: str, *extra: str) -> str:
    done = subprocess.run(
        [
            str(BIN / "cargo-lambda"),
            "lambda",
            "invoke",
            "--invoke-address",
            "127.0.0.1",
            "--invoke-port",
            str(emulator.port),
            "--data-ascii",
            payload,
            "--output-format",
            "json",
            *extra,
            "_",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=base_env(),
    )
    return done.stdout + done.stderr


@pytest.mark.handler("fl_plain.echo")
def test_cargo_lambda_success(
    cargo_lambda: Emulator, cargo_runtime: subprocess.Popen[bytes]
) -> None:
    status, _, body = cargo_lambda.invoke(b'{"from": "cargo-lambda"}')
    assert status == 200, cargo_lambda.output()
    assert json.loads(body) == {"event": {"from": "cargo-lambda"}}
    status, _, body = cargo_lambda.invoke(b"2")
    assert json.loads(body) == {"event": 2}


@pytest.mark.handler("fl_plain.echo")
def test_cargo_lambda_invoke_cli(
    cargo_lambda: Emulator, cargo_runtime: subprocess.Popen[bytes]
) -> None:
    output = cargo_invoke(cargo_lambda, '{"cli": true}')
    assert '"cli"' in output, output


@pytest.mark.handler("fl_plain.context_fields")
def test_cargo_lambda_context(
    cargo_lambda: Emulator, cargo_runtime: subprocess.Popen[bytes]
) -> None:
    client_context = {"client": {"installation_id": "inst"}, "custom": {"a": "b"}, "env": {}}
    output = cargo_invoke(cargo_lambda, "{}", "--client-context-ascii", json.dumps(client_context))
    fields = json.loads(output[output.index("{") :])
    assert fields["function_name"] == "_"
    assert fields["memory_limit_in_mb"] == "4096"
    assert fields["aws_request_id"]
    assert fields["xray_trace_id"].startswith("Root=")
    assert fields["client"]["installation_id"] == "inst"
    assert fields["client"]["custom"] == {"a": "b"}


@pytest.mark.handler("fl_plain.boom")
def test_cargo_lambda_function_error(
    cargo_lambda: Emulator, cargo_runtime: subprocess.Popen[bytes]
) -> None:
    _, _, body = cargo_lambda.invoke(b'"c"')
    error = json.loads(body)
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "boom: c"
    _, _, body = cargo_lambda.invoke(b"{}")
    assert json.loads(body)["errorType"] == "ValueError"


@pytest.mark.handler("fl_plain.sized")
def test_cargo_lambda_large_response(
    cargo_lambda: Emulator, cargo_runtime: subprocess.Popen[bytes]
) -> None:
    status, _, body = cargo_lambda.invoke(json.dumps({"size": MAX_RESPONSE}).encode())
    assert status == 200
    assert len(body) == MAX_RESPONSE
    _, _, body = cargo_lambda.invoke(json.dumps({"size": MAX_RESPONSE + 1}).encode())
    assert json.loads(body)["errorType"] == "Function.ResponseSizeTooLarge"
