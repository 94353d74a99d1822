"""`Router`: several routes in one Lambda function, with path parameters and CORS.

```python
app = Router(cors=Cors(allow_origins=["https://shop.example.com"]))

@app.get("/orders/{order_id:int}")
def get_order(request: Request, order_id: int) -> Result[Order, HttpError]: ...
```

The router *is* the Lambda handler (a `LambdaHandler`): deploy `module.app`, or write
`handler = app` for the conventional name. Routes are compiled to regular expressions when they
are declared; a request only runs the matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .. import _aio
from .._functions import is_coroutine_function
from ..handler import LambdaHandler
from .endpoint import Endpoint, call, call_async
from .errors import HttpError
from .response import Response

if TYPE_CHECKING:
    from .request import Request

F = TypeVar("F", bound=Callable[..., Any])

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(\+)?(?::(str|int|path))?\}")
_CONVERTERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "str": ("[^/]+", str),
    "int": ("-?[0-9]+", int),
    "path": (".+", str),
}
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _strip_slash(path: str) -> str:
    """`path` without a trailing slash (`/` stays `/`)."""
    if not path.endswith("/"):
        return path
    return path.rstrip("/") or "/"


class Target:
    """A route function with what calling it needs, worked out once at declaration."""

    __slots__ = ("function", "is_async", "parameters")

    def __init__(self, function: Callable[..., Any], route: Route) -> None:
        name = getattr(function, "__qualname__", repr(function))
        code = getattr(function, "__code__", None)
        names: tuple[str, ...] = ()
        if code is not None:
            names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
            if not names:
                raise TypeError(
                    f"route function {name} must take the request as its first parameter"
                )
        unknown = [extra for extra in names[1:] if extra not in route.converters]
        if unknown:
            raise TypeError(
                f"route function {name} takes {unknown}, which {route.pattern!r} does not capture"
            )
        self.function = function
        self.is_async = is_coroutine_function(function)
        self.parameters = names[1:]
        """The path parameters passed as keyword arguments."""

    def __call__(self, request: Request, captured: dict[str, Any]) -> Response:
        arguments = {name: captured[name] for name in self.parameters}
        if self.is_async:
            return _aio.run(call_async(self.function, request, **arguments))
        return call(self.function, request, **arguments)


class Route:
    """One declared path: its regex, parameter converters and a target per method."""

    __slots__ = ("converters", "functions", "pattern", "regex")

    def __init__(self, pattern: str) -> None:
        if not pattern.startswith("/"):
            raise ValueError(f"a route path starts with '/': {pattern!r}")
        self.pattern = pattern
        self.functions: dict[str, Target] = {}
        self.converters: dict[str, Callable[[str], Any]] = {}
        regex: list[str] = []
        position = 0
        for match in _PARAMETER.finditer(pattern):
            name, greedy, kind = match.group(1), match.group(2), match.group(3)
            if name in self.converters:
                raise ValueError(f"route {pattern!r} names the parameter {name!r} twice")
            if greedy and kind:
                raise ValueError(f"route {pattern!r}: use {{{name}+}} or {{{name}:path}}, not both")
            expression, convert = _CONVERTERS["path" if greedy else (kind or "str")]
            regex.append(self._literal(pattern[position : match.start()]))
            regex.append(f"(?P<{name}>{expression})")
            self.converters[name] = convert
            position = match.end()
        regex.append(self._literal(pattern[position:]).rstrip("/"))
        self.regex = re.compile("".join(regex) + "/?") if self.converters else None

    def _literal(self, text: str) -> str:
        if "{" in text or "}" in text:
            raise ValueError(
                f"route {self.pattern!r}: a parameter is {{name}}, {{name:int}}, {{name:path}} "
                "or {name+}"
            )
        return re.escape(text)

    def match(self, path: str) -> dict[str, Any] | None:
        """The converted parameters when `path` matches, else None."""
        if self.regex is None:
            return {} if _strip_slash(path) == _strip_slash(self.pattern) else None
        found = self.regex.fullmatch(path)
        if found is None:
            return None
        return {name: self.converters[name](value) for name, value in found.groupdict().items()}

    def allowed(self) -> list[str]:
        """The methods this path answers, `HEAD` with `GET` and `OPTIONS` always."""
        methods = set(self.functions)
        if "GET" in methods:
            methods.add("HEAD")
        methods.add("OPTIONS")
        return sorted(methods)


def _vary_on(response: Response, header: str) -> None:
    """Add `header` to the response's `Vary` unless it is there already."""
    listed = {
        name.strip().lower() for value in response.headers.all("vary") for name in value.split(",")
    }
    if header.lower() not in listed and "*" not in listed:
        response.headers.add("vary", header)


