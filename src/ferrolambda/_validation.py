"""Turn a pydantic `ValidationError` into `(field path, reason)` pairs that never echo the input."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


def field_errors(error: ValidationError) -> list[tuple[str, str]]:
    """Return `(dotted field path, reason)` for each problem, without the offending input."""
    return [
        (".".join(str(part) for part in detail["loc"]) or "<root>", detail["msg"])
        for detail in error.errors(include_url=False, include_input=False, include_context=False)
    ]


def describe(error: ValidationError) -> str:
    """One line naming every bad field and why, e.g. `qty: Input should be a valid integer`."""
    return "; ".join(f"{path}: {reason}" for path, reason in field_errors(error))
