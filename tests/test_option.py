"""Option: Some and Nothing, every method on both variants with Rust's semantics, and the
helpers from_optional, is_some and is_nothing."""

from __future__ import annotations

import copy
import pickle
import typing
from collections.abc import Iterator

import pytest

from callables import Recorder, never
from ferrolambda import (
    Err,
    Nothing,
    Ok,
    Option,
    Result,
    Some,
    UnwrapError,
    from_optional,
    is_nothing,
    is_some,
)


class TestDataModel:
    def test_value(self) -> None:
        assert Some(1).value == 1
        assert Some(None).value is None

    def test_nothing_is_a_singleton(self) -> None:
        assert Nothing() is Nothing()
        assert type(Nothing()) is Nothing

    def test_repr(self) -> None:
        assert repr(Some(2)) == "Some(2)"
        assert repr(Some("x")) == "Some('x')"
        assert repr(Nothing()) == "Nothing()"
        assert repr(Some(Nothing())) == "Some(Nothing())"

    def test_equality(self) -> None:
        assert Some(1) == Some(1)
        assert Some(1) != Some(2)
        assert Nothing() == Nothing()
        assert Some(None) != Nothing()
        assert Some(1) != Ok(1)
        assert Nothing() != Err(None)
        assert Some(1) != 1
        assert Nothing() != None  # noqa: E711

    def test_hash(self) -> None:
        assert hash(Some(1)) == hash(Some(1))
        assert hash(Nothing()) == hash(Nothing())
        assert len({Some(1), Some(1), Nothing(), Nothing(), Ok(1)}) == 3

    @pytest.mark.parametrize("option", [Some(1), Some("s"), Some(Some(None)), Some(Ok(2))])
    def test_pickle_round_trip(self, option: Option[object]) -> None:
        restored = pickle.loads(pickle.dumps(option))
        assert restored == option
        assert type(restored) is Some

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle_keeps_the_singleton(self, protocol: int) -> None:
        assert pickle.loads(pickle.dumps(Nothing(), protocol=protocol)) is Nothing()
        nested = pickle.loads(pickle.dumps([Nothing(), Some(Nothing())], protocol=protocol))
        assert nested[0] is Nothing()
        assert nested[1].value is Nothing()

    def test_copy_keeps_the_singleton(self) -> None:
        assert copy.copy(Nothing()) is Nothing()
        assert copy.deepcopy(Nothing()) is Nothing()
        assert copy.deepcopy(Some([1])) == Some([1])

    def test_match_args(self) -> None:
        assert Some.__match_args__ == ("value",)
        assert Nothing.__match_args__ == ()

    @pytest.mark.parametrize(
        ("option", "expected"),
        [(Some(3), "some 3"), (Nothing(), "nothing"), (Some(Nothing()), "some-nothing")],
    )
    def test_pattern_matching(self, option: Option[object], expected: str) -> None:
        match option:
            case Some(Nothing()):
                described = "some-nothing"
            case Some(value):
                described = f"some {value}"
            case Nothing():
                described = "nothing"
        assert described == expected

    def test_immutable(self) -> None:
        some = Some(1)
        with pytest.raises(AttributeError):
            some.value = 2  # type: ignore[misc]
        with pytest.raises(AttributeError):
            some.extra = 1  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            Nothing().value = 1  # type: ignore[attr-defined]
        assert some.value == 1

    @pytest.mark.parametrize("option", [Some(1), Some(False), Nothing()])
    def test_bool_raises(self, option: Option[object]) -> None:
        with pytest.raises(TypeError, match="is_some") as info:
            bool(option)
        assert "is_nothing" in str(info.value)


