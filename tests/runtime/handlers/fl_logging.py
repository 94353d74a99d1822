"""Handlers that log through the stdlib `logging` package."""

import logging

logger = logging.getLogger("app")


def log(event, context):
    logger.info("hello %s", event["name"], extra={"order": 17})
    logger.debug("debug line")
    logger.warning("multi\nline")
    return "logged"


def log_exception(event, context):
    try:
        raise ValueError("inner")
    except ValueError:
        logger.exception("it failed")
    return "logged"
