"""CloudFormation custom resources: the three request types and the response's exact shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from ferrolambda.events.cloudformation import (
    CloudFormationCreateRequest,
    CloudFormationCustomResourceRequest,
    CloudFormationCustomResourceResponse,
    CloudFormationDeleteRequest,
    CloudFormationUpdateRequest,
)

Load = Callable[[str], dict[str, Any]]

REQUESTS = TypeAdapter(CloudFormationCustomResourceRequest[dict[str, Any]])


class DnsRecord(BaseModel):
    Name: str
    Ttl: int
    Targets: list[str]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("cloudformation_create.json", CloudFormationCreateRequest),
        ("cloudformation_update.json", CloudFormationUpdateRequest),
        ("cloudformation_delete.json", CloudFormationDeleteRequest),
    ],
)
def test_request_type_selects_the_model(name: str, model: type[Any], load_event: Load) -> None:
    request = REQUESTS.validate_python(load_event(name))
    assert isinstance(request, model)
    assert request.logical_resource_id == "DnsRecord"
    assert request.resource_type == "Custom::DnsRecord"
    assert request.response_url.startswith("https://cloudformation-custom-resource-response-")


def test_match_narrows_the_request(load_event: Load) -> None:
    request = REQUESTS.validate_python(load_event("cloudformation_update.json"))
    match request:
        case CloudFormationUpdateRequest(physical_resource_id=physical_id):
            assert physical_id == "status.acme.example"
            assert request.old_resource_properties["Ttl"] == "300"
            assert request.resource_properties["Ttl"] == "60"
        case _:
            pytest.fail("an Update request")


def test_typed_properties(load_event: Load) -> None:
    typed = TypeAdapter[Any](CloudFormationCustomResourceRequest[DnsRecord])
    request = typed.validate_python(load_event("cloudformation_update.json"))
    assert request.resource_properties == DnsRecord(
        Name="status.acme.example", Ttl=60, Targets=["203.0.113.10", "203.0.113.11"]
    )
    assert request.old_resource_properties.Ttl == 300


def test_unknown_request_type_is_rejected(load_event: Load) -> None:
    raw = load_event("cloudformation_create.json")
    raw["RequestType"] = "Import"
    with pytest.raises(ValidationError, match="RequestType"):
        REQUESTS.validate_python(raw)


def test_success_response_has_the_aws_shape(load_event: Load) -> None:
    request = REQUESTS.validate_python(load_event("cloudformation_create.json"))
    response = CloudFormationCustomResourceResponse.success(
        request, "status.acme.example", data={"Fqdn": "status.acme.example."}, no_echo=False
    )
    assert response.model_dump(mode="json", by_alias=True) == {
        "Status": "SUCCESS",
        "PhysicalResourceId": "status.acme.example",
        "StackId": request.stack_id,
        "RequestId": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
        "LogicalResourceId": "DnsRecord",
        "NoEcho": False,
        "Data": {"Fqdn": "status.acme.example."},
    }


def test_failed_response_keeps_the_physical_id(load_event: Load) -> None:
    request = REQUESTS.validate_python(load_event("cloudformation_delete.json"))
    response = CloudFormationCustomResourceResponse.failed(request, "zone not found")
    assert response.model_dump(mode="json", by_alias=True) == {
        "Status": "FAILED",
        "PhysicalResourceId": "status.acme.example",
        "StackId": request.stack_id,
        "RequestId": "8c7d6e5f-4a3b-4c2d-9e0f-1a2b3c4d5e6f",
        "LogicalResourceId": "DnsRecord",
        "Reason": "zone not found",
    }


def test_failed_create_defaults_to_the_logical_id(load_event: Load) -> None:
    request = REQUESTS.validate_python(load_event("cloudformation_create.json"))
    response = CloudFormationCustomResourceResponse.failed(request, "bad input")
    assert response.physical_resource_id == "DnsRecord"
