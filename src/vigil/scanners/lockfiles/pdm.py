"""PDM's ``pdm.lock`` (``metadata.lock_version`` 4.x; tested with a 4.4.1 file from a public
project).

Every ``[[package]]`` lists the PEP 508 requirements it depends on, so paths are exact once
the roots are known; the roots come from the ``pyproject.toml`` beside the lock (PEP 621
dependencies, PEP 735 groups, ``[tool.pdm.dev-dependencies]``), else ``direct`` is None.
A package with extras appears once more per extra set (``extras = ["toml"]``); it is one
package and is reported once. Dev: since lock 4.4 a package lists its ``groups``; it is dev
when "default" is not one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    requirement_name,
    shortest_paths,
    well_formed,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_KNOWN_MAJOR = 4


class PdmLockReader(DependencyReader):
    """Reads pdm.lock, with the pyproject.toml beside it for the direct dependencies."""

    id: ClassVar[str] = "pdm-lock"
    label: ClassVar[str] = "PDM lockfile"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("pdm.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        with well_formed(path):
            data = load_toml(path)
            check_version(path, data.get("metadata", {}).get("lock_version"), _KNOWN_MAJOR)
            packages = _merged(path, data.get("package", []))
            graph = {name: sorted(edges) for name, (_, edges) in packages.items()}
            roots = _roots(path.parent / "pyproject.toml")
            paths = shortest_paths(graph, sorted(roots)) if roots is not None else {}
            source = relative(path, root)
            for name, (package, _) in packages.items():
                yield dependency(
                    package["name"],
                    str(package["version"]),
                    source,
                    direct=None if roots is None else name in roots,
                    dev="groups" in package and "default" not in package["groups"],
                    path=tuple(f"{n}@{packages[n][0]['version']}" for n in paths.get(name, ())),
                )


def _merged(path: Path, packages: object) -> dict[str, tuple[dict[str, Any], set[str]]]:
    """Canonical name → (its first entry, the names all its entries depend on)."""
    if not isinstance(packages, list):
        raise ScanError(str(path), "[[package]] is not a list of tables")
    merged: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for package in packages:
        if not isinstance(package, dict) or "name" not in package or "version" not in package:
            raise ScanError(str(path), "a [[package]] has no name or version")
        name = canonical(package["name"])
        _, edges = merged.setdefault(name, (package, set()))
        edges.update(n for d in package.get("dependencies", []) if (n := requirement_name(d)))
        edges.discard(name)  # an extras entry depends on its own base package
    return merged


def _roots(pyproject: Path) -> set[str] | None:
    """Canonical names the project asks for directly, or None without a pyproject.toml."""
    if not pyproject.is_file():
        return None
    main, dev = project_roots(load_toml(pyproject))
    return main | dev
