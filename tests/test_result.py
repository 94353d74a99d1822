"""Result: Ok and Err, every method on both variants with Rust's semantics, and the helpers
catch, collect, partition, early_return, is_ok and is_err."""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import pickle
import typing
from collections.abc import Iterator

import pytest

from callables import Recorder, never
from ferrolambda import (
    Err,
    Nothing,
    Ok,
    Option,
    Result,
    Some,
    UnwrapError,
    catch,
    collect,
    early_return,
    is_err,
    is_ok,
    partition,
)
from ferrolambda.result import EarlyReturn

# --- construction, data model -------------------------------------------------------------


class TestDataModel:
    def test_value_and_error(self) -> None:
        assert Ok(1).value == 1
        assert Err("boom").error == "boom"
        assert Ok(None).value is None

    def test_repr(self) -> None:
        assert repr(Ok(1)) == "Ok(1)"
        assert repr(Err("x")) == "Err('x')"
        assert repr(Ok(Err([1]))) == "Ok(Err([1]))"
        assert repr(Err(ValueError("bad"))) == "Err(ValueError('bad'))"

    def test_equality(self) -> None:
        assert Ok(1) == Ok(1)
        assert Err("e") == Err("e")
        assert Ok(1) != Ok(2)
        assert Ok(1) != Err(1)
        assert Err(1) != Ok(1)
        assert Ok(1) != Some(1)
        assert Ok(1) != 1
        assert Err("e") != "e"
        assert Ok([1, 2]) == Ok([1, 2])

    def test_hash(self) -> None:
        assert hash(Ok(1)) == hash(Ok(1))
        assert hash(Err("e")) == hash(Err("e"))
        assert len({Ok(1), Ok(1), Err(1), Some(1)}) == 3
        assert {Ok("a"): 1}[Ok("a")] == 1

    def test_unhashable_content(self) -> None:
        with pytest.raises(TypeError):
            hash(Ok([1]))

    @pytest.mark.parametrize("result", [Ok(1), Err("e"), Ok(Some(2)), Err(Ok([1]))])
    def test_pickle_round_trip(self, result: Result[object, object]) -> None:
        restored = pickle.loads(pickle.dumps(result))
        assert type(restored) is type(result)
        assert restored == result

    def test_pickle_exception_error(self) -> None:
        restored: Result[int, ValueError] = pickle.loads(pickle.dumps(Err(ValueError("v"))))
        assert isinstance(restored, Err)
        assert type(restored.error) is ValueError
        assert restored.error.args == ("v",)

    def test_pickle_keeps_nothing_singleton(self) -> None:
        restored = pickle.loads(pickle.dumps(Ok(Nothing())))
        assert restored.value is Nothing()

    def test_copy(self) -> None:
        original = Ok([1])
        assert copy.copy(original) == original
        deep = copy.deepcopy(original)
        assert deep == original
        assert deep.value is not original.value

    def test_match_args(self) -> None:
        assert Ok.__match_args__ == ("value",)
        assert Err.__match_args__ == ("error",)

    @pytest.mark.parametrize(
        ("result", "expected"),
        [(Ok(3), "ok 3"), (Err("bad"), "err bad"), (Ok(Err(1)), "ok-err 1")],
    )
    def test_pattern_matching(
        self, result: Result[int | Result[int, int], str], expected: str
    ) -> None:
        match result:
            case Ok(Err(inner)):
                described = f"ok-err {inner}"
            case Ok(value):
                described = f"ok {value}"
            case Err(error):
                described = f"err {error}"
        assert described == expected

    def test_immutable(self) -> None:
        ok, err = Ok(1), Err("e")
        with pytest.raises(AttributeError):
            ok.value = 2  # type: ignore[misc]
        with pytest.raises(AttributeError):
            err.error = "f"  # type: ignore[misc]
        with pytest.raises(AttributeError):
            ok.extra = 1  # type: ignore[attr-defined]
        assert ok.value == 1
        assert err.error == "e"

    @pytest.mark.parametrize("result", [Ok(1), Err("e"), Ok(True), Err(False)])
    def test_bool_raises(self, result: Result[object, object]) -> None:
        with pytest.raises(TypeError, match="is_ok") as info:
            bool(result)
        assert "is_err" in str(info.value)
        with pytest.raises(TypeError):
            _ = not result  # pyright: ignore[reportGeneralTypeIssues]  # the bug under test


# --- queries --------------------------------------------------------------------------------


