"""Helpers for the examples' tests: load an example's handler module by file path, read its sample
events and invoke its handlers the way the runtimes do."""

from __future__ import annotations

import itertools
import json
import sys
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from ferrolambda.testing import make_context

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = (
    "env_config",
    "s3_logger",
    "sqs_jobs",
    "step_functions",
    "json_values",
    "http_hello",
    "http_api",
)
EXAMPLE_TEMPLATES = [EXAMPLES / name / "template.yaml" for name in EXAMPLE_NAMES]
ALL_TEMPLATES = sorted(EXAMPLES.glob("*/template.yaml"))
"""Every example's template, including those of examples these tests do not otherwise cover."""

_loaded = itertools.count()


def import_example(name: str, module: str = "handler") -> ModuleType:
    """Import `examples/<name>/<module>.py` afresh under a unique module name, with the example's
    directory on sys.path, as Lambda has it (the handler modules of all examples are `handler`)."""
    directory = EXAMPLES / name
    module_name = f"ferrolambda_example_{name}_{module}_{next(_loaded)}"
    spec = spec_from_file_location(module_name, directory / f"{module}.py")
    assert spec is not None
    assert spec.loader is not None
    loaded = module_from_spec(spec)
    sys.modules[module_name] = loaded
    sys.path.insert(0, str(directory))
    try:
        spec.loader.exec_module(loaded)
    except BaseException:
        del sys.modules[module_name]
        raise
    finally:
        sys.path.remove(str(directory))
    return loaded


def event_path(name: str, event: str) -> Path:
    return EXAMPLES / name / "events" / event


def event_bytes(name: str, event: str) -> bytes:
    return event_path(name, event).read_bytes()


def event_json(name: str, event: str) -> Any:
    return json.loads(event_bytes(name, event))


class Invocation(NamedTuple):
    """What a raw invocation answered: the decoded JSON body and the error type (None on success)."""

    body: Any
    error_type: str | None


def invoke_raw(handler: Any, payload: bytes) -> Invocation:
    """The ferrolambda runtime's path: raw JSON bytes in, JSON bytes (or an error body) out."""
    body, error_type = handler.invoke_raw(payload, make_context())
    decoded = json.loads(body)
    if error_type is not None:
        assert decoded["errorType"] == error_type
    return Invocation(decoded, error_type)


def invoke_event(handler: Any, name: str, event: str) -> Invocation:
    """Invoke `handler` with the sample event `examples/<name>/events/<event>`."""
    return invoke_raw(handler, event_bytes(name, event))