class TestQueries:
    def test_is_some_is_nothing(self) -> None:
        assert Some(1).is_some() is True
        assert Some(1).is_nothing() is False
        assert Nothing().is_some() is False
        assert Nothing().is_nothing() is True

    def test_is_some_and(self) -> None:
        assert Some(2).is_some_and(lambda v: v > 1) is True
        assert Some(0).is_some_and(lambda v: v > 1) is False
        assert Nothing().is_some_and(never) is False

    def test_is_nothing_or(self) -> None:
        assert Nothing().is_nothing_or(never) is True
        assert Some(2).is_nothing_or(lambda v: v > 1) is True
        assert Some(0).is_nothing_or(lambda v: v > 1) is False

    def test_module_guards(self) -> None:
        assert is_some(Some(1)) is True
        assert is_some(Nothing()) is False
        assert is_nothing(Nothing()) is True
        assert is_nothing(Some(None)) is False
        options: list[Option[int]] = [Some(1), Nothing(), Some(3)]
        assert [o.value for o in options if is_some(o)] == [1, 3]
        assert sum(1 for o in options if is_nothing(o)) == 1


class TestUnwrap:
    def test_unwrap_and_expect_on_some(self) -> None:
        assert Some(1).unwrap() == 1
        assert Some(1).expect("needed") == 1

    def test_unwrap_on_nothing_raises(self) -> None:
        with pytest.raises(UnwrapError) as info:
            Nothing().unwrap()
        assert "called `Option.unwrap()` on a `Nothing` value" in str(info.value)
        assert info.value.result is Nothing()
        assert info.value.__cause__ is None

    def test_expect_on_nothing_has_the_message(self) -> None:
        with pytest.raises(UnwrapError) as info:
            Nothing().expect("the config must be loaded")
        assert str(info.value) == "the config must be loaded"
        assert info.value.result is Nothing()

    def test_unwrap_or(self) -> None:
        assert Some(1).unwrap_or(0) == 1
        assert Nothing().unwrap_or(0) == 0

    def test_unwrap_or_else(self) -> None:
        assert Some(1).unwrap_or_else(never) == 1
        recorder = Recorder(returns=9)
        assert Nothing().unwrap_or_else(recorder) == 9
        assert recorder.calls == [()]

    def test_to_optional(self) -> None:
        assert Some(1).to_optional() == 1
        nothing: list[Option[int]] = [Nothing()]
        assert nothing[0].to_optional() is None
        assert Some(None).to_optional() is None


class TestMap:
    def test_map(self) -> None:
        assert Some(2).map(lambda v: v * 3) == Some(6)
        assert Nothing().map(never) is Nothing()
        assert type(Some(1).map(str)) is Some

    def test_map_may_produce_none(self) -> None:
        assert Some(1).map(lambda v: None) == Some(None)

    def test_map_or(self) -> None:
        assert Some(2).map_or(0, lambda v: v + 1) == 3
        assert Nothing().map_or(0, never) == 0

    def test_map_or_else(self) -> None:
        assert Some(2).map_or_else(never, lambda v: v + 1) == 3
        recorder = Recorder(returns="default")
        assert Nothing().map_or_else(recorder, never) == "default"
        assert recorder.calls == [()]

    def test_inspect(self) -> None:
        recorder = Recorder()
        some = Some(4)
        assert some.inspect(recorder) is some
        assert recorder.calls == [(4,)]
        assert Nothing().inspect(never) is Nothing()

    def test_filter(self) -> None:
        some = Some(4)
        assert some.filter(lambda v: v % 2 == 0) is some
        assert Some(3).filter(lambda v: v % 2 == 0) is Nothing()
        assert Nothing().filter(never) is Nothing()

    def test_filter_calls_predicate_once_with_value(self) -> None:
        recorder = Recorder(returns=True)
        assert Some("v").filter(recorder) == Some("v")
        assert recorder.calls == [("v",)]

    def test_iter(self) -> None:
        iterator = Some(1).iter()
        assert isinstance(iterator, Iterator)
        assert list(iterator) == [1]
        assert list(Nothing().iter()) == []


class TestToResult:
    def test_ok_or(self) -> None:
        assert Some(1).ok_or("missing") == Ok(1)
        assert Nothing().ok_or("missing") == Err("missing")

    def test_ok_or_else_is_lazy(self) -> None:
        assert Some(1).ok_or_else(never) == Ok(1)
        recorder = Recorder(returns=KeyError("k"))
        result = Nothing().ok_or_else(recorder)
        assert isinstance(result, Err)
        assert isinstance(result.error, KeyError)
        assert recorder.calls == [()]


