"""The `ferrolambda` command line, run as a subprocess the way a user runs it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ROOT / "tests" / "local" / "handlers"


RUNTIME = "ferrolambda.runtime"


def ferrolambda(
    *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ferrolambda.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


def runtime_args() -> list[str]:
    return ["--runtime", RUNTIME]


def handler(name: str) -> str:
    module, _, function = name.rpartition(".")
    return f"tests/local/handlers/{module}.py:{function}"


@pytest.fixture
def event_file(tmp_path: Path) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"why": "cli", "n": 1}))
    return path


def test_invoke_prints_the_response(event_file: Path) -> None:
    done = ferrolambda(
        "invoke", handler("basic.handler"), "--event", str(event_file), *runtime_args()
    )
    assert done.returncode == 0, done.stderr
    response = json.loads(done.stdout)
    assert response["echo"] == {"why": "cli", "n": 1}
    assert done.stdout.startswith("{\n  ")  # pretty
    assert "REPORT RequestId:" in done.stderr
    assert "Init Duration:" in done.stderr
    assert "COST" in done.stderr


def test_invoke_reads_standard_input() -> None:
    done = ferrolambda(
        "invoke", handler("basic.handler"), "--event", "-", *runtime_args(), stdin='{"x": 2}'
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["echo"] == {"x": 2}


def test_invoke_module_target_from_the_current_directory(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "def handler(event, context):\n    return {'ok': event['v']}\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferrolambda.cli",
            "invoke",
            "app.handler",
            "--event",
            "-",
            *runtime_args(),
        ],
        input='{"v": 3}',
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"ok": 3}


def test_invoke_function_error_exits_1(event_file: Path) -> None:
    done = ferrolambda("invoke", handler("basic.fail"), "--event", str(event_file), *runtime_args())
    assert done.returncode == 1
    assert done.stdout == ""
    assert "function error: ValueError: boom: cli" in done.stderr


def test_invoke_timeout(event_file: Path) -> None:
    event_file.write_text('{"seconds": 10}')
    done = ferrolambda(
        "invoke", handler("basic.sleepy"), "--event", str(event_file), "--timeout", "1",
        *runtime_args(),
    )  # fmt: skip
    assert done.returncode == 1
    assert "Sandbox.Timedout" in done.stderr
    assert "Task timed out after 1.00 seconds" in done.stderr


def test_invoke_init_error_is_printed(event_file: Path) -> None:
    done = ferrolambda(
        "invoke", handler("broken.handler"), "--event", str(event_file), *runtime_args()
    )
    assert done.returncode == 1
    assert "Runtime.ImportModuleError" in done.stderr
    assert "module_that_does_not_exist" in done.stderr


def test_invoke_bad_event_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    done = ferrolambda("invoke", handler("basic.handler"), "--event", str(bad))
    assert done.returncode == 2
    assert str(bad) in done.stderr
    assert "not valid JSON" in done.stderr
    assert "line 1 column 2" in done.stderr


def test_invoke_missing_event_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    done = ferrolambda("invoke", handler("basic.handler"), "--event", str(missing))
    assert done.returncode == 2
    assert f"cannot read event file '{missing}'" in done.stderr
    assert "No such file" in done.stderr


def test_invoke_target_file_missing(event_file: Path) -> None:
    done = ferrolambda("invoke", "nowhere/app.py:handler", "--event", str(event_file))
    assert done.returncode == 2
    assert "file not found: nowhere/app.py" in done.stderr


def test_invoke_needs_an_event() -> None:
    done = ferrolambda("invoke", handler("basic.handler"))
    assert done.returncode == 2
    assert "--event" in done.stderr


def test_bad_target_syntax(event_file: Path) -> None:
    done = ferrolambda("invoke", "not-a-handler", "--event", str(event_file))
    assert done.returncode == 2
    assert "module.handler or path/to/file.py:handler" in done.stderr


def test_events_lists_sources_and_prints_one() -> None:
    listed = ferrolambda("events")
    assert listed.returncode == 0, listed.stderr
    sources = listed.stdout.split()
    assert sources
    assert sources == sorted(sources)
    shown = ferrolambda("events", sources[0])
    assert shown.returncode == 0, shown.stderr
    assert isinstance(json.loads(shown.stdout), dict)
    unknown = ferrolambda("events", "no-such-source")
    assert unknown.returncode == 2
    assert "unknown event source 'no-such-source'" in unknown.stderr


def test_invoke_example_event() -> None:
    source = ferrolambda("events").stdout.split()[0]
    done = ferrolambda("invoke", handler("basic.handler"), "--example", source, *runtime_args())
    assert done.returncode == 0, done.stderr
    expected = json.loads(ferrolambda("events", source).stdout)
    echoed = json.loads(done.stdout)["echo"]
    assert echoed.keys() == expected.keys()


def test_check() -> None:
    ok = ferrolambda("check", handler("basic.handler"), *runtime_args())
    assert ok.returncode == 0, ok.stderr
    assert "ok: basic.handler" in ok.stdout
    broken = ferrolambda("check", handler("broken.handler"), *runtime_args())
    assert broken.returncode == 1
    assert "Runtime.ImportModuleError" in broken.stderr


class Served:
    """A `ferrolambda serve` subprocess whose stderr is collected line by line."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ferrolambda.cli", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.search(pattern, line)
                if match:
                    return match
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"{pattern!r} not printed; stderr:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=5)
        finally:
            self._reader.join(timeout=5)
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()


