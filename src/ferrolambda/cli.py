"""`ferrolambda`: serve, invoke and check a handler locally; print sample events.

    ferrolambda serve TARGET [--port 9000] [--timeout 3] [--memory 128] [--arch x86_64|arm64]
                             [--http-version 2.0|1.0] [--route ROUTE ...] [--name function]
                             [--runtime MODULE]
    ferrolambda invoke TARGET (--event FILE | --event - | --example SOURCE) [--timeout 3] ...
    ferrolambda events [SOURCE]
    ferrolambda check TARGET

TARGET is `module.handler`, `package.module.handler` (importable from the current directory) or
`path/to/file.py:handler`. Exit status: 0 success, 1 function or init error, 2 usage error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any, cast

EXIT_OK = 0
EXIT_FUNCTION_ERROR = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in the command line or its inputs: printed, exit status 2."""


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 900:
        raise argparse.ArgumentTypeError("the timeout must be more than 0 and at most 900 seconds")
    return value


def _memory(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of MB") from None
    if not 128 <= value <= 10240:
        raise argparse.ArgumentTypeError("the memory size must be between 128 and 10240 MB")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("the port must be between 0 and 65535 (0: any free port)")
    return value


def _function_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", metavar="TARGET", help="module.handler or path/to/file.py:handler"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=3.0,
        help="function timeout in seconds (default: 3, as Lambda)",
    )
    parser.add_argument(
        "--memory",
        type=_memory,
        default=128,
        help="memory size in MB; a function whose peak goes over it is killed (default: 128)",
    )
    parser.add_argument(
        "--arch",
        choices=("x86_64", "arm64"),
        default="x86_64",
        help="architecture, for the cost estimate (default: x86_64)",
    )
    parser.add_argument("--name", default="function", help="function name (default: function)")
    parser.add_argument(
        "--runtime",
        metavar="MODULE",
        default="ferrolambda.runtime",
        help="the runtime loop, run as `python -m MODULE TARGET` "
        "(default: ferrolambda.runtime; awslambdaric works too)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ferrolambda",
        description="Run a Lambda handler locally: an emulator with the Invoke API and an "
        "API Gateway HTTP front, one-off invocations, sample events.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser(
        "serve",
        help="serve the function on 127.0.0.1 (Invoke API + HTTP front)",
        description="Serve the function on 127.0.0.1: the Lambda Invoke API at "
        "POST /2015-03-31/functions/NAME/invocations and every other path as an API Gateway "
        "HTTP API (payload 2.0, or 1.0) front. Ctrl-C stops it.",
    )
    _function_options(serve)
    serve.add_argument(
        "--port", type=_port, default=9000, help="port on 127.0.0.1 (default: 9000; 0: any)"
    )
    serve.add_argument(
        "--http-version",
        choices=("2.0", "1.0"),
        default="2.0",
        help="API Gateway payload format of the HTTP front (default: 2.0)",
    )
    serve.add_argument(
        "--route",
        action="append",
        default=[],
        metavar="ROUTE",
        help="an API Gateway route of the HTTP front, like 'GET /orders/{id}', "
        "'ANY /files/{path+}' or '$default' (repeatable); the event gets its routeKey and "
        "pathParameters, and a request no route matches is a 404. Default: every request, "
        "through $default",
    )

    invoke = commands.add_parser(
        "invoke",
        help="invoke the function once and print its response",
        description="Invoke the function once through the emulator: the response (pretty JSON) "
        "on stdout; a function error on stderr with exit status 1.",
    )
    _function_options(invoke)
    source = invoke.add_mutually_exclusive_group(required=True)
    source.add_argument("--event", metavar="FILE", help="JSON event file, or - for standard input")
    source.add_argument(
        "--example", metavar="SOURCE", help="a sample event (see `ferrolambda events`)"
    )

    events = commands.add_parser(
        "events",
        help="list sample event sources, or print one",
        description="Without SOURCE, list the event sources; with SOURCE, print a sample event.",
    )
    events.add_argument("source", metavar="SOURCE", nargs="?")

    check = commands.add_parser(
        "check",
        help="import the handler in a fresh process and report whether it resolves",
        description="Start the function process under the runtime and report whether init "
        "succeeds: the module imports and the handler is a callable.",
    )
    check.add_argument("target", metavar="TARGET", help="module.handler or path/to/file.py:handler")
    check.add_argument(
        "--runtime", metavar="MODULE", default="ferrolambda.runtime", help="the runtime loop"
    )
    return parser


def _err(message: str) -> None:
    sys.stderr.write(f"ferrolambda: {message}\n")
    sys.stderr.flush()


def _pretty(body: bytes) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body.decode("utf-8", errors="replace")


# Sample events.


def event_factories() -> dict[str, Callable[[], dict[str, Any]]]:
    """`ferrolambda.testing.EVENT_FACTORIES`: event source name -> sample event (offline)."""
    from .testing import EVENT_FACTORIES

    return EVENT_FACTORIES


def sample_event(source: str) -> dict[str, Any]:
    factories = event_factories()
    factory = factories.get(source)
    if factory is None:
        known = ", ".join(sorted(factories))
        raise UsageError(f"unknown event source {source!r}; known sources: {known}")
    return factory()


