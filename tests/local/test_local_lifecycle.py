"""The execution environment's life: cold and warm starts, timeouts, crashes, init errors, limits."""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import threading
import time

import pytest
from local_support import HANDLERS, StartEmulator, target

from ferrolambda.local import Emulator, PortInUse

REPORT = re.compile(
    r"^REPORT RequestId: (?P<id>[0-9a-f-]{36})\tDuration: (?P<duration>\d+\.\d\d) ms"
    r"\tBilled Duration: (?P<billed>\d+) ms\tMemory Size: (?P<memory>\d+) MB"
    r"\tMax Memory Used: (?P<used>\d+) MB(?:\tInit Duration: (?P<init>\d+\.\d\d) ms)?"
    r"(?:\tStatus: (?P<status>\w+)(?:\tError Type: (?P<error_type>\S+))?)?$"
)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/status") as status:
            return "State:\tZ" not in status.read()
    except OSError:
        return False


def report_for(lines: list[str], request_id: str) -> re.Match[str]:
    for line in lines:
        match = REPORT.match(line)
        if match and match["id"] == request_id:
            return match
    raise AssertionError(f"no REPORT line for {request_id} in:\n" + "\n".join(lines))


def test_cold_then_warm_start_and_report_lines(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.handler"), memory=512, architecture="arm64")
    first = emulator.invoke(b'{"n": 1}')
    second = emulator.invoke(b'{"n": 2}')
    assert not first.is_error
    assert not second.is_error
    assert json.loads(first.body)["pid"] == json.loads(second.body)["pid"]  # one instance

    cold = report_for(log.lines, first.request_id)
    warm = report_for(log.lines, second.request_id)
    assert cold["init"] is not None
    assert warm["init"] is None
    assert cold["memory"] == "512"
    assert int(cold["used"]) > 5  # a Python process's VmHWM
    # Billed: whole milliseconds rounded up, the init phase included on a cold start.
    assert int(cold["billed"]) >= float(cold["duration"]) + float(cold["init"])
    assert int(warm["billed"]) == max(1, int(-(-float(warm["duration"]) // 1)))
    assert first.report.line() in log.lines
    cost = log.wait_for(lambda line: line.startswith("COST") and f"{warm['billed']} ms" in line)
    assert "arm64" in cost
    assert "512 MB" in cost
    assert "us-east-1" in cost


def test_timeout_kills_and_the_next_invocation_cold_starts(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.sleepy"), timeout=1)
    warm = emulator.invoke(b'{"seconds": 0}')
    old_pid = json.loads(warm.body)["pid"]

    started = time.monotonic()
    timed_out = emulator.invoke(b'{"seconds": 30}')
    assert time.monotonic() - started < 5
    assert timed_out.error_type == "Sandbox.Timedout"
    error = json.loads(timed_out.body)
    assert error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert timed_out.request_id in error["errorMessage"]
    assert not alive(old_pid)
    report = report_for(log.lines, timed_out.request_id)
    assert report["status"] == "timeout"
    assert any(
        line.endswith(f"{timed_out.request_id} Task timed out after 1.00 seconds")
        for line in log.lines
    )

    after = emulator.invoke(b'{"seconds": 0}')
    assert not after.is_error
    assert json.loads(after.body)["pid"] != old_pid
    assert report_for(log.lines, after.request_id)["init"] is not None  # a cold start


def test_crash_is_an_exit_error_and_the_process_is_replaced(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.crash"))
    before = json.loads(emulator.invoke(b'{"crash": false}').body)["pid"]
    crashed = emulator.invoke(b'{"crash": true, "code": 3}')
    assert crashed.error_type == "Runtime.ExitError"
    error = json.loads(crashed.body)
    assert error == {
        "errorMessage": f"RequestId: {crashed.request_id} Error: Runtime exited with error: "
        "exit status 3",
        "errorType": "Runtime.ExitError",
    }
    assert report_for(log.lines, crashed.request_id)["error_type"] == "Runtime.ExitError"
    after = emulator.invoke(b'{"crash": false}')
    assert not after.is_error
    assert json.loads(after.body)["pid"] != before


def test_memory_over_the_size_is_killed_like_on_lambda(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.hog"), memory=128, timeout=30)
    before = json.loads(emulator.invoke(b'{"mb": 0}').body)["pid"]

    started = time.monotonic()
    killed = emulator.invoke(b'{"mb": 300, "hold": 20}')
    assert time.monotonic() - started < 10  # killed while holding it, not at the end
    assert killed.error_type == "Runtime.ExitError"
    assert json.loads(killed.body) == {
        "errorMessage": f"RequestId: {killed.request_id} Error: Runtime exited with error: "
        "signal: killed",
        "errorType": "Runtime.ExitError",
    }
    report = report_for(log.lines, killed.request_id)
    assert int(report["used"]) > 128
    assert report["error_type"] == "Runtime.ExitError"
    assert any(
        "more than its memory size of 128 MB" in line and killed.request_id in line
        for line in log.lines
    )
    assert not alive(before)

    after = emulator.invoke(b'{"mb": 0}')
    assert not after.is_error
    assert json.loads(after.body)["pid"] != before
    assert report_for(log.lines, after.request_id)["init"] is not None


def test_a_spike_freed_before_answering_is_still_over_the_size(
    start_emulator: StartEmulator,
) -> None:
    emulator, log = start_emulator(target("basic.hog"), memory=128)
    spiked = emulator.invoke(b'{"mb": 300}')
    assert spiked.error_type == "Runtime.ExitError"
    assert "signal: killed" in json.loads(spiked.body)["errorMessage"]
    assert int(report_for(log.lines, spiked.request_id)["used"]) > 128


def test_memory_within_the_size_is_fine(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.hog"), memory=1024)
    first = emulator.invoke(b'{"mb": 300}')
    second = emulator.invoke(b'{"mb": 300}')
    assert not first.is_error
    assert json.loads(first.body)["pid"] == json.loads(second.body)["pid"]  # the same instance
    assert 300 < int(report_for(log.lines, first.request_id)["used"]) <= 1024


def test_memory_over_the_size_during_init(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("hungry.handler"), memory=128)
    outcome = emulator.invoke(b"{}")
    assert outcome.error_type == "Runtime.ExitError"
    assert "Runtime exited with error: signal: killed" in json.loads(outcome.body)["errorMessage"]
    assert any("more than its memory size of 128 MB" in line for line in log.lines)
    roomy, _ = start_emulator(target("hungry.handler"), memory=1024)
    assert json.loads(roomy.invoke(b"{}").body) == 300 << 20


def test_init_error_missing_module(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("broken.handler"))
    for _ in range(2):  # every invocation retries init, as Lambda does
        outcome = emulator.invoke(b"{}")
        assert outcome.error_type == "Runtime.ImportModuleError"
        error = json.loads(outcome.body)
        assert error["errorType"] == "Runtime.ImportModuleError"
        assert "module_that_does_not_exist" in error["errorMessage"]
    assert any("INIT_REPORT" in line and "Runtime.ImportModuleError" in line for line in log.lines)


def test_init_error_missing_attribute(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.no_such_function"))
    outcome = emulator.invoke(b"{}")
    assert outcome.is_error
    error = json.loads(outcome.body)
    assert error["errorType"].startswith("Runtime.")
    assert "no_such_function" in error["errorMessage"]


def test_handler_not_callable(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.not_callable"))
    outcome = emulator.invoke(b"{}")
    assert outcome.is_error
    assert "callable" in json.loads(outcome.body)["errorMessage"]


def test_missing_runtime_module_is_an_init_exit_error(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"), runtime_module="no_such_runtime_module")
    outcome = emulator.invoke(b"{}")
    assert outcome.error_type == "Runtime.ExitError"
    assert "exit status 1" in json.loads(outcome.body)["errorMessage"]


def test_invocations_are_serialized_on_one_process(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.timed"))
    emulator.invoke(b'{"seconds": 0}')  # warm up
    results: list[dict[str, float]] = []
    lock = threading.Lock()

    def call() -> None:
        outcome = emulator.invoke(b'{"seconds": 0.15}')
        assert not outcome.is_error
        with lock:
            results.append(json.loads(outcome.body))

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 4
    assert len({result["pid"] for result in results}) == 1
    spans = sorted((result["start"], result["end"]) for result in results)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end  # never two at once


def test_response_over_6_mb_is_a_function_error(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.big"))
    outcome = emulator.invoke(json.dumps({"size": 7 * 1024 * 1024}).encode())
    assert outcome.error_type == "Function.ResponseSizeTooLarge"
    message = json.loads(outcome.body)["errorMessage"]
    assert "exceeded maximum allowed payload size (6291556 bytes)" in message
    small = emulator.invoke(b'{"size": 10}')
    assert json.loads(small.body) == "x" * 10


def test_function_output_is_forwarded(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("basic.fail"))
    outcome = emulator.invoke(b"{}")
    assert "about to fail" in log.text
    assert b"about to fail" in outcome.logs


def test_stop_kills_the_function_process(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("basic.handler"))
    pid = json.loads(emulator.invoke(b"{}").body)["pid"]
    assert alive(pid)
    emulator.stop()
    assert not alive(pid)


def test_port_in_use(runtime_module: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        emulator = Emulator(target("basic.handler"), port=port, runtime_module=runtime_module)
        with pytest.raises(PortInUse, match=str(port)):
            emulator.start()
        emulator.stop()


def test_check_reports_init(runtime_module: str) -> None:
    ok = Emulator(target("basic.handler"), runtime_module=runtime_module, log=lambda _: None)
    init_ms, failure = ok.check()
    assert failure is None
    assert init_ms > 0
    broken = Emulator(target("broken.handler"), runtime_module=runtime_module, log=lambda _: None)
    _, failure = broken.check()
    assert failure is not None
    assert failure.error_type == "Runtime.ImportModuleError"
    assert "module_that_does_not_exist" in failure.message


def test_compat_with_the_official_runtime_interface_client(start_emulator: StartEmulator) -> None:
    """The emulator speaks the Runtime API well enough for AWS's own client (awslambdaric)."""
    emulator, log = start_emulator(
        "basic.handler", runtime_module="awslambdaric", cwd=str(HANDLERS)
    )
    outcome = emulator.invoke(b'{"compat": true}')
    assert not outcome.is_error, outcome.body
    assert json.loads(outcome.body)["echo"] == {"compat": True}
    failing = Emulator(
        "basic.fail", runtime_module="awslambdaric", cwd=str(HANDLERS), port=0, log=log
    )
    with failing:
        error = failing.invoke(b"{}")
    assert error.error_type == "ValueError"
    assert json.loads(error.body)["errorMessage"] == "boom: no reason"