class TestBooleanCombinators:
    def test_and(self) -> None:
        other: Option[str] = Some("b")
        assert Some(1).and_(other) is other
        assert Some(1).and_(Nothing()) is Nothing()
        assert Nothing().and_(Some(2)) is Nothing()

    def test_and_then(self) -> None:
        assert Some(2).and_then(lambda v: Some(v + 1)) == Some(3)
        assert Some(2).and_then(lambda v: Nothing()) is Nothing()
        assert Nothing().and_then(never) is Nothing()

    def test_and_then_passes_value(self) -> None:
        recorder = Recorder(returns=Some("next"))
        assert Some(5).and_then(recorder) == Some("next")
        assert recorder.calls == [(5,)]

    def test_or(self) -> None:
        some = Some(1)
        assert some.or_(Some(2)) is some
        assert some.or_(Nothing()) is some
        other: Option[int] = Some(2)
        assert Nothing().or_(other) is other
        assert Nothing().or_(Nothing()) is Nothing()

    def test_or_else(self) -> None:
        some = Some(1)
        assert some.or_else(never) is some
        recorder = Recorder(returns=Some(0))
        assert Nothing().or_else(recorder) == Some(0)
        assert recorder.calls == [()]

    @pytest.mark.parametrize(
        ("left", "right", "expected"),
        [
            (Some(1), Some(2), Nothing()),
            (Some(1), Nothing(), Some(1)),
            (Nothing(), Some(2), Some(2)),
            (Nothing(), Nothing(), Nothing()),
        ],
    )
    def test_xor(self, left: Option[int], right: Option[int], expected: Option[int]) -> None:
        assert left.xor(right) == expected

    def test_zip(self) -> None:
        assert Some(1).zip(Some("a")) == Some((1, "a"))
        assert Some(1).zip(Nothing()) is Nothing()
        assert Nothing().zip(Some("a")) is Nothing()
        assert Nothing().zip(Nothing()) is Nothing()

    def test_unzip(self) -> None:
        assert Some((1, "a")).unzip() == (Some(1), Some("a"))
        assert Nothing().unzip() == (Nothing(), Nothing())

    def test_zip_then_unzip(self) -> None:
        assert Some(1).zip(Some("a")).unzip() == (Some(1), Some("a"))


class TestNesting:
    def test_flatten(self) -> None:
        assert Some(Some(1)).flatten() == Some(1)
        assert Some(Nothing()).flatten() is Nothing()
        assert Nothing().flatten() is Nothing()
        assert Some(Some(Some(1))).flatten() == Some(Some(1))

    def test_transpose(self) -> None:
        assert Some(Ok(1)).transpose() == Ok(Some(1))
        assert Some(Err("e")).transpose() == Err("e")
        assert Nothing().transpose() == Ok(Nothing())

    def test_transpose_returns_the_err_itself(self) -> None:
        err = Err("e")
        assert Some(err).transpose() is err

    def test_transpose_round_trip(self) -> None:
        options: list[Option[Result[int, str]]] = [Some(Ok(1)), Some(Err("e")), Nothing()]
        for option in options:
            assert option.transpose().transpose() == option


class TestFromOptional:
    def test_none_is_nothing(self) -> None:
        assert from_optional(None) is Nothing()

    @pytest.mark.parametrize("value", [0, "", False, [], 1, "x"])
    def test_anything_else_is_some(self, value: object) -> None:
        assert from_optional(value) == Some(value)

    def test_round_trip(self) -> None:
        assert from_optional(3).to_optional() == 3
        assert from_optional(None).to_optional() is None


def test_option_alias_is_the_union_of_some_and_nothing() -> None:
    args = typing.get_args(Option[int])  # type: ignore[misc]  # a runtime use of the alias
    assert typing.get_origin(args[0]) is Some
    assert args[1] is Nothing


def test_result_and_option_convert_both_ways() -> None:
    options: list[Option[int]] = [Some(1), Nothing()]
    for option in options:
        assert option.ok_or("e").ok() == option
    results: list[Result[int, str]] = [Ok(1), Err("e")]
    assert [r.ok() for r in results] == [Some(1), Nothing()]
