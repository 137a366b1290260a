"""Cargo's ``Cargo.lock``: every crate of the resolved graph, direct or transitive, with paths.

Formats: v1 (no ``version`` key, ``[metadata]`` checksums, dependencies spelled
``"name version (source)"``, and in the oldest files a ``[root]`` table), v2 (no ``version``
key, dependencies spelled ``"name"`` unless ambiguous), v3 (``version = 3``) and v4
(``version = 4``, Cargo 1.78+). Tested on real files: v3 (rng-query), v1, v2 and v4 (ripgrep).

The lockfile does not say which crates are the project's own: the packages without a
``source`` (the workspace members and path dependencies) are taken as the roots, and what they
depend on is direct. Cargo.lock does not record dev-dependencies either, so a ``Cargo.toml``
beside it is read for its ``[dev-dependencies]``: a crate reachable only through those is dev.
Other workspace members' manifests are not read, so their dev-dependencies count as run time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._paths import reachable, shortest_paths
from vigil.scanners.lockfiles.interface import DependencyReader

_KNOWN_VERSIONS = (3, 4)  # v1 and v2 carry no version key
_Key = tuple[str, str, str]  # name, version, source ("" for the project's own crates)


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScanError(str(path), f"not readable TOML: {exc}") from exc


def _packages(path: Path, doc: dict[str, Any]) -> list[tuple[_Key, dict[str, Any]]]:
    """Every package entry with its key, the oldest v1's ``[root]`` table included."""
    version = doc.get("version")
    if version is not None and version not in _KNOWN_VERSIONS:
        raise ScanError(str(path), f"Cargo.lock version {version!r} is not 1 to 4")
    raw = doc.get("package", [])
    raw = [*raw, doc["root"]] if "root" in doc and isinstance(raw, list) else raw
    if not raw or not isinstance(raw, list):
        raise ScanError(str(path), "no [[package]] entries: not a Cargo.lock")
    found = []
    for entry in raw:
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("name", "version")
        ):
            raise ScanError(str(path), f"a package without name and version: {entry!r}")
        found.append(((entry["name"], entry["version"], str(entry.get("source", ""))), entry))
    return found


def _resolve(path: Path, spec: str, keys: list[_Key]) -> _Key:
    """The package a dependency string names: ``name``, ``name version`` or, in v1,
    ``name version (source)``."""
    name, _, rest = spec.partition(" ")
    version, _, source = rest.partition(" ")
    source = source.strip("()")
    found = [
        k
        for k in keys
        if k[0] == name and (not version or k[1] == version) and (not source or k[2] == source)
    ]
    if len(found) != 1:
        raise ScanError(str(path), f"dependency {spec!r} names {len(found)} packages")
    return found[0]


def _graph(path: Path, packages: list[tuple[_Key, dict[str, Any]]]) -> dict[_Key, list[_Key]]:
    keys = [key for key, _ in packages]
    return {
        key: [_resolve(path, str(spec), keys) for spec in entry.get("dependencies", [])]
        for key, entry in packages
    }


def _dev_only(manifest: Path) -> tuple[str, set[str]]:
    """The package the ``Cargo.toml`` beside the lockfile describes, and the crates it lists
    only as dev-dependencies; ("", set()) without one (or for a virtual workspace)."""
    if not manifest.is_file():
        return "", set()
    doc = _load_toml(manifest)

    def names(table: Mapping[str, Any]) -> set[str]:
        # A renamed dependency (``alias = { package = "real" }``) locks under its real name.
        return {
            value.get("package", key) if isinstance(value, dict) else key
            for key, value in table.items()
        }

    normal = names(doc.get("dependencies", {})) | names(doc.get("build-dependencies", {}))
    package = doc.get("package", {}).get("name", "")
    return str(package), names(doc.get("dev-dependencies", {})) - normal


class CargoLockReader(DependencyReader):
    """``Cargo.lock`` v1 to v4: crates with purls, direct/transitive, paths and dev flags."""

    id: ClassVar[str] = "cargo-lock"
    label: ClassVar[str] = "Cargo.lock"
    ecosystem: ClassVar[str] = "cargo"
    patterns: ClassVar[tuple[str, ...]] = ("Cargo.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        doc = _load_toml(path)
        packages = _packages(path, doc)
        keys = [key for key, _ in packages]
        graph = _graph(path, packages)
        roots = [k for k in keys if not k[2]]
        package, dev_names = _dev_only(path.parent / "Cargo.toml")
        # Only the edges from the package whose manifest was read are known to be dev ones;
        # another workspace member may need the same crate at run time.
        edges = [(r, c) for r in roots for c in graph[r] if c[2]]
        dev_edge = [r[0] == package and c[0] in dev_names for r, c in edges]
        dev_direct = [c for (_, c), is_dev in zip(edges, dev_edge, strict=True) if is_dev]
        runtime = [c for (_, c), is_dev in zip(edges, dev_edge, strict=True) if not is_dev]
        direct = runtime + dev_direct
        not_dev = reachable(runtime, graph)
        dev = reachable(dev_direct, graph) - not_dev
        # A run-time crate's path should not pass through a dev-dependency that also uses it.
        runtime_paths = shortest_paths(runtime, graph)
        all_paths = shortest_paths(direct, graph)
        source = path.relative_to(root).as_posix()
        for key in keys:
            if not key[2]:
                continue  # the project's own crates are not third-party dependencies
            name, version, _ = key
            chain = (runtime_paths if key in not_dev else all_paths).get(key)
            yield Dependency(
                ecosystem="cargo",
                name=name,
                version=version,
                purl=PackageURL(type="cargo", name=name, version=version).to_string(),
                source=source,
                direct=None if not roots else (chain is not None and len(chain) == 1),
                dev=key in dev,
                path=()
                if chain is None or len(chain) == 1
                else tuple(f"{k[0]}@{k[1]}" for k in chain),
            )
