"""`Context`: what Lambda tells a handler about the invocation, with the managed runtime's names."""

from __future__ import annotations

import time


class CognitoIdentity:
    """The Amazon Cognito identity that authorized the call, if any."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(
        self, cognito_identity_id: str | None = None, cognito_identity_pool_id: str | None = None
    ) -> None:
        self.cognito_identity_id = cognito_identity_id
        self.cognito_identity_pool_id = cognito_identity_pool_id

    def __repr__(self) -> str:
        return f"CognitoIdentity(cognito_identity_id={self.cognito_identity_id!r}, cognito_identity_pool_id={self.cognito_identity_pool_id!r})"


class MobileClient:
    """The client application that made the call, from the client context."""

    __slots__ = (
        "app_package_name",
        "app_title",
        "app_version_code",
        "app_version_name",
        "installation_id",
    )

    def __init__(
        self,
        installation_id: str | None = None,
        app_title: str | None = None,
        app_version_name: str | None = None,
        app_version_code: str | None = None,
        app_package_name: str | None = None,
    ) -> None:
        self.installation_id = installation_id
        self.app_title = app_title
        self.app_version_name = app_version_name
        self.app_version_code = app_version_code
        self.app_package_name = app_package_name


class ClientContext:
    """The client context a mobile SDK sent with the call."""

    __slots__ = ("client", "custom", "env")

    def __init__(
        self,
        client: MobileClient | None = None,
        custom: dict[str, object] | None = None,
        env: dict[str, object] | None = None,
    ) -> None:
        self.client = client
        self.custom = custom
        self.env = env


class Context:
    """The invocation context, attribute for attribute like the managed Python runtime's."""

    __slots__ = (
        "aws_request_id",
        "client_context",
        "deadline_ms",
        "function_name",
        "function_version",
        "identity",
        "invoked_function_arn",
        "log_group_name",
        "log_stream_name",
        "memory_limit_in_mb",
        "tenant_id",
        "xray_trace_id",
    )

    def __init__(
        self,
        *,
        aws_request_id: str,
        deadline_ms: int,
        invoked_function_arn: str = "",
        function_name: str = "",
        function_version: str = "$LATEST",
        memory_limit_in_mb: str = "128",
        log_group_name: str = "",
        log_stream_name: str = "",
        identity: CognitoIdentity | None = None,
        client_context: ClientContext | None = None,
        xray_trace_id: str | None = None,
        tenant_id: str | None = None,
    ) -> None:
        self.aws_request_id = aws_request_id
        self.deadline_ms = deadline_ms
        self.invoked_function_arn = invoked_function_arn
        self.function_name = function_name
        self.function_version = function_version
        self.memory_limit_in_mb = memory_limit_in_mb
        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.identity = identity if identity is not None else CognitoIdentity()
        self.client_context = client_context
        self.xray_trace_id = xray_trace_id
        self.tenant_id = tenant_id

    def get_remaining_time_in_millis(self) -> int:
        """Return the milliseconds left before the invocation times out (never negative)."""
        return max(self.deadline_ms - int(time.time() * 1000), 0)

    def __repr__(self) -> str:
        return (
            f"Context(aws_request_id={self.aws_request_id!r}, function_name={self.function_name!r}, "
            f"deadline_ms={self.deadline_ms!r})"
        )
