"""AWS CloudFormation custom resources: the request a stack sends to the function and the response
the function uploads to the request's `ResponseURL`.

`CloudFormationCustomResourceRequest` is the union of the three request types, told apart by
`RequestType`, so `match` narrows it; `CloudFormationCustomResourceRequest[Props]` validates the
resource properties as `Props` (CloudFormation sends every scalar property as a string).
"""

from typing import Annotated, Any, Generic, Literal, Self

from pydantic import Field
from typing_extensions import TypeAliasType, TypeVar

from ._base import PascalModel
from ._response import OmitsNone

__all__ = [
    "CloudFormationCreateRequest",
    "CloudFormationCustomResourceRequest",
    "CloudFormationCustomResourceResponse",
    "CloudFormationDeleteRequest",
    "CloudFormationUpdateRequest",
]

T = TypeVar("T", default=dict[str, Any])


class _Request(PascalModel, Generic[T]):
    """The fields every custom resource request has."""

    service_token: str
    response_url: Annotated[str, Field(alias="ResponseURL")]
    stack_id: str
    request_id: str
    logical_resource_id: str
    resource_type: str
    resource_properties: T


class CloudFormationCreateRequest(_Request[T], Generic[T]):
    """A request to create the resource."""

    request_type: Literal["Create"]


class CloudFormationUpdateRequest(_Request[T], Generic[T]):
    """A request to update the resource, with the properties it had before."""

    request_type: Literal["Update"]
    physical_resource_id: str
    old_resource_properties: T


class CloudFormationDeleteRequest(_Request[T], Generic[T]):
    """A request to delete the resource."""

    request_type: Literal["Delete"]
    physical_resource_id: str


CloudFormationCustomResourceRequest = TypeAliasType(
    "CloudFormationCustomResourceRequest",
    Annotated[
        CloudFormationCreateRequest[T]
        | CloudFormationUpdateRequest[T]
        | CloudFormationDeleteRequest[T],
        Field(discriminator="request_type"),
    ],
    type_params=(T,),
)
"""A custom resource request of any type, discriminated by `RequestType`."""


class CloudFormationCustomResourceResponse(PascalModel, OmitsNone):
    """The outcome of a request, uploaded as JSON to its `ResponseURL`."""

    status: Literal["SUCCESS", "FAILED"]
    physical_resource_id: str
    stack_id: str
    request_id: str
    logical_resource_id: str
    reason: str | None = None
    no_echo: bool | None = None
    data: dict[str, Any] | None = None

    @classmethod
    def success(
        cls,
        request: _Request[Any],
        physical_resource_id: str | None = None,
        *,
        data: dict[str, Any] | None = None,
        no_echo: bool | None = None,
    ) -> Self:
        """A `SUCCESS` response; the physical id defaults to the current one, or the logical id."""
        return cls(
            status="SUCCESS",
            physical_resource_id=physical_resource_id or _physical_id(request),
            stack_id=request.stack_id,
            request_id=request.request_id,
            logical_resource_id=request.logical_resource_id,
            data=data,
            no_echo=no_echo,
        )

    @classmethod
    def failed(
        cls, request: _Request[Any], reason: str, physical_resource_id: str | None = None
    ) -> Self:
        """A `FAILED` response with the reason to show; the id defaults as in `success`."""
        return cls(
            status="FAILED",
            physical_resource_id=physical_resource_id or _physical_id(request),
            stack_id=request.stack_id,
            request_id=request.request_id,
            logical_resource_id=request.logical_resource_id,
            reason=reason,
        )


def _physical_id(request: _Request[Any]) -> str:
    """The id the resource already has (update, delete), else its logical id (create)."""
    if isinstance(request, CloudFormationUpdateRequest | CloudFormationDeleteRequest):
        return request.physical_resource_id
    return request.logical_resource_id
