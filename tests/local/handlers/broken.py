"""A module whose import fails: Lambda reports Runtime.ImportModuleError."""

import module_that_does_not_exist  # noqa: F401


def handler(event, context):  # type: ignore[no-untyped-def]
    return {}
