"""Terraform: ``.tf`` files parsed with python-hcl2, grouped by folder (a module), so a
bucket and the public access block that refers to it may sit in different files. Simple
``var.x`` and ``local.x`` references resolve to variable defaults and locals. python-hcl2 7.x
(tested with 7.3.1) gives every block its lines; 8.x no longer does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.errors import ScanError

_REFERENCE = re.compile(r"^\$\{(var|local)\.([A-Za-z_][\w-]*)\}$")
_META = ("__start_line__", "__end_line__")


@dataclass(slots=True)
class Block:
    """A resource, data source or provider block: ``kind`` (``aws_s3_bucket``), ``name``,
    its body, and where it is."""

    kind: str
    name: str
    body: dict[str, Any]
    path: Path
    lines: list[str]
    module: Module

    @property
    def line(self) -> int:
        return int(self.body.get("__start_line__", 1))

    def get(self, key: str, default: Any = None) -> Any:
        """An attribute, with ``var.``/``local.`` references resolved where possible."""
        return self.module.resolve(self.body.get(key, default))

    def blocks(self, key: str) -> list[dict[str, Any]]:
        """Nested blocks called ``key`` (``ingress``, ``statement``…)."""
        value = self.body.get(key)
        return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []

    def line_of(self, key: str, within: dict[str, Any] | None = None) -> int:
        """The line of attribute ``key`` in this block (or in the nested block ``within``)."""
        scope = within if within is not None else self.body
        start = int(scope.get("__start_line__", self.line))
        end = int(scope.get("__end_line__", start))
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(start, min(end, len(self.lines)) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return start


@dataclass(slots=True)
class Module:
    """Every block of the ``.tf`` files of one folder."""

    resources: list[Block] = field(default_factory=list)
    data: list[Block] = field(default_factory=list)
    providers: list[Block] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)

    def resolve(self, value: Any, depth: int = 0) -> Any:
        if isinstance(value, list) and depth < 4:
            return [self.resolve(item, depth + 1) for item in value]
        if not isinstance(value, str) or depth >= 4:
            return value
        match = _REFERENCE.match(value)
        if match is None:
            return value
        table = self.variables if match[1] == "var" else self.locals
        return self.resolve(table[match[2]], depth + 1) if match[2] in table else value

    def of_kind(self, *kinds: str) -> Iterator[Block]:
        return (block for block in self.resources if block.kind in kinds)


def parse(path: Path, text: str) -> dict[str, Any]:
    """One ``.tf`` file as python-hcl2's dict; ``ScanError`` when it is not valid HCL2."""
    from hcl2.api import loads

    try:
        parsed = loads(text, with_meta=True)
    except RecursionError:
        raise ScanError(str(path), "invalid HCL: nested too deeply") from None
    except Exception as exc:  # lark raises many error types for bad input
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScanError(str(path), f"invalid HCL: {first[:200]}") from None
    if not isinstance(parsed, dict):
        raise ScanError(str(path), "invalid HCL: not a body")
    return parsed


def add_file(module: Module, path: Path, text: str) -> None:
    """Add the blocks of one parsed file to ``module``."""
    parsed = parse(path, text)
    lines = text.splitlines()
    for section, target in (("resource", module.resources), ("data", module.data)):
        for entry in _entries(parsed.get(section)):
            for kind, named in entry.items():
                for name, body in named.items() if isinstance(named, dict) else ():
                    if isinstance(body, dict):
                        target.append(Block(kind, name, body, path, lines, module))
    for entry in _entries(parsed.get("provider")):
        for kind, body in entry.items():
            if isinstance(body, dict):
                module.providers.append(Block(kind, kind, body, path, lines, module))
    for entry in _entries(parsed.get("variable")):
        for name, body in entry.items():
            if isinstance(body, dict) and "default" in body:
                module.variables[name] = body["default"]
    for entry in _entries(parsed.get("locals")):
        module.locals.update({k: v for k, v in entry.items() if k not in _META})


def _entries(value: Any) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
