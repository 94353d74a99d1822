"""The examples run end to end with `ferrolambda invoke`: the local emulator starts the handler in
its own process under ferrolambda's runtime loop and invokes it once with a sample event."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from example_support import EXAMPLES, ROOT

FERROLAMBDA = Path(sys.executable).parent / "ferrolambda"


def ferrolambda_invoke(
    example: str, handler: str, event: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(FERROLAMBDA),
            "invoke",
            f"examples/{example}/handler.py:{handler}",
            "--event",
            str((EXAMPLES / example / "events" / event).relative_to(ROOT)),
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("example", "handler", "event", "expected"),
    [
        ("json_values", "handler", "order.json", {"order_id": "ord-1001", "total": 25.74}),
        ("s3_logger", "handler", "put.json", {"objects": [{"key": "photos/red flower (2).jpg"}]}),
        (
            "sqs_jobs",
            "fifo_handler",
            "fifo.json",
            {
                "batchItemFailures": [
                    {"itemIdentifier": "9c1f0e2a-0003-4d3b-8a6e-1b2c3d4e5f03"},
                    {"itemIdentifier": "9c1f0e2a-0005-4d3b-8a6e-1b2c3d4e5f05"},
                ]
            },
        ),
        ("http_api", "handler", "create_order.json", {"statusCode": 201}),
    ],
    ids=["json_values", "s3_logger", "sqs_jobs-fifo", "http_api"],
)
def test_invoke_answers(
    example: str, handler: str, event: str, expected: dict[str, object]
) -> None:
    done = ferrolambda_invoke(example, handler, event)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert contains(answer, expected), answer


def test_invoke_reports_the_error_type() -> None:
    done = ferrolambda_invoke("step_functions", "handler", "not_github.json")
    assert done.returncode == 1
    assert "NotARepository: https://gitlab.com/lmammino/ferrolambda is not a GitHub URL" in (
        done.stdout + done.stderr
    )


def test_invalid_configuration_is_an_init_error_without_the_secret() -> None:
    secret = "cli-secret-never-shown"
    done = ferrolambda_invoke(
        "env_config",
        "handler",
        "token.json",
        env={"APP_STAGE": "qa", "APP_API_KEY": secret, "PORT": "not-a-port"},
    )
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "ConfigError" in output
    assert "PORT" in output
    assert "APP_STAGE" in output
    assert secret not in output
    assert "not-a-port" not in output


def contains(actual: object, expected: object) -> bool:
    """Whether `actual` has everything `expected` has (dicts: a subset of keys; lists: same length)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return actual == expected
