"""Property: the reported failures are exactly the records not processed successfully."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from unittest import mock

from batch_events import FakeClock, Order, context, event, order_json, sqs_record
from hypothesis import given, settings
from hypothesis import strategies as st

from ferrolambda import Err, Ok, Result
from ferrolambda.batch import batch_handler
from ferrolambda.events.sqs import SqsRecord

BEHAVIOURS = ("ok", "err", "raise", "invalid_json", "invalid_body")


@dataclass
class Case:
    behaviours: list[str]
    groups: list[str]
    fifo: bool
    by_group: bool
    slow_index: int | None
    """The record during which the clock passes the deadline margin (None: it never does)."""
    is_async: bool
    raw_entry: bool


@st.composite
def cases(draw: st.DrawFn) -> Case:
    size = draw(st.integers(1, 50))
    behaviours = draw(
        st.lists(
            st.sampled_from(BEHAVIOURS) | st.just("ok"),  # weighted towards success
            min_size=size,
            max_size=size,
        )
    )
    return Case(
        behaviours=behaviours,
        groups=draw(st.lists(st.sampled_from("abc"), min_size=size, max_size=size)),
        fifo=draw(st.booleans()),
        by_group=draw(st.booleans()),
        slow_index=draw(st.none() | st.integers(0, size - 1)),
        is_async=draw(st.booleans()),
        raw_entry=draw(st.booleans()),
    )


def expected(case: Case) -> tuple[list[int], list[int]]:
    """A reference model of the contract: (indexes processed, indexes reported), in order."""
    called: list[int] = []
    reported: list[int] = []
    halted_groups: set[str] = set()
    halted_all = False
    out_of_time = False
    for index, behaviour in enumerate(case.behaviours):
        group = case.groups[index]
        if out_of_time or halted_all or (case.by_group and group in halted_groups):
            reported.append(index)
            continue
        if behaviour in ("invalid_json", "invalid_body"):
            failed = True
        else:
            called.append(index)
            failed = behaviour != "ok"
            if index == case.slow_index:
                out_of_time = True
        if failed:
            reported.append(index)
            if case.fifo:
                if case.by_group:
                    halted_groups.add(group)
                else:
                    halted_all = True
    return called, reported


def body_for(index: int, behaviour: str) -> str:
    if behaviour == "invalid_json":
        return "{" + order_json(index)
    if behaviour == "invalid_body":
        return json.dumps({"id": index, "qty": "lots"})
    return order_json(index)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_reported_failures_are_exactly_the_records_not_processed(case: Case) -> None:
    clock = FakeClock()
    calls: list[int] = []

    def outcome(record: SqsRecord[Order]) -> Result[None, str]:
        index = record.body.id
        calls.append(index)
        if index == case.slow_index:
            clock.advance_ms(10_000)  # this record runs past the deadline margin
        behaviour = case.behaviours[index]
        if behaviour == "raise":
            raise RuntimeError(f"record {index}")
        return Err(f"record {index}") if behaviour == "err" else Ok(None)

    if case.is_async:

        async def handle_async(record: SqsRecord[Order]) -> Result[None, str]:
            await asyncio.sleep(0)
            return outcome(record)

        function: Any = handle_async
    else:

        def handle_sync(record: SqsRecord[Order]) -> Result[None, str]:
            return outcome(record)

        function = handle_sync

    handler = batch_handler(fifo_by_group=case.by_group, concurrency=3)(function)
    raws = [
        sqs_record(index, body_for(index, behaviour), fifo=case.fifo, group=case.groups[index])
        for index, behaviour in enumerate(case.behaviours)
    ]
    # 5 s left and a 1 s margin: only the slow record's 10 s jump crosses the cutoff.
    ctx = context(5_000, now_ms=clock.now_ms)
    with mock.patch("ferrolambda.batch.time", clock):
        if case.raw_entry:
            body, error_type = handler.invoke_raw(json.dumps(event(raws)).encode(), ctx)
            assert error_type is None
            response = json.loads(body)
        else:
            response = handler(event(raws), ctx)

    ids = [item["itemIdentifier"] for item in response["batchItemFailures"]]
    assert all(isinstance(identifier, str) and identifier for identifier in ids)
    assert len(ids) == len(set(ids))

    # Nothing lost, nothing reported twice, in the batch's order.
    processed_ok = {index for index in calls if case.behaviours[index] == "ok"}
    not_ok = [index for index in range(len(raws)) if index not in processed_ok]
    assert ids == [raws[index]["messageId"] for index in not_ok]

    concurrent = case.is_async and not case.fifo
    if concurrent and case.slow_index is not None:
        # Records already taken by the other workers when the clock jumped still run: which
        # ones depends on scheduling, so only the invariant above is exact here.
        return
    should_call, should_report = expected(case)
    assert not_ok == should_report
    assert (sorted(calls) if concurrent else calls) == should_call
