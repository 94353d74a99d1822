"""examples/s3_logger: each record's bucket and decoded key, logged and returned."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType

import pytest
from example_support import event_json, invoke_event

from ferrolambda import Ok
from ferrolambda.testing import invoke, make_context, s3_event

EXAMPLE = "s3_logger"


def test_put_event_logs_the_decoded_key(
    load_example: Callable[..., ModuleType], caplog: pytest.LogCaptureFixture
) -> None:
    module = load_example(EXAMPLE)
    with caplog.at_level(logging.INFO, logger="s3_logger"):
        answer = invoke_event(module.handler, EXAMPLE, "put.json")
    assert answer.error_type is None
    assert answer.body == {
        "objects": [
            {
                "event": "ObjectCreated:Put",
                "bucket": "ferrolambda-uploads",
                "key": "photos/red flower (2).jpg",
            }
        ]
    }
    assert [record.getMessage() for record in caplog.records if record.name == "s3_logger"] == [
        "ObjectCreated:Put: bucket=ferrolambda-uploads key=photos/red flower (2).jpg"
    ]


def test_every_record_of_a_batch_is_logged(
    load_example: Callable[..., ModuleType], caplog: pytest.LogCaptureFixture
) -> None:
    module = load_example(EXAMPLE)
    with caplog.at_level(logging.INFO, logger="s3_logger"):
        answer = invoke_event(module.handler, EXAMPLE, "batch.json")
    assert answer.body["objects"] == [
        {
            "event": "ObjectCreated:Put",
            "bucket": "ferrolambda-uploads",
            "key": "reports/2024/q1 summary.pdf",
        },
        {
            "event": "ObjectRemoved:Delete",
            "bucket": "ferrolambda-uploads",
            "key": "tmp/été notes.txt",
        },
    ]
    logged = [record.getMessage() for record in caplog.records if record.name == "s3_logger"]
    assert len(logged) == 2
    assert "key=tmp/été notes.txt" in logged[1]


def test_managed_runtime_call(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, "put.json"), make_context())
    assert answer["objects"][0]["key"] == "photos/red flower (2).jpg"


def test_an_event_that_is_not_from_s3_is_an_invalid_event(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, "sqs_jobs", "standard-ok.json")
    assert answer.error_type == "InvalidEvent"
    assert "S3Event" in answer.body["errorMessage"]


def test_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    event = s3_event("my-bucket", ["inbox/a b.txt", "inbox/ü+ß.txt"])
    assert invoke(module.handler, event) == Ok(
        {
            "objects": [
                {"event": "ObjectCreated:Put", "bucket": "my-bucket", "key": "inbox/a b.txt"},
                {"event": "ObjectCreated:Put", "bucket": "my-bucket", "key": "inbox/ü+ß.txt"},
            ]
        }
    )
