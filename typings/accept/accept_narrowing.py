"""Narrowing Result and Option in both branches: match, isinstance and the TypeIs guards.

`match` statements end with `assert_never`, which proves every variant is handled.
"""

from __future__ import annotations

from typing import assert_never, assert_type

from ferrolambda import (
    Err,
    Nothing,
    Ok,
    Option,
    Result,
    Some,
    is_err,
    is_nothing,
    is_ok,
    is_some,
)


def case_match_result_exhaustive(r: Result[int, str]) -> str:
    match r:
        case Ok(value):
            assert_type(value, int)
            return str(value)
        case Err(error):
            assert_type(error, str)
            return error
        case _:
            assert_never(r)


def case_match_result_class_patterns(r: Result[int, ValueError]) -> int:
    match r:
        case Ok():
            assert_type(r, Ok[int])
            return r.value
        case Err():
            assert_type(r, Err[ValueError])
            return len(str(r.error))
        case _:
            assert_never(r)


def case_match_option_exhaustive(o: Option[str]) -> str:
    match o:
        case Some(value):
            assert_type(value, str)
            return value
        case Nothing():
            assert_type(o, Nothing)
            return "nothing"
        case _:
            assert_never(o)


def case_match_nested(r: Result[Option[int], str]) -> int:
    # Neither checker narrows the subject through nested class patterns (`case Ok(Some(v))`
    # then `case Ok(Nothing())` is not seen as covering `Ok[Option[int]]`), so the inner
    # Option gets its own exhaustive match.
    match r:
        case Ok(inner):
            match inner:
                case Some(value):
                    assert_type(value, int)
                    return value
                case Nothing():
                    return 0
                case _:
                    assert_never(inner)
        case Err(error):
            return len(error)
        case _:
            assert_never(r)


def case_match_literal_values(r: Result[int, str]) -> str:
    match r:
        case Ok(0):
            return "zero"
        case Ok(value):
            return str(value)
        case Err("fatal"):
            return "fatal"
        case Err(error):
            return error


def case_isinstance_both_branches(r: Result[int, str]) -> None:
    if isinstance(r, Ok):
        assert_type(r, Ok[int])
        assert_type(r.value, int)
    else:
        assert_type(r, Err[str])
        assert_type(r.error, str)


def case_isinstance_option(o: Option[int]) -> None:
    if isinstance(o, Nothing):
        assert_type(o, Nothing)
    else:
        assert_type(o, Some[int])
        assert_type(o.value, int)


def case_is_ok_guard(r: Result[int, str]) -> None:
    if is_ok(r):
        assert_type(r, Ok[int])
        assert_type(r.value, int)
    else:
        assert_type(r, Err[str])
        assert_type(r.error, str)


def case_is_err_guard(r: Result[int, str]) -> None:
    if is_err(r):
        assert_type(r, Err[str])
    else:
        assert_type(r, Ok[int])


def case_is_err_early_return(r: Result[int, str]) -> int:
    if is_err(r):
        return len(r.error)
    assert_type(r, Ok[int])
    return r.value


def case_is_some_guard(o: Option[int]) -> None:
    if is_some(o):
        assert_type(o, Some[int])
        assert_type(o.value, int)
    else:
        assert_type(o, Nothing)


def case_is_nothing_guard(o: Option[int]) -> None:
    if is_nothing(o):
        assert_type(o, Nothing)
    else:
        assert_type(o, Some[int])


def case_guards_in_comprehensions(results: list[Result[int, str]]) -> None:
    values = [r.value for r in results if is_ok(r)]
    errors = [r.error for r in results if is_err(r)]
    assert_type(values, list[int])
    assert_type(errors, list[str])


def case_guard_filters_options(options: list[Option[str]]) -> None:
    present = [o.value for o in options if is_some(o)]
    assert_type(present, list[str])
