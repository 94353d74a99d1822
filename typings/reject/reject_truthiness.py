"""Truthiness of a Result or an Option is a bug (`__bool__` raises TypeError, typed `NoReturn`).

pyright only: it reports a condition whose `__bool__` returns NoReturn as an invalid conditional
operand. mypy accepts such a condition silently (it merely treats the branch as unreachable,
which it reports only with `warn_unreachable`, and then on the wrong line), so no line of this
file is marked for mypy, and the test checks that mypy reports nothing here.
"""

from __future__ import annotations

from ferrolambda import Nothing, Ok, Option, Result


def if_result(res: Result[int, str]) -> None:
    # E[pyright]: Invalid conditional operand of type "Result[int, str]"
    if res:
        print("ok?")


def while_option(opt: Option[int]) -> None:
    # E[pyright]: Invalid conditional operand of type "Option[int]"
    while opt:
        print("some?")


def ternary_on_nothing() -> int:
    # E[pyright]: Invalid conditional operand of type "Nothing"
    return 1 if Nothing() else 2


def not_ok() -> bool:
    # E[pyright]: Invalid conditional operand of type "Ok[int]"
    return not Ok(1)


def assert_option(opt: Option[int]) -> None:
    # E[pyright]: Invalid conditional operand of type "Option[int]"
    assert opt


def filter_results(results: list[Result[int, str]]) -> list[Result[int, str]]:
    # E[pyright]: Invalid conditional operand of type "Result[int, str]"
    return [r for r in results if r]
