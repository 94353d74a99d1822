"""API Gateway routes on the HTTP front: which route a request takes, and what the event says."""

from __future__ import annotations

import httpx
import pytest
from local_support import StartEmulator, target

from ferrolambda.local._routes import match, parse_route, parse_routes

# The routes of API Gateway's own route-selection example, plus a root route and a $default.
EXAMPLE = parse_routes(
    [
        "GET /pets/dog/1",
        "GET /pets/dog/{id}",
        "GET /pets/{proxy+}",
        "ANY /{proxy+}",
        "GET /",
        "$default",
    ]
)


@pytest.mark.parametrize(
    ("method", "path", "route", "parameters"),
    [
        ("GET", "/pets/dog/1", "GET /pets/dog/1", {}),
        ("GET", "/pets/dog/2", "GET /pets/dog/{id}", {"id": "2"}),
        ("GET", "/pets/cat/1", "GET /pets/{proxy+}", {"proxy": "cat/1"}),
        ("POST", "/pets/cat/1", "ANY /{proxy+}", {"proxy": "pets/cat/1"}),
        ("POST", "/pets/dog/1", "ANY /{proxy+}", {"proxy": "pets/dog/1"}),
        ("GET", "/", "GET /", {}),
        ("POST", "/", "$default", {}),
        ("GET", "/pets", "ANY /{proxy+}", {"proxy": "pets"}),
    ],
)
def test_the_most_specific_route_wins(
    method: str, path: str, route: str, parameters: dict[str, str]
) -> None:
    matched = match(EXAMPLE, method, path)
    assert matched is not None
    assert (matched.route.key, matched.parameters) == (route, parameters)


def test_a_method_route_comes_before_any_and_variables_are_decoded() -> None:
    routes = parse_routes(["ANY /orders/{id}", "GET /orders/{id}", "DELETE /orders/{id}/items"])
    get = match(routes, "GET", "/orders/a%20b%2Fc")
    assert get is not None
    assert (get.route.key, get.parameters) == ("GET /orders/{id}", {"id": "a b/c"})
    put = match(routes, "PUT", "/orders/7")
    assert put is not None
    assert put.route.key == "ANY /orders/{id}"


def test_literals_before_variables_from_the_left() -> None:
    routes = parse_routes(["GET /{kind}/new", "GET /orders/{id}"])
    matched = match(routes, "GET", "/orders/new")
    assert matched is not None
    assert matched.route.key == "GET /orders/{id}"


def test_no_match_without_default_is_none() -> None:
    routes = parse_routes(["GET /orders/{id}", "GET /files/{path+}"])
    assert match(routes, "GET", "/orders") is None  # a variable needs its segment
    assert match(routes, "GET", "/orders/1/2") is None
    assert match(routes, "GET", "/files") is None  # a greedy variable needs one segment
    assert match(routes, "POST", "/orders/1") is None
    greedy = match(routes, "GET", "/files/a/b.txt")
    assert greedy is not None
    assert greedy.parameters == {"path": "a/b.txt"}


def test_route_spelling_is_normalized() -> None:
    route = parse_route("get /orders/{id}/")
    assert route.key == "GET /orders/{id}"
    assert route.resource == "/orders/{id}"
    assert parse_route("ANY /").key == "ANY /"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("FETCH /x", "the method must be one of"),
        ("GET x", "must start with /"),
        ("GET /a//b", "empty path segment"),
        ("GET /{path+}/more", "must come last"),
        ("GET /{id}/{id}", "appears twice"),
        ("GET /a{id}", "is not a path variable"),
        ("GET", "must start with /"),
    ],
)
def test_a_bad_route_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_route(text)


def test_a_route_given_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="routes given twice: GET /a"):
        parse_routes(["GET /a", "get /a/"])


def test_the_v2_event_has_the_route_and_its_parameters(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(
        target("web.echo"), routes=["GET /orders/{id}", "ANY /files/{path+}"]
    )
    event = httpx.get(f"{emulator.url}/orders/42?full=1", timeout=10).json()
    assert event["routeKey"] == "GET /orders/{id}"
    assert event["requestContext"]["routeKey"] == "GET /orders/{id}"
    assert event["pathParameters"] == {"id": "42"}
    assert event["rawPath"] == "/orders/42"
    assert event["queryStringParameters"] == {"full": "1"}
    files = httpx.post(f"{emulator.url}/files/a/b%20c.txt", timeout=10).json()
    assert files["routeKey"] == "ANY /files/{path+}"
    assert files["pathParameters"] == {"path": "a/b c.txt"}


def test_a_request_no_route_matches_is_a_404(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("web.echo"), routes=["GET /orders/{id}"])
    response = httpx.delete(f"{emulator.url}/orders/42", timeout=10)
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}
    assert not any(line.startswith("START RequestId") for line in log.lines)  # never invoked


def test_default_catches_the_rest_without_parameters(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.echo"), routes=["GET /orders/{id}", "$default"])
    event = httpx.get(f"{emulator.url}/elsewhere", timeout=10).json()
    assert event["routeKey"] == "$default"
    assert "pathParameters" not in event


def test_the_v1_event_has_the_resource_and_its_parameters(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(
        target("web.echo"), http_version="1.0", routes=["GET /orders/{id}", "$default"]
    )
    event = httpx.get(f"{emulator.url}/orders/42", timeout=10).json()
    assert event["resource"] == "/orders/{id}"
    assert event["requestContext"]["resourcePath"] == "/orders/{id}"
    assert event["pathParameters"] == {"id": "42"}
    fallback = httpx.get(f"{emulator.url}/x/y", timeout=10).json()
    assert fallback["resource"] == "/{proxy+}"
    assert fallback["pathParameters"] == {"proxy": "x/y"}


def test_a_bad_route_is_refused_when_the_emulator_is_made() -> None:
    from ferrolambda.local import Emulator

    with pytest.raises(ValueError, match="must start with /"):
        Emulator(target("web.echo"), routes=["GET orders"])
