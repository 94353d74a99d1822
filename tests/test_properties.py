"""Algebraic laws of Result and Option, checked with Hypothesis."""

from __future__ import annotations

import pickle
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from ferrolambda import (
    Err,
    Nothing,
    Ok,
    Option,
    Result,
    Some,
    collect,
    from_optional,
    is_ok,
    partition,
)

values = st.integers()
errors = st.text(max_size=5)


def results_of(
    ok: st.SearchStrategy[object], err: st.SearchStrategy[object]
) -> st.SearchStrategy[Result[object, object]]:
    return st.one_of(st.builds(Ok, ok), st.builds(Err, err))


def options_of(value: st.SearchStrategy[object]) -> st.SearchStrategy[Option[object]]:
    return st.one_of(st.builds(Some, value), st.just(Nothing()))


results = results_of(values, errors)
options = options_of(values)


def _int_to_int(x: int) -> int:
    return x


def _int_to_result(x: int) -> Result[int, str]:
    return Ok(x)


def _int_to_option(x: int) -> Option[int]:
    return Some(x)


def _str_to_result(e: str) -> Result[int, str]:
    return Err(e)


# Pure (deterministic) random functions.
int_functions = st.functions(like=_int_to_int, returns=values, pure=True)
result_functions = st.functions(like=_int_to_result, returns=results, pure=True)
option_functions = st.functions(like=_int_to_option, returns=options, pure=True)
recovery_functions = st.functions(like=_str_to_result, returns=results, pure=True)

Fn = Callable[[int], int]
ResultFn = Callable[[int], Result[int, str]]
OptionFn = Callable[[int], Option[int]]


# --- functor laws -----------------------------------------------------------------------------


@given(results)
def test_result_map_identity(r: Result[int, str]) -> None:
    assert r.map(lambda x: x) == r
    assert r.map_err(lambda e: e) == r


@given(options)
def test_option_map_identity(o: Option[int]) -> None:
    assert o.map(lambda x: x) == o


@given(results, int_functions, int_functions)
def test_result_map_composition(r: Result[int, str], f: Fn, g: Fn) -> None:
    assert r.map(f).map(g) == r.map(lambda x: g(f(x)))


@given(results_of(values, values), int_functions, int_functions)
def test_result_map_err_composition(r: Result[int, int], f: Fn, g: Fn) -> None:
    assert r.map_err(f).map_err(g) == r.map_err(lambda e: g(f(e)))


@given(options, int_functions, int_functions)
def test_option_map_composition(o: Option[int], f: Fn, g: Fn) -> None:
    assert o.map(f).map(g) == o.map(lambda x: g(f(x)))


# --- monad laws -------------------------------------------------------------------------------


@given(values, result_functions)
def test_result_left_identity(a: int, f: ResultFn) -> None:
    assert Ok(a).and_then(f) == f(a)


@given(results)
def test_result_right_identity(r: Result[int, str]) -> None:
    assert r.and_then(Ok) == r


@given(results, result_functions, result_functions)
def test_result_associativity(r: Result[int, str], f: ResultFn, g: ResultFn) -> None:
    assert r.and_then(f).and_then(g) == r.and_then(lambda x: f(x).and_then(g))


@given(values, option_functions)
def test_option_left_identity(a: int, f: OptionFn) -> None:
    assert Some(a).and_then(f) == f(a)


@given(options)
def test_option_right_identity(o: Option[int]) -> None:
    assert o.and_then(Some) == o


@given(options, option_functions, option_functions)
def test_option_associativity(o: Option[int], f: OptionFn, g: OptionFn) -> None:
    assert o.and_then(f).and_then(g) == o.and_then(lambda x: f(x).and_then(g))


@given(errors, recovery_functions)
def test_or_else_left_identity(e: str, f: Callable[[str], Result[int, str]]) -> None:
    assert Err(e).or_else(f) == f(e)


@given(results)
def test_or_else_right_identity(r: Result[int, str]) -> None:
    assert r.or_else(Err) == r


@given(results, int_functions)
def test_map_is_and_then_of_ok(r: Result[int, str], f: Fn) -> None:
    assert r.map(f) == r.and_then(lambda x: Ok(f(x)))


@given(results, result_functions)
def test_flatten_of_map_is_and_then(r: Result[int, str], f: ResultFn) -> None:
    assert r.map(f).flatten() == r.and_then(f)


@given(options, option_functions)
def test_option_flatten_of_map_is_and_then(o: Option[int], f: OptionFn) -> None:
    assert o.map(f).flatten() == o.and_then(f)


# --- collect and partition --------------------------------------------------------------------