def command_events(source: str | None) -> int:
    if source is None:
        for name in sorted(event_factories()):
            print(name)
        return EXIT_OK
    print(json.dumps(sample_event(source), indent=2, ensure_ascii=False))
    return EXIT_OK


# invoke.


def read_event(event: str | None, example: str | None) -> bytes:
    """The event as JSON bytes, from a file, standard input or a sample; UsageError if bad."""
    if example is not None:
        return json.dumps(sample_event(example)).encode()
    assert event is not None
    if event == "-":
        raw = sys.stdin.buffer.read()
        where = "standard input"
    else:
        try:
            with open(event, "rb") as file:
                raw = file.read()
        except OSError as error:
            raise UsageError(
                f"cannot read event file {event!r}: {error.strerror or error}"
            ) from None
        where = f"event file {event!r}"
    try:
        json.loads(raw)
    except UnicodeDecodeError as error:
        raise UsageError(f"{where} is not UTF-8 JSON: {error}") from None
    except ValueError as error:
        raise UsageError(f"{where} is not valid JSON: {error}") from None
    return raw


def command_invoke(args: argparse.Namespace) -> int:
    from .local import Emulator, TargetError

    payload = read_event(args.event, args.example)
    try:
        emulator = Emulator(
            args.target,
            port=0,
            timeout=args.timeout,
            memory=args.memory,
            architecture=args.arch,
            name=args.name,
            runtime_module=args.runtime,
        )
    except (TargetError, ValueError) as error:
        raise UsageError(str(error)) from None
    with emulator:
        wait = emulator.config.init_timeout + emulator.config.timeout + 30
        connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=wait)
        try:
            connection.request(
                "POST",
                f"/2015-03-31/functions/{emulator.config.name}/invocations",
                body=payload,
                headers={"Content-Type": "application/json"},
            )
            response = connection.getresponse()
            body = response.read()
            status = response.status
            function_error = response.getheader("X-Amz-Function-Error")
            api_error = response.getheader("X-Amzn-ErrorType")
        finally:
            connection.close()
    if status == 200 and function_error is None:
        print(_pretty(body))
        return EXIT_OK
    if status == 200:
        error_type, message = _error_summary(body)
        _err(f"function error: {error_type}: {message}")
        sys.stderr.write(_pretty(body) + "\n")
        return EXIT_FUNCTION_ERROR
    detail = _pretty(body)
    try:
        decoded: Any = json.loads(body)
        detail = str(cast("dict[str, object]", decoded).get("message", detail))
    except (ValueError, AttributeError):
        pass
    _err(f"invoke failed: HTTP {status} {api_error or ''}: {detail}")
    return EXIT_USAGE if status < 500 else EXIT_FUNCTION_ERROR


def _error_summary(body: bytes) -> tuple[str, str]:
    try:
        decoded: Any = json.loads(body)
    except ValueError:
        return "Unhandled", body.decode("utf-8", errors="replace")
    if isinstance(decoded, dict):
        error = cast("dict[str, object]", decoded)
        return str(error.get("errorType", "Unhandled")), str(error.get("errorMessage", ""))
    return "Unhandled", str(cast("object", decoded))


# serve.


def command_serve(args: argparse.Namespace) -> int:
    from .local import Emulator, PortInUse, TargetError

    try:
        emulator = Emulator(
            args.target,
            port=args.port,
            timeout=args.timeout,
            memory=args.memory,
            architecture=args.arch,
            http_version=args.http_version,
            routes=args.route,
            name=args.name,
            runtime_module=args.runtime,
        )
    except (TargetError, ValueError) as error:
        raise UsageError(str(error)) from None
    try:
        emulator.start()
    except PortInUse as error:
        raise UsageError(
            f"port {error.port} on {error.host} is already in use; choose another with --port"
        ) from None
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    config = emulator.config
    _err(
        f"function {config.name!r} ({config.target.handler}) on {emulator.url}: "
        f"timeout {config.timeout:g} s, {config.memory_mb} MB, {config.architecture}, "
        f"runtime {config.runtime_module}"
    )
    _err(f"  Invoke API: POST {emulator.invoke_url}")
    _err(f"  HTTP front: {emulator.url}/ (API Gateway payload {args.http_version})")
    for route in emulator.routes:
        _err(f"    route {route.key}")
    _err(f"listening on {emulator.url} (Ctrl-C to stop)")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        emulator.stop()
        _err("stopped")
    return EXIT_OK


# check.


def command_check(args: argparse.Namespace) -> int:
    from .local import Emulator, TargetError

    try:
        emulator = Emulator(args.target, port=0, runtime_module=args.runtime)
    except (TargetError, ValueError) as error:
        raise UsageError(str(error)) from None
    # Function output (an init error's own log) goes to stderr like the emulator's.
    init_ms, failure = emulator.check()
    handler = emulator.config.target.handler
    if failure is None:
        print(f"ok: {handler} resolves to a callable handler (init {init_ms:.2f} ms)")
        return EXIT_OK
    _err(f"{handler}: {failure.error_type}: {failure.message}")
    return EXIT_FUNCTION_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """The `ferrolambda` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "events":
            return command_events(args.source)
        if args.command == "invoke":
            return command_invoke(args)
        if args.command == "serve":
            return command_serve(args)
        if args.command == "check":
            return command_check(args)
    except UsageError as error:
        _err(f"{args.command}: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unknown command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
