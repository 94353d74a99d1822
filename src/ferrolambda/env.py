"""Environment configuration as `Result`s: `var`, `parse`, and typed `load` that never prints a value."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .result import Err, Ok, Result

if TYPE_CHECKING:
    from pydantic import BaseModel

T = TypeVar("T")
if TYPE_CHECKING:
    M = TypeVar("M", bound=BaseModel)
else:
    # A string bound would make typing compile() it at import: milliseconds of cold start.
    M = TypeVar("M")

_REDACTED = "<redacted>"


class EnvError(Exception):
    """Why an environment variable could not be read; names the variable, never its value."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        """The environment variable's name."""


class NotPresent(EnvError):
    """The variable is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(name, f"environment variable {name} is not set")


class NotUnicode(EnvError):
    """The variable's bytes are not valid UTF-8 (Python had to surrogate-escape them)."""

    def __init__(self, name: str, raw: bytes) -> None:
        super().__init__(name, f"environment variable {name} is not valid unicode")
        self.raw = raw
        """The variable's raw bytes."""


class InvalidValue(EnvError):
    """The variable is set but its parser rejected it; `reason` never contains the value."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, f"environment variable {name} is invalid: {reason}")
        self.reason = reason
        """Why the parser rejected the value, with the value itself redacted."""


class ConfigError(Exception):
    """Every problem found while loading a configuration model, one `(variable, reason)` each."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        listed = "; ".join(f"{name}: {reason}" for name, reason in problems)
        super().__init__(f"invalid configuration ({len(problems)} problem(s)): {listed}")
        self.problems = problems
        """`(environment variable, reason)` for each problem, in field order."""


def var(name: str) -> Result[str, EnvError]:
    """Read an environment variable: `Ok(value)`, or `Err(NotPresent | NotUnicode)`."""
    value = os.environ.get(name)
    if value is None:
        return Err(NotPresent(name))
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            return Err(NotUnicode(name, os.fsencode(value)))
    return Ok(value)


def _redact(message: str, value: str) -> str:
    """Remove every occurrence of `value` (and its repr, even cut short) from `message`."""
    if not value:
        return message
    quoted = repr(value)
    message = message.replace(quoted, _REDACTED).replace(value, _REDACTED)
    # A parser may quote the value cut short: `int()` shows at most 200 characters of its repr,
    # which for a long value is neither the value nor its whole repr. Find the longest prefix
    # of the repr still in the message (if a prefix is there, so are all shorter ones).
    low, high = 0, len(quoted)
    while low < high:
        middle = (low + high + 1) // 2
        if quoted[:middle] in message:
            low = middle
        else:
            high = middle - 1
    if low >= min(len(quoted) - 1, 9):  # the opening quote and 8 characters, or all but the end
        message = message.replace(quoted[:low], _REDACTED)
    return message


def parse(name: str, parser: Callable[[str], T]) -> Result[T, EnvError]:
    """Read a variable and convert it with `parser` (`int`, an Enum, `boolean`, `url`, ...).

    A parser that raises gives `Err(InvalidValue)`, whose reason has the value redacted.
    """
    read = var(name)
    if isinstance(read, Err):
        return read
    value = read.value
    try:
        return Ok(parser(value))
    except Exception as error:  # any parser failure is the value's fault
        return Err(InvalidValue(name, _redact(_describe(error), value)))


def _describe(error: Exception) -> str:
    message = str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def boolean(text: str) -> bool:
    """Parse a boolean the way configuration usually spells it: 1/0, true/false, yes/no, on/off."""
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError("expected one of 1/0, true/false, yes/no, on/off")


def url(text: str) -> str:
    """Check that the value is an absolute URL with a scheme and a host, and return it."""
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        raise ValueError("expected an absolute URL such as https://host/path")
    return text


def load(model: type[M], *, prefix: str = "") -> Result[M, ConfigError]:
    """Read a pydantic model from the environment: field `port` comes from `{prefix}PORT`.

    Every missing or invalid variable is reported at once in one `ConfigError`; no value
    (secret or not) appears in it. Fields of list, dict, set, tuple or model type are read as JSON.
    """
    import json

    from pydantic import ValidationError

    data: dict[str, Any] = {}
    raw_values: dict[str, str] = {}
    problems: dict[str, str] = {}
    env_names = {field: f"{prefix}{field}".upper() for field in model.model_fields}
    for field, info in model.model_fields.items():
        env_name = env_names[field]
        read = var(env_name)
        if isinstance(read, Err):
            if isinstance(read.error, NotUnicode):
                problems[field] = "is not valid unicode"
            continue
        value = read.value
        raw_values[field] = value
        if _wants_json(info.annotation):
            try:
                data[field] = json.loads(value)
            except ValueError:
                problems[field] = "is not valid JSON"
            continue
        data[field] = value

    try:
        loaded = model.model_validate(data, by_name=True, by_alias=False)
    except ValidationError as error:
        for detail in error.errors(include_url=False, include_input=False, include_context=False):
            location = detail["loc"]
            field = str(location[0]) if location else ""
            if field in problems:
                continue
            reason = "is not set" if detail["type"] == "missing" else detail["msg"]
            problems[field] = _redact(reason, raw_values.get(field, ""))
    else:
        if not problems:
            return Ok(loaded)

    ordered = [
        (env_names.get(field, field), problems[field]) for field in env_names if field in problems
    ]
    ordered += [(field, reason) for field, reason in problems.items() if field not in env_names]
    return Err(ConfigError(ordered))


def _wants_json(annotation: object) -> bool:
    import types
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return any(_wants_json(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    if origin in (list, dict, set, frozenset, tuple):
        return True
    return isinstance(annotation, type) and issubclass(
        annotation, BaseModel | dict | list | tuple | set
    )


__all__ = [
    "ConfigError",
    "EnvError",
    "InvalidValue",
    "NotPresent",
    "NotUnicode",
    "boolean",
    "load",
    "parse",
    "url",
    "var",
]
