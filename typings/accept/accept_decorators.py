"""catch (sync and async), collect, partition and early_return keep precise types."""

from __future__ import annotations

import json
from collections.abc import Coroutine, Iterator
from typing import Any, assert_type

from ferrolambda import (
    Err,
    Nothing,
    Ok,
    Option,
    Result,
    Some,
    catch,
    collect,
    early_return,
    partition,
)


@catch(ValueError)
def parse_int(text: str) -> int:
    return int(text)


@catch(json.JSONDecodeError)
async def load_json(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def case_catch_sync() -> None:
    assert_type(parse_int("1"), Result[int, ValueError])
    assert_type(parse_int("1").map(lambda n: n + 1).unwrap_or(0), int)


async def case_catch_async() -> None:
    pending = assert_type(
        load_json("{}"), Coroutine[Any, Any, Result[dict[str, Any], json.JSONDecodeError]]
    )
    pending.close()
    loaded = await load_json("{}")
    assert_type(loaded, Result[dict[str, Any], json.JSONDecodeError])


class Parser:
    base: int = 10

    @catch(ValueError)
    def parse(self, text: str) -> int:
        return int(text, self.base)


def case_catch_method() -> None:
    assert_type(Parser().parse("ff"), Result[int, ValueError])


def case_catch_keeps_parameters() -> None:
    def get(mapping: dict[str, int], key: str) -> int:
        return mapping[key]

    assert_type(catch(KeyError)(get)({"a": 1}, key="a"), Result[int, KeyError])


def case_collect(results: list[Result[int, str]]) -> None:
    assert_type(collect(results), Result[list[int], str])
    assert_type(collect(parse_int(t) for t in ["1", "2"]), Result[list[int], ValueError])


def case_collect_from_iterator(results: Iterator[Result[str, KeyError]]) -> None:
    assert_type(collect(results).map(len), Result[int, KeyError])


def case_partition(results: list[Result[int, str]]) -> None:
    values, errors = partition(results)
    assert_type(values, list[int])
    assert_type(errors, list[str])


@early_return
def add_parsed(a: str, b: str) -> Result[int, ValueError]:
    x = parse_int(a).unwrap_or_return()
    y = parse_int(b).unwrap_or_return()
    assert_type(x, int)
    assert_type(y, int)
    return Ok(x + y)


@early_return
def first_char_code(o: Option[str]) -> Option[int]:
    text = o.unwrap_or_return()
    assert_type(text, str)
    return Some(ord(text[0])) if text else Nothing()


@early_return
async def fetch_and_parse(text: str) -> Result[int, ValueError]:
    value = parse_int(text).unwrap_or_return()
    return Ok(value)


class Service:
    @early_return
    def total(self, texts: list[str]) -> Result[int, ValueError]:
        return Ok(sum(parse_int(t).unwrap_or_return() for t in texts))

    @staticmethod
    @early_return
    def double(text: str) -> Result[int, ValueError]:
        return Ok(2 * parse_int(text).unwrap_or_return())


def case_early_return() -> None:
    assert_type(add_parsed("1", "2"), Result[int, ValueError])
    assert_type(first_char_code(Some("a")), Option[int])
    pending = assert_type(fetch_and_parse("1"), Coroutine[Any, Any, Result[int, ValueError]])
    pending.close()
    assert_type(Service().total(["1"]), Result[int, ValueError])
    assert_type(Service.double("1"), Result[int, ValueError])


def case_unwrap_or_return_types(r: Result[int, str], o: Option[bytes]) -> None:
    assert_type(r.unwrap_or_return(), int)
    assert_type(o.unwrap_or_return(), bytes)
    assert_type(Ok(1).unwrap_or_return(), int)
    failed: Err[str] = Err("x")
    print(failed)