@pytest.fixture
def serve() -> Iterator[type[Served]]:
    started: list[Served] = []

    class Tracked(Served):
        def __init__(self, *args: str) -> None:
            super().__init__(*args)
            started.append(self)

    yield Tracked
    for served in started:
        served.stop()


def test_serve_answers_and_stops_on_ctrl_c(serve: type[Served]) -> None:
    served = serve(handler("basic.handler"), "--port", "0", "--memory", "256", *runtime_args())
    port = int(served.wait_for(r"listening on http://127\.0\.0\.1:(\d+)").group(1))
    response = httpx.post(
        f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations",
        json={"via": "serve"},
        timeout=20,
    )
    assert response.status_code == 200
    assert response.json()["echo"] == {"via": "serve"}
    assert response.json()["memory_limit_in_mb"] == "256"
    served.wait_for(r"^REPORT RequestId: .*Memory Size: 256 MB")
    front = httpx.get(f"http://127.0.0.1:{port}/anything?q=1", timeout=20)
    assert front.status_code == 200
    assert front.json()["echo"]["rawPath"] == "/anything"
    assert served.stop() == 0


def test_serve_with_routes(serve: type[Served]) -> None:
    served = serve(
        handler("basic.handler"),
        "--port",
        "0",
        "--route",
        "GET /orders/{id}",
        "--route",
        "$default",
        *runtime_args(),
    )
    port = int(served.wait_for(r"listening on http://127\.0\.0\.1:(\d+)").group(1))
    served.wait_for(r"route GET /orders/\{id\}")
    event = httpx.get(f"http://127.0.0.1:{port}/orders/7", timeout=20).json()["echo"]
    assert (event["routeKey"], event["pathParameters"]) == ("GET /orders/{id}", {"id": "7"})
    assert served.stop() == 0


def test_serve_bad_route(serve: type[Served]) -> None:
    served = serve(handler("basic.handler"), "--route", "FETCH /x")
    assert served.process.wait(timeout=30) == 2
    served.wait_for(r"route 'FETCH /x': the method must be one of")


def test_serve_port_in_use(serve: type[Served]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = serve(handler("basic.handler"), "--port", str(port))
        assert served.process.wait(timeout=30) == 2
        served.wait_for(rf"port {port} on 127\.0\.0\.1 is already in use")


def test_serve_missing_target_file(serve: type[Served]) -> None:
    served = serve("missing.py:handler")
    assert served.process.wait(timeout=30) == 2
    served.wait_for(r"file not found: missing\.py")


def test_console_script_help() -> None:
    script = Path(sys.executable).parent / "ferrolambda"
    if not script.is_file():
        pytest.skip("the ferrolambda console script is not installed in this environment")
    done = subprocess.run(
        [str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0
    for command in ("serve", "invoke", "events", "check"):
        assert command in done.stdout
