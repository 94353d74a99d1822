"""`Result[T, E]`: a value (`Ok`) or an error (`Err`), with the methods of Rust's `Result`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Iterator
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    NoReturn,
    ParamSpec,
    TypeAlias,
    TypeVar,
    final,
    overload,
)

from . import option as _option
from ._functions import is_coroutine_function, wraps
from ._unshared import UNSHARED, refcount

if TYPE_CHECKING:
    from typing import Never

    from typing_extensions import TypeIs
    from typing_extensions import TypeVar as TypeVarWithDefault

    from .option import Nothing, Option, Some

    # A type variable nothing solves is `Never` ("cannot happen"), as mypy infers, rather than
    # pyright's `Unknown`, which strict mode reports: `r.and_then(lambda v: Ok(v))` (the lambda
    # has no `Err`) is `Result[T, Never] | Err[E]`, `Err(e).or_else(lambda e: Err(...))` likewise.
    U = TypeVarWithDefault("U", default=Never)
    F = TypeVarWithDefault("F", default=Never)
else:
    U = TypeVar("U")
    F = TypeVar("F")

T = TypeVar("T", covariant=True)
E = TypeVar("E", covariant=True)
_V = TypeVar("_V")
R = TypeVar("R")
X = TypeVar("X", bound=BaseException)
P = ParamSpec("P")

if TYPE_CHECKING:

    def _new(cls: type[_V]) -> _V: ...

else:
    _new = object.__new__


class UnwrapError(Exception):
    """Raised by `unwrap`/`expect` on the wrong variant: the Python form of a Rust panic."""

    def __init__(self, result: object, message: str) -> None:
        super().__init__(message)
        self.result = result
        """The `Ok`, `Err` or `Nothing` that was unwrapped."""


def _unwrap_failed(result: object, message: str, payload: object) -> NoReturn:
    error = UnwrapError(result, f"{message}: {payload!r}")
    if isinstance(payload, BaseException):
        raise error from payload
    raise error


def _bool_is_a_bug(self: object) -> NoReturn:
    name = type(self).__name__
    raise TypeError(
        f"the truth value of {name}(...) is ambiguous: use .is_ok()/.is_err(), "
        "is_ok(r)/is_err(r), or match on Ok/Err"
    )


@final
class Ok(Generic[T]):
    """The success variant of `Result`, holding `value`."""

    __slots__ = ("_value",)
    __match_args__ = ("value",)

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Final at run time too: `map` may update an `Ok` in place (see `_unshared`).
        raise TypeError(f"{cls.__name__}: Ok is final and cannot be subclassed")

    def __init__(self, value: T) -> None:
        self._value = value

    @property
    def value(self) -> T:
        """The contained success value."""
        return self._value

    def __repr__(self) -> str:
        return f"Ok({self._value!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Ok and self._value == other._value  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]

    def __hash__(self) -> int:
        return hash((Ok, self._value))

    def __reduce__(self) -> tuple[type[Ok[T]], tuple[T]]:
        return (Ok, (self._value,))

    __bool__ = _bool_is_a_bug

    def is_ok(self) -> Literal[True]:
        """Return True: this is an `Ok`."""
        return True

    def is_ok_and(self, predicate: Callable[[T], bool]) -> bool:
        """Return whether the value satisfies `predicate`."""
        return predicate(self._value)

    def is_err(self) -> Literal[False]:
        """Return False: this is not an `Err`."""
        return False

    def is_err_and(self, predicate: Callable[[Any], bool]) -> Literal[False]:
        """Return False without calling `predicate`: there is no error."""
        return False

    def ok(self) -> Some[T]:
        """Convert to `Option`: `Some(value)`."""
        return _option.Some(self._value)

    def err(self) -> Nothing:
        """Convert the error to `Option`: `Nothing()`, there is none."""
        return _option.NOTHING

    def expect(self, message: str) -> T:
        """Return the value (on `Err`, raise `UnwrapError` with `message`)."""
        return self._value

    def expect_err(self, message: str) -> NoReturn:
        """Raise `UnwrapError` with `message` and the value: an `Ok` has no error."""
        _unwrap_failed(self, message, self._value)

    def unwrap(self) -> T:
        """Return the value (on `Err`, raise `UnwrapError`)."""
        return self._value

    def unwrap_err(self) -> NoReturn:
        """Raise `UnwrapError`: an `Ok` has no error."""
        _unwrap_failed(self, "called `Result.unwrap_err()` on an `Ok` value", self._value)

    def unwrap_or(self, default: object) -> T:
        """Return the value, ignoring `default`."""
        return self._value

    def unwrap_or_else(self, op: Callable[[Any], object]) -> T:
        """Return the value without calling `op`."""
        return self._value

    def unwrap_or_return(self) -> T:
        """Return the value; on `Err`, return the `Err` from the `@early_return` function (Rust's `?`)."""
        return self._value

    def map(self, op: Callable[[T], U]) -> Ok[U]:
        """Apply `op` to the value: `Ok(op(value))`."""
        value = op(self._value)
        if refcount(self) == UNSHARED:
            reused: Ok[Any] = self
            reused._value = value
            return reused  # pyright: ignore[reportReturnType]
        mapped: Ok[U] = _new(Ok)  # pyright: ignore[reportUnknownVariableType]
        mapped._value = value
        return mapped

    def map_err(self, op: Callable[[Any], object]) -> Ok[T]:
        """Return self unchanged: there is no error to map."""
        return self

    def map_or(self, default: object, op: Callable[[T], U]) -> U:
        """Return `op(value)`, ignoring `default`."""
        return op(self._value)

    def map_or_else(self, default: Callable[[Any], object], op: Callable[[T], U]) -> U:
        """Return `op(value)`; `default` would get the error of an `Err`."""
        return op(self._value)

    def inspect(self, op: Callable[[T], object]) -> Ok[T]:
        """Call `op` with the value and return self."""
        op(self._value)
        return self

    def inspect_err(self, op: Callable[[Any], object]) -> Ok[T]:
        """Return self without calling `op`."""
        return self

    def iter(self) -> Iterator[T]:
        """Iterate over the one value."""
        return iter((self._value,))

    def and_(self, other: Result[U, F]) -> Result[U, F]:
        """Return `other` (evaluated eagerly): self is `Ok`."""
        return other

    def and_then(self, op: Callable[[T], Result[U, F]]) -> Result[U, F]:
        """Return `op(value)`: chain a fallible step."""
        return op(self._value)

    def or_(self, other: object) -> Ok[T]:
        """Return self, ignoring `other`."""
        return self

    def or_else(self, op: Callable[[Any], object]) -> Ok[T]:
        """Return self without calling `op`."""
        return self

    def flatten(self: Ok[Result[U, F]]) -> Result[U, F]:
        """Remove one level of nesting: `Ok(Ok(x))` -> `Ok(x)`, `Ok(Err(e))` -> `Err(e)`."""
        return self._value

    def transpose(self: Ok[Option[U]]) -> Option[Ok[U]]:
        """Swap with `Option`: `Ok(Some(x))` -> `Some(Ok(x))`, `Ok(Nothing())` -> `Nothing()`."""
        inner = self._value
        if type(inner) is _option.Some:
            return _option.Some(Ok(inner.value))
        return _option.NOTHING


@final
class Err(Generic[E]):
    """The failure variant of `Result`, holding `error`."""

    __slots__ = ("_error",)
    __match_args__ = ("error",)

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Final at run time too: `map` may update an `Err` in place (see `_unshared`).
        raise TypeError(f"{cls.__name__}: Err is final and cannot be subclassed")

    def __init__(self, error: E) -> None:
        self._error = error

    @property
    def error(self) -> E:
        """The contained error."""
        return self._error

    def __repr__(self) -> str:
        return f"Err({self._error!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Err and self._error == other._error  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]

    def __hash__(self) -> int:
        return hash((Err, self._error))

    def __reduce__(self) -> tuple[type[Err[E]], tuple[E]]:
        return (Err, (self._error,))

    __bool__ = _bool_is_a_bug

    def is_ok(self) -> Literal[False]:
        """Return False: this is not an `Ok`."""
        return False

    def is_ok_and(self, predicate: Callable[[Any], bool]) -> Literal[False]:
        """Return False without calling `predicate`: there is no value."""
        return False

    def is_err(self) -> Literal[True]:
        """Return True: this is an `Err`."""
        return True

    def is_err_and(self, predicate: Callable[[E], bool]) -> bool:
        """Return whether the error satisfies `predicate`."""
        return predicate(self._error)

    def ok(self) -> Nothing:
        """Convert to `Option`: `Nothing()`, there is no value."""
        return _option.NOTHING

    def err(self) -> Some[E]:
        """Convert the error to `Option`: `Some(error)`."""
        return _option.Some(self._error)

    def expect(self, message: str) -> NoReturn:
        """Raise `UnwrapError` with `message` and the error."""
        _unwrap_failed(self, message, self._error)

    def expect_err(self, message: str) -> E:
        """Return the error (on `Ok`, raise `UnwrapError` with `message`)."""
        return self._error

    def unwrap(self) -> NoReturn:
        """Raise `UnwrapError` chained to the error."""
        _unwrap_failed(self, "called `Result.unwrap()` on an `Err` value", self._error)

    def unwrap_err(self) -> E:
        """Return the error (on `Ok`, raise `UnwrapError`)."""
        return self._error

    def unwrap_or(self, default: U) -> U:
        """Return `default`."""
        return default

    def unwrap_or_else(self, op: Callable[[E], U]) -> U:
        """Return `op(error)`."""
        return op(self._error)

    def unwrap_or_return(self) -> NoReturn:
        """Return this `Err` from the enclosing `@early_return` function (Rust's `?`)."""
        raise EarlyReturn(self)

    def map(self, op: Callable[[Any], object]) -> Err[E]:
        """Return self unchanged: there is no value to map."""
        return self

    def map_err(self, op: Callable[[E], F]) -> Err[F]:
        """Apply `op` to the error: `Err(op(error))`."""
        error = op(self._error)
        if refcount(self) == UNSHARED:
            reused: Err[Any] = self
            reused._error = error
            return reused  # pyright: ignore[reportReturnType]
        mapped: Err[F] = _new(Err)  # pyright: ignore[reportUnknownVariableType]
        mapped._error = error
        return mapped

    def map_or(self, default: U, op: Callable[[Any], object]) -> U:
        """Return `default` without calling `op`."""
        return default

    def map_or_else(self, default: Callable[[E], U], op: Callable[[Any], object]) -> U:
        """Return `default(error)`."""
        return default(self._error)

    def inspect(self, op: Callable[[Any], object]) -> Err[E]:
        """Return self without calling `op`."""
        return self

    def inspect_err(self, op: Callable[[E], object]) -> Err[E]:
        """Call `op` with the error and return self."""
        op(self._error)
        return self

    def iter(self) -> Iterator[NoReturn]:
        """Iterate over nothing."""
        return iter(())

    def and_(self, other: object) -> Err[E]:
        """Return self, ignoring `other`."""
        return self

    def and_then(self, op: Callable[[Any], object]) -> Err[E]:
        """Return self without calling `op`."""
        return self

    def or_(self, other: Result[U, F]) -> Result[U, F]:
        """Return `other` (evaluated eagerly): self is `Err`."""
        return other

    def or_else(self, op: Callable[[E], Result[U, F]]) -> Result[U, F]:
        """Return `op(error)`: recover from the error."""
        return op(self._error)

    def flatten(self) -> Err[E]:
        """Return self: an `Err` has no nesting to remove."""
        return self

    def transpose(self) -> Some[Err[E]]:
        """Swap with `Option`: `Err(e)` -> `Some(Err(e))`."""
        return _option.Some(self)


Result: TypeAlias = Ok[T] | Err[E]
"""`Ok[T] | Err[E]`: narrow it with `match`, `isinstance` or `is_ok`/`is_err`."""


def is_ok(result: Result[T, E]) -> TypeIs[Ok[T]]:
    """Return whether `result` is `Ok`, narrowing it in both branches."""
    return type(result) is Ok


def is_err(result: Result[T, E]) -> TypeIs[Err[E]]:
    """Return whether `result` is `Err`, narrowing it in both branches."""
    return type(result) is Err


def collect(results: Iterable[Result[T, E]]) -> Result[list[T], E]:
    """Gather the values into a list, stopping at the first `Err` and returning it."""
    values: list[T] = []
    append = values.append
    for result in results:
        if type(result) is Err:
            return result
        append(result.value)
    return Ok(values)


def partition(results: Iterable[Result[T, E]]) -> tuple[list[T], list[E]]:
    """Split into the list of values and the list of errors, keeping their order."""
    values: list[T] = []
    errors: list[E] = []
    for result in results:
        if type(result) is Ok:
            values.append(result.value)
        else:
            errors.append(result.error)
    return values, errors


class catch(Generic[X]):
    """Decorator: turn a function that raises `exception_types` into one that returns `Result`.

    Works on sync and async functions; other exceptions propagate.
    """

    __slots__ = ("_exception_types",)

    def __init__(self, *exception_types: type[X]) -> None:
        if not exception_types:
            raise TypeError("catch() needs at least one exception type, e.g. catch(ValueError)")
        self._exception_types = exception_types

    @overload
    def __call__(  # type: ignore[overload-overlap]  # pyright: ignore[reportOverlappingOverload]
        self, function: Callable[P, Coroutine[Any, Any, R]]
    ) -> Callable[P, Coroutine[Any, Any, Result[R, X]]]: ...

    @overload
    def __call__(self, function: Callable[P, R]) -> Callable[P, Result[R, X]]: ...

    def __call__(self, function: Callable[P, Any]) -> Callable[P, Any]:
        exception_types = self._exception_types
        if is_coroutine_function(function):

            async def catching_async(*args: P.args, **kwargs: P.kwargs) -> Result[Any, X]:
                try:
                    value = await function(*args, **kwargs)
                except exception_types as error:
                    return Err(error)
                return Ok(value)

            return wraps(catching_async, function)

        def catching(*args: P.args, **kwargs: P.kwargs) -> Result[Any, X]:
            try:
                value = function(*args, **kwargs)
            except exception_types as error:
                return Err(error)
            return Ok(value)

        return wraps(catching, function)


class EarlyReturn(BaseException):
    """Internal: carries an `Err` or `Nothing` out of `unwrap_or_return` to `@early_return`.

    A BaseException so that user code's `except Exception` does not swallow it.
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


@overload
def early_return(
    function: Callable[P, Coroutine[Any, Any, R]],
) -> Callable[P, Coroutine[Any, Any, R]]: ...


@overload
def early_return(function: Callable[P, R]) -> Callable[P, R]: ...


def early_return(function: Callable[P, Any]) -> Callable[P, Any]:
    """Decorator: let `result.unwrap_or_return()` return an `Err` (or `Nothing`) early, like `?`."""
    if is_coroutine_function(function):

        async def returning_early_async(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return await function(*args, **kwargs)
            except EarlyReturn as early:
                return early.value

        return wraps(returning_early_async, function)

    def returning_early(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return function(*args, **kwargs)
        except EarlyReturn as early:
            return early.value

    return wraps(returning_early, function)


__all__ = [
    "Err",
    "Ok",
    "Result",
    "UnwrapError",
    "catch",
    "collect",
    "early_return",
    "is_err",
    "is_ok",
    "partition",
]
