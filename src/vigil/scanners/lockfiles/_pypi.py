"""What the Python readers share: PEP 503 names, purls, TOML loading and dependency paths."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._paths import shortest_paths as graph_paths

_SEPARATORS = re.compile(r"[-_.]+")


def canonical(name: str) -> str:
    """The PEP 503 normal form of a project name: what PyPI and OSV key it by."""
    return _SEPARATORS.sub("-", name).lower()


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it lies under it, else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def dependency(
    name: str,
    version: str,
    source: str,
    *,
    direct: bool | None = None,
    dev: bool = False,
    path: tuple[str, ...] = (),
    license: str | None = None,
) -> Dependency:
    """A PyPI Dependency; the purl carries the canonical name, ``name`` keeps the file's."""
    purl = f"pkg:pypi/{canonical(name)}" + (f"@{version}" if version else "")
    return Dependency("pypi", name, version, purl, source, direct, dev, path, license)


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every way it can be unreadable into a ScanError."""
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, UnicodeDecodeError) as exc:
        raise ScanError(str(path), f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScanError(str(path), f"not valid TOML: {exc}") from exc


@contextmanager
def well_formed(path: Path) -> Iterator[None]:
    """Turn a lookup that fails on a file of the right syntax but the wrong shape (a table
    where a list belongs, a missing key) into a ScanError naming the file."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ScanError(str(path), f"unexpected structure ({type(exc).__name__}: {exc})") from exc


def check_version(path: Path, found: object, known_major: int) -> None:
    """Refuse a lockfile whose format version is missing or newer than this reader knows.

    A newer major version may move or rename fields; guessing would give wrong results.
    """
    text = str(found) if isinstance(found, int | str) else ""
    major = text.split(".", 1)[0]
    if not major.isdigit():
        raise ScanError(str(path), f"no readable lock format version ({found!r})")
    if int(major) > known_major:
        raise ScanError(str(path), f"lock format version {text} is newer than this reader knows")


def requirement_name(spec: str) -> str | None:
    """The canonical project name of a PEP 508 string, or None when it is not one."""
    try:
        return canonical(Requirement(spec).name)
    except InvalidRequirement:
        return None


def project_roots(pyproject: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """Canonical names a pyproject.toml asks for directly: (main, development).

    Reads PEP 621 ``[project]`` (dependencies and optional ones count as main), PEP 735
    ``[dependency-groups]``, Poetry's ``[tool.poetry]`` tables and PDM's dev-dependencies.
    """
    main: set[str] = set()
    dev: set[str] = set()
    project = pyproject.get("project", {})
    main.update(_names(project.get("dependencies", [])))
    for specs in project.get("optional-dependencies", {}).values():
        main.update(_names(specs))
    for specs in pyproject.get("dependency-groups", {}).values():
        dev.update(_names(s for s in specs if isinstance(s, str)))
    tool = pyproject.get("tool", {})
    poetry = tool.get("poetry", {})
    main.update(canonical(n) for n in poetry.get("dependencies", {}) if n != "python")
    dev.update(canonical(n) for n in poetry.get("dev-dependencies", {}))
    for name, group in poetry.get("group", {}).items():
        target = main if name == "main" else dev
        target.update(canonical(n) for n in group.get("dependencies", {}))
    for specs in tool.get("pdm", {}).get("dev-dependencies", {}).values():
        dev.update(_names(specs))
    return main, dev


def _names(specs: Iterable[str]) -> Iterable[str]:
    for spec in specs:
        name = requirement_name(spec)
        if name is not None:
            yield name


def shortest_paths(
    graph: Mapping[str, Iterable[str]], roots: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """For every node reachable from ``roots``, a shortest chain of nodes from a root down to
    it, itself included; a root maps to ``()`` (what ``Dependency.path`` holds for a direct
    dependency). Nodes the graph does not hold (packages the lock left out) are ignored.
    """
    children = {node: [c for c in kids if c in graph] for node, kids in graph.items()}
    chains = graph_paths([r for r in roots if r in graph], children)
    return {node: chain if len(chain) > 1 else () for node, chain in chains.items()}
