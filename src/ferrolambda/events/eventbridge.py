"""Amazon EventBridge: an event delivered by a rule, generic over its `detail`.

`EventBridgeEvent[OrderPlaced]` validates `detail` (a JSON object) as `OrderPlaced`;
`EventBridgeEvent` keeps it as a dict.
"""

from typing import Any, Generic

from typing_extensions import TypeVar

from ._base import KebabModel

__all__ = ["EventBridgeEvent", "ScheduledEvent"]

T = TypeVar("T", default=dict[str, Any])


class EventBridgeEvent(KebabModel, Generic[T]):
    """An EventBridge event: the envelope and a `detail` validated as `T`."""

    version: str
    id: str
    detail_type: str
    source: str
    account: str
    time: str
    region: str
    resources: list[str]
    detail: T
    replay_name: str | None = None


class ScheduledEvent(EventBridgeEvent[dict[str, Any]]):
    """The event of a schedule rule: `detail-type` "Scheduled Event", `source` "aws.events"."""
