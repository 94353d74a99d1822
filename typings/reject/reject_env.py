"""env.var / env.parse / env.load are typed: the parser's type flows into the Result."""

from __future__ import annotations

from pydantic import BaseModel

from ferrolambda import Result, env
from ferrolambda.env import EnvError


class Settings(BaseModel):
    port: int


def parse_type_flows_into_result() -> Result[str, EnvError]:
    # E[mypy]: Argument 2 to "parse" has incompatible type "type[int]"; expected "Callable[[str], str]"
    # E[pyright]: "Result[int, EnvError]" is not assignable to return type "Result[str, EnvError]"
    return env.parse("PORT", int)


def var_is_a_result() -> str:
    # E[mypy]: Incompatible return value type (got "Ok[str] | Err[EnvError]", expected "str")
    # E[pyright]: "Result[str, EnvError]" is not assignable to return type "str"
    return env.var("HOME")


def load_needs_a_pydantic_model() -> None:
    # E[mypy]: Value of type variable "M" of "load" cannot be "dict[Any, Any]"
    # E[pyright]: "dict[_KT@dict, _VT@dict]" is not assignable to "BaseModel"
    env.load(dict)


def var_takes_a_name() -> None:
    # E[mypy]: Argument 1 to "var" has incompatible type "int"; expected "str"
    # E[pyright]: "Literal[1]" is not assignable to "str"
    env.var(1)


def loaded_config_must_be_narrowed() -> int:
    # E[mypy]: Item "Err[ConfigError]" of "Ok[Settings] | Err[ConfigError]" has no attribute "value"
    # E[pyright]: Cannot access attribute "value" for class "Err[ConfigError]"
    return env.load(Settings).value.port


def parser_takes_the_text() -> None:
    # E[mypy]: Argument 2 to "parse" has incompatible type "Callable[[], int]"; expected "Callable[[str], int]"
    # E[pyright]: Function accepts too few positional parameters; expected 1 but received 0
    env.parse("PORT", lambda: 1)


def load_error_is_a_config_error() -> Result[Settings, EnvError]:
    # E[mypy]: Incompatible return value type (got "Ok[Settings] | Err[ConfigError]"
    # E[pyright]: "ConfigError" is not assignable to "EnvError"
    return env.load(Settings)


def load_takes_prefix_by_keyword() -> None:
    # E[mypy]: Too many positional arguments for "load"
    # E[pyright]: Expected 1 positional argument
    env.load(Settings, "APP_")
