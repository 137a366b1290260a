"""uv's ``uv.lock`` (lock format ``version = 1``, revisions 1-5; tested with uv 0.13).

The lockfile holds the whole graph: every ``[[package]]`` lists its ``dependencies`` (and the
project's own ``dev-dependencies`` and ``optional-dependencies``), so direct, transitive, dev
and the path are all exact. Workspace members (``source = { virtual | editable }``) are the
roots and are not reported themselves.
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
    relative,
    shortest_paths,
    well_formed,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_KNOWN_VERSION = 1


class UvLockReader(DependencyReader):
    """Reads uv.lock: the resolved graph of a uv project or workspace."""

    id: ClassVar[str] = "uv-lock"
    label: ClassVar[str] = "uv lockfile"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("uv.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        with well_formed(path):
            data = load_toml(path)
            check_version(path, data.get("version"), _KNOWN_VERSION)
            packages = data.get("package", [])
            if not isinstance(packages, list):
                raise ScanError(str(path), "[[package]] is not a list of tables")
            keys = _keys(path, packages)
            main: dict[str, list[str]] = {}
            dev: dict[str, list[str]] = {}
            graph: dict[str, list[str]] = {}
            for package in packages:
                key = _key(package)
                graph[key] = _edges(package.get("dependencies", []), keys)
                for extra in package.get("optional-dependencies", {}).values():
                    graph[key] += _edges(extra, keys)
                if _is_member(package):
                    main[key] = graph[key]
                    dev[key] = [
                        e
                        for g in package.get("dev-dependencies", {}).values()
                        for e in _edges(g, keys)
                    ]
            yield from _emit(path, root, packages, graph, main, dev)


def _emit(
    path: Path,
    root: Path,
    packages: list[dict[str, Any]],
    graph: dict[str, list[str]],
    main: Mapping[str, list[str]],
    dev: Mapping[str, list[str]],
) -> Iterator[Dependency]:
    main_direct = {e for edges in main.values() for e in edges}
    dev_direct = {e for edges in dev.values() for e in edges}
    from_main = shortest_paths(graph, main_direct)
    # A package reached from the main dependencies is not dev, even if a dev group wants it too.
    everything = shortest_paths(graph, [*main_direct, *dev_direct])
    source = relative(path, root)
    for package in packages:
        key = _key(package)
        if _is_member(package):
            continue
        direct = key in main_direct or key in dev_direct
        yield dependency(
            package["name"],
            str(package.get("version", "")),
            source,
            direct=direct,
            dev=key not in from_main,
            # A direct dependency has no path, even when another one also pulls it in.
            path=() if direct else from_main.get(key, everything.get(key, ())),
        )


def _key(package: Mapping[str, Any]) -> str:
    return f"{canonical(package['name'])}@{package.get('version', '')}"


def _keys(path: Path, packages: list[Any]) -> dict[str, list[str]]:
    """Canonical name → the keys of its locked versions (several when uv forked)."""
    keys: dict[str, list[str]] = {}
    for package in packages:
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            raise ScanError(str(path), "a [[package]] has no name")
        keys.setdefault(canonical(package["name"]), []).append(_key(package))
    return keys


def _edges(entries: list[Mapping[str, Any]], keys: Mapping[str, list[str]]) -> list[str]:
    """The keys an entry list points at; ``version`` is present only when a name is ambiguous."""
    edges: list[str] = []
    for entry in entries:
        candidates = keys.get(canonical(entry["name"]), [])
        wanted = f"{canonical(entry['name'])}@{entry.get('version', '')}"
        edges.extend(c for c in candidates if c == wanted or "version" not in entry)
    return edges


def _is_member(package: Mapping[str, Any]) -> bool:
    source = package.get("source", {})
    return "virtual" in source or "editable" in source
