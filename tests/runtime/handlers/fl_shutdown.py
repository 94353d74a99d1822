"""Registers shutdown hooks that write to the file named by $FL_SHUTDOWN_FILE."""

import os
import time

from ferrolambda.runtime import on_shutdown

PATH = os.environ["FL_SHUTDOWN_FILE"]


@on_shutdown
def first():
    with open(PATH, "a") as file:
        file.write("first\n")


@on_shutdown
def broken():
    raise RuntimeError("hook failure is logged, the others still run")


@on_shutdown
async def last():
    with open(PATH, "a") as file:
        file.write("async-last\n")


def handler(event, context):
    if "started" in event:
        with open(event["started"], "w") as file:
            file.write("started")
    time.sleep(float(event.get("seconds", 0)))
    return "done"
