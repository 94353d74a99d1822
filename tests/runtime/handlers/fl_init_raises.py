"""Fails while the module runs its top level, as a missing configuration would."""

raise RuntimeError("configuration missing: TABLE_NAME")