class TestQueries:
    def test_is_ok_is_err(self) -> None:
        assert Ok(1).is_ok() is True
        assert Ok(1).is_err() is False
        assert Err(1).is_ok() is False
        assert Err(1).is_err() is True

    def test_is_ok_and(self) -> None:
        assert Ok(2).is_ok_and(lambda v: v > 1) is True
        assert Ok(0).is_ok_and(lambda v: v > 1) is False
        assert Err(2).is_ok_and(never) is False

    def test_is_err_and(self) -> None:
        assert Err("x").is_err_and(lambda e: e == "x") is True
        assert Err("y").is_err_and(lambda e: e == "x") is False
        assert Ok("x").is_err_and(never) is False

    def test_ok_and_err_to_option(self) -> None:
        assert Ok(1).ok() == Some(1)
        assert Ok(1).err() is Nothing()
        assert Err("e").ok() is Nothing()
        assert Err("e").err() == Some("e")
        assert Ok(None).ok() == Some(None)

    def test_module_guards(self) -> None:
        assert is_ok(Ok(1)) is True
        assert is_ok(Err(1)) is False
        assert is_err(Err(1)) is True
        assert is_err(Ok(1)) is False
        results: list[Result[int, str]] = [Ok(1), Err("a"), Ok(2)]
        assert [r.value for r in results if is_ok(r)] == [1, 2]
        assert [r.error for r in results if is_err(r)] == ["a"]


# --- extracting values --------------------------------------------------------------------


class TestUnwrap:
    def test_unwrap_and_expect_on_ok(self) -> None:
        assert Ok(1).unwrap() == 1
        assert Ok(1).expect("needed") == 1

    def test_unwrap_err_and_expect_err_on_err(self) -> None:
        assert Err("e").unwrap_err() == "e"
        assert Err("e").expect_err("needed") == "e"

    def test_unwrap_on_err_raises(self) -> None:
        err = Err("boom")
        with pytest.raises(UnwrapError) as info:
            err.unwrap()
        assert "called `Result.unwrap()` on an `Err` value" in str(info.value)
        assert "'boom'" in str(info.value)
        assert info.value.result is err
        assert info.value.__cause__ is None

    def test_unwrap_on_err_chains_exception(self) -> None:
        cause = ValueError("bad input")
        err = Err(cause)
        with pytest.raises(UnwrapError) as info:
            err.unwrap()
        assert info.value.__cause__ is cause
        assert repr(cause) in str(info.value)
        assert info.value.result is err

    def test_expect_on_err_has_message_and_error(self) -> None:
        cause = KeyError("id")
        err = Err(cause)
        with pytest.raises(UnwrapError) as info:
            err.expect("the user must exist")
        message = str(info.value)
        assert message.startswith("the user must exist")
        assert repr(cause) in message
        assert info.value.__cause__ is cause
        assert info.value.result is err

    def test_unwrap_err_on_ok_raises(self) -> None:
        ok = Ok([1, 2])
        with pytest.raises(UnwrapError) as info:
            ok.unwrap_err()
        assert "called `Result.unwrap_err()` on an `Ok` value" in str(info.value)
        assert "[1, 2]" in str(info.value)
        assert info.value.result is ok
        assert info.value.__cause__ is None

    def test_expect_err_on_ok_raises(self) -> None:
        ok = Ok("value")
        with pytest.raises(UnwrapError) as info:
            ok.expect_err("should have failed")
        assert str(info.value) == "should have failed: 'value'"
        assert info.value.result is ok

    def test_unwrap_error_is_an_exception(self) -> None:
        assert issubclass(UnwrapError, Exception)

    def test_unwrap_or(self) -> None:
        assert Ok(1).unwrap_or(0) == 1
        assert Err("e").unwrap_or(0) == 0
        assert Err("e").unwrap_or(None) is None

    def test_unwrap_or_else(self) -> None:
        assert Ok(1).unwrap_or_else(never) == 1
        assert Err("abc").unwrap_or_else(len) == 3

    def test_unwrap_or_else_passes_the_error(self) -> None:
        recorder = Recorder(returns=7)
        assert Err("why").unwrap_or_else(recorder) == 7
        assert recorder.calls == [("why",)]


# --- transforming ---------------------------------------------------------------------------


