"""Plain Lambda handlers (no ferrolambda) for the emulator tests."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

not_callable = 42


def handler(event: Any, context: Any) -> dict[str, Any]:
    print(f"handling {context.aws_request_id}")
    return {
        "echo": event,
        "request_id": context.aws_request_id,
        "function_name": context.function_name,
        "memory_limit_in_mb": str(context.memory_limit_in_mb),
        "remaining_ms": context.get_remaining_time_in_millis(),
        "pid": os.getpid(),
        "env_function_name": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
    }


def fail(event: Any, context: Any) -> Any:
    print("about to fail", file=sys.stderr)
    raise ValueError(f"boom: {event.get('why', 'no reason')}")


def sleepy(event: Any, context: Any) -> dict[str, Any]:
    time.sleep(float(event.get("seconds", 0)))
    return {"slept": event.get("seconds", 0), "pid": os.getpid()}


def crash(event: Any, context: Any) -> Any:
    if event.get("crash", True):
        os._exit(int(event.get("code", 3)))
    return {"pid": os.getpid()}


def big(event: Any, context: Any) -> str:
    return "x" * int(event["size"])


def environment(event: Any, context: Any) -> dict[str, Any]:
    names = [
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_RUNTIME_API",
        "AWS_REGION",
        "_HANDLER",
    ]
    client_context = getattr(context, "client_context", None)
    return {
        "env": {name: os.environ.get(name) for name in names},
        "invoked_function_arn": context.invoked_function_arn,
        "log_stream_name": context.log_stream_name,
        "custom": getattr(client_context, "custom", None),
    }


def timed(event: Any, context: Any) -> dict[str, float]:
    started = time.time()
    time.sleep(float(event.get("seconds", 0.2)))
    return {"start": started, "end": time.time(), "pid": os.getpid()}


def hog(event: Any, context: Any) -> dict[str, Any]:
    """Hold `mb` megabytes (written, so resident) for `hold` seconds, then answer."""
    block = b"x" * (int(event["mb"]) << 20)
    time.sleep(float(event.get("hold", 0)))
    del block
    return {"pid": os.getpid()}
