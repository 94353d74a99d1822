"""env: var, parse and load read the environment into Results and never reveal a value."""

from __future__ import annotations

import enum
import os
from typing import Annotated

import pytest
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator

from ferrolambda import Err, Ok, env
from ferrolambda.env import ConfigError, EnvError, InvalidValue, NotPresent, NotUnicode

PREFIX = "FLTEST_"
INVALID_BYTES = b"caf\xe9-\xff"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(PREFIX):
            monkeypatch.delenv(name)


def set_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(PREFIX + name, value)


class Level(enum.Enum):
    DEBUG = "debug"
    INFO = "info"


# --- var --------------------------------------------------------------------------------------


class TestVar:
    def test_present(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, HOME="/home/user")
        assert env.var(PREFIX + "HOME") == Ok("/home/user")

    def test_empty_is_present(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, EMPTY="")
        assert env.var(PREFIX + "EMPTY") == Ok("")

    def test_unicode_value(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, NAME="café ☕")
        assert env.var(PREFIX + "NAME") == Ok("café ☕")

    def test_not_present(self) -> None:
        result = env.var(PREFIX + "MISSING")
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, NotPresent)
        assert isinstance(error, EnvError)
        assert error.name == PREFIX + "MISSING"
        assert PREFIX + "MISSING" in str(error)
        assert "not set" in str(error)

    def test_not_unicode(self, monkeypatch: pytest.MonkeyPatch) -> None:
        value = os.fsdecode(INVALID_BYTES)  # surrogate-escaped, as Python reads such bytes
        monkeypatch.setenv(PREFIX + "RAW", value)
        result = env.var(PREFIX + "RAW")
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, NotUnicode)
        assert isinstance(error, EnvError)
        assert error.name == PREFIX + "RAW"
        assert error.raw == INVALID_BYTES
        assert "not valid unicode" in str(error)
        assert "caf" not in str(error)
        assert "caf" not in repr(error)

    def test_errors_are_exceptions(self) -> None:
        for error_type in (NotPresent, NotUnicode, InvalidValue):
            assert issubclass(error_type, EnvError)
        assert issubclass(EnvError, Exception)
        assert issubclass(ConfigError, Exception)


# --- parse ------------------------------------------------------------------------------------


