"""catch and early_return change and keep the right things in a function's type."""

from __future__ import annotations

import json

from ferrolambda import Result, catch, early_return


@catch(ValueError)
def parse_int(text: str) -> int:
    return int(text)


@catch(json.JSONDecodeError)
async def load(text: str) -> object:
    return json.loads(text)


def decorated_returns_a_result() -> None:
    # E[mypy]: Incompatible types in assignment (expression has type "Ok[int] | Err[ValueError]", variable has type "int")
    # E[pyright]: "Result[int, ValueError]" is not assignable to declared type "int"
    n: int = parse_int("1")
    print(n)


async def forgot_await() -> None:
    # E[mypy]: expression has type "Coroutine[Any, Any, Ok[object] | Err[JSONDecodeError]]"
    # E[pyright]: "Coroutine[Any, Any, Result[object, JSONDecodeError]]" is not assignable
    loaded: Result[object, ValueError] = load("{}")
    print(loaded)


async def error_type_is_the_caught_one() -> None:
    # E[mypy]: Incompatible types in assignment
    # E[pyright]: "JSONDecodeError" is not assignable to "KeyError"
    loaded: Result[object, KeyError] = await load("{}")
    print(loaded)


def catch_needs_exception_types() -> None:
    # E[mypy]: Argument 1 to "catch" has incompatible type "str"
    # E[pyright]: "Literal['ValueError']" cannot be assigned to parameter "exception_types"
    catch("ValueError")
    # E[mypy]: Value of type variable "X" of "catch" cannot be "int"
    # E[pyright]: "int" is not assignable to "BaseException"
    catch(int)


def catch_keeps_the_signature() -> None:
    # E[mypy]: Argument 1 to "parse_int" has incompatible type "int"; expected "str"
    # E[pyright]: "Literal[1]" is not assignable to "str"
    parse_int(1)
    # E[mypy]: Unexpected keyword argument "base" for "parse_int"
    # E[pyright]: No parameter named "base"
    parse_int("1", base=16)


@early_return
def early_return_keeps_the_declared_type(text: str) -> Result[int, ValueError]:
    # E[mypy]: Incompatible return value type (got "int", expected "Ok[int] | Err[ValueError]")
    # E[pyright]: "int" is not assignable to return type "Result[int, ValueError]"
    return parse_int(text).unwrap_or_return()


@early_return
def early_return_keeps_the_signature(text: str) -> Result[int, ValueError]:
    return parse_int(text)


def call_with_wrong_arguments() -> None:
    # E[mypy]: Argument 1 to "early_return_keeps_the_signature" has incompatible type "bytes"
    # E[pyright]: "Literal[b"1"]" is not assignable to "str"
    early_return_keeps_the_signature(b"1")
