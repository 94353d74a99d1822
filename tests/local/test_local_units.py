"""The emulator's pure parts: TARGET parsing, REPORT lines and cost, API Gateway mapping."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from local_support import HANDLERS

from ferrolambda.local import Emulator, Report, TargetError, cost_per_million, parse_target
from ferrolambda.local._apigw import (
    BadFunctionResponse,
    HttpRequest,
    to_event,
    to_response,
)
from ferrolambda.local._report import billed_duration_ms
from ferrolambda.local._supervisor import exit_reason
from fresh_python import run_fresh

ROOT = Path(__file__).resolve().parents[2]


def test_module_target(tmp_path: Path) -> None:
    target = parse_target("pkg.mod.handler", cwd=tmp_path)
    assert target.handler == "pkg.mod.handler"
    assert target.module == "pkg.mod"
    assert target.attribute == "handler"
    assert target.path == (str(tmp_path.resolve()),)


def test_file_target_is_translated(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("def main(event, context): ...\n")
    target = parse_target("src/app.py:main", cwd=tmp_path)
    assert target.handler == "app.main"
    assert target.path == (str((tmp_path / "src").resolve()),)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("handler", "is not module.handler"),
        ("app.py", "name the function too"),
        ("missing.py:handler", "file not found: missing.py"),
        ("app.txt:handler", "is not a .py file"),
        ("app.py:not-a-name", "is not a function name"),
        ("mod.123", "is not module.handler"),
    ],
)
def test_bad_targets(tmp_path: Path, spec: str, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        parse_target(spec, cwd=tmp_path)


def test_report_line_format() -> None:
    report = Report("8f5d3e2a-0000-4000-8000-000000000000", 12.344, 128, 45, 120.5)
    assert report.line() == (
        "REPORT RequestId: 8f5d3e2a-0000-4000-8000-000000000000\tDuration: 12.34 ms"
        "\tBilled Duration: 133 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB"
        "\tInit Duration: 120.50 ms"
    )
    warm = Report("id", 12.344, 128, 45)
    assert "Billed Duration: 13 ms" in warm.line()
    assert "Init Duration" not in warm.line()
    timed_out = Report("id", 3000.0, 128, 45, status="timeout")
    assert timed_out.line().endswith("\tStatus: timeout")


def test_billed_duration_rounds_up_to_the_millisecond() -> None:
    assert billed_duration_ms(0.01) == 1
    assert billed_duration_ms(1.0) == 1
    assert billed_duration_ms(1.001) == 2
    assert billed_duration_ms(10.5, 100.25) == 111


def test_cost_per_million_at_list_prices() -> None:
    # 1 GB for 1 s, a million times: 1e6 GB-s.
    assert cost_per_million(1000, 1024, "x86_64") == pytest.approx(16.6667 + 0.20)
    assert cost_per_million(1000, 1024, "arm64") == pytest.approx(13.3334 + 0.20)
    # 128 MB for 100 ms.
    assert cost_per_million(100, 128, "x86_64") == pytest.approx(0.2 + 12500 * 0.0000166667)
    line = Report("id", 99.2, 128, 40).cost_line("x86_64")
    assert "$0.4083" in line
    assert "us-east-1" in line


def test_exit_reasons_read_like_lambda() -> None:
    assert exit_reason(3) == "exit status 3"
    assert exit_reason(-9) == "signal: killed"
    assert exit_reason(-11) == "signal: segmentation fault"


def request(
    method: str = "GET",
    target: str = "/",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
) -> HttpRequest:
    return HttpRequest(method, target, headers or [], body, "127.0.0.1", "127.0.0.1:9000")


def test_v2_event_shape() -> None:
    event = to_event(
        request(
            "POST",
            "/a%20b?x=1&x=2",
            [("Host", "localhost"), ("Cookie", "c=1; d=2"), ("Accept", "a"), ("Accept", "b")],
            b"hi",
        ),
        "2.0",
    )
    assert event["rawPath"] == "/a%20b"
    assert event["requestContext"]["http"]["path"] == "/a b"
    assert event["cookies"] == ["c=1", "d=2"]
    assert "cookie" not in event["headers"]
    assert event["headers"]["accept"] == "a,b"
    assert event["queryStringParameters"] == {"x": "1,2"}
    assert event["body"] == "hi"
    assert event["requestContext"]["domainName"] == "localhost"


def test_v1_event_shape() -> None:
    event = to_event(request("GET", "/users/7?x=1&x=2", [("X-A", "1"), ("X-A", "2")]), "1.0")
    assert event["httpMethod"] == "GET"
    assert event["path"] == "/users/7"
    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "users/7"}
    assert event["headers"] == {"X-A": "2"}
    assert event["multiValueHeaders"] == {"X-A": ["1", "2"]}
    assert event["queryStringParameters"] == {"x": "2"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    root = to_event(request(), "1.0")
    assert root["queryStringParameters"] is None
    assert root["pathParameters"] is None


def test_responses() -> None:
    structured = to_response(
        json.dumps(
            {
                "statusCode": 404,
                "headers": {"X-N": 1, "X-B": True},
                "cookies": ["a=1"],
                "body": base64.b64encode(b"\x00\x01").decode(),
                "isBase64Encoded": True,
            }
        ).encode(),
        "2.0",
    )
    assert structured.status == 404
    assert ("X-N", "1") in structured.headers
    assert ("X-B", "true") in structured.headers
    assert ("Set-Cookie", "a=1") in structured.headers
    assert structured.body == b"\x00\x01"
    assert to_response(b"[1, 2]", "2.0").body == b"[1, 2]"
    assert to_response(b"null", "2.0").status == 200
    for bad in (b'{"statusCode": 99}', b'{"statusCode": 200, "body": 5}', b"not json"):
        with pytest.raises(BadFunctionResponse):
            to_response(bad, "2.0")
    with pytest.raises(BadFunctionResponse):
        to_response(b'{"hello": 1}', "1.0")


def test_function_names_accepted_by_the_invoke_api() -> None:
    emulator = Emulator(f"{HANDLERS / 'basic.py'}:handler", name="orders")
    arn = "arn:aws:lambda:us-east-1:123456789012:function:orders"
    for name, qualifier in [
        ("orders", None),
        ("orders", "$LATEST"),
        ("orders:$LATEST", None),
        (arn, None),
        (f"{arn}:$LATEST", None),
        ("123456789012:function:orders", None),
        ("_", None),
    ]:
        assert emulator.matches(name, qualifier), (name, qualifier)
    for name, qualifier in [("other", None), ("orders", "prod"), ("orders:1", None)]:
        assert not emulator.matches(name, qualifier), (name, qualifier)


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": 0},
        {"timeout": 901},
        {"memory": 64},
        {"architecture": "mips"},
        {"http_version": "3.0"},
        {"name": "bad name"},
    ],
)
def test_bad_options(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each option has its own message
        Emulator(f"{HANDLERS / 'basic.py'}:handler", **options)  # type: ignore[arg-type]


def test_the_runtime_never_imports_the_emulator() -> None:
    """`ferrolambda.runtime` is the cold-start path: it must not pull in `ferrolambda.local`."""
    run_fresh(
        "import sys, ferrolambda.runtime\n"
        "assert 'ferrolambda.local' not in sys.modules, 'runtime imported ferrolambda.local'\n"
        "assert 'ferrolambda.cli' not in sys.modules, 'runtime imported ferrolambda.cli'\n"
    )
