"""Ok, Err, Some and Nothing are final and immutable; Nothing takes no value."""

from __future__ import annotations

from ferrolambda import Err, Nothing, Ok, Some


def immutable_ok(res: Ok[int]) -> None:
    # E[mypy]: Property "value" defined in "Ok" is read-only
    # E[pyright]: Cannot assign to attribute "value" for class "Ok[int]"
    res.value = 2


def immutable_some(opt: Some[int]) -> None:
    # E[mypy]: Property "value" defined in "Some" is read-only
    # E[pyright]: Cannot assign to attribute "value" for class "Some[int]"
    opt.value = 3


def immutable_err(res: Err[str]) -> None:
    # E[mypy]: Property "error" defined in "Err" is read-only
    # E[pyright]: Cannot assign to attribute "error" for class "Err[str]"
    res.error = "other"


# E[mypy]: Cannot inherit from final class "Ok"
# E[pyright]: Base class "Ok[int]" is marked final and cannot be subclassed
class MyOk(Ok[int]):
    pass


# E[mypy]: Cannot inherit from final class "Nothing"
# E[pyright]: Base class "Nothing" is marked final and cannot be subclassed
class MyNothing(Nothing):
    pass


def nothing_takes_no_value() -> Nothing:
    # E[mypy]: Too many arguments for "Nothing"
    # E[pyright]: Expected 0 positional arguments
    return Nothing(1)


def some_needs_a_value() -> Some[int]:
    # E[mypy]: Missing positional argument "value" in call to "Some"
    # E[pyright]: Argument missing for parameter "value"
    return Some[int]()
