"""An Option or a Result is not its value: it must be unwrapped or narrowed first."""

from __future__ import annotations

from ferrolambda import Ok, Option, Result, Some, from_optional, is_ok, is_some


def takes_int(value: int) -> int:
    return value


def takes_option(value: Option[int]) -> None:
    print(value)


def option_as_value(opt: Option[int]) -> None:
    # E[mypy]: Incompatible types in assignment (expression has type "Some[int] | Nothing"
    # E[pyright]: "Option[int]" is not assignable to declared type "int"
    x: int = opt
    print(x)


def result_as_value(res: Result[int, str]) -> None:
    # E[mypy]: Incompatible types in assignment (expression has type "Ok[int] | Err[str]"
    # E[pyright]: "Result[int, str]" is not assignable to declared type "int"
    y: int = res
    print(y)


def result_as_argument(res: Result[int, str]) -> None:
    # E[mypy]: Argument 1 to "takes_int" has incompatible type "Ok[int] | Err[str]"
    # E[pyright]: "Err[str]" is not assignable to "int"
    takes_int(res)


def result_in_arithmetic(res: Result[int, str]) -> int:
    # E[mypy]: Unsupported operand types for + ("Ok[int]" and "int")
    # E[pyright]: Operator "+" not supported for types "Result[int, str]"
    return res + 1


def optional_conversion_is_an_option(maybe: int | None) -> None:
    # E[mypy]: Incompatible types in assignment
    # E[pyright]: "Option[int]" is not assignable to declared type "int"
    n: int = from_optional(maybe)
    print(n)


def result_is_not_option(res: Result[int, str]) -> None:
    # E[mypy]: incompatible type "Ok[int] | Err[str]"; expected "Some[int] | Nothing"
    # E[pyright]: "Result[int, str]" is not assignable to type "Option[int]"
    takes_option(res)


def ok_is_not_some() -> None:
    # E[mypy]: Argument 1 to "takes_option" has incompatible type "Ok[int]"
    # E[pyright]: "Ok[int]" is not assignable to "Some[int]"
    takes_option(Ok(1))


def some_keeps_its_value_type() -> None:
    # E[mypy]: Argument 1 to "Some" has incompatible type "str"; expected "int"
    # E[pyright]: "Some[str]" is not assignable to "Some[int]"
    takes_option(Some("text"))


def is_ok_takes_a_result(opt: Option[int]) -> bool:
    # E[mypy]: Argument 1 to "is_ok" has incompatible type "Some[int] | Nothing"
    # E[pyright]: "Option[int]" cannot be assigned to parameter "result"
    return is_ok(opt)


def is_some_takes_an_option(res: Result[int, str]) -> bool:
    # E[mypy]: Argument 1 to "is_some" has incompatible type "Ok[int] | Err[str]"
    # E[pyright]: "Result[int, str]" cannot be assigned to parameter "option"
    return is_some(res)
