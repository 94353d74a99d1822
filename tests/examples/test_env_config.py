"""examples/env_config: configuration read at start-up; every problem reported at once, no secret."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from types import ModuleType

import pytest
from example_support import event_json, invoke_event

from ferrolambda import Err, Ok
from ferrolambda.env import ConfigError
from ferrolambda.testing import invoke, make_context

EXAMPLE = "env_config"
SECRET = "s3cr3t-api-key-do-not-print"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("APP_") or name in ("TABLE_NAME", "PORT"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def valid_env(clean_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    clean_env.setenv("TABLE_NAME", "orders-prod")
    clean_env.setenv("PORT", "9000")
    clean_env.setenv("APP_STAGE", "prod")
    clean_env.setenv("APP_API_KEY", SECRET)
    clean_env.setenv("APP_MAX_ITEMS", "50")
    clean_env.setenv("APP_DEBUG", "true")
    clean_env.setenv("APP_ALLOWED_ORIGINS", '["https://example.com"]')
    return clean_env


def expected_token(user: str) -> str:
    return hmac.new(SECRET.encode(), user.encode(), hashlib.sha256).hexdigest()


def test_config_is_read_at_start_up(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    config = module.CONFIG
    assert (config.table_name, config.port) == ("orders-prod", 9000)
    settings = config.settings
    assert (settings.stage, settings.max_items, settings.debug) == ("prod", 50, True)
    assert settings.allowed_origins == ["https://example.com"]
    assert settings.api_key.get_secret_value() == SECRET
    assert SECRET not in repr(config)


def test_handler_signs_with_the_secret_without_showing_it(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "token.json")
    assert answer.error_type is None
    assert answer.body == {
        "table": "orders-prod",
        "port": 9000,
        "stage": "prod",
        "max_items": 50,
        "debug": True,
        "token": expected_token("alice"),
    }
    assert SECRET not in str(answer.body)


def test_managed_runtime_call_returns_the_same_answer(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    answer = module.handler(event_json(EXAMPLE, "token.json"), make_context())
    assert answer["token"] == expected_token("alice")


def test_defaults_when_optional_variables_are_unset(
    clean_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    clean_env.setenv("APP_STAGE", "dev")
    clean_env.setenv("APP_API_KEY", SECRET)
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "token.json")
    assert answer.body["table"] == "orders-dev"
    assert answer.body["port"] == 8080
    assert answer.body["max_items"] == 25
    assert answer.body["debug"] is False
    assert module.CONFIG.settings.allowed_origins == []


def test_invalid_event_is_an_invalid_event_error(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke_event(module.handler, EXAMPLE, "invalid.json")
    assert answer.error_type == "InvalidEvent"
    assert "user" in answer.body["errorMessage"]


def test_missing_variables_fail_start_up_listing_each(
    clean_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_example(EXAMPLE)
    assert [name for name, _ in raised.value.problems] == ["APP_STAGE", "APP_API_KEY"]
    assert all(reason == "is not set" for _, reason in raised.value.problems)
    assert "APP_STAGE" in str(raised.value)
    assert "APP_API_KEY" in str(raised.value)


def test_every_invalid_variable_is_reported_at_once_without_values(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)  # starts with a valid configuration
    valid_env.setenv("PORT", "port-nine-thousand")
    valid_env.setenv("APP_STAGE", "qa-stage-xyz")
    valid_env.setenv("APP_MAX_ITEMS", "-3")
    valid_env.setenv("APP_DEBUG", "maybe-later")
    valid_env.setenv("APP_ALLOWED_ORIGINS", "https://not-json.example")

    loaded = module.load_config()

    assert isinstance(loaded, Err)
    error = loaded.error
    assert isinstance(error, ConfigError)
    assert [name for name, _ in error.problems] == [
        "PORT",
        "APP_STAGE",
        "APP_MAX_ITEMS",
        "APP_DEBUG",
        "APP_ALLOWED_ORIGINS",
    ]
    message = str(error)
    assert "5 problem(s)" in message
    for value in (
        SECRET,
        "port-nine-thousand",
        "qa-stage-xyz",
        "maybe-later",
        "not-json.example",
    ):
        assert value not in message
        assert value not in repr(error.problems)


def test_an_out_of_range_port_is_invalid(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    valid_env.setenv("PORT", "70000")
    with pytest.raises(ConfigError) as raised:
        load_example(EXAMPLE)
    assert raised.value.problems == [
        ("PORT", "ValueError: expected a port number between 1 and 65535")
    ]


def test_invalid_configuration_fails_the_import(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    valid_env.setenv("PORT", "eighty")
    valid_env.delenv("APP_API_KEY")
    with pytest.raises(ConfigError) as raised:
        load_example(EXAMPLE)
    assert [name for name, _ in raised.value.problems] == ["PORT", "APP_API_KEY"]
    assert "eighty" not in str(raised.value)


def test_load_config_is_ok_with_a_valid_environment(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    valid_env.setenv("TABLE_NAME", "orders-staging")
    loaded = module.load_config()
    assert isinstance(loaded, Ok)
    assert loaded.value.table_name == "orders-staging"


def test_with_the_testing_helpers(
    valid_env: pytest.MonkeyPatch, load_example: Callable[..., ModuleType]
) -> None:
    module = load_example(EXAMPLE)
    answer = invoke(module.handler, {"user": "bob"}).unwrap()
    assert answer["token"] == expected_token("bob")
    failure = invoke(module.handler, {"name": "bob"}).unwrap_err()
    assert failure.error_type == "InvalidEvent"
    assert "user" in failure.message
