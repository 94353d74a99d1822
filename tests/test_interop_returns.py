"""Adapters between ferrolambda's `Result`/`Option` and dry-python/returns' containers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.io import IO, IOFailure, IOResult, IOSuccess
from returns.maybe import Maybe
from returns.maybe import Nothing as ReturnsNothing
from returns.maybe import Some as ReturnsSome
from returns.result import Failure, Success
from returns.result import Result as ReturnsResult
from returns.unsafe import unsafe_perform_io

from ferrolambda import Err, Nothing, Ok, Some
from ferrolambda.interop.returns import (
    from_option,
    from_result,
    to_io_result,
    to_option,
    to_result,
)

values = st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers(), max_size=3))


def test_to_result() -> None:
    assert to_result(Success(1)) == Ok(1)
    assert to_result(Failure("bad")) == Err("bad")
    assert to_result(IOSuccess(2)) == Ok(2)  # the IO is unwrapped: Ok(2), not Ok(IO(2))
    assert to_result(IOFailure("io bad")) == Err("io bad")
    assert to_result(Success(None)) == Ok(None)
    assert to_result(Failure(None)) == Err(None)


def test_to_result_keeps_the_objects() -> None:
    value = object()
    error = ValueError("x")
    ok = to_result(Success(value))
    assert type(ok) is Ok
    assert ok.value is value
    err = to_result(Failure(error))
    assert type(err) is Err
    assert err.error is error
    io_err = to_result(IOFailure(error))
    assert type(io_err) is Err
    assert io_err.error is error


def test_from_result() -> None:
    success: ReturnsResult[int, Any] = from_result(Ok(1))
    assert success == Success(1)
    assert isinstance(success, Success)
    failure: ReturnsResult[Any, str] = from_result(Err("bad"))
    assert failure == Failure("bad")
    assert isinstance(failure, Failure)
    assert failure.failure() == "bad"


def test_to_io_result() -> None:
    io_success: IOResult[int, Any] = to_io_result(Ok(1))
    assert isinstance(io_success, IOSuccess)
    assert io_success == IOSuccess(1)
    assert unsafe_perform_io(io_success.unwrap()) == 1
    io_failure: IOResult[Any, str] = to_io_result(Err("bad"))
    assert isinstance(io_failure, IOFailure)
    assert io_failure == IOFailure("bad")
    assert io_failure.failure() == IO("bad")


@given(values)
def test_result_round_trips(value: Any) -> None:
    for result in (Ok(value), Err(value)):
        assert to_result(from_result(result)) == result
        assert to_result(to_io_result(result)) == result
    assert from_result(to_result(Success(value))) == Success(value)
    assert from_result(to_result(Failure(value))) == Failure(value)
    io_success: IOResult[Any, Any] = IOSuccess(value)
    io_failure: IOResult[Any, Any] = IOFailure(value)
    assert to_io_result(to_result(io_success)) == io_success
    assert to_io_result(to_result(io_failure)) == io_failure


def test_to_option() -> None:
    assert to_option(ReturnsSome(1)) == Some(1)
    assert to_option(ReturnsNothing) is Nothing()
    assert to_option(Maybe.from_optional(None)) is Nothing()
    assert to_option(Maybe.from_optional(0)) == Some(0)


def test_some_none_is_not_nothing() -> None:
    # returns' Some(None) holds a value (None); it must not become Nothing
    converted = to_option(ReturnsSome(None))
    assert converted == Some(None)
    assert type(converted) is Some
    back = from_option(Some(None))
    assert back is not ReturnsNothing
    assert back == ReturnsSome(None)
    assert back.unwrap() is None


def test_from_option() -> None:
    assert from_option(Some(1)) == ReturnsSome(1)
    assert from_option(Nothing()) is ReturnsNothing


@given(values)
def test_option_round_trips(value: Any) -> None:
    assert to_option(from_option(Some(value))) == Some(value)
    assert from_option(to_option(ReturnsSome(value))) == ReturnsSome(value)


def test_nothing_round_trips() -> None:
    assert to_option(from_option(Nothing())) is Nothing()
    assert from_option(to_option(ReturnsNothing)) is ReturnsNothing


@pytest.mark.parametrize("container", [ReturnsSome(1), ReturnsNothing, IO(1), 1, None])
def test_to_result_rejects_what_is_not_a_result(container: Any) -> None:
    with pytest.raises(TypeError, match=r"expected a returns Result or IOResult, got "):
        to_result(container)
