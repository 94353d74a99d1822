"""examples/sqs_jobs: partial batch failures from a standard and a FIFO queue."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

from example_support import event_bytes, event_json, invoke_event

from ferrolambda import Ok
from ferrolambda.testing import invoke, make_context, sqs_event

EXAMPLE = "sqs_jobs"


def failed_ids(body: dict[str, list[dict[str, str]]]) -> list[str]:
    return [failure["itemIdentifier"] for failure in body["batchItemFailures"]]


def test_standard_queue_reports_only_the_failed_records(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "standard.json")
    assert answer.error_type is None
    assert failed_ids(answer.body) == [
        "5d8e1a3c-0002-4b6e-9f0a-7f7b2c1d0002",  # JobRejected: width 10000
        "5d8e1a3c-0003-4b6e-9f0a-7f7b2c1d0003",  # body is not JSON
        "5d8e1a3c-0004-4b6e-9f0a-7f7b2c1d0004",  # width 0 does not validate
    ]


def test_standard_queue_all_good(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "standard-ok.json")
    assert answer.body == {"batchItemFailures": []}


def test_fifo_failure_holds_back_only_its_message_group(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.fifo_handler, EXAMPLE, "fifo.json")
    assert answer.error_type is None
    # a-2 fails; a-3 (same group, later) is failed unprocessed; b-2 (other group) succeeds.
    assert failed_ids(answer.body) == [
        "9c1f0e2a-0003-4d3b-8a6e-1b2c3d4e5f03",
        "9c1f0e2a-0005-4d3b-8a6e-1b2c3d4e5f05",
    ]


def test_fifo_batch_on_the_default_handler_fails_everything_after_the_failure(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "fifo.json")
    assert failed_ids(answer.body) == [
        "9c1f0e2a-0003-4d3b-8a6e-1b2c3d4e5f03",
        "9c1f0e2a-0004-4d3b-8a6e-1b2c3d4e5f04",
        "9c1f0e2a-0005-4d3b-8a6e-1b2c3d4e5f05",
    ]


def test_managed_runtime_call(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, "standard.json"), make_context())
    assert len(answer["batchItemFailures"]) == 3


def test_records_not_reached_before_the_deadline_are_failed(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    # Less time left than the safety margin: nothing is processed, and nothing is lost.
    body, error_type = module.handler.invoke_raw(
        event_bytes(EXAMPLE, "standard-ok.json"), make_context(remaining_ms=100)
    )
    assert error_type is None
    assert failed_ids(json.loads(body)) == [
        "5d8e1a3c-0001-4b6e-9f0a-7f7b2c1d0001",
        "5d8e1a3c-0005-4b6e-9f0a-7f7b2c1d0005",
    ]


def test_resize_is_a_plain_function_returning_result(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    ok = module.resize(module.Job(job_id="j", image="a/b.png", width=100))
    assert ok.unwrap() == "a/b-100w.jpg"
    rejected = module.resize(module.Job(job_id="j", image="a/b.png", width=5000))
    assert rejected.unwrap_err().error_type == "JobRejected"


def test_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    event = sqs_event(
        [
            {"job_id": "j1", "image": "a.jpg", "width": 100},
            {"job_id": "j2", "image": "b.jpg", "width": 99999},
            {"job_id": "j3", "image": "c.jpg"},  # no width
        ],
        queue="image-jobs",
    )
    ids = [record["messageId"] for record in event["Records"]]
    assert invoke(module.handler, event) == Ok(
        {"batchItemFailures": [{"itemIdentifier": ids[1]}, {"itemIdentifier": ids[2]}]}
    )


def test_fifo_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    jobs = [
        {"job_id": "x1", "image": "x1.jpg", "width": 5000},  # rejected
        {"job_id": "y1", "image": "y1.jpg", "width": 100},
        {"job_id": "x2", "image": "x2.jpg", "width": 100},  # held back behind x1
    ]
    event = sqs_event(jobs, queue="image-jobs", fifo=True, group_ids=["x", "y", "x"])
    ids = [record["messageId"] for record in event["Records"]]
    outcome = invoke(module.fifo_handler, event)
    assert outcome == Ok(
        {"batchItemFailures": [{"itemIdentifier": ids[0]}, {"itemIdentifier": ids[2]}]}
    )
