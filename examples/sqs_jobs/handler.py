"""Process SQS jobs one record at a time, reporting only the failed ones back to SQS.

Each record's body is validated into a `Job`; a body that is not a valid job, a job that returns
`Err`, and a job not reached before the deadline are reported in `batchItemFailures`, so SQS
delivers exactly those messages again (and, after `maxReceiveCount`, to the dead-letter queue).
"""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field

from ferrolambda import Err, Ok, Result
from ferrolambda.batch import batch_handler
from ferrolambda.events.sqs import SqsRecord

MAX_WIDTH = 4096

logger = logging.getLogger("sqs_jobs")
logger.setLevel(logging.INFO)


class Job(BaseModel):
    """A message body: resize `image` to `width` pixels."""

    job_id: str
    image: str = Field(min_length=1)
    width: int = Field(gt=0)


class JobRejected(Exception):
    """The job is well formed but cannot be done."""

    error_type = "JobRejected"


def resize(job: Job) -> Result[str, JobRejected]:
    """The work itself; a real function would read, resize and write the image here."""
    if job.width > MAX_WIDTH:
        return Err(JobRejected(f"job {job.job_id}: width {job.width} exceeds {MAX_WIDTH}"))
    thumbnail = f"{job.image.rsplit('.', 1)[0]}-{job.width}w.jpg"
    logger.info("job %s: %s -> %s", job.job_id, job.image, thumbnail)
    return Ok(thumbnail)


@batch_handler
def handler(record: SqsRecord[Job]) -> Result[str, JobRejected]:
    """Standard queue: records are independent, a failure fails only its own record."""
    return resize(record.body)


@batch_handler(fifo_by_group=True)
def fifo_handler(record: SqsRecord[Job]) -> Result[str, JobRejected]:
    """FIFO queue: after a failure, the later records of the same message group are reported
    failed without being processed, so SQS redelivers that group in order; other groups go on."""
    group = record.attributes.message_group_id
    logger.info("group %s: message %s", group, record.message_id)
    return resize(record.body)