class TestParse:
    def test_int(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="8080")
        assert env.parse(PREFIX + "PORT", int) == Ok(8080)

    def test_enum(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, LEVEL="debug")
        assert env.parse(PREFIX + "LEVEL", Level) == Ok(Level.DEBUG)

    def test_enum_invalid(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, LEVEL="verbose")
        result = env.parse(PREFIX + "LEVEL", Level)
        assert isinstance(result, Err)
        assert isinstance(result.error, InvalidValue)
        assert "not a valid Level" in result.error.reason
        assert "verbose" not in str(result.error)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1", True),
            ("true", True),
            ("TRUE", True),
            (" yes ", True),
            ("On", True),
            ("0", False),
            ("false", False),
            ("No", False),
            ("off", False),
        ],
    )
    def test_boolean(self, monkeypatch: pytest.MonkeyPatch, text: str, expected: bool) -> None:
        set_env(monkeypatch, FLAG=text)
        assert env.parse(PREFIX + "FLAG", env.boolean) == Ok(expected)

    @pytest.mark.parametrize("text", ["", "maybe", "2", "truthy"])
    def test_boolean_invalid(self, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
        set_env(monkeypatch, FLAG=text)
        result = env.parse(PREFIX + "FLAG", env.boolean)
        assert isinstance(result, Err)
        assert isinstance(result.error, InvalidValue)
        assert "true/false" in result.error.reason

    @pytest.mark.parametrize(
        "text", ["https://example.com", "http://localhost:8080/path?q=1", "s3://bucket/key"]
    )
    def test_url(self, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
        set_env(monkeypatch, ENDPOINT=text)
        assert env.parse(PREFIX + "ENDPOINT", env.url) == Ok(text)

    @pytest.mark.parametrize("text", ["example.com", "/relative/path", "https://", "mailto"])
    def test_url_invalid(self, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
        set_env(monkeypatch, ENDPOINT=text)
        result = env.parse(PREFIX + "ENDPOINT", env.url)
        assert isinstance(result, Err)
        assert isinstance(result.error, InvalidValue)
        assert "absolute URL" in result.error.reason

    def test_custom_parser(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, RATIO="25")
        assert env.parse(PREFIX + "RATIO", lambda text: int(text) / 100) == Ok(0.25)

    def test_missing_passes_through(self) -> None:
        result = env.parse(PREFIX + "PORT", int)
        assert isinstance(result, Err)
        assert isinstance(result.error, NotPresent)

    def test_not_unicode_passes_through_without_calling_parser(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(PREFIX + "RAW", os.fsdecode(INVALID_BYTES))

        def parser(text: str) -> str:
            pytest.fail("parser called")

        result = env.parse(PREFIX + "RAW", parser)
        assert isinstance(result, Err)
        assert isinstance(result.error, NotUnicode)

    def test_invalid_value_names_the_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="eighty")
        result = env.parse(PREFIX + "PORT", int)
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, InvalidValue)
        assert error.name == PREFIX + "PORT"
        assert str(error).startswith(f"environment variable {PREFIX}PORT is invalid")
        assert error.reason.startswith("ValueError: invalid literal for int()")

    def test_parser_error_without_message(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, X="value")

        def parser(text: str) -> int:
            raise LookupError

        result = env.parse(PREFIX + "X", parser)
        assert isinstance(result, Err)
        assert isinstance(result.error, InvalidValue)
        assert result.error.reason == "LookupError"

    def test_base_exceptions_from_parser_propagate(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, X="value")

        def parser(text: str) -> int:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            env.parse(PREFIX + "X", parser)


SECRET_LOOKING_VALUES = [
    "not-a-number-QX7",
    "it's-a-secret",
    'say "hunter2"',
    "both ' and \" quotes",
    "back\\slash\\secret",
    "multi\nline\tsecret",
    "ünïcødé-sêcret",
    "sk_live_" + "A1b2C3d4" * 40,  # longer than the 200 characters int() quotes
]


def assert_value_absent(text: str, value: str) -> None:
    assert value not in text
    assert repr(value) not in text
    assert repr(value)[1:-1] not in text  # the escaped form without quotes
    if len(value) > 40:  # and no long fragment of it
        fragments = {value[i : i + 16] for i in range(len(value) - 15)}
        assert not any(fragment in text for fragment in fragments)


class TestInvalidValueNeverShowsTheValue:
    @pytest.mark.parametrize("value", SECRET_LOOKING_VALUES)
    @pytest.mark.parametrize("parser", [int, float, Level], ids=["int", "float", "enum"])
    def test_builtin_parsers(
        self, monkeypatch: pytest.MonkeyPatch, value: str, parser: type[object]
    ) -> None:
        set_env(monkeypatch, SECRET=value)
        result = env.parse(PREFIX + "SECRET", parser)
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, InvalidValue)
        assert PREFIX + "SECRET" in str(error)
        for text in (str(error), repr(error), error.reason, repr(result), str(error.args)):
            assert_value_absent(text, value)

    @pytest.mark.parametrize("value", SECRET_LOOKING_VALUES)
    def test_parser_that_echoes_the_value(
        self, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        set_env(monkeypatch, SECRET=value)

        def parser(text: str) -> int:
            raise ValueError(f"cannot use {text} (that is {text!r})")

        result = env.parse(PREFIX + "SECRET", parser)
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, InvalidValue)
        assert "cannot use" in error.reason
        for text in (str(error), repr(error), error.reason):
            assert_value_absent(text, value)

    def test_long_value_cut_short_by_int(self, monkeypatch: pytest.MonkeyPatch) -> None:
        secret = "tok_" + "Zq9" * 100
        set_env(monkeypatch, TOKEN=secret)
        result = env.parse(PREFIX + "TOKEN", int)
        assert isinstance(result, Err)
        message = str(result.error)
        assert "tok_Zq9Zq9" not in message
        assert "invalid literal for int()" in message


# --- load -------------------------------------------------------------------------------------


class Database(BaseModel):
    host: str
    port: int = 5432


class Settings(BaseModel):
    port: int
    name: str = "service"
    debug: bool = False
    timeout: float | None = None
    token: SecretStr
    tags: list[str] = []
    limits: dict[str, int] = {}
    database: Database | None = None


def load_settings() -> Ok[Settings] | Err[ConfigError]:
    return env.load(Settings, prefix=PREFIX)


class TestLoad:
    def test_loads_with_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="8080", TOKEN="s3cr3t-t0ken")
        result = load_settings()
        assert isinstance(result, Ok)
        settings = result.value
        assert settings.port == 8080
        assert settings.name == "service"
        assert settings.debug is False
        assert settings.timeout is None
        assert settings.token.get_secret_value() == "s3cr3t-t0ken"
        assert settings.tags == []
        assert settings.limits == {}
        assert settings.database is None

    def test_reads_every_kind_of_field(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(
            monkeypatch,
            PORT="81",
            NAME="orders",
            DEBUG="true",
            TIMEOUT="2.5",
            TOKEN="t",
            TAGS='["a", "b"]',
            LIMITS='{"rps": 10}',
            DATABASE='{"host": "db.internal"}',
        )
        result = load_settings()
        assert isinstance(result, Ok)
        settings = result.value
        assert settings.port == 81
        assert settings.name == "orders"
        assert settings.debug is True
        assert settings.timeout == 2.5
        assert settings.tags == ["a", "b"]
        assert settings.limits == {"rps": 10}
        assert settings.database == Database(host="db.internal", port=5432)

    def test_prefix_is_upper_cased_with_the_field(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="1", TOKEN="t")
        result = env.load(Settings, prefix=PREFIX.lower())
        assert isinstance(result, Ok)
        assert result.value.port == 1

    def test_every_problem_at_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(
            monkeypatch,
            PORT="eighty",  # invalid
            DEBUG="perhaps",  # invalid
            TAGS='["a", ',  # bad JSON
            LIMITS='{"rps": "many"}',  # valid JSON, invalid content
            DATABASE="{not json}",  # bad JSON
        )  # TOKEN missing
        result = load_settings()
        assert isinstance(result, Err)
        error = result.error
        assert isinstance(error, ConfigError)
        problems = dict(error.problems)
        assert [name for name, _ in error.problems] == [
            PREFIX + "PORT",
            PREFIX + "DEBUG",
            PREFIX + "TOKEN",
            PREFIX + "TAGS",
            PREFIX + "LIMITS",
            PREFIX + "DATABASE",
        ]
        assert problems[PREFIX + "TOKEN"] == "is not set"
        assert problems[PREFIX + "TAGS"] == "is not valid JSON"
        assert problems[PREFIX + "DATABASE"] == "is not valid JSON"
        assert "integer" in problems[PREFIX + "PORT"]
        assert "bool" in problems[PREFIX + "DEBUG"]
        assert "integer" in problems[PREFIX + "LIMITS"]
        message = str(error)
        assert "6 problem(s)" in message
        for name in problems:
            assert name in message
        for value in ("eighty", "perhaps", "many", "not json"):
            assert value not in message
            assert value not in repr(error)

    def test_nested_model_error_is_reported_on_its_variable(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        set_env(monkeypatch, PORT="1", TOKEN="t", DATABASE='{"port": 5}')
        result = load_settings()
        assert isinstance(result, Err)
        assert [name for name, _ in result.error.problems] == [PREFIX + "DATABASE"]

    def test_secret_never_appears(self, monkeypatch: pytest.MonkeyPatch) -> None:
        secret = "hunter2-very-secret-token"
        set_env(monkeypatch, PORT="bad-port", TOKEN=secret)
        result = load_settings()
        assert isinstance(result, Err)
        error = result.error
        for text in (str(error), repr(error), repr(result), repr(error.problems)):
            assert secret not in text
        assert "bad-port" not in str(error)

    def test_secret_hidden_in_loaded_model(self, monkeypatch: pytest.MonkeyPatch) -> None:
        secret = "hunter2-very-secret-token"
        set_env(monkeypatch, PORT="1", TOKEN=secret)
        result = load_settings()
        assert isinstance(result, Ok)
        assert secret not in repr(result)
        assert secret not in str(result.value)

    def test_invalid_secret_is_reported_without_its_value(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Keys(BaseModel):
            api_key: Annotated[SecretStr, Field(min_length=32)]

        secret = "short-secret-value"
        set_env(monkeypatch, API_KEY=secret)
        result = env.load(Keys, prefix=PREFIX)
        assert isinstance(result, Err)
        assert [name for name, _ in result.error.problems] == [PREFIX + "API_KEY"]
        assert secret not in str(result.error)
        assert secret not in repr(result.error)

    def test_validator_echoing_the_value_is_redacted(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Codes(BaseModel):
            code: str

            @field_validator("code")
            @classmethod
            def check(cls, value: str) -> str:
                raise ValueError(f"code {value!r} is revoked ({value})")

        set_env(monkeypatch, CODE="ABCD-1234-SECRET")
        result = env.load(Codes, prefix=PREFIX)
        assert isinstance(result, Err)
        message = str(result.error)
        assert "is revoked" in message
        assert "ABCD-1234-SECRET" not in message

    def test_not_unicode_is_a_problem(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="1", TOKEN="t")
        monkeypatch.setenv(PREFIX + "NAME", os.fsdecode(INVALID_BYTES))
        result = load_settings()
        assert isinstance(result, Err)
        assert result.error.problems == [(PREFIX + "NAME", "is not valid unicode")]

    def test_optional_field(self, monkeypatch: pytest.MonkeyPatch) -> None:
        set_env(monkeypatch, PORT="1", TOKEN="t", TIMEOUT="soon")
        result = load_settings()
        assert isinstance(result, Err)
        assert [name for name, _ in result.error.problems] == [PREFIX + "TIMEOUT"]

    def test_aliases_do_not_change_the_variable_name(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Aliased(BaseModel):
            port: int = Field(alias="listenPort")
            region: str = Field(validation_alias=AliasChoices("awsRegion", "region_name"))
            retries: int = Field(default=3, alias="maxRetries")

        set_env(monkeypatch, PORT="9000", REGION="eu-west-1")
        result = env.load(Aliased, prefix=PREFIX)
        assert isinstance(result, Ok)
        assert result.value.port == 9000
        assert result.value.region == "eu-west-1"
        assert result.value.retries == 3

        set_env(monkeypatch, PORT="x", RETRIES="y")
        monkeypatch.delenv(PREFIX + "REGION")
        failed = env.load(Aliased, prefix=PREFIX)
        assert isinstance(failed, Err)
        assert [name for name, _ in failed.error.problems] == [
            PREFIX + "PORT",
            PREFIX + "REGION",
            PREFIX + "RETRIES",
        ]
        assert dict(failed.error.problems)[PREFIX + "REGION"] == "is not set"

    def test_empty_prefix(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Plain(BaseModel):
            fltest_plain_value: int

        monkeypatch.setenv("FLTEST_PLAIN_VALUE", "7")
        result = env.load(Plain)
        assert isinstance(result, Ok)
        assert result.value.fltest_plain_value == 7

    def test_config_error_problems_are_pairs(self) -> None:
        error = ConfigError([("A", "is not set"), ("B", "is invalid")])
        assert error.problems == [("A", "is not set"), ("B", "is invalid")]
        assert str(error) == "invalid configuration (2 problem(s)): A: is not set; B: is invalid"


def test_env_module_names() -> None:
    assert set(env.__all__) >= {"var", "parse", "load", "boolean", "url", "EnvError"}
