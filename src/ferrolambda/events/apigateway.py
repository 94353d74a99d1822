"""Amazon API Gateway: REST API proxy requests (payload format 1.0) and HTTP API requests (payload
format 2.0), with the responses a function returns for each.

Bodies stay text: when `is_base64_encoded` is true, the body is base64 as API Gateway sent it.
"""

from typing import Annotated, Any

from pydantic import Field

from ._base import CamelModel
from ._response import OmitsNone

__all__ = [
    "ApiGatewayClientCert",
    "ApiGatewayClientCertValidity",
    "ApiGatewayIdentity",
    "ApiGatewayProxyEvent",
    "ApiGatewayProxyResponse",
    "ApiGatewayRequestContext",
    "ApiGatewayV2Authentication",
    "ApiGatewayV2Authorizer",
    "ApiGatewayV2CognitoIdentity",
    "ApiGatewayV2Http",
    "ApiGatewayV2HttpEvent",
    "ApiGatewayV2HttpResponse",
    "ApiGatewayV2IamAuthorizer",
    "ApiGatewayV2JwtAuthorizer",
    "ApiGatewayV2RequestContext",
]


class ApiGatewayClientCertValidity(CamelModel):
    """The validity period of a mutual TLS client certificate."""

    not_before: str
    not_after: str


class ApiGatewayClientCert(CamelModel):
    """The client certificate presented over mutual TLS."""

    client_cert_pem: str
    subject_dn: Annotated[str, Field(alias="subjectDN")]
    issuer_dn: Annotated[str, Field(alias="issuerDN")]
    serial_number: str
    validity: ApiGatewayClientCertValidity


class ApiGatewayIdentity(CamelModel):
    """Who called a REST API: the source address and, with IAM or Cognito auth, the caller."""

    source_ip: str
    user_agent: str | None = None
    access_key: str | None = None
    account_id: str | None = None
    api_key: str | None = None
    api_key_id: str | None = None
    caller: str | None = None
    cognito_authentication_provider: str | None = None
    cognito_authentication_type: str | None = None
    cognito_identity_id: str | None = None
    cognito_identity_pool_id: str | None = None
    principal_org_id: str | None = None
    user: str | None = None
    user_arn: str | None = None
    client_cert: ApiGatewayClientCert | None = None


class ApiGatewayRequestContext(CamelModel):
    """What API Gateway knows about a REST API request; `authorizer` is what the authorizer set."""

    account_id: str
    api_id: str
    http_method: str
    identity: ApiGatewayIdentity
    request_id: str
    resource_path: str
    stage: str
    authorizer: dict[str, Any] | None = None
    domain_name: str | None = None
    domain_prefix: str | None = None
    extended_request_id: str | None = None
    path: str | None = None
    protocol: str | None = None
    request_time: str | None = None
    request_time_epoch: int | None = None
    resource_id: str | None = None


class ApiGatewayProxyEvent(CamelModel):
    """A REST API Lambda proxy integration request (payload format 1.0)."""

    resource: str
    path: str
    http_method: str
    request_context: ApiGatewayRequestContext
    version: str | None = None
    headers: dict[str, str] | None = None
    multi_value_headers: dict[str, list[str]] | None = None
    query_string_parameters: dict[str, str] | None = None
    multi_value_query_string_parameters: dict[str, list[str]] | None = None
    path_parameters: dict[str, str] | None = None
    stage_variables: dict[str, str] | None = None
    body: str | None = None
    is_base64_encoded: bool = False


class ApiGatewayProxyResponse(CamelModel, OmitsNone):
    """The response to a REST API proxy request; a binary body is base64 with the flag set."""

    status_code: int
    headers: dict[str, str] | None = None
    multi_value_headers: dict[str, list[str]] | None = None
    body: str | None = None
    is_base64_encoded: bool = False


class ApiGatewayV2Http(CamelModel):
    """The HTTP method, path and caller of an HTTP API request."""

    method: str
    path: str
    protocol: str
    source_ip: str
    user_agent: str


class ApiGatewayV2Authentication(CamelModel):
    """The mutual TLS authentication of an HTTP API request."""

    client_cert: ApiGatewayClientCert | None = None


class ApiGatewayV2JwtAuthorizer(CamelModel):
    """The claims and scopes of the JWT a JWT authorizer accepted."""

    claims: dict[str, Any]
    scopes: list[str] | None = None


class ApiGatewayV2CognitoIdentity(CamelModel):
    """The Cognito identity behind IAM credentials."""

    amr: list[str]
    identity_id: str
    identity_pool_id: str


class ApiGatewayV2IamAuthorizer(CamelModel):
    """The IAM principal that signed the request."""

    access_key: str
    account_id: str
    caller_id: str
    user_arn: str
    user_id: str
    cognito_identity: ApiGatewayV2CognitoIdentity | None = None
    principal_org_id: str | None = None


class ApiGatewayV2Authorizer(CamelModel):
    """What the route's authorizer established: JWT claims, a Lambda context, or IAM."""

    jwt: ApiGatewayV2JwtAuthorizer | None = None
    lambda_: Annotated[dict[str, Any] | None, Field(alias="lambda")] = None
    iam: ApiGatewayV2IamAuthorizer | None = None


class ApiGatewayV2RequestContext(CamelModel):
    """What API Gateway knows about an HTTP API request."""

    account_id: str
    api_id: str
    domain_name: str
    domain_prefix: str
    http: ApiGatewayV2Http
    request_id: str
    route_key: str
    stage: str
    time: str
    time_epoch: int
    authentication: ApiGatewayV2Authentication | None = None
    authorizer: ApiGatewayV2Authorizer | None = None


class ApiGatewayV2HttpEvent(CamelModel):
    """An HTTP API request (payload format 2.0); repeated headers and parameters comma-joined."""

    version: str
    route_key: str
    raw_path: str
    raw_query_string: str
    request_context: ApiGatewayV2RequestContext
    headers: dict[str, str] = Field(default_factory=dict[str, str])
    cookies: list[str] | None = None
    query_string_parameters: dict[str, str] | None = None
    path_parameters: dict[str, str] | None = None
    stage_variables: dict[str, str] | None = None
    body: str | None = None
    is_base64_encoded: bool = False


class ApiGatewayV2HttpResponse(CamelModel, OmitsNone):
    """The response to an HTTP API request (payload format 2.0); cookies go in `cookies`."""

    status_code: int
    headers: dict[str, str] | None = None
    cookies: list[str] | None = None
    body: str | None = None
    is_base64_encoded: bool = False
