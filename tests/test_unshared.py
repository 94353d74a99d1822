"""`map`/`map_err` reuse an `Ok`, `Err` or `Some` that nothing else holds, and only then.

Reuse must never be visible: whoever holds the original, by any means, still sees its old value.
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import re
import sys
import textwrap
import threading
import types
from collections.abc import Callable, Generator
from types import ModuleType
from typing import Any

import pytest

import ferrolambda._unshared as unshared_module
import ferrolambda.option as option_module
import ferrolambda.result as result_module
from ferrolambda import Err, Ok, Some
from ferrolambda._unshared import UNSHARED

Wrapper = Callable[[int], Any]
"""One of `Ok`, `Err`, `Some`: a constructor of the variant under test."""

VARIANTS: list[tuple[Wrapper, str, str]] = [
    (Ok, "map", "value"),
    (Err, "map_err", "error"),
    (Some, "map", "value"),
]
IDS = ["Ok.map", "Err.map_err", "Some.map"]


def increment(x: int) -> int:
    return x + 1


def inner(wrapped: Any, field: str) -> int:
    value: int = getattr(wrapped, field)
    return value


@pytest.fixture
def allocations(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """The classes `map`/`map_err` allocate an instance of, in order."""
    made: list[type] = []

    def counting_new(cls: type) -> object:
        made.append(cls)
        return object.__new__(cls)

    monkeypatch.setattr(result_module, "_new", counting_new)
    monkeypatch.setattr(option_module, "_new", counting_new)
    return made


def load_unshared() -> ModuleType:
    """A fresh copy of `ferrolambda._unshared`, run under whatever `sys` looks like now."""
    spec = importlib.util.spec_from_file_location("unshared_copy", unshared_module.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("implementation", "version", "gil_enabled", "expected"),
    [
        ("cpython", (3, 11, 7), None, 2),
        ("cpython", (3, 12, 1), None, 2),
        ("cpython", (3, 13, 0), True, 2),
        ("cpython", (3, 13, 0), False, 0),  # the free-threaded build
        ("cpython", (3, 14, 0), True, 0),  # the evaluation stack borrows references
        ("cpython", (3, 15, 0), True, 0),
        ("pypy", (3, 11, 13), None, 0),
    ],
)
def test_reuse_is_on_only_where_reference_counts_are_exact(
    monkeypatch: pytest.MonkeyPatch,
    implementation: str,
    version: tuple[int, int, int],
    gil_enabled: bool | None,
    expected: int,
) -> None:
    fields = {**vars(sys.implementation), "name": implementation}
    monkeypatch.setattr(sys, "implementation", types.SimpleNamespace(**fields))
    monkeypatch.setattr(sys, "version_info", version)
    if gil_enabled is None:
        monkeypatch.delattr(sys, "_is_gil_enabled", raising=False)
    else:
        monkeypatch.setattr(sys, "_is_gil_enabled", lambda: gil_enabled, raising=False)
    assert expected == load_unshared().UNSHARED


def test_without_getrefcount_no_count_ever_reads_as_unshared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(sys, "getrefcount")
    copy = load_unshared()
    assert copy.refcount(object()) not in (copy.UNSHARED, unshared_module.UNSHARED)


@pytest.mark.parametrize(("wrap", "method", "field"), VARIANTS, ids=IDS)
def test_a_temporary_is_reused_not_copied(
    wrap: Wrapper, method: str, field: str, allocations: list[type]
) -> None:
    mapped = getattr(wrap(1), method)(increment)
    assert type(mapped) is wrap
    assert inner(mapped, field) == 2
    assert allocations == ([] if UNSHARED else [wrap])


@pytest.mark.parametrize(("wrap", "method", "field"), VARIANTS, ids=IDS)
def test_a_chain_of_temporaries_allocates_nothing(
    wrap: Wrapper, method: str, field: str, allocations: list[type]
) -> None:
    first = getattr(wrap(1), method)(increment)
    mapped = getattr(getattr(first, method)(increment), method)(increment)
    # `first` is held by a variable: the next call copies, the last one reuses that copy.
    assert (inner(first, field), inner(mapped, field)) == (2, 4)
    assert allocations == ([wrap] if UNSHARED else [wrap, wrap, wrap])


# Each scenario makes the original with `make`, maps it once through its one holder, and returns
# (original, mapped). Each calls `.map` literally, as user code does (a bound-method object or a
# helper's parameter would add a reference of its own and hide the holder under test); the
# `map_err` twins for `Err` are the same source with `.map` spelled `.map_err`.

HELD_BY_GLOBAL: Any = None


def held_by_variable(make: Callable[[], Any]) -> tuple[Any, Any]:
    held = make()
    mapped = held.map(increment)
    return held, mapped


def held_by_list(make: Callable[[], Any]) -> tuple[Any, Any]:
    box = [make()]
    mapped = box[0].map(increment)
    return box[0], mapped


def held_by_tuple(make: Callable[[], Any]) -> tuple[Any, Any]:
    box = (make(),)
    mapped = box[0].map(increment)
    return box[0], mapped


def held_by_dict(make: Callable[[], Any]) -> tuple[Any, Any]:
    table = {"key": make()}
    mapped = table["key"].map(increment)
    return table["key"], mapped


def held_by_attribute(make: Callable[[], Any]) -> tuple[Any, Any]:
    holder = types.SimpleNamespace(held=make())
    mapped = holder.held.map(increment)
    return holder.held, mapped


def held_by_global(make: Callable[[], Any]) -> tuple[Any, Any]:
    global HELD_BY_GLOBAL
    HELD_BY_GLOBAL = make()
    mapped = HELD_BY_GLOBAL.map(increment)
    return HELD_BY_GLOBAL, mapped


def held_by_closure(make: Callable[[], Any]) -> tuple[Any, Any]:
    held = make()

    def use() -> Any:
        return held.map(increment)

    mapped = use()
    return held, mapped


def held_by_walrus(make: Callable[[], Any]) -> tuple[Any, Any]:
    mapped = (held := make()).map(increment)
    return held, mapped


def held_by_bound_method(make: Callable[[], Any]) -> tuple[Any, Any]:
    bound = make().map
    mapped = bound(increment)
    return bound.__self__, mapped


def held_by_default_argument(make: Callable[[], Any]) -> tuple[Any, Any]:
    def use(held: Any = make()) -> Any:  # noqa: B008 (the default is the holder under test)
        return held.map(increment)

    mapped = use()
    assert use.__defaults__ is not None
    return use.__defaults__[0], mapped


def held_by_generator(make: Callable[[], Any]) -> tuple[Any, Any]:
    def steps() -> Generator[Any, None, None]:
        held = make()
        yield held.map(increment)
        yield held

    gen = steps()
    mapped = next(gen)
    return next(gen), mapped


def held_by_coroutine(make: Callable[[], Any]) -> tuple[Any, Any]:
    async def steps() -> tuple[Any, Any]:
        held = make()
        await asyncio.sleep(0)
        mapped = held.map(increment)
        await asyncio.sleep(0)
        return held, mapped

    return asyncio.run(steps())


def held_by_another_thread(make: Callable[[], Any]) -> tuple[Any, Any]:
    box = [make()]
    results: list[Any] = []

    def work() -> None:
        results.append(box[0].map(increment))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    (mapped,) = results
    return box[0], mapped


HOLDERS = [
    held_by_variable,
    held_by_list,
    held_by_tuple,
    held_by_dict,
    held_by_attribute,
    held_by_global,
    held_by_closure,
    held_by_walrus,
    held_by_bound_method,
    held_by_default_argument,
    held_by_generator,
    held_by_coroutine,
    held_by_another_thread,
]


def spelled_with(method: str, scenario: Callable[..., Any]) -> Callable[..., Any]:
    """`scenario` with `.map` spelled `.{method}`: the same code for `map_err`."""
    if method == "map":
        return scenario
    source = re.sub(r"\.map\b", f".{method}", textwrap.dedent(inspect.getsource(scenario)))
    namespace = dict(globals())
    exec(compile(source, inspect.getfile(scenario), "exec"), namespace)
    twin: Callable[..., Any] = namespace[scenario.__name__]
    return twin


@pytest.mark.parametrize("holder", HOLDERS, ids=[h.__name__ for h in HOLDERS])
@pytest.mark.parametrize(("wrap", "method", "field"), VARIANTS, ids=IDS)
def test_a_held_original_keeps_its_value(
    wrap: Wrapper, method: str, field: str, holder: Callable[..., tuple[Any, Any]]
) -> None:
    held, mapped = spelled_with(method, holder)(lambda: wrap(1))
    assert type(held) is type(mapped) is wrap
    assert held is not mapped
    assert (inner(held, field), inner(mapped, field)) == (1, 2)


@pytest.mark.parametrize(("wrap", "method", "field"), VARIANTS, ids=IDS)
def test_a_reference_taken_while_op_runs_keeps_the_old_value(
    wrap: Wrapper, method: str, field: str
) -> None:
    taken: list[Any] = []

    def peeking(x: int) -> int:
        taken.append(sys._getframe(1).f_locals["self"])
        return x + 1

    mapped = getattr(wrap(1), method)(peeking)
    (original,) = taken
    assert original is not mapped
    assert (inner(original, field), inner(mapped, field)) == (1, 2)


@pytest.mark.parametrize(("wrap", "method", "field"), VARIANTS, ids=IDS)
def test_an_op_that_raises_changes_nothing(wrap: Wrapper, method: str, field: str) -> None:
    held = wrap(1)

    def failing(x: int) -> int:
        raise ValueError(x)

    with pytest.raises(ValueError, match=r"^1$"):
        getattr(held, method)(failing)
    assert inner(held, field) == 1


@pytest.mark.parametrize("wrap", [Ok, Err, Some], ids=["Ok", "Err", "Some"])
def test_the_variants_cannot_be_subclassed(wrap: type) -> None:
    with pytest.raises(TypeError, match=f"Sub: {wrap.__name__} is final and cannot be subclassed"):
        type("Sub", (wrap,), {})
