"""A small JSON API with the router: one Lambda function behind an HTTP API catch-all route.

- `GET /orders/{id}`: the order, or a 404 problem;
- `POST /orders`: validates the JSON body into `NewOrder` (422 listing each invalid field,
  400 for malformed JSON), stores the order and answers 201 with its `Location`.

The store is in memory, so the example runs anywhere; it lives as long as the execution
environment. A real function would use DynamoDB.
"""

from __future__ import annotations

import itertools

from pydantic import BaseModel, Field

from ferrolambda import Result, from_optional
from ferrolambda.http import HttpError, Request, Response, Router


class NewOrder(BaseModel):
    item: str = Field(min_length=1, max_length=200)
    quantity: int = Field(gt=0, le=100)


class Order(BaseModel):
    id: str
    item: str
    quantity: int


_ids = itertools.count(2)
orders: dict[str, Order] = {"1": Order(id="1", item="Rust in Action", quantity=1)}

app = Router()


@app.get("/orders/{id}")
def get_order(request: Request, id: str) -> Result[Order, HttpError]:
    return from_optional(orders.get(id)).ok_or_else(lambda: HttpError.not_found(f"no order {id}"))


@app.post("/orders")
def create_order(request: Request) -> Result[Response, HttpError]:
    return request.payload(NewOrder).map(store).map(created)


def store(new: NewOrder) -> Order:
    order = Order(id=str(next(_ids)), **new.model_dump())
    orders[order.id] = order
    return order


def created(order: Order) -> Response:
    return Response.json(order, status=201, headers={"location": f"/orders/{order.id}"})


handler = app  # the Lambda handler: template.yaml says `Handler: handler.handler`
