"""A module that needs more memory at import than a 128 MB function has."""

from typing import Any

_CACHE = b"x" * (300 << 20)


def handler(event: Any, context: Any) -> int:
    return len(_CACHE)
