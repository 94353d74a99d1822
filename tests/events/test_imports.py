"""Each event source is imported only when used: no module pulls in another source's module."""

from __future__ import annotations

import json

import pytest

from fresh_python import run_fresh

SOURCES = [
    "alb",
    "apigateway",
    "cloudformation",
    "cloudwatch_logs",
    "dynamodb",
    "eventbridge",
    "firehose",
    "kafka",
    "kinesis",
    "lambda_url",
    "s3",
    "sns",
    "sqs",
    "sqs_wrapped",
]


def loaded_after(statement: str) -> set[str]:
    """The `ferrolambda.events` modules loaded by a fresh interpreter running `statement`."""
    script = (
        f"import sys, json\n{statement}\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('ferrolambda.events')]))"
    )
    return set(json.loads(run_fresh(script)))


def test_sqs_imports_no_other_source() -> None:
    assert loaded_after("import ferrolambda.events.sqs") == {
        "ferrolambda.events",
        "ferrolambda.events._base",
        "ferrolambda.events._batch",
        "ferrolambda.events.sqs",
    }


def test_package_imports_nothing() -> None:
    assert run_fresh("import sys, ferrolambda.events; print('pydantic' in sys.modules)") == "False"
    assert loaded_after("import ferrolambda.events") == {"ferrolambda.events"}


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_imports_alone(source: str) -> None:
    loaded = loaded_after(f"import ferrolambda.events.{source}")
    sources = {name.rsplit(".", 1)[1] for name in loaded} & set(SOURCES)
    allowed = {
        "lambda_url": {"apigateway"},
        "s3": {"eventbridge"},
        "sqs_wrapped": {"sqs", "sns", "s3", "eventbridge"},
    }
    assert sources - {source} <= allowed.get(source, set())