class TestMap:
    def test_map(self) -> None:
        assert Ok(2).map(lambda v: v * 10) == Ok(20)
        assert Err("e").map(never) == Err("e")

    def test_map_returns_new_ok(self) -> None:
        original = Ok(1)
        mapped = original.map(str)
        assert mapped == Ok("1")
        assert original == Ok(1)
        assert type(mapped) is Ok

    def test_map_err(self) -> None:
        assert Err("abc").map_err(len) == Err(3)
        assert Ok(1).map_err(never) == Ok(1)
        assert type(Err(1).map_err(str)) is Err

    def test_map_or(self) -> None:
        assert Ok(2).map_or(0, lambda v: v + 1) == 3
        assert Err("e").map_or(0, never) == 0

    def test_map_or_else_passes_error_to_default(self) -> None:
        assert Ok(2).map_or_else(never, lambda v: v + 1) == 3
        recorder = Recorder(returns="default")
        assert Err("the error").map_or_else(recorder, never) == "default"
        assert recorder.calls == [("the error",)]

    def test_inspect(self) -> None:
        recorder = Recorder()
        ok = Ok(5)
        assert ok.inspect(recorder) is ok
        assert recorder.calls == [(5,)]
        err = Err("e")
        assert err.inspect(never) is err

    def test_inspect_err(self) -> None:
        recorder = Recorder()
        err = Err("e")
        assert err.inspect_err(recorder) is err
        assert recorder.calls == [("e",)]
        ok = Ok(1)
        assert ok.inspect_err(never) is ok

    def test_inspect_chain_call_counts(self) -> None:
        seen: list[object] = []
        result = Ok(1).inspect(seen.append).map(lambda v: v + 1).inspect(seen.append)
        assert result == Ok(2)
        assert seen == [1, 2]
        failed = Err("x").inspect(seen.append).inspect_err(seen.append).inspect_err(seen.append)
        assert failed == Err("x")
        assert seen == [1, 2, "x", "x"]

    def test_iter(self) -> None:
        iterator = Ok(1).iter()
        assert isinstance(iterator, Iterator)
        assert list(iterator) == [1]
        assert list(Err("e").iter()) == []
        assert list(Ok(None).iter()) == [None]


class TestBooleanCombinators:
    def test_and_is_eager_and_returns_other_on_ok(self) -> None:
        other: Result[str, str] = Ok("other")
        assert Ok(1).and_(other) is other
        late: Result[str, str] = Err("late")
        assert Ok(1).and_(late) is late

    def test_and_on_err_keeps_the_err(self) -> None:
        err = Err("early")
        assert err.and_(Ok(2)) is err
        assert err.and_(Err("late")) == Err("early")

    def test_and_then_is_lazy(self) -> None:
        assert Ok(2).and_then(lambda v: Ok(v * 2)) == Ok(4)
        assert Ok(2).and_then(lambda v: Err(f"no {v}")) == Err("no 2")
        err = Err("e")
        assert err.and_then(never) is err

    def test_and_then_passes_value(self) -> None:
        recorder = Recorder(returns=Ok("next"))
        assert Ok(3).and_then(recorder) == Ok("next")
        assert recorder.calls == [(3,)]

    def test_or_is_eager(self) -> None:
        ok = Ok(1)
        assert ok.or_(Ok(2)) is ok
        assert ok.or_(Err("x")) is ok
        other: Result[int, str] = Ok(2)
        assert Err("e").or_(other) is other
        assert Err("e").or_(Err("f")) == Err("f")

    def test_or_else_is_lazy_and_gets_the_error(self) -> None:
        ok = Ok(1)
        assert ok.or_else(never) is ok
        recorder = Recorder(returns=Ok(0))
        assert Err("e").or_else(recorder) == Ok(0)
        assert recorder.calls == [("e",)]
        assert Err("e").or_else(lambda e: Err(e.upper())) == Err("E")


class TestNesting:
    def test_flatten(self) -> None:
        assert Ok(Ok(1)).flatten() == Ok(1)
        assert Ok(Err("inner")).flatten() == Err("inner")
        err = Err("outer")
        assert err.flatten() is err

    def test_flatten_removes_one_level_only(self) -> None:
        assert Ok(Ok(Ok(1))).flatten() == Ok(Ok(1))

    def test_transpose(self) -> None:
        assert Ok(Some(1)).transpose() == Some(Ok(1))
        assert Ok(Nothing()).transpose() is Nothing()
        assert Err("e").transpose() == Some(Err("e"))

    def test_transpose_round_trip(self) -> None:
        results: list[Result[Option[int], str]] = [Ok(Some(1)), Ok(Nothing()), Err("e")]
        for result in results:
            assert result.transpose().transpose() == result


