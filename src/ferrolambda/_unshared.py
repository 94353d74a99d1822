"""Tell whether a method's `self` is referenced by nothing else, so it may be updated in place.

In `parse(s).map(f)` the `Ok` that `parse` returns is seen only by the call to `map` and is
garbage as soon as `map` returns. `map` can then store the new value in that `Ok` and return it,
instead of allocating a second one, which saves about 40% of what `map` costs (see
benchmarks/README.md); an object nobody holds cannot be seen to change. Any other holder (a variable, a container, a bound method, a C caller)
adds a reference, so `map` allocates as usual.

Only where the reference count is exact: CPython 3.11-3.13 with the GIL, whose evaluation stack
owns every reference it holds. CPython 3.14 lets the stack borrow references without counting
them, and the free-threaded build defers some counts, so a low count there could hide a holder;
there, and on other interpreters, `UNSHARED` is 0, a count no live object has, and every call
allocates.
"""

import sys


def _gil_enabled() -> bool:
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    return is_gil_enabled is None or bool(is_gil_enabled())


def _unknown(obj: object) -> int:
    return -1


refcount = getattr(sys, "getrefcount", _unknown)
"""`sys.getrefcount`: the references to an object, plus the one held by this call's argument.

-1 where the interpreter cannot tell, so that no count ever equals `UNSHARED` there."""

UNSHARED = (
    2
    if sys.implementation.name == "cpython" and sys.version_info < (3, 14) and _gil_enabled()
    else 0
)
"""`refcount(self)` inside a method when nothing but the method holds `self`.

0 where counts are not exact: `getrefcount` never returns 0 for a live object."""
