"""Option methods: constructors, method chains with lambdas, conversions to and from Result/None."""

from __future__ import annotations

from typing import Literal, Never, assert_type

from ferrolambda import Err, Nothing, Ok, Option, Result, Some, from_optional


def lookup(key: str) -> Option[int]:
    return Some(len(key)) if key else Nothing()


def positive(n: int) -> Option[int]:
    return Some(n) if n > 0 else Nothing()


def case_constructors() -> None:
    assert_type(Some(1), Some[int])
    assert_type(Some(1).value, int)
    assert_type(Nothing(), Nothing)
    assert_type(Some(Some("x")), Some[Some[str]])


def case_map_and_filter_lambdas(o: Option[int]) -> None:
    assert_type(o.map(lambda v: str(v)), Option[str])
    assert_type(o.map(lambda v: v * 2).filter(lambda v: v > 10), Option[int])
    assert_type(o.inspect(lambda v: print(v + 1)), Option[int])


def case_and_then_chain(key: str) -> None:
    assert_type(lookup(key).and_then(positive), Option[int])
    assert_type(lookup(key).and_then(lambda n: positive(n - 1)).map(float), Option[float])
    assert_type(lookup(key).and_then(lambda n: Some(str(n))), Option[str])
    # A lambda that only ever returns Nothing(): nothing solves the value type, hence Never.
    assert_type(lookup(key).and_then(lambda n: Nothing()), Option[Never])


def case_or_else_and_unwrap_or_else(o: Option[int]) -> None:
    assert_type(o.or_else(lambda: Some(0)), Option[int])
    assert_type(o.or_else(lambda: lookup("fallback")), Option[int])
    assert_type(o.unwrap_or_else(lambda: 0), int)
    assert_type(o.unwrap_or_else(lambda: "default"), int | str)


def case_unwrap_family(o: Option[int]) -> None:
    assert_type(o.unwrap(), int)
    assert_type(o.expect("present"), int)
    assert_type(o.unwrap_or(0), int)
    assert_type(o.unwrap_or(None), int | None)
    assert_type(o.to_optional(), int | None)


def case_map_or_and_map_or_else(o: Option[int]) -> None:
    assert_type(o.map_or(0, lambda v: v + 1), int)
    assert_type(o.map_or_else(lambda: "none", lambda v: str(v)), str)
    assert_type(o.map_or_else(lambda: None, lambda v: v), int | None)


def case_predicates(o: Option[int]) -> None:
    assert_type(o.is_some(), bool)
    assert_type(o.is_nothing(), bool)
    assert_type(o.is_some_and(lambda v: v > 1), bool)
    assert_type(o.is_nothing_or(lambda v: v > 1), bool)
    assert_type(Nothing().is_some(), Literal[False])
    assert_type(Some(1).is_some(), Literal[True])


def case_to_result(o: Option[int]) -> None:
    assert_type(o.ok_or("missing"), Result[int, str])
    assert_type(o.ok_or_else(lambda: KeyError("key")), Result[int, KeyError])
    assert_type(Some(1).ok_or("unused"), Ok[int])
    assert_type(Nothing().ok_or("missing"), Err[str])


def case_combinators(o: Option[int], p: Option[str]) -> None:
    assert_type(o.and_(p), Option[str])
    assert_type(o.or_(Some(2)), Option[int])
    assert_type(o.zip(p), Option[tuple[int, str]])
    assert_type(Some(1).xor(Some("a")), Option[int | str])
    assert_type(o.xor(Some(0)), Option[int])


def case_nesting(
    nested: Option[Option[int]], pair: Option[tuple[int, str]], of_result: Option[Result[int, str]]
) -> None:
    assert_type(nested.flatten(), Option[int])
    assert_type(pair.unzip(), tuple[Some[int], Some[str]] | tuple[Nothing, Nothing])
    first, second = pair.unzip()
    assert_type(first, Option[int])
    assert_type(second, Option[str])
    assert_type(of_result.transpose(), Result[Some[int], str] | Ok[Nothing])
    takes_result_of_option(of_result.transpose())


def takes_result_of_option(value: Result[Option[int], str]) -> None:
    print(value)


def case_from_optional(maybe: int | None) -> None:
    assert_type(from_optional(maybe), Option[int])
    assert_type(from_optional(maybe).to_optional(), int | None)
    assert_type(from_optional("x").map(len), Option[int])
