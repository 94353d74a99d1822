"""The stdlib `logging` side of the runtime's logs; imported only once user code imports `logging`.

Like the managed Python runtime, the root logger gets one handler writing to stdout:

- text: `[LEVEL]\\t2024-01-01T00:00:00.000Z\\t<request id>\\t<message>`;
- JSON (`AWS_LAMBDA_LOG_FORMAT=JSON`): one object per line with `timestamp`, `level`,
  `message`, `logger`, `requestId` (and `errorType`, `errorMessage`, `stackTrace`, `location`
  for a record carrying an exception, plus any `extra` fields);

and the root level is `AWS_LAMBDA_LOG_LEVEL` when that is set. Records also get the
`aws_request_id` attribute, so custom formats can use `%(aws_request_id)s`.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback

from . import _logging as state

_RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "aws_request_id",
    "tenant_id",
    "taskName",
}


class RequestIdFilter(logging.Filter):
    """Sets `record.aws_request_id` (and `tenant_id`) from the invocation being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = state.request_id or ""
        record.tenant_id = state.tenant_id
        return True


class StdoutHandler(logging.Handler):
    """Writes each formatted record as one line to the current `sys.stdout`."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            stream = sys.stdout
            stream.write(text + "\n")
            stream.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)


class TextFormatter(logging.Formatter):
    """The managed runtime's text format, in UTC."""

    def __init__(self) -> None:
        super().__init__(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
            "%Y-%m-%dT%H:%M:%S",
        )
        self.converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "aws_request_id"):
            record.aws_request_id = state.request_id or ""
        text = super().format(record)
        return text.replace("\n", state.separator) if state.separator != "\n" else text


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with Lambda's field names."""

    def format(self, record: logging.LogRecord) -> str:
        message: object = record.msg
        if record.args or not isinstance(message, dict):
            message = record.getMessage()
        entry: dict[str, object] = {
            "timestamp": state.timestamp(record.created),
            "level": record.levelname,
            "message": message,
            "logger": record.name,
        }
        request_id = getattr(record, "aws_request_id", None) or state.request_id
        if request_id:
            entry["requestId"] = request_id
        tenant_id = getattr(record, "tenant_id", None) or state.tenant_id
        if tenant_id is not None:
            entry["tenantId"] = tenant_id
        exc_info = record.exc_info
        if exc_info and exc_info[0] is not None:
            error = exc_info[1]
            entry["errorType"] = exc_info[0].__name__
            entry["errorMessage"] = str(error)
            entry["stackTrace"] = [line.rstrip("\n") for line in traceback.format_tb(exc_info[2])]
            entry["location"] = f"{record.pathname}:{record.funcName}:{record.lineno}"
        if record.stack_info:
            entry["stackInfo"] = record.stack_info
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in entry and not key.startswith("_"):
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


def install(root: logging.Logger | None = None) -> StdoutHandler | None:
    """Add the Lambda handler to `root` (the root logger) once; set the level from the env.

    A root logger that already has handlers was configured by the user (possible when
    `ferrolambda.runtime.run` is called from a script that set logging up first): it is left
    alone, and None is returned.
    """
    logger = root if root is not None else logging.getLogger()
    for handler in logger.handlers:
        if isinstance(handler, StdoutHandler):
            return handler
    if logger.handlers:
        return None
    handler = StdoutHandler()
    handler.setFormatter(JsonFormatter() if state.json_format else TextFormatter())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    if state.level:
        logger.setLevel(state.level)
    return handler
