"""The X-Ray error cause built from an invocation's error body."""

from __future__ import annotations

import json
import traceback
from typing import Any

from ferrolambda._errors import error_body, exception_error
from ferrolambda.runtime._xray import MAX_CAUSE_SIZE, error_cause


def _inner() -> None:
    raise KeyError("missing order")


def _outer() -> None:
    _inner()


def raised_body() -> tuple[bytes, list[traceback.FrameSummary]]:
    try:
        _outer()
    except KeyError as error:
        return exception_error(error)[0], traceback.extract_tb(error.__traceback__)
    raise AssertionError("unreachable")


def cause_of(body: bytes) -> Any:
    cause = error_cause(body, "/var/task")
    assert cause is not None
    return json.loads(cause)


def test_the_stack_of_a_raised_exception_becomes_frames() -> None:
    body, frames = raised_body()
    cause = cause_of(body)
    assert cause["working_directory"] == "/var/task"
    (exception,) = cause["exceptions"]
    assert exception["type"] == "KeyError"
    assert exception["message"] == "'missing order'"
    assert exception["stack"] == [
        {"path": frame.filename, "line": frame.lineno, "label": frame.name} for frame in frames
    ]
    assert [entry["label"] for entry in exception["stack"]] == [
        "raised_body",
        "_outer",
        "_inner",
    ]
    assert cause["paths"] == [__file__]  # each file once


def test_an_error_without_a_stack_has_an_empty_one() -> None:
    cause = cause_of(error_body("OrderRejected", "out of stock"))
    assert cause["exceptions"] == [
        {"type": "OrderRejected", "message": "out of stock", "stack": []}
    ]
    assert cause["paths"] == []


def test_the_value_is_one_line_of_ascii() -> None:
    cause = error_cause(error_body("Bad\nType", "línea 1\nlínea 2 \x00 ✓"), "/tmp/ü")
    assert cause is not None
    assert cause.isascii()
    assert cause.isprintable()
    assert json.loads(cause)["exceptions"][0]["message"] == "línea 1\nlínea 2 \x00 ✓"


def test_paths_with_quotes_and_commas_survive() -> None:
    entry = '  File "/tmp/a", line 9, in b.py", line 3, in handler\n    raise X'
    cause = cause_of(json.dumps({"errorType": "X", "stackTrace": [entry]}).encode())
    assert cause["exceptions"][0]["stack"] == [
        {"path": '/tmp/a", line 9, in b.py', "line": 3, "label": "handler"}
    ]


def test_entries_that_are_not_frames_are_left_out() -> None:
    body = json.dumps(
        {
            "errorType": "X",
            "errorMessage": "m",
            "stackTrace": [
                "not a frame",
                '  File "f.py", line x, in g',
                42,
                '  File "ok.py", line 7, in h\n    code',
            ],
        }
    ).encode()
    assert cause_of(body)["exceptions"][0]["stack"] == [{"path": "ok.py", "line": 7, "label": "h"}]


def test_a_body_that_is_not_an_error_object_has_no_cause() -> None:
    assert error_cause(b"not json", "/") is None
    assert error_cause(b"[1, 2]", "/") is None
    assert error_cause(b"", "/") is None
    not_bytes: Any = {"errorType": "X"}
    assert error_cause(not_bytes, "/") is None


def test_a_cause_over_the_limit_is_left_out() -> None:
    just_under = error_body("X", "m" * (MAX_CAUSE_SIZE - 200))
    assert error_cause(just_under, "/") is not None
    over = error_body("X", "m" * MAX_CAUSE_SIZE)
    assert error_cause(over, "/") is None
