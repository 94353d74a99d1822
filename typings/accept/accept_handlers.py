"""The Lambda decorators keep the payload, value and error types of the function they wrap."""

from __future__ import annotations

from typing import Any, assert_type

from pydantic import BaseModel

from ferrolambda import Context, Err, LambdaEvent, Ok, Result, lambda_handler
from ferrolambda.batch import BatchResponse, batch_handler
from ferrolambda.events.sqs import SqsRecord
from ferrolambda.handler import LambdaHandler
from ferrolambda.http import (
    HttpError,
    HttpHandler,
    Request,
    Response,
    StreamingResponse,
    http_handler,
)
from ferrolambda.streaming import ResponseStream


class Order(BaseModel):
    sku: str
    quantity: int


class OutOfStock(Exception):
    error_type = "OutOfStock"


@lambda_handler
def rust_shape(event: LambdaEvent[Order]) -> Result[int, OutOfStock]:
    assert_type(event.payload, Order)
    assert_type(event.context, Context)
    return Ok(event.payload.quantity) if event.payload.quantity < 10 else Err(OutOfStock("no"))


@lambda_handler
def managed_shape(event: dict[str, Any], context: Context) -> Result[str, str]:
    return Ok(context.aws_request_id)


@lambda_handler
async def async_shape(event: LambdaEvent[list[int]]) -> Result[int, str]:
    return Ok(sum(event.payload))


@batch_handler
def per_record(record: SqsRecord[Order]) -> Result[None, str]:
    assert_type(record.body, Order)
    return Ok(None)


@batch_handler(fifo_by_group=True, on_all_failed="raise")
async def per_record_async(record: SqsRecord[str], context: Context) -> Result[None, str]:
    return Ok(None)


@http_handler
def hello(request: Request) -> Result[Response, HttpError]:
    who = request.query.first("name").unwrap_or("world")
    return Ok(Response.html(f"<h1>Hello, {who}</h1>"))


def case_handler_types() -> None:
    assert_type(rust_shape, LambdaHandler[Order, int, OutOfStock])
    assert_type(managed_shape, LambdaHandler[dict[str, Any], str, str])
    assert_type(async_shape, LambdaHandler[list[int], int, str])
    assert_type(per_record, LambdaHandler[Any, BatchResponse, Exception])
    assert_type(per_record_async, LambdaHandler[Any, BatchResponse, Exception])
    assert_type(hello, HttpHandler)


def case_managed_runtime_call(context: Context) -> None:
    assert_type(rust_shape({"sku": "tea", "quantity": 1}, context), Any)
    assert_type(rust_shape.invoke_raw(b"{}", context), tuple[bytes | ResponseStream, str | None])


def case_streaming_handlers(context: Context) -> None:
    @lambda_handler
    def words(event: LambdaEvent[str]) -> Result[ResponseStream, Exception]:
        return Ok(ResponseStream(iter(event.payload.split()), content_type="text/plain"))

    @http_handler
    def feed(request: Request) -> Result[StreamingResponse, HttpError]:
        chunks: list[bytes | str] = [b"event: a\n\n", "event: b\n\n"]
        return Ok(StreamingResponse(chunks, content_type="text/event-stream"))

    assert_type(words, LambdaHandler[str, ResponseStream, Exception])
    assert_type(feed, HttpHandler)
