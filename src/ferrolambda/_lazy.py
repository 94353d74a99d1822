"""Pydantic models built from trusted raw data without validation, validated on first read.

A batch of 10,000 SQS records must not pay for validating 10,000 envelopes Lambda itself wrote:
only the body (user data) is validated up front. The envelope is validated the first time any
other field is read, or when the model is dumped or compared, so the model behaves as if it had
been validated in full.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__
_RAW = "_lazy_raw"


def lazy_model(model: type[M]) -> Callable[[Mapping[str, Any], dict[str, Any]], M]:
    """Return `build(raw, validated)`: an instance of a subclass of `model` holding `validated`.

    `validated` maps field names to values already validated (the body); every other field is
    validated from `raw` (AWS's names) on first access. An invalid envelope then raises
    `pydantic.ValidationError` at that access.
    """
    fields = frozenset(model.model_fields)

    def materialize(instance: BaseModel) -> None:
        state: dict[str, Any] = object.__getattribute__(instance, "__dict__")
        raw = state.pop(_RAW, None)
        if raw is None:
            return
        full = model.model_validate(raw)
        merged = dict(full.__dict__)
        merged.update(state)
        _set(instance, "__dict__", merged)
        _set(instance, "__pydantic_fields_set__", set(full.__pydantic_fields_set__))
        _set(instance, "__pydantic_extra__", full.__pydantic_extra__)

    def getattr_(self: BaseModel, name: str) -> Any:
        if name in fields or name == "__pydantic_extra__":
            materialize(self)
            return self.__dict__[name] if name in fields else self.__pydantic_extra__
        return super(lazy, self).__getattr__(name)  # type: ignore[misc]

    def materializing(method_name: str) -> Callable[..., Any]:
        method = getattr(model, method_name)

        def call(self: BaseModel, *args: Any, **kwargs: Any) -> Any:
            materialize(self)
            return method(self, *args, **kwargs)

        call.__name__ = method_name
        return call

    namespace: dict[str, Any] = {
        "__getattr__": getattr_,
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
    }
    for method_name in (
        "model_dump",
        "model_dump_json",
        "model_copy",
        "__eq__",
        "__repr__",
        "__iter__",
    ):
        namespace[method_name] = materializing(method_name)
    namespace["__repr_args__"] = materializing("__repr_args__")
    lazy = cast("type[M]", type(model.__name__, (model,), namespace))

    def build(raw: Mapping[str, Any], validated: dict[str, Any]) -> M:
        instance = _new(lazy)
        state = dict(validated)
        state[_RAW] = raw
        _set(instance, "__dict__", state)
        _set(instance, "__pydantic_fields_set__", fields)
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance

    return build
