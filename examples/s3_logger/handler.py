"""Log the bucket and key of every object in an S3 notification.

S3 URL-encodes the keys it puts in notifications (`red flower.jpg` arrives as `red+flower.jpg`);
`S3Object.decoded_key` gives the object's real key back.
"""

from __future__ import annotations

import logging
from typing import Never

from pydantic import BaseModel

from ferrolambda import LambdaEvent, Ok, Result, lambda_handler
from ferrolambda.events.s3 import S3Event

logger = logging.getLogger("s3_logger")
logger.setLevel(logging.INFO)


class S3ObjectRef(BaseModel):
    event: str
    bucket: str
    key: str


class Logged(BaseModel):
    objects: list[S3ObjectRef]


@lambda_handler
def handler(event: LambdaEvent[S3Event]) -> Result[Logged, Never]:
    objects: list[S3ObjectRef] = []
    for record in event.payload.records:
        bucket = record.s3.bucket.name
        key = record.s3.object.decoded_key
        logger.info("%s: bucket=%s key=%s", record.event_name, bucket, key)
        objects.append(S3ObjectRef(event=record.event_name, bucket=bucket, key=key))
    return Ok(Logged(objects=objects))
