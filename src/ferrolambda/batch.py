"""Partial batch failures for SQS (standard and FIFO), Kinesis and DynamoDB Streams.

`@batch_handler` turns a per-record function returning `Result` into a Lambda handler answering
`{"batchItemFailures": [{"itemIdentifier": ...}]}`. Nothing is lost: a record whose body does
not validate, whose function returns `Err` or raises, or that was not reached before the
deadline margin is reported failed, so Lambda delivers it again.

Ordering: on a FIFO queue, a Kinesis stream or a DynamoDB stream, Lambda redelivers from the
first failure on, so after one failure the later records are reported failed without being
processed (for FIFO, optionally only the later records of the same message group).

Logging (logger `ferrolambda.batch`, WARNING): one log record per batch lists each record that
failed when run, `record <id> failed: <reason>`, the reason naming the bad body field, the
`Err`'s type and message, or the exception's type, message, file and line (no traceback); and
one per batch names the records left unprocessed at the deadline margin.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast, overload

from . import _aio
from ._functions import is_coroutine_function, signature
from .context import Context
from .handler import InvalidEvent, LambdaHandler, error_type_of
from .result import Err, Ok

if TYPE_CHECKING:
    import asyncio
    import logging

    from .result import Result

BatchResponse: TypeAlias = dict[str, list[dict[str, str]]]
"""`{"batchItemFailures": [{"itemIdentifier": id}, ...]}`."""

RecordFunction: TypeAlias = (
    Callable[[Any], "Result[Any, Any]"]
    | Callable[[Any, Context], "Result[Any, Any]"]
    | Callable[[Any], Awaitable["Result[Any, Any]"]]
    | Callable[[Any, Context], Awaitable["Result[Any, Any]"]]
)

AllFailedPolicy: TypeAlias = Literal["report", "raise"]


class BatchFailed(Exception):
    """Every record of the batch failed and the policy is to fail the whole invocation."""

    error_type = "BatchFailed"


class _Source:
    """How one event source names and orders its records."""

    __slots__ = ("event_source", "id_description", "id_path", "ordered")

    def __init__(self, event_source: str, *id_path: str, ordered: bool) -> None:
        self.event_source = event_source
        self.id_path = id_path
        """The keys leading to the record's identifier, e.g. `("kinesis", "sequenceNumber")`."""
        self.id_description = ".".join(id_path)
        self.ordered = ordered

    def identifier(self, raw: object) -> object:
        """The record's identifier, or None when it has none."""
        value = raw
        for key in self.id_path:
            value = _field(value, key)
        return value

    def identifiers(self, records: list[Any]) -> list[str] | int:
        """Every record's identifier, or the index of the first record without one."""
        try:
            # C-level fast path for a well-formed batch: no Python call per record.
            values: Iterable[Any] = records
            for key in self.id_path:
                values = map(operator.itemgetter(key), values)
            ids: list[Any] = list(values)
            if set(map(type, ids)) == {str} and "" not in ids:
                return ids
        except (KeyError, TypeError, IndexError):
            pass
        ids = []
        for index, raw in enumerate(records):
            identifier = self.identifier(raw)
            if not isinstance(identifier, str) or not identifier:
                return index
            ids.append(identifier)
        return ids


_SOURCES = {
    "aws:sqs": _Source("aws:sqs", "messageId", ordered=False),
    "aws:kinesis": _Source("aws:kinesis", "kinesis", "sequenceNumber", ordered=True),
    "aws:dynamodb": _Source("aws:dynamodb", "dynamodb", "SequenceNumber", ordered=True),
}


class _Decoder:
    """Turns a raw record into what the record function takes."""

    __slots__ = ("decode", "decoded", "event_source")

    def __init__(
        self, event_source: str | None, decode: Callable[[Mapping[str, Any]], Any], decoded: str
    ) -> None:
        self.event_source = event_source
        """The source the record type belongs to; None accepts any."""
        self.decode = decode
        self.decoded = decoded
        """What `decode` validates, for failure messages: `record` or `record body`."""


