"""Amazon SNS: the event a topic subscription sends to Lambda, and the notification SNS delivers
to SQS (see `ferrolambda.events.sqs_wrapped`).

`SnsEvent[Alert]` parses every `Message` from JSON into `Alert`; `SnsEvent` keeps it as text.
"""

from typing import Annotated, Generic

from pydantic import Field
from typing_extensions import TypeVar

from ._base import JSON_TEXT, PascalModel

__all__ = ["SnsEvent", "SnsMessage", "SnsMessageAttribute", "SnsNotification", "SnsRecord"]

T = TypeVar("T", default=str)


class SnsMessageAttribute(PascalModel):
    """A message attribute: its data type (`String`, `Number`, `Binary`...) and value as text."""

    type: str
    value: str


class SnsMessage(PascalModel, Generic[T]):
    """The notification itself; `message` is parsed from JSON into `T` unless `T` is `str`."""

    type: str
    message_id: str
    topic_arn: str
    subject: str | None = None
    message: Annotated[T, JSON_TEXT]
    timestamp: str
    signature_version: str | None = None
    signature: str | None = None
    signing_cert_url: str | None = None
    unsubscribe_url: str | None = None
    message_attributes: dict[str, SnsMessageAttribute] = Field(
        default_factory=dict[str, SnsMessageAttribute]
    )
    sequence_number: str | None = None


class SnsNotification(SnsMessage[T], Generic[T]):
    """A notification as SNS delivers it to SQS (raw delivery off), where the URLs end in `URL`."""

    signing_cert_url: Annotated[str | None, Field(alias="SigningCertURL")] = None
    unsubscribe_url: Annotated[str | None, Field(alias="UnsubscribeURL")] = None


class SnsRecord(PascalModel, Generic[T]):
    """One delivery of a notification to the function's subscription."""

    event_source: str
    event_version: str
    event_subscription_arn: str
    sns: SnsMessage[T]


class SnsEvent(PascalModel, Generic[T]):
    """The event SNS sends to a subscribed function (one record per invocation)."""

    records: list[SnsRecord[T]]
