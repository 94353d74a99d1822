"""ferrolambda.runtime vs awslambdaric: invocations per second, runtime CPU per invocation, and
cold start (process spawn to the first response), both against the same minimal Runtime API.

    uv run python benchmarks/bench_runtime.py [INVOCATIONS] [ROUNDS]

The API answers `/next` at once over raw keep-alive sockets, so the runtimes, not the server, are
measured. Cases are interleaved round by round so load changes on a shared machine hit all alike.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

PY = sys.executable
HERE = os.path.dirname(os.path.abspath(__file__))
EVENT = b'{"hello": "world", "n": 1}'


class Api:
    """Minimal keep-alive Runtime API over raw sockets: /next answers at once; counts responses."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.port = self.listener.getsockname()[1]
        self.responses = 0
        self.first_next: float | None = None
        self.first_response: float | None = None
        self.done = threading.Event()
        self.counter = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self._converse(conn)

    def _converse(self, conn: socket.socket) -> None:
        length_re = re.compile(rb"(?i)\r\ncontent-length:[ \t]*(\d+)")
        accepted = b'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"status":"OK"}\n'
        template = (
            b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-%d\r\n"
            b"Lambda-Runtime-Deadline-Ms: 9999999999999\r\n"
            b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:1:function:f\r\n"
            b"Lambda-Runtime-Trace-Id: Root=1-abc;Sampled=0\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(EVENT)).encode()
            + b"\r\n\r\n"
            + EVENT
        )
        recv, send = conn.recv, conn.sendall
        buf = b""
        while True:
            end = buf.find(b"\r\n\r\n")
            while end < 0:
                data = recv(65536)
                if not data:
                    return
                buf += data
                end = buf.find(b"\r\n\r\n")
            if buf.startswith(b"GET"):
                buf = buf[end + 4 :]
                if self.first_next is None:
                    self.first_next = time.perf_counter()
                if self.responses >= self.limit:
                    self.done.wait()
                    return
                self.counter += 1
                send(template % self.counter)
                continue
            match = length_re.search(buf, 0, end + 2)
            total = end + 4 + (int(match.group(1)) if match else 0)
            while len(buf) < total:
                buf += recv(65536)
            buf = buf[total:]
            send(accepted)
            self.responses += 1
            if self.first_response is None:
                self.first_response = time.perf_counter()
            if self.responses >= self.limit:
                self.done.set()

    def close(self) -> None:
        self.done.set()
        self.listener.close()


def command(kind: str, handler: str) -> list[str]:
    if kind == "ferrolambda":
        return [PY, "-m", "ferrolambda.runtime", handler]
    return [PY, "-m", "awslambdaric", handler]


def env(port: int) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": HERE,
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_VERSION": "1",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "g",
        "AWS_LAMBDA_LOG_STREAM_NAME": "s",
    }


CPU: dict[str, list[float]] = {}


def _cpu(proc: subprocess.Popen[bytes]) -> float:
    proc.kill()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = -9
    return usage.ru_utime + usage.ru_stime


def throughput(kind: str, handler: str, n: int) -> float:
    api = Api(n)
    proc = subprocess.Popen(command(kind, handler), env=env(api.port), stdout=subprocess.DEVNULL)
    try:
        if not api.done.wait(300):
            raise RuntimeError(f"{kind} did not finish")
        assert api.first_response is not None
        end = time.perf_counter()
        # from the first answered invocation on: excludes startup
        rate = (n - 1) / (end - api.first_response)
        CPU.setdefault(f"{kind} {handler} run", []).append(_cpu(proc) / n)
        return rate
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.wait()
        api.close()


def cold_start(kind: str, handler: str) -> float:
    api = Api(1)
    start = time.perf_counter()
    proc = subprocess.Popen(command(kind, handler), env=env(api.port), stdout=subprocess.DEVNULL)
    try:
        if not api.done.wait(60):
            raise RuntimeError(f"{kind} no first response")
        assert api.first_response is not None
        return (api.first_response - start) * 1000
    finally:
        proc.kill()
        proc.wait()
        api.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    cases = [("plain", "runtime_handlers.plain"), ("decorated", "runtime_handlers.decorated")]
    for kind in ("ferrolambda", "awslambdaric"):  # warm the .pyc caches
        for _, handler in cases:
            cold_start(kind, handler)
    results: dict[tuple[str, str], list[float]] = {}
    colds: dict[tuple[str, str], list[float]] = {}
    kinds = ("ferrolambda", "awslambdaric")
    for _ in range(rounds):  # interleaved, so load changes hit every case alike
        for _, handler in cases:
            for kind in kinds:
                results.setdefault((kind, handler), []).append(throughput(kind, handler, n))
    for _ in range(rounds * 3):
        for _, handler in cases:
            for kind in kinds:
                colds.setdefault((kind, handler), []).append(cold_start(kind, handler))
    for label, handler in cases:
        f = statistics.median(results["ferrolambda", handler])
        a = statistics.median(results["awslambdaric", handler])
        cpu_f = statistics.median(CPU[f"ferrolambda {handler} run"]) * 1e6
        cpu_a = statistics.median(CPU[f"awslambdaric {handler} run"]) * 1e6
        cf = statistics.median(colds["ferrolambda", handler])
        ca = statistics.median(colds["awslambdaric", handler])
        print(
            f"[{label}] inv/s ferrolambda median {f:.0f} all {sorted(round(x) for x in results['ferrolambda', handler])}"
        )
        print(
            f"[{label}] inv/s awslambdaric median {a:.0f} all {sorted(round(x) for x in results['awslambdaric', handler])}"
        )
        print(f"[{label}] throughput ratio {f / a:.2f}x")
        print(
            f"[{label}] runtime CPU us/invocation: ferrolambda {cpu_f:.1f} awslambdaric {cpu_a:.1f} ratio {cpu_a / cpu_f:.2f}x"
        )
        print(
            f"[{label}] cold start ms (spawn -> first response received): ferrolambda {cf:.1f} awslambdaric {ca:.1f} ratio {cf / ca:.2f} (min {min(colds['ferrolambda', handler]):.1f} vs {min(colds['awslambdaric', handler]):.1f})"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
