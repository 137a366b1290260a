"""Poetry's ``poetry.lock`` (``lock-version`` 1.x and 2.x; tested with files written by
Poetry 1.4 and 2.5).

The lockfile lists every package with the names it depends on, but not which ones the project
asked for: that is in the ``pyproject.toml`` beside it. With one, direct/transitive and paths
are exact; without one, ``direct`` is None and paths are empty. Dev: Poetry 1.x writes
``category = "dev"``; Poetry 2.x writes ``groups`` and a package is dev when "main" is not one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._pypi import (
    canonical,
    check_version,
    dependency,
    load_toml,
    project_roots,
    relative,
    shortest_paths,
    well_formed,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_KNOWN_MAJOR = 2


class PoetryLockReader(DependencyReader):
    """Reads poetry.lock, with the pyproject.toml beside it for the direct dependencies."""

    id: ClassVar[str] = "poetry-lock"
    label: ClassVar[str] = "Poetry lockfile"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("poetry.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        with well_formed(path):
            data = load_toml(path)
            check_version(path, data.get("metadata", {}).get("lock-version"), _KNOWN_MAJOR)
            packages = data.get("package", [])
            if not isinstance(packages, list) or not all(_is_package(p) for p in packages):
                raise ScanError(str(path), "a [[package]] has no name or version")
            versions = {canonical(p["name"]): str(p["version"]) for p in packages}
            graph = {
                canonical(p["name"]): [canonical(d) for d in p.get("dependencies", {})]
                for p in packages
            }
            roots = _roots(path.parent / "pyproject.toml")
            paths = shortest_paths(graph, sorted(roots)) if roots is not None else {}
            source = relative(path, root)
            for package in packages:
                name = canonical(package["name"])
                yield dependency(
                    package["name"],
                    str(package["version"]),
                    source,
                    direct=None if roots is None else name in roots,
                    dev=_is_dev(package),
                    path=tuple(f"{n}@{versions[n]}" for n in paths.get(name, ())),
                )


def _is_package(package: object) -> bool:
    return isinstance(package, dict) and "name" in package and "version" in package


def _is_dev(package: Mapping[str, Any]) -> bool:
    if "groups" in package:
        return "main" not in package["groups"]
    return package.get("category") == "dev"


def _roots(pyproject: Path) -> set[str] | None:
    """Canonical names the project asks for directly, or None without a pyproject.toml."""
    if not pyproject.is_file():
        return None
    main, dev = project_roots(load_toml(pyproject))
    return main | dev