class Cors:
    """Cross-origin resource sharing for a `Router`.

    - `allow_origins`: exact origins (`https://shop.example.com`), subdomain wildcards
      (`https://*.example.com`) or `"*"` for any origin.
    - `allow_methods`: the methods a preflight allows; None: the methods of the requested path.
    - `allow_headers`: request headers a preflight allows; `"*"` echoes the requested ones.
    - `expose_headers`: response headers the browser may read.
    - `allow_credentials`: send `Access-Control-Allow-Credentials: true` (then the origin is
      always echoed, never `*`).
    - `max_age`: seconds a browser may cache a preflight.
    """

    __slots__ = (
        "allow_any",
        "allow_credentials",
        "allow_headers",
        "allow_methods",
        "expose_headers",
        "max_age",
        "origins",
        "patterns",
    )

    def __init__(
        self,
        *,
        allow_origins: Sequence[str],
        allow_methods: Sequence[str] | None = None,
        allow_headers: Sequence[str] = ("*",),
        expose_headers: Sequence[str] = (),
        allow_credentials: bool = False,
        max_age: int | None = 600,
    ) -> None:
        if isinstance(allow_origins, str):
            raise TypeError("allow_origins is a list of origins, e.g. ['https://example.com']")
        self.allow_any = "*" in allow_origins
        self.origins = frozenset(
            origin.lower().rstrip("/") for origin in allow_origins if "*" not in origin
        )
        self.patterns = [
            re.compile(
                re.escape(origin.lower().rstrip("/")).replace(r"\*", "[a-z0-9-]+(?:\\.[a-z0-9-]+)*")
            )
            for origin in allow_origins
            if "*" in origin and origin != "*"
        ]
        self.allow_methods = [method.upper() for method in allow_methods] if allow_methods else None
        self.allow_headers = list(allow_headers)
        self.expose_headers = list(expose_headers)
        self.allow_credentials = allow_credentials
        self.max_age = max_age

    @property
    def echoes_origin(self) -> bool:
        """Whether `Access-Control-Allow-Origin` is the request's origin (then `Vary: Origin`)."""
        return not self.allow_any or self.allow_credentials

    def allows(self, origin: str) -> bool:
        """Whether `origin` may make cross-origin requests."""
        if self.allow_any:
            return True
        normalized = origin.lower().rstrip("/")
        return normalized in self.origins or any(
            pattern.fullmatch(normalized) for pattern in self.patterns
        )

    def _origin_headers(self, response: Response, origin: str) -> None:
        if self.allow_any and not self.allow_credentials:
            response.headers.set("access-control-allow-origin", "*")
        else:
            response.headers.set("access-control-allow-origin", origin)
        if self.allow_credentials:
            response.headers.set("access-control-allow-credentials", "true")

    def decorate(self, response: Response, origin: str) -> None:
        """Add the CORS headers for an actual (non-preflight) request from `origin`."""
        self._origin_headers(response, origin)
        if self.expose_headers:
            response.headers.set("access-control-expose-headers", ", ".join(self.expose_headers))

    def preflight(self, request: Request, origin: str, methods: Iterable[str]) -> Response:
        """The 204 answer to a preflight from an allowed origin."""
        response = Response.no_content()
        self._origin_headers(response, origin)
        allowed = self.allow_methods if self.allow_methods is not None else list(methods)
        response.headers.set("access-control-allow-methods", ", ".join(allowed))
        if self.allow_headers == ["*"]:
            requested = request.headers.first("access-control-request-headers")
            if requested.is_some():
                response.headers.set("access-control-allow-headers", requested.unwrap())
                _vary_on(response, "Access-Control-Request-Headers")
        elif self.allow_headers:
            response.headers.set("access-control-allow-headers", ", ".join(self.allow_headers))
        if self.max_age is not None:
            response.headers.set("access-control-max-age", str(self.max_age))
        return response


