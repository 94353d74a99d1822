"""`@lambda_handler`: a function returning `Result` becomes a Lambda handler.

`Ok(value)` is the JSON response; `Err(error)` is a Lambda function error whose `errorType` is
`error.error_type` when present, else the error's class name, and whose `errorMessage` is
`str(error)`. The payload type comes from the annotations and its validator is built once, here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from ._functions import is_coroutine_function, signature, unwrap
from ._streamed import is_stream
from .context import Context
from .result import Err, Ok

if TYPE_CHECKING:
    from .result import Result
    from .streaming import ResponseStream

T = TypeVar("T")
R = TypeVar("R")
E = TypeVar("E")

_JSON_NATIVE = (dict, list, str, int, float, bool, type(None))

# Payload types that mean "the raw JSON value": validated without pydantic (`Any`/`object`: not
# at all; `dict`/`list` forms: only the top-level type, as pydantic would).
_RAW_JSON: dict[object, tuple[type, str] | None] = {
    Any: None,
    object: None,
    dict: (dict, "dictionary"),
    dict[str, Any]: (dict, "dictionary"),
    dict[str, object]: (dict, "dictionary"),
    list: (list, "list"),
    list[Any]: (list, "list"),
    list[object]: (list, "list"),
}


class LambdaEvent(Generic[T]):
    """An invocation: the validated `payload` and its `context` (Rust's `LambdaEvent<T>`)."""

    __slots__ = ("context", "payload")
    __match_args__ = ("payload", "context")

    def __init__(self, payload: T, context: Context) -> None:
        self.payload = payload
        self.context = context

    def __repr__(self) -> str:
        return f"LambdaEvent(payload={self.payload!r}, context={self.context!r})"


class InvalidEvent(Exception):
    """The event did not match the handler's payload type; the message names each bad field."""

    error_type = "InvalidEvent"


class InvalidResult(Exception):
    """The handler returned something other than `Ok`/`Err`, or a value that is not JSON."""

    error_type = "InvalidResult"


class LambdaError(Exception):
    """Raised on the managed Python runtime for an `Err`; subclasses are named after `errorType`."""


_error_classes: dict[str, type[LambdaError]] = {}


def error_class(error_type: str) -> type[LambdaError]:
    """The exception class named `error_type`, so the managed runtime reports that type."""
    cls = _error_classes.get(error_type)
    if cls is None:
        cls = type(error_type, (LambdaError,), {"__module__": __name__})
        _error_classes[error_type] = cls
    return cls


def error_type_of(error: object) -> str:
    """`error.error_type` when it is a string, else the error's class name."""
    declared = getattr(error, "error_type", None)
    return declared if isinstance(declared, str) else type(error).__name__


class _WrongJsonType(ValueError):
    """A raw-JSON payload whose top-level type is not the one the handler declared."""


class _Payload:
    """Validates an event into the handler's payload type; built once per handler."""

    __slots__ = ("_adapter", "_model", "_plain", "description")

    def __init__(self, payload_type: object) -> None:
        self._model: Any = None
        self._adapter: Any = None
        self._plain: tuple[type, str] | None = None
        self.description = getattr(payload_type, "__name__", repr(payload_type))
        try:
            raw = payload_type in _RAW_JSON
        except TypeError:  # unhashable annotation: not one of the raw JSON forms
            raw = False
        if raw:
            self._plain = _RAW_JSON[payload_type]
            return
        from pydantic import BaseModel, TypeAdapter

        if isinstance(payload_type, type) and issubclass(payload_type, BaseModel):
            self._model = payload_type
            # Event models defer their schema (cold start of modules that only import them);
            # a handler's payload validator is built now, at decoration, not on the first event.
            payload_type.model_rebuild()
        else:
            try:
                self._adapter = TypeAdapter[Any](payload_type)  # type: ignore[arg-type]
            except Exception as error:
                raise TypeError(
                    f"cannot validate handler payloads of type {payload_type!r}: {error}"
                ) from error

    def from_json(self, raw: bytes) -> Any:
        """Validate straight from the raw JSON bytes (one pass, no intermediate dict)."""
        if self._model is not None:
            return self._model.model_validate_json(raw)
        if self._adapter is not None:
            return self._adapter.validate_json(raw)
        return self._check(json.loads(raw))

    def from_python(self, event: Any) -> Any:
        """Validate an already decoded event (the managed runtime hands over a dict)."""
        if self._model is not None:
            return self._model.model_validate(event)
        if self._adapter is not None:
            return self._adapter.validate_python(event)
        return self._check(event)

    def _check(self, value: Any) -> Any:
        if self._plain is not None and not isinstance(value, self._plain[0]):
            raise _WrongJsonType(f"<root>: Input should be a valid {self._plain[1]}")
        return value


def _invalid_event(error: Exception, description: str) -> InvalidEvent:
    if isinstance(error, _WrongJsonType):
        return InvalidEvent(f"event is not a valid {description}: {error}")
    if isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
        return InvalidEvent(f"event is not valid JSON: {error}")
    from pydantic import ValidationError

    from ._validation import describe

    if isinstance(error, ValidationError):
        return InvalidEvent(f"event is not a valid {description}: {describe(error)}")
    return InvalidEvent(f"event is not valid JSON: {error}")


def _is_plain_json(value: object) -> bool:
    if type(value) is dict:
        items = cast("dict[object, object]", value).items()
        return all(type(key) is str and _is_plain_json(item) for key, item in items)
    if type(value) is list:
        return all(_is_plain_json(item) for item in cast("list[object]", value))
    return type(value) in _JSON_NATIVE


def to_jsonable(value: Any) -> Any:
    """Make an `Ok` value JSON-ready: pydantic models by alias in JSON mode, dataclasses, None."""
    if _is_plain_json(value):
        return value
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(value, by_alias=True)


def to_json_bytes(value: Any) -> bytes:
    """Encode an `Ok` value as the JSON response body."""
    if type(value) in _JSON_NATIVE:
        try:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        except (TypeError, ValueError):
            pass  # a nested model, datetime, ...: pydantic knows how
    from pydantic_core import to_json

    return to_json(value, by_alias=True)


def _text(context: Any, name: str, default: str) -> str:
    """An attribute of a foreign context as text; `default` when missing or None (the managed
    runtime's context reads several from environment variables that may be unset)."""
    value = getattr(context, name, None)
    return default if value is None else str(value)


def as_context(context: Any) -> Context:
    """Accept ferrolambda's `Context` or the managed runtime's context object."""
    if type(context) is Context:
        return context
    remaining = context.get_remaining_time_in_millis()
    return Context(
        aws_request_id=context.aws_request_id,
        deadline_ms=int(time.time() * 1000) + remaining,
        invoked_function_arn=_text(context, "invoked_function_arn", ""),
        function_name=_text(context, "function_name", ""),
        function_version=_text(context, "function_version", "$LATEST"),
        memory_limit_in_mb=_text(context, "memory_limit_in_mb", "128"),
        log_group_name=_text(context, "log_group_name", ""),
        log_stream_name=_text(context, "log_stream_name", ""),
        identity=getattr(context, "identity", None),
        client_context=getattr(context, "client_context", None),
        xray_trace_id=os.environ.get("_X_AMZN_TRACE_ID"),
        tenant_id=getattr(context, "tenant_id", None),
    )


def as_result(returned: object) -> Ok[Any] | Err[Any]:
    """What a handler returned, as a `Result`: returns' containers converted, anything else an error."""
    if isinstance(returned, Ok | Err):
        return returned  # pyright: ignore[reportUnknownVariableType]
    cls = type(returned)
    if cls.__module__.startswith("returns."):
        from .interop.returns import to_result

        container: Any = returned
        try:
            return to_result(container)
        except TypeError:  # a Maybe, IO, FutureResult, ...: not a result
            pass
    return Err(InvalidResult(f"handler returned {cls.__name__}, expected Ok(...) or Err(...)"))


def _not_json(value: object, error: Exception) -> InvalidResult:
    return InvalidResult(
        f"handler returned Ok({type(value).__name__}), which is not JSON-serializable: {error}"
    )


def _error_reply(error_type: str, message: str) -> tuple[bytes, str]:
    """A function error as `invoke_raw` answers it: (error body, error type)."""
    from ._errors import error_body  # the error path only: not on the import path

    return error_body(error_type, message), error_type


def _log_unexpected(error: BaseException) -> None:
    import logging

    logging.getLogger("ferrolambda").error(
        "handler raised %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )


class LambdaHandler(Generic[T, R, E]):
    """A Lambda handler built from a function that returns `Result`.

    Called as `handler(event, context)` it is a managed-runtime handler; `invoke_raw` is the
    one-pass path the ferrolambda runtime and emulator use.
    """

    def __init__(
        self,
        function: Callable[..., Any],
        *,
        payload_type: object,
        takes_context: bool,
        is_async: bool,
    ) -> None:
        self.function = function
        self._payload = _Payload(payload_type)
        self._takes_context = takes_context
        self._run_coroutine: Callable[[Any], Any] | None = None
        if is_async:
            from ._aio import run

            self._run_coroutine = run
        self.__name__ = getattr(function, "__name__", type(self).__name__)
        self.__qualname__ = getattr(function, "__qualname__", self.__name__)
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def _call(self, payload: Any, context: Context) -> Ok[Any] | Err[Any]:
        if self._takes_context:
            returned = self.function(payload, context)
        else:
            returned = self.function(LambdaEvent(payload, context))
        if self._run_coroutine is not None:
            returned = self._run_coroutine(returned)
        return as_result(returned)

    def run(self, event: Any, context: Any) -> Result[R, Any]:
        """Validate an already decoded event and call the function: its `Result`, or `Err(InvalidEvent)`."""
        try:
            payload = self._payload.from_python(event)
        except ValueError as error:
            return Err(_invalid_event(error, self._payload.description))
        return self._call(payload, as_context(context))

    def __call__(self, event: Any, context: Any) -> Any:
        """The managed Python runtime's entry: return the JSON-ready value or raise the error."""
        outcome = self.run(event, context)
        if type(outcome) is Ok:
            value: object = outcome.value
            if is_stream(value):
                raise InvalidResult(
                    "handler returned Ok(ResponseStream): response streaming needs the ferrolambda "
                    "runtime (a custom runtime or container image); the managed Python runtime "
                    "cannot stream"
                )
            try:
                return to_jsonable(value)
            except (TypeError, ValueError) as unserializable:  # pydantic's is a ValueError
                raise _not_json(value, unserializable) from unserializable
        error: object = outcome.error
        error_type = error_type_of(error)
        if isinstance(error, BaseException) and type(error).__name__ == error_type:
            raise error
        cause = error if isinstance(error, BaseException) else None
        raise error_class(error_type)(str(error)) from cause

    def invoke_raw(
        self, payload: bytes, context: Context
    ) -> tuple[bytes | ResponseStream, str | None]:
        """Run one invocation from raw JSON: `(response, None)` or `(error body, error type)`.

        The response is a `ResponseStream` when the function returned one, for the runtime to
        stream. Never raises for a handler failure: the runtime loop goes on.
        """
        try:
            try:
                value = self._payload.from_json(payload)
            except ValueError as error:
                invalid = _invalid_event(error, self._payload.description)
                return _error_reply(invalid.error_type, str(invalid))
            outcome = self._call(value, context)
            if type(outcome) is Ok:
                if is_stream(outcome.value):
                    return outcome.value, None
                try:
                    return to_json_bytes(outcome.value), None
                except (TypeError, ValueError) as unserializable:
                    not_json = _not_json(outcome.value, unserializable)
                    return _error_reply(not_json.error_type, str(not_json))
            failure: object = outcome.error
            return _error_reply(error_type_of(failure), str(failure))
        except Exception as unexpected:
            from ._errors import exception_error

            _log_unexpected(unexpected)
            return exception_error(unexpected)


def _signature(function: Callable[..., Any]) -> tuple[object, bool]:
    """(payload type, takes context) from the function's annotations; clear errors otherwise."""
    import typing

    name = getattr(function, "__qualname__", repr(function))
    parameters, hints = signature(function, "@lambda_handler")
    if len(parameters) == 1:
        annotation = hints.get(parameters[0], Any)
        if typing.get_origin(annotation) is LambdaEvent:
            (payload_type,) = typing.get_args(annotation)
            return payload_type, False
        if annotation is LambdaEvent or annotation is Any:
            return Any, False
        raise TypeError(
            f"@lambda_handler: {name} takes one parameter, which must be annotated "
            f"LambdaEvent[T], not {annotation!r}; or take (event: T, context: Context)"
        )
    if len(parameters) == 2:
        return hints.get(parameters[0], Any), True
    raise TypeError(
        f"@lambda_handler: {name} must take (event: LambdaEvent[T]) or (event: T, context: Context), "
        f"not {len(parameters)} parameters"
    )


@overload
def lambda_handler(
    function: Callable[[LambdaEvent[T]], Coroutine[Any, Any, Result[R, E]]],
) -> LambdaHandler[T, R, E]: ...


@overload
def lambda_handler(
    function: Callable[[LambdaEvent[T]], Result[R, E]],
) -> LambdaHandler[T, R, E]: ...


@overload
def lambda_handler(
    function: Callable[[T, Context], Coroutine[Any, Any, Result[R, E]]],
) -> LambdaHandler[T, R, E]: ...


@overload
def lambda_handler(function: Callable[[T, Context], Result[R, E]]) -> LambdaHandler[T, R, E]: ...


def lambda_handler(function: Callable[..., Any]) -> LambdaHandler[Any, Any, Any]:
    """Decorator: make a function returning `Result` (sync or async) a Lambda handler."""
    payload_type, takes_context = _signature(function)
    return LambdaHandler(
        function,
        payload_type=payload_type,
        takes_context=takes_context,
        is_async=is_coroutine_function(function) or is_coroutine_function(unwrap(function)),
    )


__all__ = [
    "Context",
    "InvalidEvent",
    "InvalidResult",
    "LambdaError",
    "LambdaEvent",
    "LambdaHandler",
    "lambda_handler",
]
