"""API Gateway routes for the HTTP front: `GET /pets/{id}`, `ANY /files/{path+}`, `$default`.

Given routes, the front picks the one API Gateway would pick for a request and fills the event's
`routeKey` and `pathParameters` (payload 2.0) or `resource` and `pathParameters` (1.0), so a
handler that reads its path parameters sees them locally as it does deployed. The order:

1. a route without a greedy variable, literal segments before variables, left to right;
2. a route ending in a greedy variable (`{name+}`), the longest literal prefix first;
3. `$default`.

At each step a route for the request's method comes before an `ANY` route. A request no route
matches is answered 404 `{"message":"Not Found"}`, as API Gateway answers it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

DEFAULT = "$default"
METHODS = frozenset(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"))
_VARIABLE = re.compile(r"\{([A-Za-z0-9._-]+)(\+?)\}")


@dataclass(frozen=True)
class Route:
    """One route: `key` as API Gateway spells it (`GET /pets/{id}`, `$default`)."""

    key: str
    method: str
    segments: tuple[str, ...]

    @property
    def resource(self) -> str:
        """The resource path of payload 1.0: `/pets/{id}`."""
        return "/" + "/".join(self.segments)

    @property
    def greedy(self) -> bool:
        return bool(self.segments) and self.segments[-1].endswith("+}")


@dataclass(frozen=True)
class RouteMatch:
    """The route a request took and its path parameters (URL-decoded)."""

    route: Route
    parameters: dict[str, str]


def parse_route(text: str) -> Route:
    """`GET /pets/{id}`, `ANY /{proxy+}` or `$default`; a `ValueError` says what is wrong."""
    spec = text.strip()
    if spec == DEFAULT:
        return Route(DEFAULT, "ANY", ())
    method, _, path = spec.partition(" ")
    method, path = method.upper(), path.strip()
    if method not in METHODS:
        allowed = ", ".join(sorted(METHODS))
        raise ValueError(f"route {text!r}: the method must be one of {allowed}, or use $default")
    if not path.startswith("/"):
        raise ValueError(f"route {text!r}: the path must start with /")
    segments = tuple(path.strip("/").split("/")) if path.strip("/") else ()
    names: list[str] = []
    for index, segment in enumerate(segments):
        if not segment:
            raise ValueError(f"route {text!r}: empty path segment")
        variable = _VARIABLE.fullmatch(segment)
        if variable is None:
            if "{" in segment or "}" in segment:
                raise ValueError(f"route {text!r}: {segment!r} is not a path variable like {{id}}")
            continue
        name, greedy = variable.groups()
        if greedy and index != len(segments) - 1:
            raise ValueError(f"route {text!r}: a greedy variable {segment} must come last")
        if name in names:
            raise ValueError(f"route {text!r}: the variable {name!r} appears twice")
        names.append(name)
    return Route(f"{method} /{'/'.join(segments)}", method, segments)


def parse_routes(texts: Sequence[str]) -> tuple[Route, ...]:
    """Parse each route; two routes with the same key are an error."""
    routes = tuple(parse_route(text) for text in texts)
    keys = [route.key for route in routes]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"routes given twice: {', '.join(duplicates)}")
    return routes


def _bind(route: Route, parts: list[str]) -> dict[str, str] | None:
    """The path parameters if `route`'s path matches the raw path `parts`, else None."""
    fixed = route.segments[:-1] if route.greedy else route.segments
    if route.greedy:
        if len(parts) <= len(fixed):  # a greedy variable takes at least one segment
            return None
    elif len(parts) != len(fixed):
        return None
    parameters: dict[str, str] = {}
    for segment, part in zip(fixed, parts[: len(fixed)], strict=True):
        variable = _VARIABLE.fullmatch(segment)
        if variable is None:
            if segment != part:
                return None
        elif part:
            parameters[variable.group(1)] = unquote(part)
        else:
            return None
    if route.greedy:
        rest = parts[len(fixed) :]
        greedy = _VARIABLE.fullmatch(route.segments[-1])
        assert greedy is not None
        parameters[greedy.group(1)] = unquote("/".join(rest))
    return parameters


def _rank(route: Route, method: str) -> tuple[int, int, tuple[int, ...], int]:
    literal = tuple(int(_VARIABLE.fullmatch(s) is not None) for s in route.segments)
    prefix = len(route.segments) - 1 if route.greedy else len(route.segments)
    return (int(route.greedy), -prefix if route.greedy else 0, literal, int(route.method != method))


def match(routes: Sequence[Route], method: str, raw_path: str) -> RouteMatch | None:
    """The route API Gateway would take for `method raw_path`, or None (a 404)."""
    parts = raw_path.strip("/").split("/") if raw_path.strip("/") else []
    candidates: list[tuple[tuple[int, int, tuple[int, ...], int], RouteMatch]] = []
    for route in routes:
        if route.key == DEFAULT or route.method not in (method, "ANY"):
            continue
        parameters = _bind(route, parts)
        if parameters is not None:
            candidates.append((_rank(route, method), RouteMatch(route, parameters)))
    if candidates:
        return min(candidates, key=lambda candidate: candidate[0])[1]
    default = next((route for route in routes if route.key == DEFAULT), None)
    return RouteMatch(default, {}) if default is not None else None
