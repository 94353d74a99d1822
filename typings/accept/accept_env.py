"""env.var / env.parse / env.load return precisely typed Results."""

from __future__ import annotations

import enum
from typing import assert_type

from pydantic import BaseModel, SecretStr

from ferrolambda import Err, Ok, Result, env
from ferrolambda.env import ConfigError, EnvError, InvalidValue, NotPresent, NotUnicode


class Level(enum.Enum):
    DEBUG = "debug"
    INFO = "info"


class Settings(BaseModel):
    port: int
    token: SecretStr
    tags: list[str] = []


def case_var() -> None:
    assert_type(env.var("HOME"), Result[str, EnvError])
    assert_type(env.var("HOME").unwrap_or("/"), str)
    assert_type(env.var("HOME").ok().to_optional(), str | None)


def case_parse() -> None:
    assert_type(env.parse("PORT", int), Result[int, EnvError])
    assert_type(env.parse("DEBUG", env.boolean), Result[bool, EnvError])
    assert_type(env.parse("LEVEL", Level), Result[Level, EnvError])
    assert_type(env.parse("ENDPOINT", env.url), Result[str, EnvError])
    assert_type(env.parse("RATIO", lambda text: float(text) / 100), Result[float, EnvError])


def case_error_kinds() -> None:
    match env.parse("PORT", int):
        case Ok(port):
            assert_type(port, int)
        case Err(NotPresent(name=name)):
            assert_type(name, str)
        case Err(NotUnicode() as error):
            assert_type(error.raw, bytes)
        case Err(InvalidValue() as error):
            assert_type(error.reason, str)
        case Err(error):
            assert_type(error, EnvError)


def case_load() -> None:
    loaded = env.load(Settings, prefix="APP_")
    assert_type(loaded, Result[Settings, ConfigError])
    assert_type(loaded.map(lambda s: s.port), Result[int, ConfigError])
    assert_type(loaded.map_err(lambda e: e.problems), Result[Settings, list[tuple[str, str]]])
