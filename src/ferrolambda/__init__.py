"""ferrolambda: Rust's error-handling discipline for Python AWS Lambda functions.

Public names are loaded on first use (PEP 562), so `import ferrolambda` costs nothing until a
name is read, and `python -m ferrolambda.runtime` starts without loading what it does not need.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from . import env
    from .context import Context
    from .handler import LambdaEvent, lambda_handler
    from .option import Nothing, Option, Some, from_optional, is_nothing, is_some
    from .result import (
        Err,
        Ok,
        Result,
        UnwrapError,
        catch,
        collect,
        early_return,
        is_err,
        is_ok,
        partition,
    )

_HOMES = {
    "Ok": "result",
    "Err": "result",
    "Result": "result",
    "UnwrapError": "result",
    "catch": "result",
    "collect": "result",
    "early_return": "result",
    "is_err": "result",
    "is_ok": "result",
    "partition": "result",
    "Some": "option",
    "Nothing": "option",
    "Option": "option",
    "from_optional": "option",
    "is_some": "option",
    "is_nothing": "option",
    "Context": "context",
    "LambdaEvent": "handler",
    "lambda_handler": "handler",
}

__all__ = [
    "Context",
    "Err",
    "LambdaEvent",
    "Nothing",
    "Ok",
    "Option",
    "Result",
    "Some",
    "UnwrapError",
    "catch",
    "collect",
    "early_return",
    "env",
    "from_optional",
    "is_err",
    "is_nothing",
    "is_ok",
    "is_some",
    "lambda_handler",
    "partition",
]


def __getattr__(name: str) -> object:
    home = "env" if name == "env" else _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ferrolambda' has no attribute {name!r}")
    # A plain import statement, not importlib: no importlib import at cold start, and the
    # submodule shows up in `python -X importtime`. It also binds the submodule on the package.
    __import__(f"{__name__}.{home}")
    module = globals()[home]
    value = module if name == "env" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
