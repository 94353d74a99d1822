"""Typed AWS Lambda events: pydantic models, one module per event source.

Import the module of the source you handle, e.g. `from ferrolambda.events.sqs import SqsEvent`.
This package imports nothing itself, so a function pays at cold start only for the source it uses.

Modules: `sqs`, `sns`, `sqs_wrapped` (SNS or S3 notifications delivered through SQS), `s3`,
`eventbridge`, `apigateway`, `alb`, `lambda_url`, `dynamodb`, `kinesis`, `firehose`,
`cloudwatch_logs`, `kafka`, `cloudformation`.

Attributes are snake_case and accept AWS's names as aliases; `model_dump(by_alias=True,
exclude_unset=True)` gives an event back as AWS sent it. Fields AWS adds later are kept.
"""
