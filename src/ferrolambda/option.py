"""`Option[T]`: a value (`Some`) or none (`Nothing`), with the methods of Rust's `Option`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Literal, NoReturn, TypeAlias, TypeVar, final

from . import result as _result
from ._unshared import UNSHARED, refcount

if TYPE_CHECKING:
    from typing import Never

    from typing_extensions import TypeIs
    from typing_extensions import TypeVar as TypeVarWithDefault

    from .result import Err, Ok, Result

    # A type variable nothing solves is `Never`, as mypy infers, rather than pyright's `Unknown`,
    # which strict mode reports: `o.and_then(lambda v: Nothing())` is `Option[Never]`. (V and F
    # need a default too, since they follow U in some signatures.)
    U = TypeVarWithDefault("U", default=Never)
    V = TypeVarWithDefault("V", default=Never)
    F = TypeVarWithDefault("F", default=Never)
else:
    U = TypeVar("U")
    V = TypeVar("V")
    F = TypeVar("F")

T = TypeVar("T", covariant=True)
_V = TypeVar("_V")

if TYPE_CHECKING:

    def _new(cls: type[_V]) -> _V: ...

else:
    _new = object.__new__


@final
class Some(Generic[T]):
    """The variant of `Option` that holds `value`."""

    __slots__ = ("_value",)
    __match_args__ = ("value",)

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Final at run time too: `map` may update a `Some` in place (see `_unshared`).
        raise TypeError(f"{cls.__name__}: Some is final and cannot be subclassed")

    def __init__(self, value: T) -> None:
        self._value = value

    @property
    def value(self) -> T:
        """The contained value."""
        return self._value

    def __repr__(self) -> str:
        return f"Some({self._value!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Some and self._value == other._value  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]

    def __hash__(self) -> int:
        return hash((Some, self._value))

    def __reduce__(self) -> tuple[type[Some[T]], tuple[T]]:
        return (Some, (self._value,))

    def __bool__(self) -> NoReturn:
        raise TypeError(
            "the truth value of Some(...) is ambiguous: use .is_some()/.is_nothing(), "
            "is_some(o)/is_nothing(o), or match on Some/Nothing"
        )

    def is_some(self) -> Literal[True]:
        """Return True: this is a `Some`."""
        return True

    def is_some_and(self, predicate: Callable[[T], bool]) -> bool:
        """Return whether the value satisfies `predicate`."""
        return predicate(self._value)

    def is_nothing(self) -> Literal[False]:
        """Return False: this is not `Nothing`."""
        return False

    def is_nothing_or(self, predicate: Callable[[T], bool]) -> bool:
        """Return whether the value satisfies `predicate`."""
        return predicate(self._value)

    def expect(self, message: str) -> T:
        """Return the value (on `Nothing`, raise `UnwrapError` with `message`)."""
        return self._value

    def unwrap(self) -> T:
        """Return the value (on `Nothing`, raise `UnwrapError`)."""
        return self._value

    def unwrap_or(self, default: object) -> T:
        """Return the value, ignoring `default`."""
        return self._value

    def unwrap_or_else(self, op: Callable[[], object]) -> T:
        """Return the value without calling `op`."""
        return self._value

    def unwrap_or_return(self) -> T:
        """Return the value; on `Nothing`, return `Nothing()` from the `@early_return` function."""
        return self._value

    def to_optional(self) -> T:
        """Return the value (`None` for `Nothing`)."""
        return self._value

    def map(self, op: Callable[[T], U]) -> Some[U]:
        """Apply `op` to the value: `Some(op(value))`."""
        value = op(self._value)
        if refcount(self) == UNSHARED:
            reused: Some[Any] = self
            reused._value = value
            return reused  # pyright: ignore[reportReturnType]
        mapped: Some[U] = _new(Some)  # pyright: ignore[reportUnknownVariableType]
        mapped._value = value
        return mapped

    def inspect(self, op: Callable[[T], object]) -> Some[T]:
        """Call `op` with the value and return self."""
        op(self._value)
        return self

    def map_or(self, default: object, op: Callable[[T], U]) -> U:
        """Return `op(value)`, ignoring `default`."""
        return op(self._value)

    def map_or_else(self, default: Callable[[], object], op: Callable[[T], U]) -> U:
        """Return `op(value)` without calling `default`."""
        return op(self._value)

    def ok_or(self, error: object) -> Ok[T]:
        """Convert to `Result`: `Ok(value)`."""
        return _result.Ok(self._value)

    def ok_or_else(self, op: Callable[[], object]) -> Ok[T]:
        """Convert to `Result`: `Ok(value)`, without calling `op`."""
        return _result.Ok(self._value)

    def iter(self) -> Iterator[T]:
        """Iterate over the one value."""
        return iter((self._value,))

    def and_(self, other: Option[U]) -> Option[U]:
        """Return `other` (evaluated eagerly): self is `Some`."""
        return other

    def and_then(self, op: Callable[[T], Option[U]]) -> Option[U]:
        """Return `op(value)`: chain a step that may produce nothing."""
        return op(self._value)

    def filter(self, predicate: Callable[[T], bool]) -> Option[T]:
        """Keep the value if it satisfies `predicate`, else `Nothing()`."""
        return self if predicate(self._value) else NOTHING

    def or_(self, other: object) -> Some[T]:
        """Return self, ignoring `other`."""
        return self

    def or_else(self, op: Callable[[], object]) -> Some[T]:
        """Return self without calling `op`."""
        return self

    def xor(self, other: Option[U]) -> Option[T | U]:
        """Return self if `other` is `Nothing`, else `Nothing()`."""
        return NOTHING if type(other) is Some else self

    def zip(self, other: Option[U]) -> Option[tuple[T, U]]:
        """Pair the two values: `Some((value, other_value))`, or `Nothing()` if `other` has none."""
        if type(other) is Some:
            return Some((self._value, other.value))
        return NOTHING

    def unzip(self: Some[tuple[U, V]]) -> tuple[Some[U], Some[V]]:
        """Split a pair: `Some((a, b))` -> `(Some(a), Some(b))`."""
        first, second = self._value
        return Some(first), Some(second)

    def flatten(self: Some[Option[U]]) -> Option[U]:
        """Remove one level of nesting: `Some(Some(x))` -> `Some(x)`."""
        return self._value

    def transpose(self: Some[Result[U, F]]) -> Result[Some[U], F]:
        """Swap with `Result`: `Some(Ok(x))` -> `Ok(Some(x))`, `Some(Err(e))` -> `Err(e)`."""
        inner = self._value
        if type(inner) is _result.Ok:
            return _result.Ok(Some(inner.value))
        return inner


@final
class Nothing:
    """The variant of `Option` that holds no value. `Nothing()` is a singleton."""

    __slots__ = ()
    __match_args__ = ()

    def __new__(cls) -> Nothing:
        return NOTHING

    def __repr__(self) -> str:
        return "Nothing()"

    def __reduce__(self) -> tuple[type[Nothing], tuple[()]]:
        return (Nothing, ())

    def __bool__(self) -> NoReturn:
        raise TypeError(
            "the truth value of Nothing() is ambiguous: use .is_some()/.is_nothing(), "
            "is_some(o)/is_nothing(o), or match on Some/Nothing"
        )

    def is_some(self) -> Literal[False]:
        """Return False: this is `Nothing`."""
        return False

    def is_some_and(self, predicate: Callable[[Any], bool]) -> Literal[False]:
        """Return False without calling `predicate`."""
        return False

    def is_nothing(self) -> Literal[True]:
        """Return True: this is `Nothing`."""
        return True

    def is_nothing_or(self, predicate: Callable[[Any], bool]) -> Literal[True]:
        """Return True without calling `predicate`."""
        return True

    def expect(self, message: str) -> NoReturn:
        """Raise `UnwrapError` with `message`."""
        raise _result.UnwrapError(self, message)

    def unwrap(self) -> NoReturn:
        """Raise `UnwrapError`: there is no value."""
        raise _result.UnwrapError(self, "called `Option.unwrap()` on a `Nothing` value")

    def unwrap_or(self, default: U) -> U:
        """Return `default`."""
        return default

    def unwrap_or_else(self, op: Callable[[], U]) -> U:
        """Return `op()`."""
        return op()

    def unwrap_or_return(self) -> NoReturn:
        """Return `Nothing()` from the enclosing `@early_return` function (Rust's `?`)."""
        raise _result.EarlyReturn(self)

    def to_optional(self) -> None:
        """Return `None`."""
        return

    def map(self, op: Callable[[Any], object]) -> Nothing:
        """Return `Nothing()` without calling `op`."""
        return self

    def inspect(self, op: Callable[[Any], object]) -> Nothing:
        """Return `Nothing()` without calling `op`."""
        return self

    def map_or(self, default: U, op: Callable[[Any], object]) -> U:
        """Return `default`."""
        return default

    def map_or_else(self, default: Callable[[], U], op: Callable[[Any], object]) -> U:
        """Return `default()`."""
        return default()

    def ok_or(self, error: F) -> Err[F]:
        """Convert to `Result`: `Err(error)`."""
        return _result.Err(error)

    def ok_or_else(self, op: Callable[[], F]) -> Err[F]:
        """Convert to `Result`: `Err(op())`."""
        return _result.Err(op())

    def iter(self) -> Iterator[NoReturn]:
        """Iterate over nothing."""
        return iter(())

    def and_(self, other: object) -> Nothing:
        """Return `Nothing()`, ignoring `other`."""
        return self

    def and_then(self, op: Callable[[Any], object]) -> Nothing:
        """Return `Nothing()` without calling `op`."""
        return self

    def filter(self, predicate: Callable[[Any], bool]) -> Nothing:
        """Return `Nothing()` without calling `predicate`."""
        return self

    def or_(self, other: Option[U]) -> Option[U]:
        """Return `other` (evaluated eagerly)."""
        return other

    def or_else(self, op: Callable[[], Option[U]]) -> Option[U]:
        """Return `op()`."""
        return op()

    def xor(self, other: Option[U]) -> Option[U]:
        """Return `other`: exactly one of the two is `Some` when `other` is."""
        return other

    def zip(self, other: object) -> Nothing:
        """Return `Nothing()`."""
        return self

    def unzip(self) -> tuple[Nothing, Nothing]:
        """Return `(Nothing(), Nothing())`."""
        return self, self

    def flatten(self) -> Nothing:
        """Return `Nothing()`."""
        return self

    def transpose(self) -> Ok[Nothing]:
        """Swap with `Result`: `Nothing()` -> `Ok(Nothing())`."""
        return _result.Ok(self)


NOTHING: Nothing = _new(Nothing)

Option: TypeAlias = Some[T] | Nothing
"""`Some[T] | Nothing`: narrow it with `match`, `isinstance` or `is_some`/`is_nothing`."""


def is_some(option: Option[T]) -> TypeIs[Some[T]]:
    """Return whether `option` is `Some`, narrowing it in both branches."""
    return type(option) is Some


def is_nothing(option: Option[T]) -> TypeIs[Nothing]:
    """Return whether `option` is `Nothing`, narrowing it in both branches."""
    return option is NOTHING


def from_optional(value: T | None) -> Option[T]:
    """Convert `None` to `Nothing()` and anything else to `Some(value)`."""
    return NOTHING if value is None else Some(value)


__all__ = ["Nothing", "Option", "Some", "from_optional", "is_nothing", "is_some"]
