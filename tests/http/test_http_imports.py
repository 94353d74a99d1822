"""Cold start: importing ferrolambda.http and answering a sync request load neither pydantic
nor asyncio."""

from __future__ import annotations

from fresh_python import run_fresh

HEAVY = ("pydantic", "pydantic_core", "asyncio", "logging", "urllib", "base64")


def test_import_loads_nothing_heavy() -> None:
    loaded = run_fresh(
        f"""
        import sys
        import ferrolambda.http
        print(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r}))
        """
    )
    assert loaded == "[]"


def test_a_sync_request_through_invoke_raw_loads_nothing_heavy() -> None:
    loaded = run_fresh(
        f"""
        import json, sys, time
        from ferrolambda import Ok
        from ferrolambda.context import Context
        from ferrolambda.http import Request, Response, Router, http_handler

        @http_handler
        def handler(request: Request):
            return Ok(Response.json({{"who": request.query.first("name").unwrap_or("world")}}))

        app = Router()

        @app.get("/hello/{{name}}")
        def hello(request: Request, name: str):
            return Ok({{"hello": name}})

        event = {{
            "version": "2.0", "rawPath": "/hello/ada", "rawQueryString": "name=ada",
            "headers": {{"host": "x"}}, "isBase64Encoded": False,
            "requestContext": {{"http": {{"method": "GET", "path": "/hello/ada"}}, "stage": "$default"}},
        }}
        context = Context(aws_request_id="1", deadline_ms=int(time.time() * 1000) + 1000)
        body, error = handler.invoke_raw(json.dumps(event).encode(), context)
        assert error is None and json.loads(json.loads(body)["body"]) == {{"who": "ada"}}, body
        body, error = app.invoke_raw(json.dumps(event).encode(), context)
        assert error is None and json.loads(json.loads(body)["body"]) == {{"hello": "ada"}}, body
        print(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r}))
        """
    )
    assert loaded == "[]"
