# mypy: warn-unreachable
# pyright: reportUnreachable=true
"""`unwrap()` on an `Err` (or `Nothing`) is typed `NoReturn`: code after it is unreachable.

Unreachable code is reported by mypy with `warn_unreachable` and by pyright with
`reportUnreachable`, both enabled for this file only by the comments above.
"""

from __future__ import annotations

from ferrolambda import Err, Nothing, Ok, Result


def unwrap_on_err() -> int:
    value: int = Err("boom").unwrap()
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    return value + 1


def unwrap_on_nothing() -> int:
    value: int = Nothing().unwrap()
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    return value


def expect_on_nothing() -> None:
    Nothing().expect("configured")
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    print("after")


def unwrap_err_on_ok() -> str:
    error: str = Ok(1).unwrap_err()
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    return error


def expect_err_on_ok() -> None:
    Ok(1).expect_err("should have failed")
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    print("after")


def unwrap_or_return_on_err() -> Result[int, str]:
    Err("early").unwrap_or_return()
    # E[mypy]: Statement is unreachable
    # E[pyright]: Type analysis indicates code is unreachable
    return Ok(1)