def _decoder_for(record_type: object) -> _Decoder:
    if record_type is Any or record_type is object or record_type is dict:
        return _Decoder(None, _identity, "record")
    import typing

    if typing.get_origin(record_type) is dict:
        return _Decoder(None, _identity, "record")
    from pydantic import BaseModel

    if not (isinstance(record_type, type) and issubclass(record_type, BaseModel)):
        raise TypeError(
            f"@batch_handler: the record parameter must be annotated with an event record model "
            f"(SqsRecord[T], KinesisRecord[T], DynamoDBStreamRecord) or dict[str, Any], not {record_type!r}"
        )
    metadata = record_type.__pydantic_generic_metadata__
    origin = metadata["origin"] or record_type
    module = origin.__module__
    if module == "ferrolambda.events.sqs":
        return _Decoder("aws:sqs", _sqs_decoder(record_type, metadata["args"]), "record body")
    if module == "ferrolambda.events.kinesis":
        return _Decoder("aws:kinesis", record_type.model_validate, "record")
    if module == "ferrolambda.events.dynamodb":
        return _Decoder("aws:dynamodb", record_type.model_validate, "record")
    return _Decoder(None, record_type.model_validate, "record")


def _field(container: object, key: str) -> object:
    """`container[key]` when `container` is a JSON object that has it, else None."""
    if isinstance(container, dict):
        return cast("dict[str, object]", container).get(key)
    return None


def _identity(raw: Mapping[str, Any]) -> Any:
    return raw


def _sqs_decoder(
    record_type: type[Any], args: tuple[Any, ...]
) -> Callable[[Mapping[str, Any]], Any]:
    """Validate the body strictly from its JSON text; the envelope only when it is read."""
    from ._lazy import lazy_model

    body_type: Any = args[0] if args else str
    if body_type is str:
        return lazy_model(record_type, "body")
    if body_type is Any:
        # Any JSON value: pydantic-core's parser alone, without a validator around it (about
        # 1.5x faster than `TypeAdapter(Any).validate_json`, and faster than `json.loads`).
        from pydantic_core import from_json

        return lazy_model(record_type, "body", from_json)
    from pydantic import BaseModel

    validate_json: Callable[[Any], Any]
    if isinstance(body_type, type) and issubclass(body_type, BaseModel):
        model: type[BaseModel] = body_type
        # The validator itself: `model_validate_json` only adds a Python call around it.
        complete = model.__pydantic_complete__ or model.model_rebuild(raise_errors=False)
        validate_json = (
            model.__pydantic_validator__.validate_json if complete else model.model_validate_json
        )
    else:
        from pydantic import TypeAdapter

        validate_json = TypeAdapter[Any](body_type).validate_json  # pyright: ignore[reportUnknownArgumentType]
    return lazy_model(record_type, "body", validate_json)


def _reason(error: BaseException) -> str:
    """`Type: message (file:line)`: where it came from, without formatting a whole traceback."""
    traceback = error.__traceback__
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    where = ""
    if traceback is not None:
        where = f" ({traceback.tb_frame.f_code.co_filename}:{traceback.tb_lineno})"
    return f"{type(error).__name__}: {error}{where}"


def _validation_reason(error: Exception, what: str) -> str:
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        from ._validation import field_errors

        problems = "; ".join(
            reason if path == "<root>" else f"{path}: {reason}"
            for path, reason in field_errors(error)
        )
        return f"invalid {what}: {problems}"
    if isinstance(error, KeyError) and error.args:
        return f"invalid record: {error.args[0]}: Field required"
    if isinstance(error, (ValueError, TypeError)):
        # From `pydantic_core.from_json`, which parses `SqsRecord[Any]` bodies.
        return f"invalid {what}: Invalid JSON: {error}"
    return _reason(error)


