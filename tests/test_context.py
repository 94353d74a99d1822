"""`Context`: the managed runtime's attribute names, remaining time, defaults and repr."""

from __future__ import annotations

import time

import pytest

import ferrolambda
from ferrolambda import context as context_module
from ferrolambda.context import ClientContext, CognitoIdentity, Context, MobileClient
from ferrolambda.testing import make_context


class FakeClock:
    """Replaces the `time` module seen by `ferrolambda.context`."""

    def __init__(self, now_ms: int) -> None:
        self.now_ms = now_ms

    def time(self) -> float:
        return self.now_ms / 1000


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(1_700_000_000_000)
    monkeypatch.setattr(context_module, "time", fake)
    return fake


def test_context_is_exported() -> None:
    assert ferrolambda.Context is Context


def test_remaining_time_counts_down_to_zero_and_stays_there(clock: FakeClock) -> None:
    context = Context(aws_request_id="r", deadline_ms=clock.now_ms + 3_000)
    assert context.get_remaining_time_in_millis() == 3_000
    clock.now_ms += 1_250
    assert context.get_remaining_time_in_millis() == 1_750
    clock.now_ms += 1_750
    assert context.get_remaining_time_in_millis() == 0
    clock.now_ms += 10_000
    assert context.get_remaining_time_in_millis() == 0  # never negative


def test_remaining_time_is_whole_milliseconds(clock: FakeClock) -> None:
    clock.now_ms = 1_700_000_000_000
    context = Context(aws_request_id="r", deadline_ms=clock.now_ms + 10)
    remaining = context.get_remaining_time_in_millis()
    assert type(remaining) is int
    assert remaining == 10


def test_remaining_time_decreases_in_real_time() -> None:
    context = Context(aws_request_id="r", deadline_ms=int(time.time() * 1000) + 5_000)
    first = context.get_remaining_time_in_millis()
    assert 4_900 <= first <= 5_000
    time.sleep(0.03)
    second = context.get_remaining_time_in_millis()
    assert second < first
    assert first - second >= 20


def test_deadline_in_the_past_is_zero_remaining() -> None:
    assert Context(aws_request_id="r", deadline_ms=0).get_remaining_time_in_millis() == 0
    past = int(time.time() * 1000) - 60_000
    assert Context(aws_request_id="r", deadline_ms=past).get_remaining_time_in_millis() == 0


def test_defaults() -> None:
    context = Context(aws_request_id="req-1", deadline_ms=123)
    assert context.aws_request_id == "req-1"
    assert context.deadline_ms == 123
    assert context.invoked_function_arn == ""
    assert context.function_name == ""
    assert context.function_version == "$LATEST"
    assert context.memory_limit_in_mb == "128"
    assert context.log_group_name == ""
    assert context.log_stream_name == ""
    assert context.client_context is None
    assert context.xray_trace_id is None
    assert context.tenant_id is None


def test_identity_default_is_an_empty_cognito_identity() -> None:
    first = Context(aws_request_id="a", deadline_ms=0)
    second = Context(aws_request_id="b", deadline_ms=0)
    assert isinstance(first.identity, CognitoIdentity)
    assert first.identity.cognito_identity_id is None
    assert first.identity.cognito_identity_pool_id is None
    assert first.identity is not second.identity  # not a shared mutable default


def test_all_fields() -> None:
    identity = CognitoIdentity("id-1", "pool-1")
    client = MobileClient("install-1", "App", "1.2", "12", "com.example.app")
    client_context = ClientContext(client=client, custom={"k": "v"}, env={"platform": "ios"})
    context = Context(
        aws_request_id="req-1",
        deadline_ms=10,
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:fn:live",
        function_name="fn",
        function_version="3",
        memory_limit_in_mb="1024",
        log_group_name="/aws/lambda/fn",
        log_stream_name="2024/05/01/[3]abc",
        identity=identity,
        client_context=client_context,
        xray_trace_id="Root=1-abc",
        tenant_id="tenant-7",
    )
    assert context.identity is identity
    assert context.client_context is client_context
    assert context.client_context.client is client
    assert client.installation_id == "install-1"
    assert client.app_title == "App"
    assert client.app_version_name == "1.2"
    assert client.app_version_code == "12"
    assert client.app_package_name == "com.example.app"
    assert client_context.custom == {"k": "v"}
    assert client_context.env == {"platform": "ios"}
    assert context.function_version == "3"
    assert context.memory_limit_in_mb == "1024"
    assert context.xray_trace_id == "Root=1-abc"
    assert context.tenant_id == "tenant-7"


def test_managed_runtime_attribute_names() -> None:
    context = make_context()
    for name in (
        "aws_request_id",
        "function_name",
        "function_version",
        "invoked_function_arn",
        "memory_limit_in_mb",
        "log_group_name",
        "log_stream_name",
        "identity",
        "client_context",
    ):
        assert hasattr(context, name), name
    assert callable(context.get_remaining_time_in_millis)


def test_keyword_only_and_required() -> None:
    with pytest.raises(TypeError):
        Context("req", 1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Context(aws_request_id="req")  # type: ignore[call-arg]


def test_slots_reject_unknown_attributes() -> None:
    context = Context(aws_request_id="r", deadline_ms=0)
    with pytest.raises(AttributeError):
        context.unknown = 1  # type: ignore[attr-defined]


def test_repr() -> None:
    context = Context(aws_request_id="req-1", deadline_ms=1_700_000_000_000, function_name="fn")
    assert repr(context) == (
        "Context(aws_request_id='req-1', function_name='fn', deadline_ms=1700000000000)"
    )
    assert repr(CognitoIdentity("id", None)) == (
        "CognitoIdentity(cognito_identity_id='id', cognito_identity_pool_id=None)"
    )


def test_make_context() -> None:
    before = int(time.time() * 1000)
    context = make_context(
        1_500, function_name="orders", memory_limit_in_mb=256, aws_request_id="req-9"
    )
    after = int(time.time() * 1000)
    assert before + 1_500 <= context.deadline_ms <= after + 1_500
    assert context.aws_request_id == "req-9"
    assert context.function_name == "orders"
    assert context.memory_limit_in_mb == "256"
    assert context.invoked_function_arn.endswith(":function:orders")
    assert context.log_group_name == "/aws/lambda/orders"
    assert make_context().aws_request_id != make_context().aws_request_id


def test_lambda_context_fixture(lambda_context: Context) -> None:
    assert type(lambda_context) is Context
    assert 29_000 < lambda_context.get_remaining_time_in_millis() <= 30_000


@pytest.mark.lambda_context(remaining_ms=500, function_name="short")
def test_lambda_context_marker(lambda_context: Context) -> None:
    assert 0 < lambda_context.get_remaining_time_in_millis() <= 500
    assert lambda_context.function_name == "short"


@pytest.mark.parametrize("lambda_context", [{"remaining_ms": 0}], indirect=True)
def test_lambda_context_indirect_expired(lambda_context: Context) -> None:
    assert lambda_context.get_remaining_time_in_millis() == 0
