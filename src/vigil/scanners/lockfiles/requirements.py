"""pip's requirements files (``requirements*.txt``), as pip 24-25, ``pip-compile`` and
``uv export``/``uv pip compile`` write them.

Every requirement is direct (the file names it); ``version`` is the pin of ``==``/``===`` and
"" for a range. ``-r``/``--requirement`` files are read too (relative to the including file,
only under the scanned root, each once, so cycles end); ``-c``/``--constraint`` files add no
packages but pin the unpinned ones they name. Environment markers are kept as written by
reporting every requirement whatever its marker: which interpreter will run is unknown here.
Editable, URL, VCS and local-path lines name no index version; they are skipped and logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from packaging.requirements import InvalidRequirement, Requirement

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._pypi import canonical, dependency, relative
from vigil.scanners.lockfiles.interface import DependencyReader

_log = logging.getLogger(__name__)

# A comment starts at a "#" at the start of a line or after whitespace (pip's own rule), so
# "pkg==1.0#egg" fragments in URLs survive.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=-[rc]))(\S+)$")
_URLISH = re.compile(r"^(\w[\w+.-]*://|\.{0,2}/|-e\s|--editable)")
_HASH = re.compile(r"\s--hash[=\s]\S+")
_MAX_FILE = 16 * 1024 * 1024


class RequirementsReader(DependencyReader):
    """Reads pip requirements files and the files they include."""

    id: ClassVar[str] = "requirements"
    label: ClassVar[str] = "pip requirements file"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("requirements*.txt", "requirements*.in")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        found: list[tuple[Requirement, str]] = []
        pins: dict[str, str] = {}
        _walk(path, root.resolve(), set(), found, pins, constraint=False)
        for requirement, source in found:
            version = _pin(requirement) or pins.get(canonical(requirement.name), "")
            yield dependency(requirement.name, version, source, direct=True)


def _walk(
    path: Path,
    root: Path,
    seen: set[Path],
    found: list[tuple[Requirement, str]],
    pins: dict[str, str],
    *,
    constraint: bool,
) -> None:
    """Collect the requirements of ``path`` and of what it includes, each file once."""
    seen.add(path.resolve())
    source = relative(path.resolve(), root)
    for number, line in _lines(path):
        include = _INCLUDE.match(line)
        if include:
            target = (path.parent / include.group(2)).resolve()
            if target in seen:
                continue
            if not target.is_relative_to(root) or not target.is_file():
                _log.info(
                    "%s:%d: include %s skipped: missing or outside the root", path, number, target
                )
                continue
            is_constraint = include.group(1) in ("-c", "--constraint")
            _walk(target, root, seen, found, pins, constraint=constraint or is_constraint)
        elif line.startswith("-") or _URLISH.match(line):
            # Options (--index-url, --pre…) and editable/URL/path installs: no index version.
            _log.info("%s:%d: skipped, not a named index requirement: %s", path, number, line)
        else:
            requirement = _parse(path, number, line)
            if requirement is None:
                continue
            if constraint:
                pins.setdefault(canonical(requirement.name), _pin(requirement))
            else:
                found.append((requirement, source))


def _parse(path: Path, number: int, line: str) -> Requirement | None:
    try:
        requirement = Requirement(_HASH.sub("", line).strip())
    except InvalidRequirement as exc:
        raise ScanError(
            str(path), f"line {number}: not a requirement: {str(exc).splitlines()[0]}"
        ) from exc
    if requirement.url:
        _log.info("%s:%d: %s skipped: installed from a URL", path, number, requirement.name)
        return None
    return requirement


def _pin(requirement: Requirement) -> str:
    """The exact version an ``==``/``===`` pin names ("" for a range or a ``==1.*`` wildcard)."""
    specs = list(requirement.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return specs[0].version
    return ""


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Logical lines (continuations joined, comments and blanks dropped) with their number."""
    try:
        if path.stat().st_size > _MAX_FILE:
            raise ScanError(str(path), "larger than 16 MiB, not a requirements file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScanError(str(path), f"cannot read: {exc}") from exc
    if "\0" in text:
        raise ScanError(str(path), "binary content, not a requirements file")
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined = (pending + line).strip()
        pending = ""
        if joined:
            yield start, joined
    if pending.strip():
        yield start, pending.strip()
