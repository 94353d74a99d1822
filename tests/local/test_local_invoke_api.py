"""The Invoke API against real clients: boto3's Lambda client, cargo-lambda, httpx."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from botocore.exceptions import ClientError
from local_support import StartEmulator, lambda_client, target

from ferrolambda.local import Emulator


def test_boto3_invoke_success(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.handler"))
    client = lambda_client(emulator)
    response = client.invoke(FunctionName="function", Payload=json.dumps({"a": 1}))
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert response["ExecutedVersion"] == "$LATEST"
    body = json.loads(response["Payload"].read())
    assert body["echo"] == {"a": 1}
    assert body["function_name"] == "function"
    assert body["memory_limit_in_mb"] == "128"
    assert 0 < body["remaining_ms"] <= 3000
    assert body["request_id"] == response["ResponseMetadata"]["RequestId"]
    log.wait_for(lambda line: line.startswith(f"REPORT RequestId: {body['request_id']}"))
    assert f"handling {body['request_id']}" in log.lines


def test_boto3_invoke_function_error(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.fail"))
    client = lambda_client(emulator)
    response = client.invoke(FunctionName="function", Payload=b'{"why": "testing"}')
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    error = json.loads(response["Payload"].read())
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "boom: testing"


def test_boto3_event_invocation_runs_asynchronously(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.handler"))
    client = lambda_client(emulator)
    response = client.invoke(FunctionName="function", InvocationType="Event", Payload=b"{}")
    assert response["StatusCode"] == 202
    assert response["Payload"].read() == b""
    request_id = response["ResponseMetadata"]["RequestId"]
    log.wait_for(lambda line: line.startswith(f"REPORT RequestId: {request_id}"))


def test_boto3_dry_run(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.handler"))
    response = lambda_client(emulator).invoke(FunctionName="function", InvocationType="DryRun")
    assert response["StatusCode"] == 204
    assert log.reports() == []


def test_boto3_log_tail(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    response = lambda_client(emulator).invoke(
        FunctionName="arn:aws:lambda:us-east-1:123456789012:function:function",
        LogType="Tail",
        Payload=b"{}",
    )
    request_id = response["ResponseMetadata"]["RequestId"]
    tail = base64.b64decode(response["LogResult"]).decode()
    assert len(tail.encode()) <= 4096
    assert f"START RequestId: {request_id}" in tail
    assert f"handling {request_id}" in tail
    assert f"REPORT RequestId: {request_id}" in tail


def test_boto3_client_context_and_environment(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.environment"), memory=256, name="my-fn")
    context = base64.b64encode(json.dumps({"custom": {"tenant": "t1"}}).encode()).decode()
    response = lambda_client(emulator).invoke(
        FunctionName="my-fn", ClientContext=context, Payload=b"{}"
    )
    body = json.loads(response["Payload"].read())
    env = body["env"]
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "my-fn"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/my-fn"
    assert env["AWS_LAMBDA_LOG_STREAM_NAME"] == body["log_stream_name"]
    assert "[$LATEST]" in env["AWS_LAMBDA_LOG_STREAM_NAME"]
    assert env["AWS_LAMBDA_RUNTIME_API"].startswith("127.0.0.1:")
    assert env["_HANDLER"] == "basic.environment"
    assert body["invoked_function_arn"].endswith(":function:my-fn")
    assert body["custom"] == {"tenant": "t1"}


def test_boto3_unknown_function(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    client = lambda_client(emulator)
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="other"):
        client.invoke(FunctionName="other", Payload=b"{}")


def test_boto3_payload_over_6_mb_is_refused(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.handler"))
    client = lambda_client(emulator)
    payload = json.dumps({"data": "x" * (6 * 1024 * 1024)}).encode()
    # What Lambda answers (the error code is not in botocore's model: a plain ClientError).
    with pytest.raises(ClientError) as raised:
        client.invoke(FunctionName="function", Payload=payload)
    error = raised.value.response
    assert error["Error"]["Code"] == "RequestEntityTooLargeException"
    assert "6291456" in error["Error"]["Message"]
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert log.reports() == []


def test_http_payload_over_6_mb_answers_413(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    payload = b'"' + b"x" * (6 * 1024 * 1024 - 1) + b'"'  # 6291457 bytes
    assert len(payload) == 6291457
    with httpx.Client(timeout=30) as client:
        response = client.post(emulator.invoke_url, content=payload)
        assert response.status_code == 413
        assert response.headers["X-Amzn-ErrorType"] == "RequestEntityTooLargeException"
        body = response.json()
        assert body["Type"] == "User"
        assert "6291456" in body["message"]
        # Exactly 6291456 bytes is allowed, and the connection is still usable.
        ok = client.post(emulator.invoke_url, content=payload[:-2] + b'"')
        assert ok.status_code == 200


def test_invalid_json_payload(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    response = httpx.post(emulator.invoke_url, content=b"{not json", timeout=10)
    assert response.status_code == 400
    assert response.headers["X-Amzn-ErrorType"] == "InvalidRequestContentException"


def test_empty_payload_is_an_empty_object(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    response = httpx.post(emulator.invoke_url, timeout=10)
    assert response.status_code == 200
    assert response.json()["echo"] == {}


def test_decorated_ferrolambda_handler(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("decorated.handler"))
    client = lambda_client(emulator)
    ok = client.invoke(FunctionName="function", Payload=b'{"name": "ferris"}')
    assert "FunctionError" not in ok
    assert json.loads(ok["Payload"].read()) == {"greeting": "hello ferris"}
    err = client.invoke(FunctionName="function", Payload=b"{}")
    assert err["FunctionError"] == "Unhandled"
    error = json.loads(err["Payload"].read())
    assert error["errorType"] == "NotFound"
    assert error["errorMessage"] == "no name in the event"


CargoLambda = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def cargo_lambda() -> CargoLambda:
    """Run `cargo lambda invoke ARGS...` (cargo-lambda comes with the dev dependency group)."""
    binary = Path(sys.executable).parent / "cargo-lambda"
    if not binary.is_file():
        found = shutil.which("cargo-lambda")
        if found is None:
            pytest.skip("cargo-lambda is not installed")
        binary = Path(found)
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path.home() / ".cargo" / "bin"), env.get("PATH", "")])
    env["CARGO_LAMBDA_COLOR"] = "never"

    def invoke(
        *arguments: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(binary), "lambda", "invoke", *arguments],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, **(extra_env or {})},
            check=False,
        )

    return invoke


def at(emulator: Emulator) -> list[str]:
    """cargo-lambda's local invoke flags for an emulator."""
    return ["--invoke-address", "127.0.0.1", "--invoke-port", str(emulator.port)]