class _Batch:
    """Runs a record function over one batch and collects the identifiers that failed."""

    def __init__(
        self,
        function: Callable[..., Any],
        *,
        decoder: _Decoder,
        takes_context: bool,
        is_async: bool,
        margin_ms: int,
        concurrency: int,
        fifo_by_group: bool,
        on_all_failed: AllFailedPolicy,
    ) -> None:
        self.function = function
        self.decode = decoder.decode
        self.decoded = decoder.decoded
        self.expected_source = decoder.event_source
        self.takes_context = takes_context
        self.is_async = is_async
        self.margin_ms = margin_ms
        self.concurrency = concurrency
        self.fifo_by_group = fifo_by_group
        self.on_all_failed = on_all_failed
        self._logger: logging.Logger | None = None

    def log(self, message: str, *args: object) -> None:
        if self._logger is None:
            import logging

            self._logger = logging.getLogger("ferrolambda.batch")
        self._logger.warning(message, *args)

    def __call__(self, event: Any, context: Context) -> Result[BatchResponse, Exception]:
        prepared = self.prepare(event)
        if isinstance(prepared, Err):
            return prepared
        records, ids, source = prepared.value
        cutoff_ms = context.deadline_ms - self.margin_ms
        fifo = source.event_source == "aws:sqs" and str(
            records[0].get("eventSourceARN", "")
        ).endswith(".fifo")
        ordered = source.ordered or fifo
        if self.is_async:
            failed, reasons = _aio.run(
                self.run_async(records, ids, context, cutoff_ms, ordered=ordered, fifo=fifo)
            )
        else:
            failed, reasons = self.run_sync(
                records, ids, context, cutoff_ms, ordered=ordered, fifo=fifo
            )
        if reasons:
            # One log record for the batch, one line per failed record: a log record costs
            # more than processing a record does.
            self.log(
                "%d of %d record(s) failed:\n%s", len(reasons), len(records), "\n".join(reasons)
            )
        if failed and len(failed) == len(records) and self.on_all_failed == "raise":
            return Err(BatchFailed(f"all {len(records)} records of the batch failed"))
        return Ok({"batchItemFailures": [{"itemIdentifier": ids[index]} for index in failed]})

    def prepare(
        self, event: Any
    ) -> Result[tuple[Sequence[Mapping[str, Any]], list[str], _Source], Exception]:
        """Check the envelope and read every identifier before processing anything."""
        records = _field(event, "Records")
        if not isinstance(records, list) or not records:
            return Err(
                InvalidEvent(
                    "expected a batch event with a non-empty `Records` list (SQS, Kinesis or DynamoDB)"
                )
            )
        batch: list[Any] = records  # pyright: ignore[reportUnknownVariableType]
        event_source = _field(batch[0], "eventSource")
        source = _SOURCES.get(str(event_source))
        if source is None:
            return Err(
                InvalidEvent(
                    f"record 0 has eventSource {event_source!r}; expected aws:sqs, aws:kinesis or aws:dynamodb"
                )
            )
        if self.expected_source is not None and source.event_source != self.expected_source:
            return Err(
                InvalidEvent(
                    f"the handler takes {self.expected_source} records but the batch is from {source.event_source}"
                )
            )
        ids = source.identifiers(batch)
        if isinstance(ids, int):
            # Without an identifier the record cannot be reported: fail the whole batch so
            # Lambda retries it rather than dropping that record.
            return Err(
                InvalidEvent(
                    f"record {ids} has no {source.id_description}; the whole batch is failed"
                )
            )
        return Ok((batch, ids, source))

    def group_of(self, raw: Mapping[str, Any]) -> object:
        return _field(raw.get("attributes"), "MessageGroupId")

    async def process_async(self, raw: Mapping[str, Any], context: Context) -> str | None:
        """Run one record: None on success, else why it failed."""
        try:
            record = self.decode(raw)
        except Exception as error:
            return _validation_reason(error, self.decoded)
        try:
            call = self.function(record, context) if self.takes_context else self.function(record)
            returned = await call
        except Exception as error:
            return _reason(error)
        return None if type(returned) is Ok else _failure_reason(returned)

    def run_sync(
        self,
        records: Sequence[Mapping[str, Any]],
        ids: list[str],
        context: Context,
        cutoff_ms: int,
        *,
        ordered: bool,
        fifo: bool,
    ) -> tuple[list[int], list[str]]:
        """`(indexes of the failed records, a log line per record that failed when run)`."""
        # The per-record path of every sync batch: locals, no call beyond decode and function.
        decode = None if self.decode is _identity else self.decode
        function = self.function
        takes_context = self.takes_context
        by_group = fifo and self.fifo_by_group
        time_ns = time.time_ns
        cutoff_ns = cutoff_ms * 1_000_000
        failed: list[int] = []
        reasons: list[str] = []
        halted: set[object] = set()
        halted_all = False
        group: object = None
        for index, raw in enumerate(records):
            if time_ns() >= cutoff_ns:
                self.log_deadline(ids, index)
                failed.extend(range(index, len(records)))
                break
            if by_group:
                group = self.group_of(raw)
                if group is not None and group in halted:
                    failed.append(index)
                    continue
            if halted_all:
                failed.append(index)
                continue
            try:
                record = raw if decode is None else decode(raw)
            except Exception as error:
                reason = _validation_reason(error, self.decoded)
            else:
                try:
                    returned = function(record, context) if takes_context else function(record)
                except Exception as error:
                    reason = _reason(error)
                else:
                    if type(returned) is Ok:
                        continue
                    reason = _failure_reason(returned)
            failed.append(index)
            reasons.append(f"record {ids[index]} failed: {reason}")
            if ordered:
                if group is not None:
                    halted.add(group)
                else:
                    halted_all = True
        return failed, reasons

    def log_deadline(self, ids: list[str], index: int) -> None:
        self.log(
            "%d record(s) not processed before the deadline margin (%d ms), reported failed: %s",
            len(ids) - index,
            self.margin_ms,
            ", ".join(ids[index:]),
        )

    async def run_async(
        self,
        records: Sequence[Mapping[str, Any]],
        ids: list[str],
        context: Context,
        cutoff_ms: int,
        *,
        ordered: bool,
        fifo: bool,
    ) -> tuple[list[int], list[str]]:
        import asyncio

        if ordered:
            return await self.run_async_ordered(
                asyncio, records, ids, context, cutoff_ms, fifo=fifo
            )
        reasons: dict[int, str | None] = {}
        queue = iter(enumerate(records))

        async def worker() -> None:
            # `concurrency` workers share one iterator, so records start in order and at most
            # `concurrency` run at once; none starts once the deadline margin is reached.
            for index, raw in queue:
                if time.time_ns() // 1_000_000 >= cutoff_ms:
                    return
                reasons[index] = await self.process_async(raw, context)

        workers = [
            asyncio.ensure_future(worker()) for _ in range(min(self.concurrency, len(records)))
        ]
        timeout = max(cutoff_ms - time.time_ns() // 1_000_000, 0) / 1000
        _, pending = await asyncio.wait(workers, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        failed: list[int] = []
        lines: list[str] = []
        unfinished: list[str] = []
        for index in range(len(records)):
            if index not in reasons:
                failed.append(index)
                unfinished.append(ids[index])
                continue
            reason = reasons[index]
            if reason is not None:
                failed.append(index)
                lines.append(f"record {ids[index]} failed: {reason}")
        if unfinished:
            self.log(
                "%d record(s) not finished before the deadline margin (%d ms), reported failed: %s",
                len(unfinished),
                self.margin_ms,
                ", ".join(unfinished),
            )
        return failed, lines

    async def run_async_ordered(
        self,
        asyncio: Any,
        records: Sequence[Mapping[str, Any]],
        ids: list[str],
        context: Context,
        cutoff_ms: int,
        *,
        fifo: bool,
    ) -> tuple[list[int], list[str]]:
        failed: list[int] = []
        reasons: list[str] = []
        halted: set[object] = set()
        halted_all = False
        for index, raw in enumerate(records):
            remaining_s = (cutoff_ms - time.time_ns() // 1_000_000) / 1000
            if remaining_s <= 0:
                self.log_deadline(ids, index)
                failed.extend(range(index, len(records)))
                break
            group = self.group_of(raw) if fifo and self.fifo_by_group else None
            if halted_all or (group is not None and group in halted):
                failed.append(index)
                continue
            task: asyncio.Task[str | None] = asyncio.ensure_future(self.process_async(raw, context))
            done, _ = await asyncio.wait([task], timeout=remaining_s)
            if not done:
                task.cancel()
                await asyncio.wait([task])
                self.log_deadline(ids, index)
                failed.extend(range(index, len(records)))
                break
            reason = task.result()
            if reason is None:
                continue
            failed.append(index)
            reasons.append(f"record {ids[index]} failed: {reason}")
            if group is not None:
                halted.add(group)
            else:
                halted_all = True
        return failed, reasons


def _failure_reason(returned: object) -> str:
    """Why a record whose function did not return `Ok` failed."""
    if type(returned) is Err:
        error = cast("Err[object]", returned).error
        return f"{error_type_of(error)}: {error}"
    return f"InvalidResult: the record function returned {type(returned).__name__}, expected Ok(...) or Err(...)"


def _record_signature(function: Callable[..., Any]) -> tuple[object, bool]:
    name = getattr(function, "__qualname__", repr(function))
    parameters, hints = signature(function, "@batch_handler")
    if len(parameters) not in (1, 2):
        raise TypeError(
            f"@batch_handler: {name} must take (record) or (record, context), not {len(parameters)} parameters"
        )
    return hints.get(parameters[0], Any), len(parameters) == 2


def _build(
    function: RecordFunction,
    *,
    margin_ms: int,
    concurrency: int,
    fifo_by_group: bool,
    on_all_failed: AllFailedPolicy,
) -> LambdaHandler[Any, BatchResponse, Exception]:
    if concurrency < 1:
        raise ValueError("@batch_handler: concurrency must be at least 1")
    if margin_ms < 0:
        raise ValueError("@batch_handler: margin_ms must not be negative")
    record_type, takes_context = _record_signature(function)
    batch = _Batch(
        function,
        decoder=_decoder_for(record_type),
        takes_context=takes_context,
        is_async=is_coroutine_function(function),
        margin_ms=margin_ms,
        concurrency=concurrency,
        fifo_by_group=fifo_by_group,
        on_all_failed=on_all_failed,
    )
    handler: LambdaHandler[Any, BatchResponse, Exception] = LambdaHandler(
        batch, payload_type=Any, takes_context=True, is_async=False
    )
    handler.__name__ = getattr(function, "__name__", handler.__name__)
    handler.__qualname__ = getattr(function, "__qualname__", handler.__qualname__)
    handler.__doc__ = function.__doc__
    handler.__wrapped__ = function
    return handler


DEFAULT_MARGIN_MS = 1000
"""Records not started with less than this left before the timeout are reported failed."""


@overload
def batch_handler(function: RecordFunction, /) -> LambdaHandler[Any, BatchResponse, Exception]: ...


@overload
def batch_handler(
    *,
    margin_ms: int = DEFAULT_MARGIN_MS,
    concurrency: int = 10,
    fifo_by_group: bool = False,
    on_all_failed: AllFailedPolicy = "report",
) -> Callable[[RecordFunction], LambdaHandler[Any, BatchResponse, Exception]]: ...


def batch_handler(
    function: RecordFunction | None = None,
    /,
    *,
    margin_ms: int = DEFAULT_MARGIN_MS,
    concurrency: int = 10,
    fifo_by_group: bool = False,
    on_all_failed: AllFailedPolicy = "report",
) -> (
    LambdaHandler[Any, BatchResponse, Exception]
    | Callable[[RecordFunction], LambdaHandler[Any, BatchResponse, Exception]]
):
    """Decorator: run a per-record function returning `Result` over a batch, reporting failures.

    The record type comes from the first parameter's annotation (`SqsRecord[Order]`,
    `KinesisRecord[T]`, `DynamoDBStreamRecord`, or `dict[str, Any]` for raw records); an optional
    second parameter receives the `Context`.

    - `margin_ms`: records not started (or, for async functions, not finished) with less than
      this many milliseconds left are reported failed instead of being lost to the timeout.
    - `concurrency`: how many records an async function processes at once on a standard queue;
      FIFO queues, Kinesis and DynamoDB stay sequential.
    - `fifo_by_group`: on a FIFO queue, after a failure fail only the later records of the same
      message group (default: every later record).
    - `on_all_failed`: when every record failed, `"report"` them all (default) or `"raise"`, a
      function error, so that the whole batch is retried.
    """

    def decorate(record_function: RecordFunction) -> LambdaHandler[Any, BatchResponse, Exception]:
        return _build(
            record_function,
            margin_ms=margin_ms,
            concurrency=concurrency,
            fifo_by_group=fifo_by_group,
            on_all_failed=on_all_failed,
        )

    if function is not None:
        return decorate(function)
    return decorate


__all__ = ["DEFAULT_MARGIN_MS", "BatchFailed", "BatchResponse", "batch_handler"]