@given(st.lists(results))
def test_collect_matches_an_explicit_loop(items: list[Result[int, str]]) -> None:
    expected: Result[list[int], str]
    gathered: list[int] = []
    for item in items:
        if isinstance(item, Err):
            expected = item
            break
        gathered.append(item.value)
    else:
        expected = Ok(gathered)
    assert collect(items) == expected
    assert collect(iter(items)) == expected


@given(st.lists(results))
def test_partition_matches_comprehensions(items: list[Result[int, str]]) -> None:
    values_, errors_ = partition(items)
    assert values_ == [r.value for r in items if isinstance(r, Ok)]
    assert errors_ == [r.error for r in items if isinstance(r, Err)]
    assert len(values_) + len(errors_) == len(items)


@given(st.lists(results))
def test_collect_agrees_with_partition(items: list[Result[int, str]]) -> None:
    values_, errors_ = partition(items)
    collected = collect(items)
    if errors_:
        assert collected == Err(errors_[0])
    else:
        assert collected == Ok(values_)


# --- conversions ------------------------------------------------------------------------------


@given(options, errors)
def test_option_result_round_trip(o: Option[int], e: str) -> None:
    assert o.ok_or(e).ok() == o
    assert o.ok_or_else(lambda: e).ok() == o


@given(results, errors)
def test_result_option_round_trip(r: Result[int, str], e: str) -> None:
    back = r.ok().ok_or(e)
    assert back == (r if is_ok(r) else Err(e))
    assert r.err().ok_or(0) == (Ok(r.error) if isinstance(r, Err) else Err(0))


@given(st.none() | values)
def test_from_optional_round_trip(x: int | None) -> None:
    assert from_optional(x).to_optional() == x
    assert from_optional(x).is_nothing() is (x is None)


@given(options)
def test_to_optional_round_trip(o: Option[int]) -> None:
    assert from_optional(o.to_optional()) == o


@given(results_of(options, errors))
def test_result_transpose_twice_is_identity(r: Result[Option[int], str]) -> None:
    assert r.transpose().transpose() == r


@given(options_of(results))
def test_option_transpose_twice_is_identity(o: Option[Result[int, str]]) -> None:
    assert o.transpose().transpose() == o


@given(results_of(results, errors))
def test_result_flatten(nested: Result[Result[int, str], str]) -> None:
    match nested:
        case Ok(inner):
            assert nested.flatten() == inner
        case Err():
            assert nested.flatten() == nested
    assert nested.flatten() == nested.and_then(lambda inner: inner)


@given(options_of(options))
def test_option_flatten(nested: Option[Option[int]]) -> None:
    expected = nested.value if isinstance(nested, Some) else Nothing()
    assert nested.flatten() == expected
    assert nested.flatten() == nested.and_then(lambda inner: inner)


# --- combinators and the data model -----------------------------------------------------------


@given(results, values)
def test_unwrap_or_and_map_or(r: Result[int, str], default: int) -> None:
    expected = r.value if isinstance(r, Ok) else default
    assert r.unwrap_or(default) == expected
    assert r.map_or(default, lambda x: x) == expected
    assert r.map_or_else(lambda e: default, lambda x: x) == expected
    assert list(r.iter()) == ([r.value] if isinstance(r, Ok) else [])


@given(options, options)
def test_xor_is_some_exactly_when_one_side_is(a: Option[int], b: Option[int]) -> None:
    assert a.xor(b).is_some() == (a.is_some() != b.is_some())
    assert a.xor(b) == b.xor(a)


@given(options, options)
def test_zip_then_unzip(a: Option[int], b: Option[int]) -> None:
    zipped = a.zip(b)
    if a.is_some() and b.is_some():
        assert zipped.unzip() == (a, b)
    else:
        assert zipped is Nothing()


@given(options, int_functions)
def test_filter_matches_is_some_and(o: Option[int], f: Fn) -> None:
    def predicate(x: int) -> bool:
        return f(x) % 2 == 0

    assert o.filter(predicate).is_some() == o.is_some_and(predicate)


@given(st.one_of(results, options), st.one_of(results, options))
def test_equality_and_hash_are_consistent(a: object, b: object) -> None:
    if a == b:
        assert hash(a) == hash(b)
    assert (a == b) == (repr(a) == repr(b))


@given(values | errors)
def test_variants_never_equal_each_other(x: object) -> None:
    assert Ok(x) != Err(x)
    assert Some(x) != Ok(x)
    assert Some(x) != Err(x)
    assert Ok(x) == Ok(x)


@given(st.one_of(results, options, results_of(options, errors)))
def test_pickle_and_repr_round_trip(x: object) -> None:
    assert pickle.loads(pickle.dumps(x)) == x
    namespace = {"Ok": Ok, "Err": Err, "Some": Some, "Nothing": Nothing}
    assert eval(repr(x), namespace) == x
