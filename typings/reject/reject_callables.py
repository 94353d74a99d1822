"""Functions passed to the combinators are checked: arity, argument type and return type."""

from __future__ import annotations

from ferrolambda import Option, Result


def not_callable(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: Argument 1 to "map" of "Ok" has incompatible type "int"
    # E[pyright]: "Literal[42]" is not assignable to type "(int) -> U@map"
    res.map(42)
    # E[mypy]: Argument 1 to "map" of "Some" has incompatible type "str"
    # E[pyright]: "Literal['len']" is not assignable to type "(int) -> U@map"
    opt.map("len")
    # E[mypy]: Argument 1 to "ok_or_else" of "Nothing" has incompatible type "str"
    # E[pyright]: "Literal['missing']" is not assignable to type "() -> F@ok_or_else"
    opt.ok_or_else("missing")
    # E[mypy]: Argument 1 to "and_then" of "Ok" has incompatible type "None"
    # E[pyright]: "None" is not assignable to type "(int) -> Result[U@and_then, F@and_then]"
    res.and_then(None)


def lambda_bodies_see_the_value_type(res: Result[int, str], opt: Option[int]) -> None:
    # E[mypy]: "int" has no attribute "upper"
    # E[pyright]: Cannot access attribute "upper" for class "int"
    res.map(lambda v: v.upper())
    # E[mypy]: Unsupported operand types for + ("str" and "int")
    # E[pyright]: Operator "+" not supported for types "str" and "Literal[1]"
    res.map_err(lambda e: e + 1)
    # E[mypy]: "str" has no attribute "bit_length"
    # E[pyright]: Cannot access attribute "bit_length" for class "str"
    res.is_err_and(lambda e: e.bit_length() > 0)
    # E[mypy]: "int" has no attribute "append"
    # E[pyright]: Cannot access attribute "append" for class "int"
    opt.map(lambda v: v.append(1))
    # E[mypy]: "int" has no attribute "isdigit"
    # E[pyright]: Cannot access attribute "isdigit" for class "int"
    opt.filter(lambda v: v.isdigit())
    # E[mypy]: "str" has no attribute "bit_length"
    # E[pyright]: Cannot access attribute "bit_length" for class "str"
    res.unwrap_or_else(lambda e: e.bit_length())


def lambda_body_errors_inside_an_argument(opt: Option[int]) -> None:
    # pyright quirk (1.1.414): when the method call on a union (Option = Some | Nothing) is itself
    # the argument of another call, pyright drops the error inside the lambda body. In strict
    # mode the line is still rejected, because the lambda's result type is then partially
    # unknown; in basic mode pyright reports nothing here. mypy reports the real error.
    # E[mypy]: "int" has no attribute "upper"
    # E[pyright]: Argument type is partially unknown
    print(opt.map(lambda v: v.upper()))


def predicates_return_bool(opt: Option[int], res: Result[int, str]) -> None:
    # E[mypy]: Incompatible return value type (got "str", expected "bool")
    # E[pyright]: "str" is not assignable to "bool"
    opt.filter(lambda v: str(v))
    # E[mypy]: Incompatible return value type (got "list[int]", expected "bool")
    # E[pyright]: "list[int]" is not assignable to "bool"
    res.is_ok_and(lambda v: [v])


def result_handlers_take_the_error(res: Result[int, str]) -> None:
    # E[mypy]: Argument 1 to "unwrap_or_else" of "Err" has incompatible type "Callable[[], int]"; expected "Callable[[str], int]"
    # E[pyright]: Function accepts too few positional parameters; expected 1 but received 0
    res.unwrap_or_else(lambda: 0)
    # E[mypy]: Argument 1 to "map_or_else" of "Err" has incompatible type "Callable[[], int]"
    # E[pyright]: Function accepts too few positional parameters; expected 1 but received 0
    res.map_or_else(lambda: 0, lambda v: v)
    # E[mypy]: Argument 1 to "or_else" of "Err" has incompatible type
    # E[pyright]: Function accepts too few positional parameters; expected 1 but received 0
    res.or_else(lambda: res)


def option_handlers_take_no_argument(opt: Option[int]) -> None:
    # E[mypy]: Argument 1 to "unwrap_or_else" of "Nothing" has incompatible type "Callable[[Any], int]"; expected "Callable[[], int]"
    # E[pyright]: cannot be assigned to parameter "op" of type "() -> U@unwrap_or_else"
    opt.unwrap_or_else(lambda missing: 0)
    # E[mypy]: Argument 1 to "or_else" of "Nothing" has incompatible type
    # E[pyright]: cannot be assigned to parameter "op" of type "() -> Option[U@or_else]"
    opt.or_else(lambda missing: opt)


def expect_needs_a_message(res: Result[int, str]) -> None:
    # E[mypy]: Missing positional argument "message" in call to "expect"
    # E[pyright]: Argument missing for parameter "message"
    res.expect()