@pytest.mark.parametrize("name", ["function", "_"])
def test_cargo_lambda_invoke_success(
    start_emulator: StartEmulator, cargo_lambda: CargoLambda, name: str
) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    done = cargo_lambda(
        *at(emulator), "--data-ascii", '{"from": "cargo"}', "--output-format", "json", name
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["echo"] == {"from": "cargo"}


def test_cargo_lambda_invoke_error_through_the_aws_sdk(
    start_emulator: StartEmulator, cargo_lambda: CargoLambda
) -> None:
    """`--remote --endpoint-url`: the AWS SDK for Rust reads X-Amz-Function-Error, as on AWS."""
    emulator, _ = start_emulator(target("basic.fail"))
    credentials = {
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_REGION": "us-east-1",
    }
    done = cargo_lambda(
        "--remote",
        "--endpoint-url",
        emulator.url,
        "--data-ascii",
        '{"why": "cargo"}',
        "function",
        extra_env=credentials,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ValueError" in done.stderr
    assert "boom: cargo" in done.stderr


def test_cargo_lambda_local_invoke_prints_the_error_body(
    start_emulator: StartEmulator, cargo_lambda: CargoLambda
) -> None:
    """cargo-lambda's local mode only treats a non-200 status as an error; like AWS, the emulator
    answers a function error with 200 and X-Amz-Function-Error, so the error body is printed."""
    emulator, _ = start_emulator(target("basic.fail"))
    done = cargo_lambda(*at(emulator), "--data-ascii", '{"why": "cargo"}', "function")
    error = json.loads(done.stdout)
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "boom: cargo"


def test_cargo_lambda_client_context(
    start_emulator: StartEmulator, cargo_lambda: CargoLambda
) -> None:
    emulator, _ = start_emulator(target("basic.environment"))
    done = cargo_lambda(
        *at(emulator),
        "--data-ascii",
        "{}",
        "--client-context-ascii",
        '{"custom": {"via": "cargo"}}',
        "--output-format",
        "json",
        "function",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["custom"] == {"via": "cargo"}
