"""A handler that imports `logging` only inside the invocation and logs right away."""


def log(event, context):
    import logging

    logging.getLogger("late").warning("late import %s", event)
    return "ok"
