"""Shared model configuration and payload annotations for the event models.

Conventions every event module follows:

- Attributes are snake_case; AWS's own names are the aliases (generated from the attribute name by
  the base class, or given with `Annotated[..., Field(alias=...)]` where AWS spells it otherwise,
  like `eventSourceARN`). Either name is accepted on input; `model_dump(by_alias=True,
  exclude_unset=True)` gives an event back as AWS sent it.
- Fields AWS does not document are kept (`extra="allow"`); a field AWS may leave out is optional.
- Models are frozen: an event is a fact received, not a value to edit.
- Envelope fields keep the type AWS sends (SQS attributes stay strings, timestamps stay as sent),
  so a model built from raw data without validation (`model_construct`) is still correctly typed.
- Response models (`_response.OmitsNone`) leave out the fields that are `None`.
- Only payload fields are transformed: `JSON_TEXT` parses a JSON document carried in a string,
  `BASE64` decodes base64 data. Both serialize back to the form AWS sends.
- No `from __future__ import annotations`: pydantic would read each string annotation through a
  `ForwardRef`, one `compile()` per field, when the class is created. Real annotations make a
  module's import 10-20% cheaper, and event modules are on the cold-start path.
"""

import base64
import binascii
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, SerializerFunctionWrapHandler
from pydantic.alias_generators import to_camel, to_pascal
from pydantic_core import PydanticCustomError, core_schema, to_json


def _to_kebab(name: str) -> str:
    return name.replace("_", "-")


def _config(alias_generator: Callable[[str], str]) -> ConfigDict:
    return ConfigDict(
        alias_generator=alias_generator,
        populate_by_name=True,
        extra="allow",
        frozen=True,
        defer_build=True,
    )


class CamelModel(BaseModel):
    """Base for AWS shapes whose keys are camelCase (`messageId`)."""

    model_config = _config(to_camel)


class PascalModel(BaseModel):
    """Base for AWS shapes whose keys are PascalCase (`MessageId`)."""

    model_config = _config(to_pascal)


class KebabModel(BaseModel):
    """Base for AWS shapes whose keys are kebab-case (`detail-type`)."""

    model_config = _config(_to_kebab)


def _payload_type(source: Any) -> Any:
    """The type a payload field holds: an unparametrised type variable stands for its default."""
    if isinstance(source, typing.TypeVar):
        return getattr(source, "__default__", str)
    return source


def _dump_json_text(value: Any, handler: SerializerFunctionWrapHandler) -> str:
    return to_json(handler(value)).decode()


def _b64decode(value: Any) -> Any:
    """Decode base64 text; `bytes` (a value built in Python, not read from JSON) is already raw."""
    if not isinstance(value, str):
        return value
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise PydanticCustomError(
            "base64_decode", "Base64 decoding error: '{error}'", {"error": str(error)}
        ) from None


def _b64encode(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _b64encode_text(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def _dump_base64_json(value: Any, handler: SerializerFunctionWrapHandler) -> str:
    return base64.b64encode(to_json(handler(value))).decode()


class _JsonText:
    """Annotation for a JSON document in a string: text for `str`, else parsed into the type."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        target = _payload_type(source)
        if target is str:
            return handler(str)
        inner = handler(target)
        return core_schema.json_schema(
            inner,
            serialization=core_schema.wrap_serializer_function_ser_schema(
                _dump_json_text, schema=inner
            ),
        )


class _Base64:
    """Annotation for base64 data: decoded to `bytes`, to text for `str`, else parsed as JSON."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        target = _payload_type(source)
        inner: core_schema.CoreSchema
        serialization: core_schema.SerSchema
        if target is bytes:
            inner = core_schema.bytes_schema()
            serialization = core_schema.plain_serializer_function_ser_schema(_b64encode)
        elif target is str:
            inner = core_schema.str_schema()
            serialization = core_schema.plain_serializer_function_ser_schema(_b64encode_text)
        else:
            payload = handler(target)
            inner = core_schema.json_schema(payload)
            serialization = core_schema.wrap_serializer_function_ser_schema(
                _dump_base64_json, schema=payload
            )
        return core_schema.no_info_before_validator_function(
            _b64decode, inner, serialization=serialization
        )


JSON_TEXT = _JsonText()
"""`Annotated[T, JSON_TEXT]`: a JSON document in a string, parsed into `T` unless `T` is `str`."""

BASE64 = _Base64()
"""`Annotated[T, BASE64]`: base64 data decoded to `bytes` or `str`, or parsed as JSON into `T`."""
