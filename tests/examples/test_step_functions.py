"""examples/step_functions: typed task input/output; errors carry the type the state machine catches."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from example_support import event_json, invoke_event

from ferrolambda import Err, Ok, Result
from ferrolambda.testing import LambdaFailure, invoke, make_context

EXAMPLE = "step_functions"


def test_creates_an_issue_and_answers_its_number(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    first = invoke_event(module.handler, EXAMPLE, "create_issue.json")
    second = invoke_event(module.handler, EXAMPLE, "create_issue.json")
    assert first == ({"issue_number": 1}, None)
    assert second == ({"issue_number": 2}, None)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("not_github.json", "https://gitlab.com/lmammino/ferrolambda is not a GitHub URL"),
        ("no_repository.json", "https://github.com/lmammino does not name a repository"),
    ],
)
def test_a_url_that_is_not_a_repository_is_a_not_a_repository_error(
    load_example: Callable[..., ModuleType], event: str, message: str
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, event)
    assert answer.error_type == "NotARepository"
    assert answer.body["errorMessage"] == message


def test_an_invalid_url_is_an_invalid_event(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "invalid_url.json")
    assert answer.error_type == "InvalidEvent"
    assert "url" in answer.body["errorMessage"]


def test_an_injected_tracker_error_keeps_its_type(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    calls: list[tuple[str, str, str]] = []

    class DownTracker:
        def create_issue(self, repo: Any, title: str) -> Result[int, Exception]:
            calls.append((repo.owner, repo.name, title))
            return Err(module.TrackerUnavailable("GitHub answered 503"))

    module.tracker = DownTracker()
    answer = invoke_event(module.handler, EXAMPLE, "create_issue.json")
    assert answer.error_type == "TrackerUnavailable"
    assert answer.body["errorMessage"] == "GitHub answered 503"
    assert calls == [
        ("lmammino", "ferrolambda", "Link reported: https://github.com/lmammino/ferrolambda")
    ]


def test_managed_runtime_raises_an_exception_named_after_the_error_type(
    load_example: Callable[..., ModuleType],
) -> None:
    module = load_example(EXAMPLE)
    assert module.handler(event_json(EXAMPLE, "create_issue.json"), make_context()) == {
        "issue_number": 1
    }
    with pytest.raises(module.NotARepository, match="is not a GitHub URL") as raised:
        module.handler(event_json(EXAMPLE, "not_github.json"), make_context())
    # the managed runtime reports the exception's class name as the errorType
    assert type(raised.value).__name__ == "NotARepository"


def test_repository_of(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    url = module.CreateIssueRequest(url="https://github.com/awslabs/aws-lambda-rust-runtime.git/")
    assert module.repository_of(url.url) == Ok(
        module.Repository("awslabs", "aws-lambda-rust-runtime")
    )


def test_with_the_testing_helpers(load_example: Callable[..., ModuleType]) -> None:
    module = load_example(EXAMPLE)
    request = module.CreateIssueRequest(url="https://github.com/awslabs/aws-lambda-rust-runtime")
    assert invoke(module.handler, request) == Ok({"issue_number": 1})
    assert invoke(
        module.handler, {"url": "https://github.com/awslabs/aws-lambda-rust-runtime"}
    ) == Ok({"issue_number": 2})
    assert invoke(module.handler, {"url": "https://example.com/a/b"}) == Err(
        LambdaFailure("NotARepository", "https://example.com/a/b is not a GitHub URL")
    )
    assert invoke(module.handler, {}).unwrap_err().error_type == "InvalidEvent"
