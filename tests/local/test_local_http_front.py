"""The HTTP front with a real HTTP client: requests become API Gateway events, answers HTTP."""

from __future__ import annotations

import base64
import json

import httpx
from local_support import StartEmulator, target


def test_get_with_query_is_a_v2_event(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.echo"))
    response = httpx.get(
        f"{emulator.url}/hello/w%C3%B6rld?name=x&name=y&empty=",
        headers={"X-Custom": "1", "User-Agent": "tests"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["X-Handler"] == "echo"
    event = response.json()
    assert event["version"] == "2.0"
    assert event["routeKey"] == "$default"
    assert event["rawPath"] == "/hello/w%C3%B6rld"
    assert event["rawQueryString"] == "name=x&name=y&empty="
    assert event["queryStringParameters"] == {"name": "x,y", "empty": ""}
    assert event["headers"]["x-custom"] == "1"
    http = event["requestContext"]["http"]
    assert http["method"] == "GET"
    assert http["path"] == "/hello/wörld"
    assert http["sourceIp"] == "127.0.0.1"
    assert http["userAgent"] == "tests"
    assert event["isBase64Encoded"] is False
    assert "body" not in event


def test_post_json_body(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.echo"))
    response = httpx.post(f"{emulator.url}/items", json={"id": 7}, timeout=10)
    event = response.json()
    assert "requestContext" in event, response.text
    assert event["requestContext"]["http"]["method"] == "POST"
    assert json.loads(event["body"]) == {"id": 7}
    assert event["isBase64Encoded"] is False
    assert event["headers"]["content-type"] == "application/json"


def test_post_binary_body_is_base64(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.echo"))
    data = bytes(range(256))
    response = httpx.put(
        f"{emulator.url}/upload",
        content=data,
        headers={"Content-Type": "application/octet-stream"},
        timeout=10,
    )
    event = response.json()
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == data


def test_binary_response(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.binary"))
    response = httpx.get(f"{emulator.url}/image.png", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content == bytes(range(256))


def test_cookies_in_and_out(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.cookies"))
    response = httpx.get(f"{emulator.url}/login", headers={"Cookie": "a=1; b=2"}, timeout=10)
    assert response.status_code == 201
    assert response.headers["X-Seen-Cookies"] == "a=1,b=2"
    assert response.headers.get_list("Set-Cookie") == [
        "session=abc; Path=/; HttpOnly",
        "theme=dark",
    ]
    assert response.cookies["theme"] == "dark"


def test_plain_result_is_200_json(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.plain"))
    response = httpx.get(f"{emulator.url}/", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"hello": "world"}


def test_string_result_is_the_body(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.text"))
    response = httpx.get(f"{emulator.url}/", timeout=10)
    assert response.status_code == 200
    assert response.text == "hello from lambda"


def test_function_error_is_500_in_v2_and_502_in_v1(start_emulator: StartEmulator) -> None:
    v2, log = start_emulator(target("web.fail"))
    response = httpx.get(f"{v2.url}/", timeout=10)
    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}
    assert "the handler failed" in log.text
    v1, _ = start_emulator(target("web.fail"), http_version="1.0")
    response = httpx.get(f"{v1.url}/", timeout=10)
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


def test_malformed_proxy_response(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("web.malformed"))
    response = httpx.get(f"{emulator.url}/", timeout=10)
    assert response.status_code == 500
    assert "statusCode" in log.text


def test_v1_event_and_multi_value_headers(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.multi"), http_version="1.0")
    response = httpx.post(f"{emulator.url}/a/b?x=1&x=2", content=b"payload", timeout=10)
    assert response.status_code == 200
    assert response.headers.get_list("X-Multi") == ["a", "b"]
    assert response.headers.get_list("Set-Cookie") == ["one=1", "two=2"]
    assert response.json() == {
        "httpMethod": "POST",
        "path": "/a/b",
        "query": {"x": ["1", "2"]},
        "body": "payload",
    }


def test_v1_plain_result_is_a_bad_gateway(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.plain"), http_version="1.0")
    assert httpx.get(f"{emulator.url}/", timeout=10).status_code == 502


def test_head_has_no_body(start_emulator: StartEmulator) -> None:
    emulator, _ = start_emulator(target("web.plain"))
    full = httpx.get(f"{emulator.url}/", timeout=10)
    response = httpx.head(f"{emulator.url}/", timeout=10)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Content-Length"] == str(len(full.content))


def test_oversized_http_request_is_413(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("web.echo"))
    response = httpx.post(f"{emulator.url}/", content=b"x" * (6 * 1024 * 1024 + 1), timeout=30)
    assert response.status_code == 413
    assert log.reports() == []


def test_keep_alive_connection_serves_many_requests(start_emulator: StartEmulator) -> None:
    emulator, log = start_emulator(target("web.plain"))
    with httpx.Client(base_url=emulator.url, timeout=10) as client:
        for _ in range(5):
            assert client.get("/").status_code == 200
    assert len(log.reports()) == 5
