"""Imports a package that does not exist."""

import fl_no_such_dependency  # noqa: F401


def handler(event, context):
    return None