# --- catch ----------------------------------------------------------------------------------


@catch(ValueError)
def parse_int(text: str) -> int:
    """Parse an integer."""
    return int(text)


@catch(ValueError, KeyError)
def lookup(mapping: dict[str, str], key: str) -> int:
    return int(mapping[key])


@catch(ValueError)
async def parse_later(text: str) -> int:
    """Parse an integer, later."""
    await asyncio.sleep(0)
    return int(text)


class TestCatch:
    def test_sync_ok(self) -> None:
        assert parse_int("12") == Ok(12)

    def test_sync_err_holds_the_exception(self) -> None:
        result = parse_int("x")
        assert isinstance(result, Err)
        assert isinstance(result.error, ValueError)
        assert "invalid literal" in str(result.error)

    def test_several_types(self) -> None:
        assert lookup({"a": "1"}, "a") == Ok(1)
        missing = lookup({}, "a")
        assert isinstance(missing, Err)
        assert isinstance(missing.error, KeyError)
        bad = lookup({"a": "x"}, "a")
        assert isinstance(bad, Err)
        assert isinstance(bad.error, ValueError)

    def test_subclasses_are_caught(self) -> None:
        @catch(LookupError)
        def first(items: list[int]) -> int:
            return items[0]

        result = first([])
        assert isinstance(result, Err)
        assert isinstance(result.error, IndexError)

    def test_other_exceptions_propagate(self) -> None:
        @catch(ValueError)
        def explode() -> int:
            raise RuntimeError("not mine")

        with pytest.raises(RuntimeError, match="not mine"):
            explode()

    def test_base_exceptions_propagate(self) -> None:
        @catch(Exception)
        def interrupted() -> int:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            interrupted()

    def test_async_ok_and_err(self) -> None:
        assert asyncio.run(parse_later("5")) == Ok(5)
        result = asyncio.run(parse_later("five"))
        assert isinstance(result, Err)
        assert isinstance(result.error, ValueError)

    def test_async_wrapper_is_a_coroutine_function(self) -> None:
        assert inspect.iscoroutinefunction(parse_later)
        assert not inspect.iscoroutinefunction(parse_int)

    def test_async_other_exceptions_propagate(self) -> None:
        @catch(ValueError)
        async def explode() -> int:
            await asyncio.sleep(0)
            raise KeyError("not mine")

        with pytest.raises(KeyError):
            asyncio.run(explode())

    def test_async_partial(self) -> None:
        async def divide(a: int, b: int) -> float:
            return a / b

        safe = catch(ZeroDivisionError)(functools.partial(divide, 1))
        assert asyncio.run(safe(2)) == Ok(0.5)
        assert isinstance(asyncio.run(safe(0)), Err)

    def test_keeps_name_doc_and_wrapped(self) -> None:
        assert parse_int.__name__ == "parse_int"
        assert parse_int.__doc__ == "Parse an integer."
        assert parse_later.__name__ == "parse_later"
        assert parse_later.__doc__ == "Parse an integer, later."
        assert parse_int.__qualname__ == "parse_int"
        assert parse_int.__wrapped__("3") == 3  # type: ignore[attr-defined]

    def test_passes_arguments_through(self) -> None:
        @catch(ValueError)
        def combine(a: int, b: int = 0, *rest: int, scale: int = 1) -> int:
            return (a + b + sum(rest)) * scale

        assert combine(1, 2, 3, scale=2) == Ok(12)
        assert combine(a=1) == Ok(1)

    def test_needs_exception_types(self) -> None:
        with pytest.raises(TypeError, match="at least one exception type"):
            catch()

    def test_methods(self) -> None:
        class Parser:
            def __init__(self, base: int) -> None:
                self.base = base

            @catch(ValueError)
            def parse(self, text: str) -> int:
                return int(text, self.base)

            @catch(ValueError)
            async def parse_async(self, text: str) -> int:
                return int(text, self.base)

            @classmethod
            @catch(ValueError)
            def decimal(cls, text: str) -> int:
                return int(text)

            @staticmethod
            @catch(ValueError)
            def hexadecimal(text: str) -> int:
                return int(text, 16)

        parser = Parser(16)
        assert parser.parse("ff") == Ok(255)
        assert isinstance(parser.parse("zz"), Err)
        assert asyncio.run(parser.parse_async("10")) == Ok(16)
        assert isinstance(asyncio.run(parser.parse_async("zz")), Err)
        assert Parser.decimal("10") == Ok(10)
        assert Parser.hexadecimal("10") == Ok(16)
        assert isinstance(Parser.hexadecimal("zz"), Err)


