"""A forgotten variant is caught by `assert_never` at the end of a match."""

from __future__ import annotations

from typing import assert_never

from ferrolambda import Err, Nothing, Ok, Option, Result, Some


def missing_err_arm(res: Result[int, str]) -> int:
    match res:
        case Ok(value):
            return value
        case _:
            # E[mypy]: Argument 1 to "assert_never" has incompatible type "Err[str]"
            # E[pyright]: Type "Err[str]" is not assignable to type "Never"
            assert_never(res)


def missing_ok_arm(res: Result[int, str]) -> int:
    match res:
        case Err(error):
            return len(error)
        case _:
            # E[mypy]: Argument 1 to "assert_never" has incompatible type "Ok[int]"
            # E[pyright]: Type "Ok[int]" is not assignable to type "Never"
            assert_never(res)


def missing_nothing_arm(opt: Option[int]) -> int:
    match opt:
        case Some(value):
            return value
        case _:
            # E[mypy]: Argument 1 to "assert_never" has incompatible type "Nothing"
            # E[pyright]: Type "Nothing" is not assignable to type "Never"
            assert_never(opt)


def missing_some_arm(opt: Option[int]) -> int:
    match opt:
        case Nothing():
            return 0
        case _:
            # E[mypy]: Argument 1 to "assert_never" has incompatible type "Some[int]"
            # E[pyright]: Type "Some[int]" is not assignable to type "Never"
            assert_never(opt)


def missing_inner_nothing_arm(res: Result[Option[int], str]) -> int:
    match res:
        case Ok(inner):
            match inner:
                case Some(value):
                    return value
                case _:
                    # E[mypy]: Argument 1 to "assert_never" has incompatible type "Nothing"
                    # E[pyright]: Type "Nothing" is not assignable to type "Never"
                    assert_never(inner)
        case Err():
            return 0
        case _:
            assert_never(res)


def wrong_value_pattern_is_not_exhaustive(res: Result[int, str]) -> int:
    match res:
        case Ok(0):
            return 0
        case Err():
            return -1
        case _:
            # E[mypy]: Argument 1 to "assert_never" has incompatible type "Ok[int]"
            # E[pyright]: Type "Ok[int]" is not assignable to type "Never"
            assert_never(res)


def isinstance_chain_missing_err(res: Result[int, str]) -> int:
    if isinstance(res, Ok):
        return res.value
    # E[mypy]: Argument 1 to "assert_never" has incompatible type "Err[str]"
    # E[pyright]: Type "Err[str]" is not assignable to type "Never"
    assert_never(res)
