"""Elastic Load Balancing: a request an Application Load Balancer sends to a Lambda target group,
and the response.

When the target group enables multi-value headers, requests carry `multi_value_headers` and
`multi_value_query_string_parameters` instead of the single-value maps, and the response must
answer with `multi_value_headers`. Query parameters arrive URL-encoded as the client sent them.
"""

from ._base import CamelModel
from ._response import OmitsNone

__all__ = ["AlbElbContext", "AlbRequestContext", "AlbTargetGroupRequest", "AlbTargetGroupResponse"]


class AlbElbContext(CamelModel):
    """The target group that routed the request."""

    target_group_arn: str


class AlbRequestContext(CamelModel):
    """The load balancer's context for the request."""

    elb: AlbElbContext


class AlbTargetGroupRequest(CamelModel):
    """An HTTP request forwarded by an Application Load Balancer."""

    request_context: AlbRequestContext
    http_method: str
    path: str
    headers: dict[str, str] | None = None
    multi_value_headers: dict[str, list[str]] | None = None
    query_string_parameters: dict[str, str] | None = None
    multi_value_query_string_parameters: dict[str, list[str]] | None = None
    body: str | None = None
    is_base64_encoded: bool = False


class AlbTargetGroupResponse(CamelModel, OmitsNone):
    """The response a Lambda target returns to the load balancer."""

    status_code: int
    status_description: str | None = None
    headers: dict[str, str] | None = None
    multi_value_headers: dict[str, list[str]] | None = None
    body: str | None = None
    is_base64_encoded: bool = False
