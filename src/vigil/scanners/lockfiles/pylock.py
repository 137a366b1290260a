"""PEP 751 lockfiles: ``pylock.toml`` and ``pylock.<name>.toml`` (``lock-version = "1.0"``;
tested with files written by ``uv export --format pylock.toml``, uv 0.13).

Each ``[[packages]]`` entry names one package to install. A package from a VCS, a directory
or an archive may have no ``version``; it is reported with version "". The format does not
say which packages the project asked for, so ``direct`` is None and paths are empty; dev
membership is only a marker expression over ``dependency_groups``, which the reader does not
evaluate, so ``dev`` stays False.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._pypi import (
    check_version,
    dependency,
    load_toml,
    relative,
    well_formed,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_KNOWN_MAJOR = 1


class PylockReader(DependencyReader):
    """Reads PEP 751 pylock.toml files."""

    id: ClassVar[str] = "pylock"
    label: ClassVar[str] = "PEP 751 lockfile"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("pylock.toml", "pylock.*.toml")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        with well_formed(path):
            data = load_toml(path)
            # PEP 751: a tool must refuse a lock-version whose major it does not know.
            check_version(path, data.get("lock-version"), _KNOWN_MAJOR)
            packages = data.get("packages")
            if not isinstance(packages, list):
                raise ScanError(str(path), "no [[packages]] array")
            source = relative(path, root)
            for package in packages:
                if not isinstance(package, dict) or not isinstance(package.get("name"), str):
                    raise ScanError(str(path), "a [[packages]] entry has no name")
                yield dependency(package["name"], str(package.get("version", "")), source)
