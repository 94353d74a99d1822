"""The examples' SAM templates: cfn-lint clean, batch sources report item failures, and every
Handler names a function defined in the example's code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from example_support import ALL_TEMPLATES, EXAMPLE_NAMES, EXAMPLE_TEMPLATES, EXAMPLES, ROOT

BIN = Path(sys.executable).parent
BATCH_EVENT_TYPES = {"SQS", "Kinesis", "DynamoDB"}
RUNTIMES = {"python3.12", "python3.13"}


class CloudFormationLoader(yaml.SafeLoader):
    """A SafeLoader that reads CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`...)."""


def _tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _tagged)


def load_template(path: Path) -> dict[str, Any]:
    loaded = yaml.load(path.read_text(), Loader=CloudFormationLoader)
    assert isinstance(loaded, dict)
    return loaded


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each AWS::Serverless::Function's properties, with the template's Globals applied."""
    defaults = template.get("Globals", {}).get("Function", {})
    return {
        name: {**defaults, **resource.get("Properties", {})}
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


def top_level_names(module: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(module.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_example_has_a_handler_events_a_template_and_a_readme() -> None:
    for name in EXAMPLE_NAMES:
        directory = EXAMPLES / name
        assert (directory / "handler.py").is_file(), name
        assert (directory / "template.yaml").is_file(), name
        assert (directory / "README.md").is_file(), name
        assert list((directory / "events").glob("*.json")), name


def test_cfn_lint_passes_on_every_template() -> None:
    assert set(EXAMPLE_TEMPLATES) <= set(ALL_TEMPLATES)
    done = subprocess.run(
        [str(BIN / "cfn-lint"), *(str(path.relative_to(ROOT)) for path in ALL_TEMPLATES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", EXAMPLE_TEMPLATES, ids=lambda path: path.parent.name)
def test_template_is_a_sam_template_of_python_functions(path: Path) -> None:
    template = load_template(path)
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    found = functions(template)
    assert found, "no AWS::Serverless::Function"
    for name, properties in found.items():
        assert properties.get("Runtime") in RUNTIMES, name
        assert properties.get("CodeUri") == ".", name


@pytest.mark.parametrize("path", ALL_TEMPLATES, ids=lambda path: path.parent.name)
def test_batch_event_sources_report_batch_item_failures(path: Path) -> None:
    for name, properties in functions(load_template(path)).items():
        for event_name, event in properties.get("Events", {}).items():
            if event["Type"] in BATCH_EVENT_TYPES:
                response_types = event["Properties"].get("FunctionResponseTypes", [])
                assert "ReportBatchItemFailures" in response_types, f"{name}.{event_name}"


@pytest.mark.parametrize("path", ALL_TEMPLATES, ids=lambda path: path.parent.name)
def test_every_handler_names_a_defined_function(path: Path) -> None:
    for name, properties in functions(load_template(path)).items():
        if properties.get("PackageType") == "Image" or not str(
            properties.get("Runtime", "")
        ).startswith("python"):
            continue  # a container image or a custom runtime: Handler is not a Python module
        code = path.parent / properties.get("CodeUri", ".")
        module, _, attribute = properties["Handler"].rpartition(".")
        source = code / f"{module.replace('.', '/')}.py"
        assert source.is_file(), f"{name}: no {source}"
        assert attribute in top_level_names(source), f"{name}: {source} has no {attribute}"


def test_sqs_jobs_template_has_a_standard_and_a_fifo_queue() -> None:
    template = load_template(EXAMPLES / "sqs_jobs" / "template.yaml")
    resources = template["Resources"]
    handlers = {
        properties["Handler"]: [
            event["Properties"]["Queue"] for event in properties["Events"].values()
        ]
        for properties in functions(template).values()
    }
    assert handlers == {
        "handler.handler": [{"Fn::GetAtt": ["JobsQueue", "Arn"]}],
        "handler.fifo_handler": [{"Fn::GetAtt": ["FifoJobsQueue", "Arn"]}],
    }
    assert resources["FifoJobsQueue"]["Properties"]["FifoQueue"] is True
    assert "FifoQueue" not in resources["JobsQueue"]["Properties"]


def test_step_functions_state_machine_catches_the_function_error_type() -> None:
    template = load_template(EXAMPLES / "step_functions" / "template.yaml")
    machine = template["Resources"]["ReportLinkStateMachine"]
    assert machine["Type"] == "AWS::Serverless::StateMachine"
    task = machine["Properties"]["Definition"]["States"]["CreateIssue"]
    caught = {error for catch in task["Catch"] for error in catch["ErrorEquals"]}
    retried = {error for retry in task["Retry"] for error in retry["ErrorEquals"]}
    assert "NotARepository" in caught
    assert "TrackerUnavailable" in retried
    source = (EXAMPLES / "step_functions" / "handler.py").read_text()
    assert 'error_type = "NotARepository"' in source
    assert 'error_type = "TrackerUnavailable"' in source
