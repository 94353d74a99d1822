"""Multi-valued mappings: `MultiDict` (query strings, cookies) and case-insensitive `Headers`.

As a `Mapping[str, str]` each name maps to its first value; `all(name)` gives every value and
`first(name)` an `Option`, as in lambda_http's `params.first("name")`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from typing import Self, TypeAlias, cast

from ..option import NOTHING, Option, Some

MultiSource: TypeAlias = (
    "Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]] | MultiDict | None"
)
"""What a `MultiDict` or `Headers` is built from: a mapping (a value may be a list) or pairs."""


class MultiDict(MutableMapping[str, str]):
    """A mapping from names to one or more string values, keeping their order."""

    __slots__ = ("_lists",)

    def __init__(self, items: MultiSource = None) -> None:
        self._lists: dict[str, list[str]] = {}
        if items is None:
            return
        if isinstance(items, MultiDict):
            for name, values in items._lists.items():
                self._lists.setdefault(self._key(name), []).extend(values)
        elif isinstance(items, Mapping):
            mapping = cast("Mapping[str, str | Sequence[str]]", items)
            for name, value in mapping.items():
                if isinstance(value, str):
                    self.add(name, value)
                else:
                    for one in value:
                        self.add(name, one)
        else:
            for name, value in items:
                self.add(name, value)

    @classmethod
    def _adopt(cls, lists: dict[str, list[str]]) -> Self:
        """Wrap `lists` (already keyed as this class keys names) without copying."""
        instance = cls.__new__(cls)
        instance._lists = lists
        return instance

    @staticmethod
    def _key(name: str) -> str:
        return name

    def first(self, name: str) -> Option[str]:
        """The first value of `name`: `Some(value)`, or `Nothing()` when absent."""
        values = self._lists.get(self._key(name))
        return Some(values[0]) if values else NOTHING

    def all(self, name: str) -> list[str]:
        """Every value of `name`, in order (an empty list when absent)."""
        return list(self._lists.get(self._key(name), ()))

    def add(self, name: str, value: str) -> None:
        """Append `value` to the values of `name`."""
        self._lists.setdefault(self._key(name), []).append(value)

    def set(self, name: str, value: str) -> None:
        """Replace every value of `name` with `value`."""
        self._lists[self._key(name)] = [value]

    def multi_items(self) -> Iterator[tuple[str, str]]:
        """Every `(name, value)` pair, a name repeated once per value."""
        for name, values in self._lists.items():
            for value in values:
                yield name, value

    def to_dict(self) -> dict[str, list[str]]:
        """A plain `{name: [values]}` copy."""
        return {name: list(values) for name, values in self._lists.items() if values}

    def copy(self) -> Self:
        """A copy of the same class."""
        return type(self)._adopt({name: list(values) for name, values in self._lists.items()})

    def __getitem__(self, name: str) -> str:
        values = self._lists.get(self._key(name))
        if not values:
            raise KeyError(name)
        return values[0]

    def __setitem__(self, name: str, value: str) -> None:
        self.set(name, value)

    def __delitem__(self, name: str) -> None:
        del self._lists[self._key(name)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._lists.get(self._key(name)))

    def __iter__(self) -> Iterator[str]:
        return (name for name, values in self._lists.items() if values)

    def __len__(self) -> int:
        return sum(1 for values in self._lists.values() if values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MultiDict):
            return type(self) is type(other) and self.to_dict() == other.to_dict()
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other)  # pyright: ignore[reportUnknownArgumentType]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


class Headers(MultiDict):
    """HTTP headers: a `MultiDict` whose names are case-insensitive (kept in lower case)."""

    __slots__ = ()

    @staticmethod
    def _key(name: str) -> str:
        return name.lower()


__all__ = ["Headers", "MultiDict", "MultiSource"]
