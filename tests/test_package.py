"""The package surface: cold-start imports, lazy public names, `dir`, `__all__` and py.typed."""

from __future__ import annotations

import importlib.resources
import json
import sys
import textwrap

import pytest

import ferrolambda
from fresh_python import run_fresh

# Modules a cold start must not pay for: third-party packages and heavy standard modules.
FORBIDDEN = ("pydantic", "typing_extensions", "inspect", "asyncio", "dataclasses")

DESIGN_PUBLIC_NAMES = {
    "Ok",
    "Err",
    "Result",
    "Some",
    "Nothing",
    "Option",
    "UnwrapError",
    "catch",
    "collect",
    "partition",
    "early_return",
    "from_optional",
    "is_ok",
    "is_err",
    "is_some",
    "is_nothing",
    "lambda_handler",
    "LambdaEvent",
    "Context",
    "env",
}


def modules_loaded_by(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; return the modules it added to `sys.modules`."""
    script = textwrap.dedent(
        """
        import json, sys
        before = set(sys.modules)
        {code}
        print(json.dumps(sorted(set(sys.modules) - before)))
        """
    ).format(code=code)
    loaded: list[str] = json.loads(run_fresh(script).splitlines()[-1])
    return loaded


def forbidden_in(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in FORBIDDEN]


def third_party_in(modules: list[str]) -> list[str]:
    allowed = sys.stdlib_module_names | {"ferrolambda"}
    return [m for m in modules if m.split(".")[0] not in allowed]


def test_baseline_interpreter_has_none_of_the_forbidden_modules() -> None:
    # Otherwise the checks below would pass for the wrong reason.
    baseline = run_fresh("import sys, json; print(json.dumps(sorted(sys.modules)))")
    assert forbidden_in(json.loads(baseline)) == []


def test_import_ferrolambda_is_cheap() -> None:
    loaded = modules_loaded_by("import ferrolambda")
    assert "ferrolambda" in loaded
    assert forbidden_in(loaded) == []
    assert third_party_in(loaded) == []


def test_common_names_import_no_third_party_module() -> None:
    loaded = modules_loaded_by(
        "import ferrolambda; from ferrolambda import Ok, Some, env, lambda_handler"
    )
    assert {"ferrolambda.result", "ferrolambda.option", "ferrolambda.env"} <= set(loaded)
    assert "ferrolambda.handler" in loaded
    assert forbidden_in(loaded) == []
    assert third_party_in(loaded) == []


def test_result_and_option_load_nothing_else_of_the_package() -> None:
    loaded = modules_loaded_by("from ferrolambda.result import Ok; from ferrolambda import Some")
    assert {m for m in loaded if m.startswith("ferrolambda")} == {
        "ferrolambda",
        "ferrolambda.result",
        "ferrolambda.option",
        "ferrolambda._functions",
        "ferrolambda._unshared",
    }
    assert forbidden_in(loaded) == []


def test_every_public_name_loads_without_third_party_module() -> None:
    loaded = modules_loaded_by(
        "import ferrolambda\nfor name in ferrolambda.__all__: getattr(ferrolambda, name)"
    )
    assert forbidden_in(loaded) == []
    assert third_party_in(loaded) == []


def test_env_attribute_after_plain_import() -> None:
    output = run_fresh(
        """
        import os, ferrolambda
        os.environ["FLTEST_PACKAGE_VAR"] = "value"
        print(ferrolambda.env.var("FLTEST_PACKAGE_VAR"))
        print(ferrolambda.env.var("FLTEST_PACKAGE_MISSING").is_err())
        """
    )
    assert output.splitlines() == ["Ok('value')", "True"]


def test_all_names_resolve() -> None:
    for name in ferrolambda.__all__:
        assert getattr(ferrolambda, name) is not None, name


def test_all_covers_the_design() -> None:
    assert set(ferrolambda.__all__) >= DESIGN_PUBLIC_NAMES
    assert len(ferrolambda.__all__) == len(set(ferrolambda.__all__))


def test_names_are_the_module_objects() -> None:
    from ferrolambda import env, handler, option, result

    assert ferrolambda.Ok is result.Ok
    assert ferrolambda.Err is result.Err
    assert ferrolambda.Some is option.Some
    assert ferrolambda.Nothing is option.Nothing
    assert ferrolambda.from_optional is option.from_optional
    assert ferrolambda.lambda_handler is handler.lambda_handler
    assert ferrolambda.env is env


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from ferrolambda import *", namespace)
    assert set(ferrolambda.__all__) <= set(namespace)


def test_dir_lists_public_names() -> None:
    listed = dir(ferrolambda)
    assert set(ferrolambda.__all__) <= set(listed)
    assert listed == sorted(listed)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = ferrolambda.nope


def test_py_typed() -> None:
    marker = importlib.resources.files("ferrolambda") / "py.typed"
    assert marker.is_file()


@pytest.mark.parametrize("source", ["sqs", "kinesis", "dynamodb"])
def test_a_batch_handler_does_not_load_what_only_response_models_need(source: str) -> None:
    loaded = modules_loaded_by(
        f"import ferrolambda.batch, ferrolambda.events.{source}; import pydantic.main"
    )
    assert "pydantic.main" in loaded  # pydantic itself is loaded: the check below means something
    assert "pydantic.functional_serializers" not in loaded
    assert "ferrolambda.events._response" not in loaded


def test_response_models_bring_their_serializer() -> None:
    loaded = modules_loaded_by("import ferrolambda.events.apigateway")
    assert {"pydantic.functional_serializers", "ferrolambda.events._response"} <= set(loaded)


def test_event_modules_use_real_annotations() -> None:
    # String annotations cost pydantic a compile() per field at import (see events/_base.py).
    events = importlib.resources.files("ferrolambda.events")
    stringified = [
        entry.name
        for entry in events.iterdir()
        if entry.name.endswith(".py")
        and "from __future__ import annotations" in entry.read_text().splitlines()
    ]
    assert stringified == []
