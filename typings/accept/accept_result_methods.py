"""Result methods: the types of constructors, method chains and lambdas, as both checkers see them.

On a `Result[T, E]` union a method is checked against both `Ok[T]` and `Err[E]`; a type variable
that one variant cannot solve (the error type of `Ok.and_then`'s lambda when it never returns an
`Err`) is `Never`, so such results read `Result[U, Never] | Err[E]`, which is assignable to
`Result[U, E]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Never, assert_type

from ferrolambda import Err, Nothing, Ok, Option, Result, Some


def parse(text: str) -> Result[int, str]:
    return Ok(int(text)) if text.isdigit() else Err(f"not a number: {text}")


def half(n: int) -> Result[int, str]:
    return Ok(n // 2) if n % 2 == 0 else Err("odd")


def case_constructors() -> None:
    assert_type(Ok(1), Ok[int])
    assert_type(Err("boom"), Err[str])
    assert_type(Ok(1).value, int)
    assert_type(Err(ValueError()).error, ValueError)
    assert_type(Ok(Err("inner")), Ok[Err[str]])


def case_map_with_lambdas(r: Result[int, str]) -> None:
    assert_type(r.map(lambda v: v + 1), Result[int, str])
    assert_type(r.map(lambda v: str(v)), Result[str, str])
    assert_type(r.map_err(lambda e: len(e)), Result[int, int])
    assert_type(
        r.map(lambda v: [v]).map_err(lambda e: ValueError(e)), Result[list[int], ValueError]
    )


def case_and_then_chain(text: str) -> None:
    assert_type(parse(text).and_then(half), Result[int, str])
    assert_type(parse(text).and_then(half).and_then(half).map(float), Result[float, str])
    assert_type(parse(text).and_then(lambda n: half(n)), Result[int, str])


def case_and_then_lambda_that_never_fails(r: Result[int, str]) -> None:
    # The lambda returns only `Ok`: its error type is unsolved, hence `Never`.
    assert_type(r.and_then(lambda v: Ok(str(v))), Result[str, Never] | Err[str])
    chained: Result[str, str] = r.and_then(lambda v: Ok(str(v)))
    assert_type(chained, Result[str, str])


def case_and_then_lambda_with_both_variants(r: Result[int, str]) -> None:
    def step(v: int) -> Result[str, str]:
        return Ok(str(v)) if v > 0 else Err("not positive")

    assert_type(r.and_then(step), Result[str, str])
    declared: Result[str, str] = r.and_then(lambda v: Ok(str(v)) if v > 0 else Err("neg"))
    assert_type(declared, Result[str, str])


def case_or_else_recovers(r: Result[int, str]) -> None:
    assert_type(r.or_else(lambda e: Ok(len(e))), Result[int, Never])
    assert_type(r.or_else(lambda e: parse(e)), Result[int, str])
    retyped: Result[int, ValueError] = r.or_else(lambda e: Err(ValueError(e)))
    assert_type(retyped, Result[int, ValueError])


def case_unwrap_family(r: Result[int, str]) -> None:
    assert_type(r.unwrap(), int)
    assert_type(r.expect("a number"), int)
    assert_type(r.unwrap_err(), str)
    assert_type(r.expect_err("an error"), str)
    assert_type(r.unwrap_or(0), int)
    assert_type(r.unwrap_or(None), int | None)
    assert_type(r.unwrap_or_else(lambda e: len(e)), int)
    assert_type(r.unwrap_or_else(lambda e: e), int | str)


def case_map_or_and_map_or_else(r: Result[int, str]) -> None:
    assert_type(r.map_or(0, lambda v: v * 2), int)
    assert_type(r.map_or("none", lambda v: v * 2), int | str)
    assert_type(r.map_or_else(lambda e: len(e), lambda v: v * 2), int)
    assert_type(r.map_or_else(lambda e: e.upper(), lambda v: v > 0), str | bool)


def case_predicates(r: Result[int, str]) -> None:
    assert_type(r.is_ok(), bool)
    assert_type(r.is_err(), bool)
    assert_type(r.is_ok_and(lambda v: v > 0), bool)
    assert_type(r.is_err_and(lambda e: e.startswith("x")), bool)
    assert_type(Ok(1).is_ok(), Literal[True])
    assert_type(Err("x").is_ok(), Literal[False])


def case_to_option(r: Result[int, str]) -> None:
    assert_type(r.ok(), Option[int])
    assert_type(r.err(), Option[str])
    assert_type(Ok(1).ok(), Some[int])
    assert_type(Ok(1).err(), Nothing)


def case_eager_and_or(r: Result[int, str], other: Result[float, str]) -> None:
    assert_type(r.and_(other), Result[float, str])
    assert_type(r.or_(other), Ok[int] | Result[float, str])


def case_inspect_and_iter(r: Result[int, str]) -> None:
    assert_type(r.inspect(print), Result[int, str])
    assert_type(r.inspect_err(lambda e: print(e.upper())), Result[int, str])
    assert_type(Ok(1).iter(), Iterator[int])
    for value in r.iter():
        assert_type(value, int)


def case_flatten_and_transpose(
    nested: Result[Result[int, str], str], of_option: Result[Option[int], str]
) -> None:
    assert_type(nested.flatten(), Result[int, str])
    flat: Result[int, str] = Ok(Ok(1)).flatten()
    assert_type(flat, Result[int, str])
    assert_type(Ok(Some(1)).transpose(), Option[Ok[int]])
    assert_type(of_option.transpose(), Some[Ok[int]] | Nothing | Some[Err[str]])
    takes_option_of_result(of_option.transpose())


def takes_option_of_result(value: Option[Result[int, str]]) -> None:
    print(value)
