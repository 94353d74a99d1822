"""Variant-specific attributes need narrowing; the `.is_ok()` method does not narrow."""

from __future__ import annotations

from ferrolambda import Err, Ok, Option, Result, is_err, is_some


def value_of_unnarrowed(res: Result[int, str]) -> int:
    # E[mypy]: Item "Err[str]" of "Ok[int] | Err[str]" has no attribute "value"
    # E[pyright]: Cannot access attribute "value" for class "Err[str]"
    return res.value


def error_of_unnarrowed(res: Result[int, str]) -> str:
    # E[mypy]: Item "Ok[int]" of "Ok[int] | Err[str]" has no attribute "error"
    # E[pyright]: Cannot access attribute "error" for class "Ok[int]"
    return res.error


def error_of_ok(res: Ok[int]) -> int:
    # E[mypy]: "Ok[int]" has no attribute "error"
    # E[pyright]: Cannot access attribute "error" for class "Ok[int]"
    return res.error


def value_of_err(res: Err[str]) -> int:
    # E[mypy]: "Err[str]" has no attribute "value"
    # E[pyright]: Cannot access attribute "value" for class "Err[str]"
    return res.value


def value_of_unnarrowed_option(opt: Option[int]) -> int:
    # E[mypy]: Item "Nothing" of "Some[int] | Nothing" has no attribute "value"
    # E[pyright]: Cannot access attribute "value" for class "Nothing"
    return opt.value


def is_ok_method_does_not_narrow(res: Result[int, str]) -> int:
    # `res.is_ok()` is a bool for the union: the guard function `is_ok(res)` is what narrows.
    if res.is_ok():
        # E[mypy]: Item "Err[str]" of "Ok[int] | Err[str]" has no attribute "value"
        # E[pyright]: Cannot access attribute "value" for class "Err[str]"
        return res.value
    return 0


def is_some_method_does_not_narrow(opt: Option[int]) -> int:
    if opt.is_some():
        # E[mypy]: Item "Nothing" of "Some[int] | Nothing" has no attribute "value"
        # E[pyright]: Cannot access attribute "value" for class "Nothing"
        return opt.value
    return 0


def else_branch_of_is_err_is_ok(res: Result[int, str]) -> str:
    if is_err(res):
        return res.error
    # E[mypy]: "Ok[int]" has no attribute "error"
    # E[pyright]: Cannot access attribute "error" for class "Ok[int]"
    return res.error


def negated_is_some_is_nothing(opt: Option[int]) -> int:
    if not is_some(opt):
        # E[mypy]: "Nothing" has no attribute "value"
        # E[pyright]: Cannot access attribute "value" for class "Nothing"
        return opt.value
    return opt.value


def isinstance_else_branch_is_err(res: Result[int, str]) -> int:
    if isinstance(res, Ok):
        return res.value
    # E[mypy]: "Err[str]" has no attribute "value"
    # E[pyright]: Cannot access attribute "value" for class "Err[str]"
    return res.value


def match_binds_precise_types(res: Result[int, str]) -> str:
    match res:
        case Ok(value):
            # E[mypy]: "int" has no attribute "upper"
            # E[pyright]: Cannot access attribute "upper" for class "int"
            return value.upper()
        case Err(error):
            return error
