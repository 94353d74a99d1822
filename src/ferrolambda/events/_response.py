"""The mixin of response models: fields left at `None` are left out of a dump, as AWS expects.

Its own module because `model_serializer` costs milliseconds of import (pydantic's
`functional_serializers`), which handlers of events without a response model should not pay.
"""

from typing import Any

from pydantic import BaseModel, SerializerFunctionWrapHandler, model_serializer


class OmitsNone(BaseModel):
    """Mixin for response models: fields left at `None` are left out, as AWS expects."""

    @model_serializer(mode="wrap")
    def _omit_none(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if value is not None}
