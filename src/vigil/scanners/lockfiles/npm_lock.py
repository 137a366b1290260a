"""npm's ``package-lock.json`` and ``npm-shrinkwrap.json``, lockfileVersion 1, 2 and 3.

Tested on files written by npm 11.19 (``--lockfile-version 1``, ``2`` and ``3``, and
``npm shrinkwrap``). Version 2 and 3 list every installed package under ``packages`` keyed by
its install location (``node_modules/a/node_modules/b``) with the project itself under ``""``;
version 1 nests ``dependencies`` inside each other and does not record the project's own
dependencies, so those come from the ``package.json`` beside it. Requires are resolved the way
node does (own node_modules first, then each enclosing one), which gives the dependency path.
Aliases (``"my-ms": "npm:ms@2.1.2"``) are reported under the real package name. Workspace
folders and ``link`` entries are the project's own code: not reported, and what they
depend on is direct.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._js import (
    RUNTIME_SECTIONS,
    Node,
    Roots,
    license_of,
    load_json,
    manifest,
    relative,
    resolve_location,
    section_names,
    split_spec,
    walk,
)
from vigil.scanners.lockfiles.interface import DependencyReader

KNOWN_VERSIONS = (1, 2, 3)


class NpmLockReader(DependencyReader):
    """``package-lock.json`` / ``npm-shrinkwrap.json`` (lockfileVersion 1-3)."""

    id: ClassVar[str] = "npm-lock"
    label: ClassVar[str] = "npm package-lock.json"
    ecosystem: ClassVar[str] = "npm"
    patterns: ClassVar[tuple[str, ...]] = ("package-lock.json", "npm-shrinkwrap.json")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        """Yield every installed package of the lockfile."""
        doc = load_json(path)
        if not isinstance(doc, dict):
            raise ScanError(str(path), "not an npm lockfile (not a JSON object)")
        version = doc.get("lockfileVersion")
        if not isinstance(version, int) or isinstance(version, bool):
            raise ScanError(str(path), "not an npm lockfile (no lockfileVersion)")
        if version not in KNOWN_VERSIONS:
            raise ScanError(
                str(path), f"lockfileVersion {version} is not one this reader knows (1-3)"
            )
        packages = doc.get("packages")
        if version >= 2 or isinstance(packages, dict):
            if not isinstance(packages, dict):
                raise ScanError(str(path), f"lockfileVersion {version} without a packages map")
        else:
            packages = _flatten_v1(path, doc.get("dependencies", {}), "")
            packages[""] = _root_from_manifest(path.parent)
        yield from walk(*location_graph(path, packages), relative(path, root))


def location_graph(path: Path, packages: Mapping[str, Any]) -> tuple[dict[str, Node], Roots | None]:
    """The graph of a location-keyed package map (lockfile v2/v3, or an installed tree), and
    the project's roots from its ``""`` entry (None when that is unknown)."""
    nodes: dict[str, Node] = {}
    for location, entry in packages.items():
        if "node_modules/" not in location or not isinstance(entry, dict) or entry.get("link"):
            continue  # the project, a workspace folder or a link to one: our own code
        node = _node(path, location, entry)
        if node is not None:
            nodes[location] = node
    for location, node in nodes.items():
        names = section_names(packages[location], RUNTIME_SECTIONS)
        node.deps = [dep for name in names if (dep := resolve_location(nodes, location, name))]
    if not isinstance(packages.get(""), dict):
        return nodes, None
    roots = Roots()
    for location, entry in packages.items():
        # the project ("") and each workspace folder ("packages/app") are our own code: what
        # they depend on is direct
        if "node_modules/" in location or not isinstance(entry, dict):
            continue
        for names, into in (
            (section_names(entry, RUNTIME_SECTIONS), roots.prod),
            (section_names(entry, ("devDependencies",)), roots.dev),
        ):
            into.extend(dep for name in names if (dep := resolve_location(nodes, location, name)))
    return nodes, roots


def _node(path: Path, location: str, entry: Mapping[str, Any]) -> Node | None:
    version = entry.get("version")
    if version is None:
        return None
    if not isinstance(version, str):
        raise ScanError(str(path), f"{location}: version is not a string")
    name = entry.get("name") or location.rpartition("node_modules/")[2]
    if version.startswith("npm:"):  # lockfile v1 spells an alias in the version
        name, version = split_spec(version[4:])
    elif version.startswith(("file:", "link:")):
        return None  # a local folder or tarball: the project's own code
    return Node(
        name=str(name),
        version=version,
        dev_hint=entry.get("dev") is True,
        license=license_of(entry),
    )


def _flatten_v1(path: Path, dependencies: object, prefix: str) -> dict[str, Any]:
    """Lockfile v1's nested ``dependencies`` as v2-style location keys, ``requires`` as
    ``dependencies``."""
    if not isinstance(dependencies, dict):
        raise ScanError(str(path), f"{prefix or 'top level'}: dependencies is not an object")
    flat: dict[str, Any] = {}
    for name, entry in dependencies.items():
        if not isinstance(entry, dict):
            raise ScanError(str(path), f"{prefix}node_modules/{name}: entry is not an object")
        location = f"{prefix}node_modules/{name}"
        flat[location] = {
            "version": entry.get("version"),
            "dev": entry.get("dev"),
            "dependencies": entry.get("requires"),
        }
        if "dependencies" in entry:
            flat.update(_flatten_v1(path, entry["dependencies"], location + "/"))
    return flat


def _root_from_manifest(directory: Path) -> dict[str, Any] | None:
    """Lockfile v1 does not record the project's own dependencies: ask package.json."""
    found = manifest(directory)
    if found is None:
        return None
    prod, dev = found
    return {"dependencies": prod, "devDependencies": dev}
