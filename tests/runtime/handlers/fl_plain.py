"""Plain managed-runtime style handlers for the runtime tests (imports nothing heavy on purpose)."""

import os
import sys
import time


def echo(event, context):
    return {"event": event}


def boom(event, context):
    raise ValueError(f"boom: {event}")


def unserializable(event, context):
    return {"set": {1, 2}}


def sized(event, context):
    # a JSON string: the response body is size + 2 bytes (the quotes)
    return "x" * (int(event["size"]) - 2)


def size_of_event(event, context):
    return {"length": len(event["data"])}


def raw_bytes(event, context):
    return b"\x00raw bytes\xff"


def trace(event, context):
    return {"env": os.environ.get("_X_AMZN_TRACE_ID"), "context": context.xray_trace_id}


def context_fields(event, context):
    identity = context.identity
    client = context.client_context
    return {
        "aws_request_id": context.aws_request_id,
        "deadline_ms": context.deadline_ms,
        "remaining": context.get_remaining_time_in_millis(),
        "invoked_function_arn": context.invoked_function_arn,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "tenant_id": context.tenant_id,
        "xray_trace_id": context.xray_trace_id,
        "identity": [identity.cognito_identity_id, identity.cognito_identity_pool_id],
        "client": None
        if client is None
        else {
            "installation_id": client.client.installation_id if client.client else None,
            "app_title": client.client.app_title if client.client else None,
            "custom": client.custom,
            "env": client.env,
        },
    }


def modules(event, context):
    return {name: name in sys.modules for name in event["names"]}


def leave(event, context):
    sys.exit(event.get("code", 3))


def sleepy(event, context):
    time.sleep(float(event["seconds"]))
    return "slept"


def noisy(event, context):
    print(f"printed {event}")
    return "ok"


async def async_echo(event, context):
    import asyncio

    await asyncio.sleep(0)
    return {"async": event, "loop": id(asyncio.get_running_loop())}


async def async_boom(event, context):
    raise KeyError("async boom")


class Service:
    def method(self, event, context):
        return {"method": event}


service = Service()
not_callable = 42


def sleepy_pid(event, context):
    time.sleep(float(event["seconds"]))
    return {"pid": os.getpid()}
