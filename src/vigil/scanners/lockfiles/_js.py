"""What the JavaScript readers share: npm purls, the project's ``package.json``, the node_modules
resolution rule, and one walk over a resolved dependency graph that works out, from the
project's own dependencies, which packages are direct, which are only needed for development,
and the chain that pulled each one in.

Every JavaScript format resolves to the same shape — packages that depend on packages — so the
formats differ only in how they spell that graph; the walk is written once, here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._license import any_of, normalise

#: The sections of a package that name what it needs at run time (npm 7+ installs peers).
RUNTIME_SECTIONS = ("dependencies", "optionalDependencies", "peerDependencies")


@dataclass(slots=True)
class Node:
    """One installed package in a resolved graph; ``deps`` are ids of other nodes."""

    name: str
    version: str
    deps: list[str] = field(default_factory=list)
    dev_hint: bool = False  # the lockfile's own dev flag, used when the roots are unknown
    source: str | None = None  # overrides the reader's source (node_modules: each package.json)
    license: str | None = None


@dataclass(slots=True)
class Roots:
    """The node ids the project itself depends on, split into run-time and development."""

    prod: list[str] = field(default_factory=list)
    dev: list[str] = field(default_factory=list)


def npm_purl(name: str, version: str) -> str:
    """``pkg:npm/%40scope/name@version`` (the scope is the purl namespace)."""
    namespace, _, bare = name.rpartition("/")
    return PackageURL(
        type="npm", namespace=namespace or None, name=bare, version=version or None
    ).to_string()


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the scanned root, in POSIX spelling."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_json(path: Path) -> Any:
    """A JSON file's content; a ScanError when it cannot be read or is not JSON."""
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ScanError(str(path), f"cannot read: {exc.strerror}") from exc
    except orjson.JSONDecodeError as exc:
        raise ScanError(str(path), f"not valid JSON ({exc})") from exc


def split_spec(spec: str) -> tuple[str, str]:
    """``name@range`` → (name, range); the scope's ``@`` is not a separator."""
    at = spec.find("@", 1)
    return (spec, "") if at < 0 else (spec[:at], spec[at + 1 :])


def manifest(directory: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    """The run-time and development dependencies (name → range) of ``package.json`` in
    ``directory``, or None when there is none."""
    path = directory / "package.json"
    if not path.is_file():
        return None
    data = load_json(path)
    if not isinstance(data, dict):
        raise ScanError(str(path), "package.json is not a JSON object")
    prod: dict[str, str] = {}
    for section in ("dependencies", "optionalDependencies"):
        prod.update(_str_map(data.get(section)))
    return prod, _str_map(data.get("devDependencies"))


def workspace_folders(directory: Path) -> list[Path]:
    """The workspace folders the ``workspaces`` of ``directory``'s package.json names (a list of
    globs, or ``{"packages": [...]}``), those inside ``directory`` with a package.json."""
    path = directory / "package.json"
    data = load_json(path) if path.is_file() else None
    globs = data.get("workspaces") if isinstance(data, dict) else None
    if isinstance(globs, dict):
        globs = globs.get("packages")
    if not isinstance(globs, list):
        return []
    top = directory.resolve()
    found: list[Path] = []
    for pattern in globs:
        for folder in sorted(directory.glob(str(pattern))):
            inside = folder.resolve().is_relative_to(top) and "node_modules" not in folder.parts
            if inside and (folder / "package.json").is_file() and folder not in found:
                found.append(folder)
    return found


def license_of(manifest: Mapping[str, Any]) -> str | None:
    """The SPDX expression a package.json or npm lockfile entry declares; old packages spell
    it ``{"type": "MIT"}`` or as a ``licenses`` list."""
    value = manifest.get("license")
    if isinstance(value, dict):
        value = value.get("type")
    if isinstance(value, str) and value:
        return normalise(value)
    listed = manifest.get("licenses")
    if isinstance(listed, list):
        types = [
            str(item.get("type")) for item in listed if isinstance(item, dict) and item.get("type")
        ]
        return any_of(types)
    return None


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items()}


def section_names(entry: Mapping[str, Any], sections: Iterable[str]) -> list[str]:
    """The dependency names listed under ``sections`` of a lockfile entry or package.json."""
    names: list[str] = []
    for section in sections:
        names.extend(_str_map(entry.get(section)))
    return names


def resolve_location(packages: Mapping[str, object], location: str, name: str) -> str | None:
    """Where node finds ``name`` when required from ``location``: its own node_modules, then
    each enclosing one up to the project's (``node_modules/a/node_modules/b`` style keys)."""
    base = location
    while True:
        candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
        if candidate in packages:
            return candidate
        if not base:
            return None
        cut = base.rfind("/node_modules/")
        base = base[:cut] if cut >= 0 else ""


def walk(nodes: Mapping[str, Node], roots: Roots | None, source: str) -> Iterator[Dependency]:
    """Every node as a Dependency. With ``roots``, a breadth-first walk from the run-time roots
    and then the development ones gives ``direct``, ``dev`` and the shortest ``path``; without
    them, ``direct`` is None and ``dev`` is the lockfile's own flag."""
    parents: dict[str, str | None] = {}
    dev_only: set[str] = set()
    if roots is not None:
        _bfs(nodes, roots.prod, parents)
        before = set(parents)
        _bfs(nodes, roots.dev, parents)
        dev_only = set(parents) - before
    for node_id, node in nodes.items():
        reached = node_id in parents
        if roots is None:
            direct: bool | None = None
        else:
            direct = reached and parents[node_id] is None
        dev = node_id in dev_only if reached else node.dev_hint
        yield Dependency(
            ecosystem="npm",
            name=node.name,
            version=node.version,
            purl=npm_purl(node.name, node.version),
            source=node.source or source,
            direct=direct,
            dev=dev,
            path=_chain(nodes, parents, node_id) if reached else (),
            license=node.license,
        )


def _bfs(nodes: Mapping[str, Node], start: Iterable[str], parents: dict[str, str | None]) -> None:
    queue: deque[str] = deque()
    for node_id in start:
        if node_id in nodes and node_id not in parents:
            parents[node_id] = None
            queue.append(node_id)
    while queue:
        current = queue.popleft()
        for dep in nodes[current].deps:
            if dep in nodes and dep not in parents:
                parents[dep] = current
                queue.append(dep)


def _chain(
    nodes: Mapping[str, Node], parents: Mapping[str, str | None], node_id: str
) -> tuple[str, ...]:
    """``name@version`` from the direct dependency down to this one; () for a direct one."""
    if parents[node_id] is None:
        return ()
    chain: list[str] = []
    current: str | None = node_id
    while current is not None:
        chain.append(f"{nodes[current].name}@{nodes[current].version}")
        current = parents[current]
    return tuple(reversed(chain))
