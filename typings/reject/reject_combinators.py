"""Combinators keep error and value types: mixing them up is a type error."""

from __future__ import annotations

from ferrolambda import Ok, Option, Result, Some, collect, partition


def parse(text: str) -> Result[int, ValueError]:
    return Ok(int(text))


def wrong_error_type_from_and_then(res: Result[str, str]) -> Result[int, str]:
    # E[mypy]: Argument 1 to "and_then" of "Ok" has incompatible type "Callable[[str], Ok[int] | Err[ValueError]]"
    # E[pyright]: "ValueError" is not assignable to "str"
    return res.and_then(parse)


def wrong_error_type_from_lambda(res: Result[int, str]) -> None:
    # E[mypy]: got "Ok[int] | Err[ValueError]", expected "Ok[int] | Err[str]"
    # E[pyright]: "ValueError" is not assignable to "str"
    chained: Result[int, str] = res.and_then(lambda v: parse(str(v)))
    print(chained)


def wrong_value_type_from_map(res: Result[int, str]) -> Result[int, str]:
    # E[mypy]: Argument 1 to "map" of "Ok" has incompatible type "type[str]"
    # E[pyright]: "str" is not assignable to "int"
    return res.map(str)


def wrong_error_type_from_map_err(res: Result[int, str]) -> Result[int, str]:
    # E[mypy]: Argument 1 to "map_err" of "Err" has incompatible type "type[ValueError]"
    # E[pyright]: "ValueError" is not assignable to "str"
    return res.map_err(ValueError)


def eager_arguments_must_be_containers(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: Argument 1 to "and_" of "Ok" has incompatible type "int"
    # E[pyright]: "Literal[5]" is not assignable to "Ok[U@and_]"
    res.and_(5)
    # E[mypy]: Argument 1 to "or_" of "Err" has incompatible type "Some[int]"
    # E[pyright]: "Some[int]" is not assignable to "Ok[U@or_]"
    res.or_(Some(1))
    # E[mypy]: Argument 1 to "xor" of "Some" has incompatible type "int"
    # E[pyright]: "Literal[5]" is not assignable to "Some[U@xor]"
    opt.xor(5)
    # E[mypy]: Argument 1 to "zip" of "Some" has incompatible type "list[int]"
    # E[pyright]: "list[int]" is not assignable to "Some[U@zip]"
    opt.zip([1])
    # E[mypy]: Argument 1 to "and_" of "Some" has incompatible type "None"
    # E[pyright]: "None" is not assignable to "Some[U@and_]"
    opt.and_(None)


def and_then_must_return_a_container(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: Incompatible return value type (got "int", expected "Ok[Never] | Err[Never]")
    # E[pyright]: Function return type "int" is incompatible with type "Result[U@and_then, F@and_then]"
    res.and_then(lambda v: v + 1)
    # E[mypy]: Incompatible return value type (got "int", expected "Some[Never] | Nothing")
    # E[pyright]: Function return type "int" is incompatible with type "Option[U@and_then]"
    opt.and_then(lambda v: v + 1)
    # E[mypy]: Incompatible return value type (got "Ok[int]", expected "Some[Never] | Nothing")
    # E[pyright]: Function return type "Ok[int]" is incompatible with type "Option[U@and_then]"
    opt.and_then(lambda v: Ok(v))


def flatten_needs_nesting(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: Invalid self argument "Ok[int]" to attribute function "flatten"
    # E[pyright]: Could not bind method "flatten" because "Ok[int]" is not assignable to parameter "self"
    res.flatten()
    # E[mypy]: Invalid self argument "Some[int]" to attribute function "flatten"
    # E[pyright]: Could not bind method "flatten" because "Some[int]" is not assignable to parameter "self"
    opt.flatten()


def unzip_needs_pairs() -> None:
    # E[mypy]: Invalid self argument "Some[int]" to attribute function "unzip"
    # E[pyright]: Could not bind method "unzip" because "Some[int]" is not assignable to parameter "self"
    Some(1).unzip()


def transpose_needs_the_other_container(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: Invalid self argument "Ok[int]" to attribute function "transpose"
    # E[pyright]: Could not bind method "transpose" because "Ok[int]" is not assignable to parameter "self"
    res.transpose()
    # E[mypy]: Invalid self argument "Some[int]" to attribute function "transpose"
    # E[pyright]: Could not bind method "transpose" because "Some[int]" is not assignable to parameter "self"
    opt.transpose()


def collect_keeps_types(results: list[Result[int, str]]) -> Result[list[str], str]:
    # E[mypy]: Argument 1 to "collect" has incompatible type "list[Ok[int] | Err[str]]"
    # E[pyright]: "list[int]" is not assignable to "list[str]"
    return collect(results)


def partition_keeps_types(results: list[Result[int, str]]) -> None:
    values, errors = partition(results)
    # E[mypy]: "int" has no attribute "upper"
    # E[pyright]: Cannot access attribute "upper" for class "int"
    values[0].upper()
    # E[mypy]: Unsupported operand types for + ("str" and "int")
    # E[pyright]: Operator "+" not supported for types "str" and "Literal[1]"
    errors[0] + 1
