"""Amazon S3: bucket notifications, the `s3:TestEvent` S3 sends when notifications are set up, and
S3 events delivered through EventBridge.

Notification keys are URL-encoded by S3 (`red flower.jpg` arrives as `red+flower.jpg`): use
`S3Object.decoded_key` to get the object's real key.
"""

from typing import Annotated
from urllib.parse import unquote_plus

from pydantic import Field

from ._base import CamelModel, KebabModel, PascalModel
from .eventbridge import EventBridgeEvent

__all__ = [
    "S3Bucket",
    "S3Entity",
    "S3Event",
    "S3EventBridgeBucket",
    "S3EventBridgeDetail",
    "S3EventBridgeEvent",
    "S3EventBridgeObject",
    "S3EventRecord",
    "S3GlacierEventData",
    "S3Object",
    "S3RequestParameters",
    "S3ResponseElements",
    "S3RestoreEventData",
    "S3TestEvent",
    "S3UserIdentity",
]


class S3UserIdentity(CamelModel):
    """The principal that made the request or owns the bucket."""

    principal_id: str


class S3RequestParameters(CamelModel):
    """Where the request that caused the event came from."""

    source_ip_address: Annotated[str, Field(alias="sourceIPAddress")]


class S3ResponseElements(KebabModel):
    """The request ids S3 returned, for AWS support."""

    x_amz_request_id: str
    x_amz_id_2: str


class S3Bucket(CamelModel):
    """The bucket the event happened in."""

    name: str
    owner_identity: S3UserIdentity
    arn: str


class S3Object(CamelModel):
    """The object the event is about; `key` is URL-encoded as S3 sends it."""

    key: str
    size: int | None = None
    e_tag: str | None = None
    version_id: str | None = None
    sequencer: str | None = None

    @property
    def decoded_key(self) -> str:
        """The object's real key: `key` with its URL encoding undone."""
        return unquote_plus(self.key)


class S3Entity(CamelModel):
    """The bucket and object of a notification, and the configuration that sent it."""

    s3_schema_version: str
    configuration_id: str
    bucket: S3Bucket
    object: S3Object


class S3RestoreEventData(CamelModel):
    """When a restored archive copy expires and the storage class it came from."""

    lifecycle_restoration_expiry_time: str
    lifecycle_restore_storage_class: str


class S3GlacierEventData(CamelModel):
    """Details of an `ObjectRestore:Completed` event."""

    restore_event_data: S3RestoreEventData


class S3EventRecord(CamelModel):
    """One notification: what happened (`event_name`, like `ObjectCreated:Put`) to which object."""

    event_version: str
    event_source: str
    aws_region: str
    event_time: str
    event_name: str
    user_identity: S3UserIdentity
    request_parameters: S3RequestParameters
    response_elements: S3ResponseElements
    s3: S3Entity
    glacier_event_data: S3GlacierEventData | None = None


class S3Event(CamelModel):
    """The event S3 sends to Lambda, SQS or SNS for a bucket notification."""

    records: Annotated[list[S3EventRecord], Field(alias="Records")]


class S3TestEvent(PascalModel):
    """The message S3 sends once to an SQS or SNS destination when notifications are configured."""

    service: str
    event: str
    time: str
    bucket: str
    request_id: str
    host_id: str


class S3EventBridgeBucket(KebabModel):
    """The bucket of an S3 event delivered by EventBridge."""

    name: str


class S3EventBridgeObject(KebabModel):
    """The object of an S3 event delivered by EventBridge; its key is not URL-encoded."""

    key: str
    size: int | None = None
    etag: str | None = None
    version_id: str | None = None
    sequencer: str | None = None


class S3EventBridgeDetail(KebabModel):
    """The `detail` of an S3 event from EventBridge; the fields set depend on the detail type."""

    version: str
    bucket: S3EventBridgeBucket
    object: S3EventBridgeObject
    request_id: str
    requester: str
    source_ip_address: str | None = None
    reason: str | None = None
    deletion_type: str | None = None
    restore_expiry_time: str | None = None
    source_storage_class: str | None = None
    destination_storage_class: str | None = None
    destination_access_tier: str | None = None


class S3EventBridgeEvent(EventBridgeEvent[S3EventBridgeDetail]):
    """An S3 event from EventBridge (`detail-type` "Object Created", "Object Deleted"...)."""
