"""Pydantic models built from trusted raw data without validation, validated on first read.

A batch of 10,000 SQS records must not pay for validating 10,000 envelopes Lambda itself wrote:
only the body (user data) is validated up front. The envelope is validated the first time any
other field (or an extra field AWS added) is read, or when anything reads the instance's state
(`__dict__`, as pydantic's serializer does; pydantic's per-instance slots), so the model dumps,
serializes (alone or nested in another model), compares, copies and pickles as if it had been
validated in full.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__
_DICT: Any = BaseModel.__dict__["__dict__"]
_state_of: Callable[[object], dict[str, Any]] = _DICT.__get__
"""An instance's attribute dict, read without materializing (`instance.__dict__` materializes)."""
_set_state: Callable[[object, dict[str, Any]], None] = _DICT.__set__
_RAW = "_lazy_raw"
_SLOTS = frozenset(("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))
"""pydantic's per-instance slots: left unset until the envelope is validated."""


def _restore(model: type[BaseModel], state: dict[Any, Any]) -> BaseModel:
    """Unpickle a lazy model as an instance of the model it stands for."""
    instance = _new(model)
    instance.__setstate__(state)
    return instance


def _text(value: object) -> str:
    """Validate a value that should have been text: a `ValidationError` saying so."""
    from pydantic import TypeAdapter

    return TypeAdapter(str).validate_python(value)


def lazy_model(
    model: type[M], field: str, convert: Callable[[Any], Any] | None = None
) -> Callable[[Mapping[str, Any]], M]:
    """Return `decode(raw)`: an instance of a subclass of `model` whose `field` is validated now.

    `decode` sets `field` to `convert(raw[field])` (`convert` validates it, raising
    `pydantic.ValidationError`), or with no `convert` to `raw[field]` itself, which must be a
    `str`; every other field is validated from `raw` (AWS's names) on first access. An invalid
    envelope then raises `pydantic.ValidationError` at that access. A `raw` without `field`
    raises `KeyError`.
    """
    fields = frozenset(model.model_fields)

    def materialize(instance: object) -> dict[str, Any]:
        state = _state_of(instance)
        if _RAW not in state:
            return state
        full = model.model_validate(state[_RAW])
        merged = dict(_state_of(full))
        del state[_RAW]
        merged.update(state)
        _set_state(instance, merged)
        _set(instance, "__pydantic_fields_set__", set(full.__pydantic_fields_set__))
        _set(instance, "__pydantic_extra__", full.__pydantic_extra__)
        _set(instance, "__pydantic_private__", full.__pydantic_private__)
        return merged

    def plain(instance: object) -> object:
        """A lazy instance as an instance of `model` itself (same state); anything else as is."""
        if not isinstance(instance, lazy):
            return instance
        twin = _new(model)
        _set_state(twin, materialize(instance))
        for slot in _SLOTS:
            _set(twin, slot, getattr(instance, slot))
        return twin

    def getattr_(self: BaseModel, name: str) -> Any:
        # Called only for what normal lookup did not find: a field, an extra field AWS added,
        # or one of pydantic's slots, while the envelope is pending: validate it, look again.
        # Other private and special names are not the envelope's, so probing them (`hasattr`)
        # never validates.
        pending = _RAW in _state_of(self)
        if pending and (name in fields or name in _SLOTS or not name.startswith("_")):
            materialize(self)
            return getattr(self, name)
        return super(lazy, self).__getattr__(name)  # type: ignore[misc]

    def eq(self: BaseModel, other: object) -> bool:
        return plain(self) == plain(other)

    def reduce(self: BaseModel) -> tuple[Any, ...]:
        materialize(self)
        return (_restore, (model, self.__getstate__()))

    namespace: dict[str, Any] = {
        "__getattr__": getattr_,
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        # Whatever reads the state through `__dict__` (pydantic's serializer, `vars`, copy)
        # gets it complete.
        "__dict__": property(materialize, _set_state),
        "__eq__": eq,
        "__reduce__": reduce,
        # Never validated through; its serializer is built if a record is ever dumped.
        "model_config": {"defer_build": True},
    }
    lazy = cast("type[M]", type(model.__name__, (model,), namespace))

    # The hot path of a batch: no validation beyond `field`, and pydantic's slots stay unset
    # (reading one goes through `getattr_`, which materializes).
    if convert is None:

        def decode_text(raw: Mapping[str, Any]) -> M:
            value = raw[field]
            if type(value) is not str:
                value = _text(value)
            instance = _new(lazy)
            state = _state_of(instance)  # a new, empty dict: cheaper than setting one
            state[field] = value
            state[_RAW] = raw
            return instance

        return decode_text

    def decode(raw: Mapping[str, Any]) -> M:
        value = convert(raw[field])
        instance = _new(lazy)
        state = _state_of(instance)
        state[field] = value
        state[_RAW] = raw
        return instance

    return decode
