"""Router: path parameters, 404, 405 + Allow, HEAD/OPTIONS, CORS, async routes."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from http_helpers import Runner, header, load, problem, with_request

from ferrolambda import Err, Ok, Result
from ferrolambda.context import Context
from ferrolambda.handler import LambdaHandler
from ferrolambda.http import Cors, HttpError, Request, Response, Router


def build(cors: Cors | None = None) -> Router:
    app = Router(cors=cors)

    @app.get("/orders")
    def list_orders(request: Request) -> Result[list[str], HttpError]:
        return Ok(["o-1", "o-2"])

    @app.post("/orders")
    async def create_order(request: Request) -> Result[Response, HttpError]:
        return request.json().map(lambda body: Response.json(body, status=201))

    @app.get("/orders/{order_id:int}")
    def get_order(request: Request, order_id: int) -> Result[dict[str, Any], HttpError]:
        if order_id == 404:
            return Err(HttpError.not_found(f"no order {order_id}"))
        return Ok({"id": order_id, "type": type(order_id).__name__, "params": request.path_params})

    @app.delete("/orders/{order_id:int}")
    def delete_order(request: Request) -> Result[None, HttpError]:
        return Ok(None)

    @app.get("/orders/summary")
    def summary(request: Request) -> Result[str, HttpError]:
        return Ok("static beats patterns")

    @app.route(["PUT", "PATCH"], "/users/{name}")
    def put_user(request: Request, name: str) -> Result[dict[str, str], HttpError]:
        return Ok({"name": name, "method": request.method})

    @app.get("/files/{rest:path}")
    def files(request: Request, rest: str) -> Result[str, HttpError]:
        return Ok(rest)

    @app.get("/assets/{key+}")
    def assets(request: Request, key: str) -> Result[str, HttpError]:
        return Ok(key)

    @app.get("/boom")
    def boom(request: Request) -> Result[str, HttpError]:
        raise ValueError("internal detail")

    return app


APP = build()


def call(
    run: Runner, app: Router, method: str, path: str, kind: str = "apigw-v2", **headers: str
) -> dict[str, Any]:
    event = with_request(load(kind), method, path)
    for name, value in headers.items():
        name = name.replace("_", "-")
        if "multiValueHeaders" in event:
            event["multiValueHeaders"][name] = [value]
        else:
            event["headers"][name] = value
    return run(app, event)


def test_router_is_the_handler() -> None:
    assert isinstance(APP, LambdaHandler)
    assert repr(APP).startswith("Router(GET|POST /orders, DELETE|GET /orders/{order_id:int}, ")


def test_static_route(kind: str, run: Runner) -> None:
    response = call(run, APP, "GET", "/orders", kind)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == ["o-1", "o-2"]


def test_async_route(kind: str, run: Runner) -> None:
    response = call(run, APP, "POST", "/orders", kind)
    assert response["statusCode"] == 201
    assert json.loads(response["body"]) == {"sku": "KB-101", "qty": 2}


def test_typed_path_parameter(run: Runner) -> None:
    response = call(run, APP, "GET", "/orders/17")
    assert json.loads(response["body"]) == {
        "id": 17,
        "type": "int",
        "params": {"id": "42", "order_id": "17"},  # the integration's and the router's
    }


def test_typed_parameter_that_does_not_convert_is_404(run: Runner) -> None:
    response = call(run, APP, "GET", "/orders/abc")
    assert response["statusCode"] == 404
    assert problem(response)["detail"] == "no route for /orders/abc"


def test_route_returning_an_http_error(run: Runner) -> None:
    response = call(run, APP, "GET", "/orders/404")
    assert response["statusCode"] == 404
    assert problem(response)["detail"] == "no order 404"


def test_static_path_wins_over_a_pattern(run: Runner) -> None:
    assert call(run, APP, "GET", "/orders/summary")["body"] == "static beats patterns"


def test_string_parameter_and_several_methods(run: Runner) -> None:
    for method in ("PUT", "PATCH"):
        response = call(run, APP, method, "/users/ada")
        assert json.loads(response["body"]) == {"name": "ada", "method": method}


def test_path_parameters_capture_slashes(run: Runner) -> None:
    assert call(run, APP, "GET", "/files/a/b/c.txt")["body"] == "a/b/c.txt"
    assert call(run, APP, "GET", "/assets/img/logo.png")["body"] == "img/logo.png"


def test_trailing_slash_is_ignored(run: Runner) -> None:
    assert call(run, APP, "GET", "/orders/")["statusCode"] == 200
    assert call(run, APP, "GET", "/orders/5/")["statusCode"] == 200
    app = Router()

    @app.get("/a/{id}/")
    def declared_with_slash(request: Request, id: str) -> Result[str, HttpError]:
        return Ok(id)

    @app.get("/b/")
    def static_with_slash(request: Request) -> Result[str, HttpError]:
        return Ok("b")

    assert call(run, app, "GET", "/a/1")["body"] == "1"
    assert call(run, app, "GET", "/a/1/")["body"] == "1"
    assert call(run, app, "GET", "/b")["body"] == "b"
    assert call(run, app, "GET", "/")["statusCode"] == 404


def test_unknown_path_is_404(kind: str, run: Runner) -> None:
    response = call(run, APP, "GET", "/nope", kind)
    assert response["statusCode"] == 404
    assert problem(response) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "no route for /nope",
    }


def test_wrong_method_is_405_with_allow(kind: str, run: Runner) -> None:
    response = call(run, APP, "DELETE", "/orders", kind)
    assert response["statusCode"] == 405
    assert header(response, "allow") == ["GET, HEAD, OPTIONS, POST"]
    assert problem(response)["detail"] == "DELETE is not allowed on /orders"
    pattern = call(run, APP, "POST", "/orders/3", kind)
    assert pattern["statusCode"] == 405
    assert header(pattern, "allow") == ["DELETE, GET, HEAD, OPTIONS"]


def test_head_runs_get_without_body(run: Runner) -> None:
    response = call(run, APP, "HEAD", "/orders")
    assert response["statusCode"] == 200
    assert response["body"] == ""
    assert header(response, "content-type") == ["application/json"]


def test_options_without_cors_answers_allow(run: Runner) -> None:
    response = call(run, APP, "OPTIONS", "/orders")
    assert response["statusCode"] == 204
    assert header(response, "allow") == ["GET, HEAD, OPTIONS, POST"]
    assert header(response, "access-control-allow-origin") == []


def test_unexpected_exception_in_a_route(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="ferrolambda.http"):
        response = call(run, APP, "GET", "/boom")
    assert response["statusCode"] == 500
    assert "internal detail" not in response["body"]
    assert "internal detail" in caplog.text


def test_unknown_event_is_a_lambda_error(context: Context) -> None:
    _, error_type = APP.invoke_raw(b'{"Records": []}', context)
    assert error_type == "UnsupportedEvent"


def test_same_pattern_with_different_names_routes_by_method(run: Runner) -> None:
    app = Router()

    @app.get("/items/{item_id}")
    def get_item(request: Request, item_id: str) -> Result[str, HttpError]:
        return Ok(f"get {item_id}")

    @app.post("/items/{name}")
    def post_item(request: Request, name: str) -> Result[str, HttpError]:
        return Ok(f"post {name}")

    assert call(run, app, "GET", "/items/x")["body"] == "get x"
    assert call(run, app, "POST", "/items/y")["body"] == "post y"
    response = call(run, app, "PUT", "/items/z")
    assert header(response, "allow") == ["GET, HEAD, OPTIONS, POST"]


def test_routes_can_be_added_after_use(run: Runner) -> None:
    app = Router()
    assert call(run, app, "GET", "/late")["statusCode"] == 404

    @app.get("/late")
    def late(request: Request) -> Result[str, HttpError]:
        return Ok("here")

    assert call(run, app, "GET", "/late")["body"] == "here"


def test_route_functions_stay_callable() -> None:
    app = Router()

    @app.get("/x")
    def plain(request: Request) -> Result[str, HttpError]:
        return Ok("x")

    assert plain(Request()) == Ok("x")


# declaration errors


def test_declaration_errors() -> None:
    app = Router()

    @app.get("/a/{id}")
    def first(request: Request) -> Result[str, HttpError]:
        return Ok("")

    with pytest.raises(ValueError, match=r"GET /a/\{id\} is already routed"):
        app.get("/a/{id}")(first)
    with pytest.raises(ValueError, match="unknown HTTP method"):
        app.route("FETCH", "/x")
    with pytest.raises(ValueError, match="starts with '/'"):
        app.get("x")(first)
    with pytest.raises(ValueError, match="names the parameter 'id' twice"):
        app.get("/{id}/{id}")(first)
    with pytest.raises(ValueError, match="a parameter is"):
        app.get("/{id:float}")(first)
    with pytest.raises(ValueError, match="a parameter is"):
        app.get("/{x:float}/{id}")(first)
    with pytest.raises(ValueError, match="not both"):
        app.get("/{id+:path}")(first)

    def wrong(request: Request, other: str) -> Result[str, HttpError]:
        return Ok(other)

    with pytest.raises(TypeError, match=r"takes \['other'\], which '/b/{id}' does not capture"):
        app.get("/b/{id}")(wrong)

    def no_request() -> Result[str, HttpError]:
        return Ok("")

    with pytest.raises(TypeError, match="must take the request"):
        app.get("/c")(no_request)


# CORS


def cors_app(**options: Any) -> Router:
    options.setdefault("allow_origins", ["https://shop.example.com", "https://*.example.org"])
    return build(Cors(**options))


def preflight(run: Runner, app: Router, path: str, origin: str, **extra: str) -> dict[str, Any]:
    return call(
        run,
        app,
        "OPTIONS",
        path,
        origin=origin,
        access_control_request_method="POST",
        **extra,
    )


def test_preflight_from_an_allowed_origin(kind: str, run: Runner) -> None:
    response = preflight(
        run,
        cors_app(),
        "/orders",
        "https://shop.example.com",
        access_control_request_headers="content-type, x-api-key",
        kind=kind,
    )
    assert response["statusCode"] == 204
    assert response["body"] == ""
    assert header(response, "access-control-allow-origin") == ["https://shop.example.com"]
    assert header(response, "access-control-allow-methods") == ["GET, HEAD, OPTIONS, POST"]
    assert header(response, "access-control-allow-headers") == ["content-type, x-api-key"]
    assert header(response, "access-control-max-age") == ["600"]
    vary = [name.strip() for value in header(response, "vary") for name in value.split(",")]
    assert vary == ["Access-Control-Request-Headers", "Origin"]


def test_preflight_with_configured_methods_and_headers(run: Runner) -> None:
    app = cors_app(
        allow_methods=["get", "post"],
        allow_headers=["Content-Type", "Authorization"],
        max_age=None,
    )
    response = preflight(run, app, "/orders/1", "https://shop.example.com")
    assert header(response, "access-control-allow-methods") == ["GET, POST"]
    assert header(response, "access-control-allow-headers") == ["Content-Type, Authorization"]
    assert header(response, "access-control-max-age") == []


def test_preflight_from_a_wildcard_subdomain(run: Runner) -> None:
    app = cors_app()
    allowed = preflight(run, app, "/orders", "https://api.eu.example.org")
    assert header(allowed, "access-control-allow-origin") == ["https://api.eu.example.org"]
    denied = preflight(run, app, "/orders", "https://example.org.evil.com")
    assert header(denied, "access-control-allow-origin") == []


def test_preflight_from_another_origin_gets_no_cors_headers(run: Runner) -> None:
    response = preflight(run, cors_app(), "/orders", "https://evil.example.com")
    assert response["statusCode"] == 204
    assert header(response, "access-control-allow-origin") == []
    assert header(response, "access-control-allow-methods") == []
    assert header(response, "vary") == ["Origin"]


def test_preflight_for_an_unknown_path_is_404(run: Runner) -> None:
    response = preflight(run, cors_app(), "/nope", "https://shop.example.com")
    assert response["statusCode"] == 404


def test_actual_request_gets_cors_headers(kind: str, run: Runner) -> None:
    app = cors_app(expose_headers=["X-Request-Id"], allow_credentials=True)
    response = call(run, app, "GET", "/orders", kind, origin="https://shop.example.com")
    assert response["statusCode"] == 200
    assert header(response, "access-control-allow-origin") == ["https://shop.example.com"]
    assert header(response, "access-control-allow-credentials") == ["true"]
    assert header(response, "access-control-expose-headers") == ["X-Request-Id"]
    assert header(response, "vary") == ["Origin"]


def test_error_responses_get_cors_headers_too(run: Runner) -> None:
    app = cors_app()
    for method, path, status in [
        ("GET", "/nope", 404),
        ("DELETE", "/orders", 405),
        ("GET", "/boom", 500),
    ]:
        response = call(run, app, method, path, origin="https://shop.example.com")
        assert response["statusCode"] == status
        assert header(response, "access-control-allow-origin") == ["https://shop.example.com"]


def test_any_origin(run: Runner) -> None:
    app = cors_app(allow_origins=["*"])
    response = call(run, app, "GET", "/orders", origin="https://anyone.test")
    assert header(response, "access-control-allow-origin") == ["*"]
    assert header(response, "vary") == []
    with_credentials = cors_app(allow_origins=["*"], allow_credentials=True)
    echoed = call(run, with_credentials, "GET", "/orders", origin="https://anyone.test")
    assert header(echoed, "access-control-allow-origin") == ["https://anyone.test"]
    assert header(echoed, "vary") == ["Origin"]


def test_same_origin_requests_get_no_cors_headers(run: Runner) -> None:
    response = call(run, cors_app(), "GET", "/orders")
    assert header(response, "access-control-allow-origin") == []


def test_cors_origins_must_be_a_list() -> None:
    with pytest.raises(TypeError, match="list of origins"):
        Cors(allow_origins="https://example.com")
    assert Cors(allow_origins=["https://Example.com/"]).allows("https://example.com")