# --- collect and partition ------------------------------------------------------------------


class TestCollect:
    def test_all_ok(self) -> None:
        assert collect([Ok(1), Ok(2), Ok(3)]) == Ok([1, 2, 3])

    def test_empty(self) -> None:
        assert collect([]) == Ok([])

    def test_first_err_wins(self) -> None:
        results: list[Result[int, str]] = [Ok(1), Err("first"), Ok(2), Err("second")]
        assert collect(results) == Err("first")

    def test_returns_the_err_itself(self) -> None:
        err = Err("e")
        results: list[Result[int, str]] = [Ok(1), err]
        assert collect(results) is err

    def test_stops_consuming_at_first_err(self) -> None:
        consumed: list[int] = []

        def results() -> Iterator[Result[int, str]]:
            for i in range(10):
                consumed.append(i)
                yield Err(f"bad {i}") if i == 2 else Ok(i)

        assert collect(results()) == Err("bad 2")
        assert consumed == [0, 1, 2]

    def test_generator_left_where_it_stopped(self) -> None:
        results: list[Result[int, str]] = [Ok(1), Err("x"), Ok(3), Ok(4)]
        iterator = iter(results)
        assert collect(iterator) == Err("x")
        assert list(iterator) == [Ok(3), Ok(4)]

    def test_with_catch(self) -> None:
        assert collect(parse_int(t) for t in ["1", "2"]) == Ok([1, 2])
        assert isinstance(collect(parse_int(t) for t in ["1", "x"]), Err)


class TestPartition:
    def test_keeps_order(self) -> None:
        results: list[Result[int, str]] = [Ok(1), Err("a"), Ok(2), Err("b"), Ok(3)]
        assert partition(results) == ([1, 2, 3], ["a", "b"])

    def test_empty_and_one_sided(self) -> None:
        assert partition([]) == ([], [])
        assert partition([Ok(1), Ok(2)]) == ([1, 2], [])
        assert partition([Err(1), Err(2)]) == ([], [1, 2])

    def test_consumes_a_generator(self) -> None:
        values, errors = partition(Ok(i) if i % 2 else Err(i) for i in range(6))
        assert values == [1, 3, 5]
        assert errors == [0, 2, 4]


# --- early_return ---------------------------------------------------------------------------


@early_return
def add(a: Result[int, str], b: Result[int, str]) -> Result[int, str]:
    """Add two results."""
    return Ok(a.unwrap_or_return() + b.unwrap_or_return())


