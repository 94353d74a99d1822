"""Find the handler named by `_HANDLER` (`package.module.function`) and adapt it to the loop.

Failures carry the managed runtime's error types, so they read the same in the init error:
`Runtime.MalformedHandlerName`, `Runtime.BuiltInModuleConflict`, `Runtime.ImportModuleError`,
`Runtime.UserCodeSyntaxError`, `Runtime.HandlerNotFound`; an exception raised while the module
runs its top level is reported under its own class name, with its stack trace.
"""

from __future__ import annotations

import sys

from . import _logging
from ._plain import PlainHandler

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from ..context import Context
    from ..streaming import ResponseStream

    Invoke = Callable[[bytes, Context], tuple[bytes | ResponseStream, str | None]]

MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"


class InitError(Exception):
    """The function cannot start: reported to `/runtime/init/error`."""

    def __init__(self, error_type: str, message: str, stack: list[str] | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack = stack


def _import(name: str) -> ModuleType:
    __import__(name)
    return sys.modules[name]


def _names(error: ModuleNotFoundError, module: str) -> bool:
    """Whether `error` says `module` itself (or a package above it) does not exist."""
    missing = error.name
    return missing is not None and (module == missing or module.startswith(missing + "."))


def _syntax_error(module: str, error: SyntaxError) -> InitError:
    text = (error.text or "").strip()
    return InitError(
        USER_CODE_SYNTAX_ERROR,
        f"Syntax error in module '{module}': {error}",
        [f'  File "{error.filename}" Line {error.lineno}\n    {text}'],
    )


def _raised(error: Exception) -> InitError:
    _logging.strip_runtime_frames(error)
    return InitError(type(error).__name__, str(error), _logging.stack_of(error))


def load(handler: str) -> object:
    """Import the module and return the object `handler` names; raise `InitError` otherwise.

    `a.b.c` is attribute `c` of module `a.b` (the Lambda convention; `a/b.c` works too); when
    module `a.b` does not exist, `a.b.c` is tried as attribute path `b.c` of module `a`, so
    `module.obj.method` names a method.
    """
    name = handler.strip().replace("/", ".")
    parts = name.split(".")
    if len(parts) < 2 or not all(parts):
        raise InitError(
            MALFORMED_HANDLER_NAME,
            f"Bad handler '{handler}': expected 'module.function' (as in _HANDLER)",
        )
    if parts[0] in sys.builtin_module_names:
        raise InitError(
            BUILT_IN_MODULE_CONFLICT, f"Cannot use built-in module {parts[0]} as a handler module"
        )
    conventional = ".".join(parts[:-1])
    first_missing: ModuleNotFoundError | None = None
    for cut in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            module = _import(module_name)
        except ModuleNotFoundError as error:
            if _names(error, module_name):
                first_missing = first_missing or error
                if cut > 1:
                    continue
                raise InitError(
                    IMPORT_MODULE_ERROR,
                    f"Unable to import module '{conventional}': {first_missing}",
                ) from None
            raise InitError(
                IMPORT_MODULE_ERROR, f"Unable to import module '{module_name}': {error}"
            ) from None
        except ImportError as error:
            raise InitError(
                IMPORT_MODULE_ERROR, f"Unable to import module '{module_name}': {error}"
            ) from None
        except SyntaxError as error:
            raise _syntax_error(module_name, error) from None
        except Exception as error:
            raise _raised(error) from None
        note = f" (and there is no module '{conventional}')" if first_missing else ""
        return _resolve(module, module_name, parts[cut:], note)
    raise AssertionError("unreachable")  # pragma: no cover


def _resolve(module: ModuleType, module_name: str, attributes: list[str], note: str) -> object:
    target: object = module
    for attribute in attributes:
        try:
            target = getattr(target, attribute)
        except AttributeError:
            raise InitError(
                HANDLER_NOT_FOUND,
                f"Handler '{'.'.join(attributes)}' missing on module '{module_name}'{note}",
            ) from None
        except Exception as error:
            raise _raised(error) from None
    return target


def adapt(target: object, handler: str = "") -> Invoke:
    """The raw invoke function for `target`: its own `invoke_raw`, or a `PlainHandler`'s."""
    try:
        invoke_raw = getattr(target, "invoke_raw", None)
    except Exception:
        invoke_raw = None
    if callable(invoke_raw) and not isinstance(target, type):
        invoke: Invoke = invoke_raw  # pyright: ignore[reportAssignmentType]
        return invoke
    if callable(target):
        return PlainHandler(target).invoke_raw
    raise InitError(
        HANDLER_NOT_FOUND,
        f"Handler '{handler}' is not callable: it is a {type(target).__name__}",
    )