class Router(LambdaHandler[Any, dict[str, Any], Exception]):
    """Routes for a one-function API; itself the Lambda handler.

    Route functions take the `Request`, and optionally the path parameters as keyword arguments
    named like them (converted per the pattern: `{id}` str, `{id:int}` int, `{rest:path}` or
    `{rest+}` the rest of the path, slashes included). They return `Result` like an
    `@http_handler` function, and may be sync or async.

    - Unknown path: 404 problem. Known path, other method: 405 problem with `Allow`.
    - `HEAD` runs the `GET` route without the body; `OPTIONS` answers with `Allow`, or, with
      `cors` set and a preflight from an allowed origin, the CORS preflight response.
    - With `cors`, every response to an allowed origin carries the CORS headers (errors too).
    - A trailing slash is ignored (`/orders/` matches `/orders`).
    """

    def __init__(self, *, cors: Cors | None = None) -> None:
        super().__init__(
            Endpoint(self.dispatch), payload_type=Any, takes_context=True, is_async=False
        )
        self.__name__ = self.__qualname__ = "Router"
        self.__doc__ = Router.__doc__
        self.cors = cors
        self._static: dict[str, Route] = {}
        self._dynamic: list[Route] = []
        self._routes: dict[str, Route] = {}

    # declaring routes

    def route(self, methods: str | Iterable[str], path: str) -> Callable[[F], F]:
        """Decorator: run the function for `methods` (one or several) on `path`."""
        wanted = [methods.upper()] if isinstance(methods, str) else [m.upper() for m in methods]
        for method in wanted:
            if method not in _METHODS:
                raise ValueError(f"unknown HTTP method {method!r}")

        def register(function: F) -> F:
            route = self._routes.get(path) or Route(path)
            target = Target(function, route)
            for method in wanted:
                if method in route.functions:
                    raise ValueError(f"{method} {path} is already routed")
            for method in wanted:
                route.functions[method] = target
            if path not in self._routes:
                self._routes[path] = route
                if route.regex is None:
                    self._static[_strip_slash(path)] = route
                else:
                    self._dynamic.append(route)
            return function

        return register

    def get(self, path: str) -> Callable[[F], F]:
        """Decorator: route `GET path` (and `HEAD`)."""
        return self.route("GET", path)

    def post(self, path: str) -> Callable[[F], F]:
        """Decorator: route `POST path`."""
        return self.route("POST", path)

    def put(self, path: str) -> Callable[[F], F]:
        """Decorator: route `PUT path`."""
        return self.route("PUT", path)

    def patch(self, path: str) -> Callable[[F], F]:
        """Decorator: route `PATCH path`."""
        return self.route("PATCH", path)

    def delete(self, path: str) -> Callable[[F], F]:
        """Decorator: route `DELETE path`."""
        return self.route("DELETE", path)

    # answering requests

    def match(
        self, method: str, path: str
    ) -> tuple[Target | None, dict[str, Any], list[str]] | None:
        """Route `method path`: None for an unknown path, else `(target or None, parameters,
        allowed methods)`. Static paths come first, then patterns in declaration order; the
        first path with a function for the method wins (`HEAD` falls back to `GET`)."""
        candidates: list[tuple[Route, dict[str, Any]]] = []
        static = self._static.get(_strip_slash(path))
        if static is not None:
            candidates.append((static, {}))
        for route in self._dynamic:
            parameters = route.match(path)
            if parameters is not None:
                candidates.append((route, parameters))
        if not candidates:
            return None
        allowed: set[str] = set()
        for route, parameters in candidates:
            target = route.functions.get(method)
            if target is None and method == "HEAD":
                target = route.functions.get("GET")
            if target is not None:
                return target, parameters, []
            allowed.update(route.allowed())
        return None, {}, sorted(allowed)

    def dispatch(self, request: Request) -> Response:
        """Route `request` and answer it (never raises)."""
        cors = self.cors
        origin = request.headers.first("origin").to_optional()
        if cors is None or origin is None or not cors.allows(origin):
            origin = None  # no CORS headers: not configured, not cross-origin, or not allowed
        response = self._answer(request, origin)
        if cors is not None:
            if origin is not None and request.method != "OPTIONS":
                cors.decorate(response, origin)
            if cors.echoes_origin:
                _vary_on(response, "Origin")  # the answer depends on the origin: keep caches apart
        if request.method == "HEAD":
            response.body = b""
        return response

    def _answer(self, request: Request, origin: str | None) -> Response:
        method = request.method
        found = self.match(method, request.path)
        if found is None:
            return HttpError.not_found(f"no route for {request.path}").to_response()
        target, parameters, allowed = found
        if target is None:
            if method == "OPTIONS":
                preflight = request.headers.first("access-control-request-method").is_some()
                if self.cors is not None and origin is not None and preflight:
                    return self.cors.preflight(request, origin, allowed)
                return Response.no_content(headers={"allow": ", ".join(allowed)})
            return HttpError.method_not_allowed(
                allowed, f"{method} is not allowed on {request.path}"
            ).to_response()
        if parameters:
            request.path_params.update({name: str(value) for name, value in parameters.items()})
        return target(request, parameters)

    def __repr__(self) -> str:
        routes = ", ".join(
            f"{'|'.join(sorted(route.functions))} {route.pattern}"
            for route in self._routes.values()
        )
        return f"Router({routes})"


__all__ = ["Cors", "Route", "Router"]