class TestEarlyReturn:
    def test_ok_path(self) -> None:
        assert add(Ok(1), Ok(2)) == Ok(3)

    def test_returns_the_first_err(self) -> None:
        assert add(Err("a"), Err("b")) == Err("a")
        assert add(Ok(1), Err("b")) == Err("b")

    def test_returns_the_same_err_object(self) -> None:
        err: Result[int, str] = Err("x")
        assert add(Ok(1), err) is err

    def test_stops_executing(self) -> None:
        steps: list[str] = []

        @early_return
        def run(first: Result[int, str]) -> Result[int, str]:
            steps.append("start")
            value = first.unwrap_or_return()
            steps.append("after")
            return Ok(value)

        assert run(Err("e")) == Err("e")
        assert steps == ["start"]

    def test_keeps_name_and_doc(self) -> None:
        assert add.__name__ == "add"
        assert add.__doc__ == "Add two results."

    def test_ordinary_exceptions_propagate(self) -> None:
        @early_return
        def explode() -> Result[int, str]:
            raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            explode()

    def test_option(self) -> None:
        @early_return
        def first_upper(words: Option[list[str]]) -> Option[str]:
            listed = words.unwrap_or_return()
            return Some(listed[0].upper()) if listed else Nothing()

        assert first_upper(Some(["ab"])) == Some("AB")
        assert first_upper(Some([])) is Nothing()
        assert first_upper(Nothing()) is Nothing()

    def test_async(self) -> None:
        @early_return
        async def fetch(a: Result[int, str]) -> Result[int, str]:
            await asyncio.sleep(0)
            value = a.unwrap_or_return()
            await asyncio.sleep(0)
            return Ok(value * 2)

        assert inspect.iscoroutinefunction(fetch)
        assert asyncio.run(fetch(Ok(2))) == Ok(4)
        assert asyncio.run(fetch(Err("no"))) == Err("no")

    def test_async_option(self) -> None:
        @early_return
        async def fetch(a: Option[int]) -> Option[int]:
            return Some(a.unwrap_or_return() + 1)

        assert asyncio.run(fetch(Some(1))) == Some(2)
        assert asyncio.run(fetch(Nothing())) is Nothing()

    def test_methods(self) -> None:
        class Service:
            factor = 10

            def __init__(self, offset: int) -> None:
                self.offset = offset

            @early_return
            def instance(self, r: Result[int, str]) -> Result[int, str]:
                return Ok(r.unwrap_or_return() + self.offset)

            @classmethod
            @early_return
            def klass(cls, r: Result[int, str]) -> Result[int, str]:
                return Ok(r.unwrap_or_return() * cls.factor)

            @staticmethod
            @early_return
            def static(r: Result[int, str]) -> Result[int, str]:
                return Ok(-r.unwrap_or_return())

            @early_return
            async def instance_async(self, r: Result[int, str]) -> Result[int, str]:
                return Ok(r.unwrap_or_return() + self.offset)

        service = Service(5)
        assert service.instance(Ok(1)) == Ok(6)
        assert service.instance(Err("i")) == Err("i")
        assert Service.klass(Ok(2)) == Ok(20)
        assert service.klass(Err("k")) == Err("k")
        assert Service.static(Ok(3)) == Ok(-3)
        assert Service.static(Err("s")) == Err("s")
        assert asyncio.run(service.instance_async(Ok(1))) == Ok(6)
        assert asyncio.run(service.instance_async(Err("a"))) == Err("a")

    def test_nested_decorated_functions_return_from_innermost(self) -> None:
        @early_return
        def inner(r: Result[int, str]) -> Result[int, str]:
            return Ok(r.unwrap_or_return() + 1)

        @early_return
        def outer(r: Result[int, str]) -> Result[tuple[str, Result[int, str]], str]:
            from_inner = inner(r)
            return Ok(("outer continued", from_inner))

        assert outer(Err("e")) == Ok(("outer continued", Err("e")))
        assert outer(Ok(1)) == Ok(("outer continued", Ok(2)))

    def test_undecorated_helper_returns_from_the_decorated_caller(self) -> None:
        def helper(r: Result[int, str]) -> int:
            return r.unwrap_or_return() * 2

        @early_return
        def caller(r: Result[int, str]) -> Result[int, str]:
            return Ok(helper(r) + 1)

        assert caller(Ok(1)) == Ok(3)
        assert caller(Err("deep")) == Err("deep")

    def test_except_exception_does_not_swallow_it(self) -> None:
        @early_return
        def guarded(r: Result[int, str]) -> Result[str, str]:
            try:
                value = r.unwrap_or_return()
            except Exception:
                return Ok("swallowed")
            return Ok(str(value))

        assert guarded(Err("e")) == Err("e")
        assert guarded(Ok(1)) == Ok("1")

    def test_catch_exception_inside_does_not_swallow_it(self) -> None:
        @early_return
        @catch(Exception)
        def caught(r: Result[int, str]) -> int:
            return r.unwrap_or_return()

        assert caught(Err("e")) == Err("e")
        assert caught(Ok(1)) == Ok(1)

    def test_finally_blocks_run(self) -> None:
        cleaned: list[bool] = []

        @early_return
        def with_cleanup(r: Result[int, str]) -> Result[int, str]:
            try:
                return Ok(r.unwrap_or_return())
            finally:
                cleaned.append(True)

        assert with_cleanup(Err("e")) == Err("e")
        assert cleaned == [True]

    def test_without_decorator_it_escapes_as_base_exception(self) -> None:
        err = Err("loose")
        with pytest.raises(EarlyReturn) as info:
            err.unwrap_or_return()
        assert not isinstance(info.value, Exception)
        assert info.value.value is err

    def test_unwrap_or_return_on_ok_and_some(self) -> None:
        assert Ok(1).unwrap_or_return() == 1
        assert Some("s").unwrap_or_return() == "s"


def test_result_alias_is_the_union_of_ok_and_err() -> None:
    assert [typing.get_origin(arg) for arg in typing.get_args(Result)] == [Ok, Err]
    concrete = typing.get_args(Result[int, str])  # type: ignore[misc]  # a runtime use of the alias
    assert [typing.get_origin(arg) for arg in concrete] == [Ok, Err]
