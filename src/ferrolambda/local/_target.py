"""TARGET strings: `module.handler`, `package.module.handler` or `path/to/file.py:handler`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class TargetError(ValueError):
    """A TARGET that cannot name a handler (bad syntax, or a file that does not exist)."""


@dataclass(frozen=True)
class Target:
    """A handler as Lambda names it (`module.function`), plus where its module lives."""

    handler: str
    """The Lambda handler string, `module.function` (what `_HANDLER` holds)."""
    path: tuple[str, ...] = ()
    """Directories the function process needs on `PYTHONPATH` (absolute)."""
    spec: str = ""
    """The TARGET as the user wrote it."""

    @property
    def module(self) -> str:
        return self.handler.rpartition(".")[0]

    @property
    def attribute(self) -> str:
        return self.handler.rpartition(".")[2]


def _is_dotted(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def parse_target(spec: str, *, cwd: str | os.PathLike[str] | None = None) -> Target:
    """Parse a TARGET; a `file.py:handler` whose file is missing is an error here, before start."""
    spec = spec.strip()
    if not spec:
        raise TargetError("TARGET is empty: expected module.handler or path/to/file.py:handler")
    base = Path(cwd) if cwd is not None else Path.cwd()
    if ":" in spec:
        file_part, _, attribute = spec.rpartition(":")
        if not attribute.isidentifier():
            raise TargetError(
                f"TARGET {spec!r}: {attribute!r} is not a function name "
                "(expected path/to/file.py:handler)"
            )
        if not file_part.endswith(".py"):
            raise TargetError(
                f"TARGET {spec!r}: {file_part!r} is not a .py file "
                "(expected path/to/file.py:handler or module.handler)"
            )
        file = (base / file_part).resolve()
        if not file.is_file():
            raise TargetError(f"TARGET {spec!r}: file not found: {file_part}")
        module = file.stem
        if not module.isidentifier():
            raise TargetError(
                f"TARGET {spec!r}: {file.name!r} cannot be imported as a module "
                "(its name is not a Python identifier)"
            )
        return Target(handler=f"{module}.{attribute}", path=(str(file.parent),), spec=spec)
    if spec.endswith(".py"):
        raise TargetError(f"TARGET {spec!r}: name the function too, as in {spec}:handler")
    module, dot, attribute = spec.rpartition(".")
    if not dot or not _is_dotted(module) or not attribute.isidentifier():
        raise TargetError(f"TARGET {spec!r} is not module.handler or path/to/file.py:handler")
    return Target(handler=spec, path=(str(base.resolve()),), spec=spec)
