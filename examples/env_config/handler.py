"""Configuration read once, at start-up, and never trusted blindly.

Three ways to read the environment, from the simplest to the most complete:

- `env.var(name)`: one string, `Err(NotPresent)` when it is not set;
- `env.parse(name, parser)`: one converted value; a bad value is an error naming the variable,
  never its value;
- `env.load(Model, prefix=...)`: a whole typed configuration, with every problem reported at once.

A configuration error fails the function's start-up (an init error) instead of the first request.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal, Never, NoReturn

from pydantic import BaseModel, Field, SecretStr

from ferrolambda import Err, LambdaEvent, Ok, Result, env, lambda_handler
from ferrolambda.env import ConfigError, EnvError, InvalidValue, NotPresent

DEFAULT_TABLE = "orders-dev"
DEFAULT_PORT = 8080


class Settings(BaseModel):
    """Read by `env.load(Settings, prefix="APP_")`: field `max_items` comes from `APP_MAX_ITEMS`."""

    stage: Literal["dev", "staging", "prod"]
    api_key: SecretStr  # its value never appears in an error, a log line or a repr
    max_items: int = Field(default=25, gt=0)
    debug: bool = False
    allowed_origins: list[str] = Field(default_factory=list)  # read as JSON


@dataclass(frozen=True)
class Config:
    table_name: str
    port: int
    settings: Settings


def port_number(text: str) -> int:
    """A parser for `env.parse`: any exception it raises becomes `Err(InvalidValue)`."""
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError("expected a port number between 1 and 65535")
    return port


def port_or_default(error: EnvError) -> Result[int, EnvError]:
    """An unset PORT means the default; a PORT that is set but invalid stays an error."""
    return Ok(DEFAULT_PORT) if isinstance(error, NotPresent) else Err(error)


def load_config() -> Result[Config, ConfigError]:
    """Read the whole configuration; on failure, one error lists every problem."""
    # Rust: env::var("TABLE_NAME").unwrap_or_else(|_| "orders-dev".to_string())
    table_name = env.var("TABLE_NAME").unwrap_or_else(lambda _: DEFAULT_TABLE)
    # Rust: env::var("PORT")?.parse::<u16>()? -- but an unset PORT falls back to the default
    port = env.parse("PORT", port_number).or_else(port_or_default)
    settings = env.load(Settings, prefix="APP_")

    match port, settings:
        case Ok(number), Ok(loaded):
            return Ok(Config(table_name, number, loaded))
        case _:
            problems: list[tuple[str, str]] = []
            if isinstance(port, Err):
                error = port.error
                reason = error.reason if isinstance(error, InvalidValue) else str(error)
                problems.append((error.name, reason))
            if isinstance(settings, Err):
                problems.extend(settings.error.problems)
            return Err(ConfigError(problems))


def fail_start_up(error: ConfigError) -> NoReturn:
    """Raise at import time: Lambda reports an init error listing every problem."""
    raise error


CONFIG = load_config().unwrap_or_else(fail_start_up)


class TokenRequest(BaseModel):
    user: str = Field(min_length=1)


class TokenResponse(BaseModel):
    table: str
    port: int
    stage: str
    max_items: int
    debug: bool
    token: str


@lambda_handler
def handler(event: LambdaEvent[TokenRequest]) -> Result[TokenResponse, Never]:
    """Sign the user's name with the API key: the secret is used, never shown."""
    settings = CONFIG.settings
    key = settings.api_key.get_secret_value().encode()
    token = hmac.new(key, event.payload.user.encode(), hashlib.sha256).hexdigest()
    return Ok(
        TokenResponse(
            table=CONFIG.table_name,
            port=CONFIG.port,
            stage=settings.stage,
            max_items=settings.max_items,
            debug=settings.debug,
            token=token,
        )
    )
