"""AWS Lambda function URLs: requests and responses, in API Gateway's payload format 2.0."""

from .apigateway import ApiGatewayV2HttpEvent, ApiGatewayV2HttpResponse

__all__ = ["LambdaFunctionUrlEvent", "LambdaFunctionUrlResponse"]


class LambdaFunctionUrlEvent(ApiGatewayV2HttpEvent):
    """A request to a function URL; with IAM auth, `request_context.authorizer.iam` is set."""


class LambdaFunctionUrlResponse(ApiGatewayV2HttpResponse):
    """The response to a function URL request."""
