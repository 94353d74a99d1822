"""Convert between ferrolambda's `Result`/`Option` and dry-python/returns' containers.

`returns` is an optional extra (`pip install ferrolambda[returns]`); this module imports it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from returns.io import IOFailure, IOResult, IOSuccess
from returns.maybe import Maybe
from returns.maybe import Nothing as ReturnsNothing
from returns.maybe import Some as ReturnsSome
from returns.result import Failure, Success
from returns.result import Result as ReturnsResult
from returns.unsafe import unsafe_perform_io

from ..option import Nothing, Option, Some
from ..result import Err, Ok, Result

T = TypeVar("T")
E = TypeVar("E")


def to_result(container: ReturnsResult[T, E] | IOResult[T, E]) -> Result[T, E]:
    """`Success(x)`/`IOSuccess(x)` -> `Ok(x)`, `Failure(e)`/`IOFailure(e)` -> `Err(e)`.

    Any other object (a `Maybe`, `IO`, `FutureResult`, ...) is a `TypeError`.
    """
    if isinstance(container, IOSuccess):
        return Ok(unsafe_perform_io(container.unwrap()))
    if isinstance(container, IOFailure):
        return Err(unsafe_perform_io(container.failure()))
    if isinstance(container, Success):
        return Ok(container.unwrap())
    if isinstance(container, Failure):
        return Err(container.failure())
    raise TypeError(
        f"expected a returns Result or IOResult, got {type(container).__name__}"  # pyright: ignore[reportUnknownArgumentType]
    )


def from_result(result: Result[T, E]) -> ReturnsResult[T, E]:
    """`Ok(x)` -> `Success(x)`, `Err(e)` -> `Failure(e)`."""
    if isinstance(result, Ok):
        return Success(result.value)
    return Failure(result.error)


def to_io_result(result: Result[T, E]) -> IOResult[T, E]:
    """`Ok(x)` -> `IOSuccess(x)`, `Err(e)` -> `IOFailure(e)`."""
    if isinstance(result, Ok):
        return IOSuccess(result.value)
    return IOFailure(result.error)


def to_option(maybe: Maybe[T]) -> Option[T]:
    """returns' `Some(x)` -> `Some(x)`, its `Nothing` -> `Nothing()`."""
    if maybe is ReturnsNothing:
        return Nothing()
    return Some(maybe.unwrap())


def from_option(option: Option[T]) -> Maybe[T]:
    """`Some(x)` -> returns' `Some(x)`, `Nothing()` -> its `Nothing`."""
    if isinstance(option, Some):
        return ReturnsSome(option.value)
    nothing: Maybe[Any] = ReturnsNothing
    return nothing


__all__ = ["from_option", "from_result", "to_io_result", "to_option", "to_result"]
