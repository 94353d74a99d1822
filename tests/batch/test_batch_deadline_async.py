"""The deadline margin, and async record functions: concurrency, ordering, cancellation."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from batch_events import (
    FakeClock,
    Invoke,
    Order,
    context,
    event,
    kinesis_record,
    sqs_ids,
    sqs_record,
)

from ferrolambda import Context, Err, Ok, Result
from ferrolambda.batch import DEFAULT_MARGIN_MS, batch_handler
from ferrolambda.events.kinesis import KinesisRecord
from ferrolambda.events.sqs import SqsRecord


class TestDeadlineSync:
    """Sync functions: a record is not started when less than the margin is left."""

    def test_records_not_started_before_the_margin_are_reported(
        self, invoke: Invoke, clock: FakeClock, caplog: pytest.LogCaptureFixture
    ) -> None:
        calls: list[int] = []

        @batch_handler(margin_ms=1000)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            clock.advance_ms(1000)  # each record takes a second
            return Ok(None)

        # 5 s left, margin 1 s: records start at 0, 1, 2 and 3 s; at 4 s only the margin is left.
        ctx = context(5000, now_ms=clock.now_ms)
        with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
            reported = invoke(handle, event([sqs_record(i) for i in range(8)]), ctx)
        assert reported == sqs_ids(range(4, 8))
        assert calls == [0, 1, 2, 3]
        assert "4 record(s) not processed before the deadline margin (1000 ms)" in caplog.text
        assert "msg-0004, msg-0005, msg-0006, msg-0007" in caplog.text

    def test_failures_before_the_cutoff_are_kept(self, invoke: Invoke, clock: FakeClock) -> None:
        @batch_handler(margin_ms=500)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            clock.advance_ms(400)
            return Err("odd") if record.body.id % 2 else Ok(None)

        ctx = context(2000, now_ms=clock.now_ms)  # cutoff at 1500 ms: records 0..3 start
        reported = invoke(handle, event([sqs_record(i) for i in range(6)]), ctx)
        assert reported == sqs_ids([1, 3, 4, 5])

    def test_nothing_is_processed_when_the_margin_is_already_reached(
        self, invoke: Invoke, clock: FakeClock
    ) -> None:
        calls: list[object] = []

        @batch_handler
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record)
            return Ok(None)

        ctx = context(DEFAULT_MARGIN_MS - 1, now_ms=clock.now_ms)
        assert invoke(handle, event([sqs_record(i) for i in range(3)]), ctx) == sqs_ids(range(3))
        assert calls == []

    def test_a_past_deadline_reports_everything(self, invoke: Invoke, clock: FakeClock) -> None:
        @batch_handler(margin_ms=0)
        def handle(record: dict[str, Any]) -> Result[None, str]:
            raise AssertionError("must not run")

        ctx = context(-10, now_ms=clock.now_ms)
        assert invoke(handle, event([sqs_record(0)]), ctx) == sqs_ids([0])

    def test_margin_zero_runs_up_to_the_deadline(self, invoke: Invoke, clock: FakeClock) -> None:
        @batch_handler(margin_ms=0)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            clock.advance_ms(10)
            return Ok(None)

        ctx = context(30, now_ms=clock.now_ms)
        assert invoke(handle, event([sqs_record(i) for i in range(5)]), ctx) == sqs_ids([3, 4])

    def test_fifo_after_the_cutoff(self, invoke: Invoke, clock: FakeClock) -> None:
        @batch_handler(margin_ms=100)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            clock.advance_ms(100)
            return Ok(None)

        ctx = context(300, now_ms=clock.now_ms)
        records = [sqs_record(i, fifo=True) for i in range(4)]
        assert invoke(handle, event(records), ctx) == sqs_ids([2, 3])

    def test_on_all_failed_raise_counts_deadline_failures(self, clock: FakeClock) -> None:
        @batch_handler(on_all_failed="raise")
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            return Ok(None)

        from ferrolambda.batch import BatchFailed

        with pytest.raises(BatchFailed):
            handle(event([sqs_record(0)]), context(0, now_ms=clock.now_ms))

    def test_real_clock_with_a_short_deadline(self, invoke: Invoke) -> None:
        """No fake clock: a record that sleeps past the cutoff stops the later ones."""
        calls: list[int] = []

        @batch_handler(margin_ms=300)
        def handle(record: SqsRecord[Order]) -> Result[None, str]:
            calls.append(record.body.id)
            if record.body.id == 1:
                time.sleep(0.35)
            return Ok(None)

        # 600 ms left, margin 300 ms: records 0 and 1 start at once, 1 sleeps past the cutoff.
        reported = invoke(handle, event([sqs_record(i) for i in range(4)]), context(600))
        assert reported == sqs_ids([2, 3])
        assert calls == [0, 1]


class Tracker:
    """Counts how many record functions run at once."""

    def __init__(self) -> None:
        self.active = 0
        self.peak = 0
        self.started: list[int] = []
        self.finished: list[int] = []
        self.cancelled: list[int] = []

    async def work(self, index: int, seconds: float) -> None:
        self.started.append(index)
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            self.cancelled.append(index)
            raise
        finally:
            self.active -= 1
        self.finished.append(index)


class TestAsync:
    @pytest.mark.parametrize("bound", [1, 4, 10])
    def test_standard_queue_runs_concurrently_up_to_the_bound(
        self, invoke: Invoke, bound: int
    ) -> None:
        tracker = Tracker()

        @batch_handler(concurrency=bound)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 0.005)
            return Err("odd") if record.body.id % 2 else Ok(None)

        records = [sqs_record(i) for i in range(25)]
        assert invoke(handle, event(records), context()) == sqs_ids(range(1, 25, 2))
        assert tracker.peak == bound
        assert sorted(tracker.finished) == list(range(25))

    def test_default_bound_is_ten(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 0.005)
            return Ok(None)

        assert invoke(handle, event([sqs_record(i) for i in range(30)]), context()) == []
        assert tracker.peak == 10

    def test_async_raise_invalid_body_and_non_result(
        self, invoke: Invoke, caplog: pytest.LogCaptureFixture
    ) -> None:
        @batch_handler
        async def handle(record: SqsRecord[Order]) -> Any:
            await asyncio.sleep(0)
            if record.body.id == 1:
                raise ValueError("async boom")
            if record.body.id == 3:
                return "not a result"
            return Ok(None)

        records = [sqs_record(i) for i in range(5)]
        records[2]["body"] = '{"id": 2}'
        with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
            assert invoke(handle, event(records), context()) == sqs_ids([1, 2, 3])
        assert "record msg-0001 failed: ValueError: async boom" in caplog.text
        assert "record msg-0002 failed: invalid record body: qty: Field required" in caplog.text
        assert "record msg-0003 failed: InvalidResult" in caplog.text
        assert "Traceback" not in caplog.text

    def test_async_context_parameter(self, invoke: Invoke) -> None:
        seen: list[str] = []

        @batch_handler
        async def handle(record: SqsRecord[Order], context: Context) -> Result[None, str]:
            seen.append(context.aws_request_id)
            return Ok(None)

        assert invoke(handle, event([sqs_record(0), sqs_record(1)]), context()) == []
        assert seen == ["request-1", "request-1"]

    def test_fifo_stays_sequential_and_halts(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler(concurrency=10)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 0.002)
            return Err("x") if record.body.id == 5 else Ok(None)

        records = [sqs_record(i, fifo=True) for i in range(8)]
        assert invoke(handle, event(records), context()) == sqs_ids(range(5, 8))
        assert tracker.peak == 1
        assert tracker.started == [0, 1, 2, 3, 4, 5]

    def test_fifo_by_group_async(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler(fifo_by_group=True)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 0)
            return Err("x") if record.body.id == 0 else Ok(None)

        groups = ["a", "b", "a", "b"]
        records = [sqs_record(i, fifo=True, group=g) for i, g in enumerate(groups)]
        assert invoke(handle, event(records), context()) == sqs_ids([0, 2])
        assert tracker.started == [0, 1, 3]
        assert tracker.peak == 1

    def test_kinesis_stays_sequential(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler(concurrency=10)
        async def handle(record: KinesisRecord[Order]) -> Result[None, str]:
            await tracker.work(record.kinesis.data.id, 0.002)
            return Ok(None)

        assert invoke(handle, event([kinesis_record(i) for i in range(6)]), context()) == []
        assert tracker.peak == 1
        assert tracker.finished == list(range(6))

    def test_unfinished_records_are_cancelled_and_reported(
        self, invoke: Invoke, caplog: pytest.LogCaptureFixture
    ) -> None:
        tracker = Tracker()

        @batch_handler(margin_ms=100, concurrency=10)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 5 if record.body.id in (2, 5) else 0.001)
            return Ok(None)

        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="ferrolambda.batch"):
            reported = invoke(handle, event([sqs_record(i) for i in range(6)]), context(500))
        assert time.monotonic() - started < 1
        assert reported == sqs_ids([2, 5])
        assert sorted(tracker.cancelled) == [2, 5]
        assert tracker.active == 0
        assert "2 record(s) not finished before the deadline margin (100 ms)" in caplog.text

    def test_records_waiting_for_a_slot_are_reported_too(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler(margin_ms=100, concurrency=2)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 5)
            return Ok(None)

        reported = invoke(handle, event([sqs_record(i) for i in range(5)]), context(400))
        assert reported == sqs_ids(range(5))
        assert sorted(tracker.started) == [0, 1]  # the others never got a slot
        assert sorted(tracker.cancelled) == [0, 1]

    def test_ordered_cutoff_cancels_the_running_record_and_skips_the_rest(
        self, invoke: Invoke
    ) -> None:
        tracker = Tracker()

        @batch_handler(margin_ms=100)
        async def handle(record: KinesisRecord[Order]) -> Result[None, str]:
            await tracker.work(record.kinesis.data.id, 5 if record.kinesis.data.id == 2 else 0)
            return Ok(None)

        started = time.monotonic()
        reported = invoke(handle, event([kinesis_record(i) for i in range(5)]), context(500))
        assert time.monotonic() - started < 1
        assert reported == [f"4959033321791436553566{i:06d}" for i in range(2, 5)]
        assert tracker.started == [0, 1, 2]
        assert tracker.cancelled == [2]

    def test_async_nothing_started_when_margin_reached(self, invoke: Invoke) -> None:
        tracker = Tracker()

        @batch_handler
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            await tracker.work(record.body.id, 0)
            return Ok(None)

        reported = invoke(handle, event([sqs_record(i) for i in range(3)]), context(500))
        assert reported == sqs_ids(range(3))
        assert tracker.finished == []

    def test_a_function_that_swallows_cancellation_is_still_counted(self, invoke: Invoke) -> None:
        """A task that ignores the cancel and returns Ok in time is not lost either way."""

        @batch_handler(margin_ms=100)
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            if record.body.id == 1:
                try:
                    await asyncio.sleep(5)
                except asyncio.CancelledError:
                    return Err("cancelled")
            return Ok(None)

        reported = invoke(handle, event([sqs_record(i) for i in range(3)]), context(400))
        assert reported == sqs_ids([1])

    def test_the_event_loop_is_reused_across_invocations(self, invoke: Invoke) -> None:
        loops: list[asyncio.AbstractEventLoop] = []

        @batch_handler
        async def handle(record: SqsRecord[Order]) -> Result[None, str]:
            loops.append(asyncio.get_running_loop())
            return Ok(None)

        invoke(handle, event([sqs_record(0)]), context())
        invoke(handle, event([sqs_record(1)]), context())
        assert loops[0] is loops[1]
