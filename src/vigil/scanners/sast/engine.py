"""The engine's entry point: Python files in, raw findings and unreadable files out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vigil.errors import ScanError
from vigil.scanners.sast import ir
from vigil.scanners.sast.project import Project, RawFinding

#: Larger files are generated code or data, not something to analyse.
MAX_FILE_BYTES = 2_000_000


@dataclass(slots=True)
class Analysis:
    findings: list[RawFinding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    modules: dict[str, ir.Module] = field(default_factory=dict)
    lines: int = 0
    #: Files over ``MAX_FILE_BYTES``: generated or bundled code, left out on purpose.
    too_large: list[str] = field(default_factory=list)


def module_name(path: Path, root: Path) -> tuple[str, bool]:
    """The dotted module name of ``path`` relative to ``root`` and whether it is a package."""
    relative = path.relative_to(root) if path != root else Path(path.name)
    parts = list(relative.with_suffix("").parts)
    package = parts[-1] == "__init__"
    if package:
        parts = parts[:-1]
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]  # the src layout: src/pkg/mod.py is pkg.mod
    return ".".join(parts) or path.stem, package


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else path.name


def lower_file(path: Path, root: Path) -> ir.Module:
    """Read and lower one file; raises ``ScanError`` when it cannot be."""
    from vigil.scanners.sast.lower import LoweringError, lower_module

    display = _display(path, root)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScanError(display, f"larger than {MAX_FILE_BYTES} bytes, not analysed")
        source = path.read_bytes()
    except OSError as error:
        raise ScanError(display, f"cannot read: {error.strerror or error}") from None
    name, package = module_name(path, root)
    try:
        return lower_module(source, name, display, is_package=package)
    except LoweringError as error:
        raise ScanError(display, str(error)) from None


def _too_large(path: Path) -> bool:
    try:
        return path.stat().st_size > MAX_FILE_BYTES
    except OSError:
        return False  # lower_file names the problem


def analyse(paths: Iterable[Path], root: Path, templates: Iterable[Path] = ()) -> Analysis:
    """Lower every file, then analyse them together as one program (``templates`` are the
    tree's template files, read when a view renders one)."""
    from vigil.scanners.sast.templates import TemplateIndex

    result = Analysis()
    for path in paths:
        if _too_large(path):
            result.too_large.append(_display(path, root))
            continue
        try:
            module = lower_file(path, root)
        except ScanError as error:
            result.errors.append(error)
            continue
        result.modules.setdefault(module.name, module)
        result.lines += len(module.lines)
    index = TemplateIndex(root, list(templates))
    result.findings = Project(list(result.modules.values()), index).analyse()
    return result
