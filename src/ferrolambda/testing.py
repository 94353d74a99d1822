"""Test helpers, and a pytest plugin (entry point `ferrolambda = "ferrolambda.testing"`).

- Event factories for every event source, as a plain module API: `sqs_event`, `sns_event`,
  `s3_event`, `eventbridge_event`, `scheduled_event`, `http_event`, `dynamodb_event`,
  `kinesis_event`, `firehose_event`, `cloudwatch_logs_event`, `kafka_event`,
  `cloudformation_event`, `sns_sqs_event`, `s3_sqs_event`; `EVENT_FACTORIES` maps source names
  (`sqs`, `sqs-fifo`, `apigw-v2`, ...) to zero-argument sample producers.
- `invoke(handler, event, context=None) -> Result[Any, LambdaFailure]`: run a handler the way
  the runtime does (`invoke_raw` for ferrolambda handlers).
- `make_context(remaining_ms=...)`: a Lambda `Context`.
- Fixtures: `lambda_context` (30 s left; configure with
  `@pytest.mark.lambda_context(remaining_ms=500)` or indirect parametrization with a dict of
  `make_context` arguments) and `make_lambda_context` (the `make_context` factory).

The fixtures are defined when pytest is already imported, which is always the case when pytest
loads this module as a plugin; importing it elsewhere (the CLI printing sample events) neither
needs nor imports pytest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._testing.events import (
    EVENT_FACTORIES,
    HttpVersion,
    cloudformation_event,
    cloudwatch_logs_event,
    decode_cloudwatch_logs,
    dynamodb_event,
    eventbridge_event,
    firehose_event,
    http_event,
    kafka_event,
    kinesis_event,
    s3_event,
    s3_sqs_event,
    scheduled_event,
    sns_event,
    sns_sqs_event,
    sqs_event,
    to_attribute_value,
    to_item,
)
from ._testing.invoke import LambdaFailure, invoke, make_context
from .context import Context

if TYPE_CHECKING or sys.modules.get("pytest") is not None:
    import pytest

    def pytest_configure(config: pytest.Config) -> None:
        """Register the `lambda_context` marker."""
        config.addinivalue_line(
            "markers",
            "lambda_context(**options): options for the lambda_context fixture, as taken by "
            "ferrolambda.testing.make_context (remaining_ms=..., function_name=..., ...)",
        )

    @pytest.fixture
    def make_lambda_context() -> Callable[..., Context]:
        """The `make_context(remaining_ms=..., function_name=..., ...)` factory."""
        return make_context

    @pytest.fixture
    def lambda_context(request: pytest.FixtureRequest) -> Context:
        """A Lambda `Context` with 30 s left, configured by the `lambda_context` marker or
        by indirect parametrization with a dict of `make_context` arguments."""
        options: dict[str, Any] = {}
        marker = request.node.get_closest_marker("lambda_context")
        if marker is not None:
            options.update(marker.kwargs)
        param: object = getattr(request, "param", None)
        if isinstance(param, dict):
            options.update(param)  # pyright: ignore[reportUnknownArgumentType]
        return make_context(**options)


__all__ = [
    "EVENT_FACTORIES",
    "HttpVersion",
    "LambdaFailure",
    "cloudformation_event",
    "cloudwatch_logs_event",
    "decode_cloudwatch_logs",
    "dynamodb_event",
    "eventbridge_event",
    "firehose_event",
    "http_event",
    "invoke",
    "kafka_event",
    "kinesis_event",
    "make_context",
    "s3_event",
    "s3_sqs_event",
    "scheduled_event",
    "sns_event",
    "sns_sqs_event",
    "sqs_event",
    "to_attribute_value",
    "to_item",
]
