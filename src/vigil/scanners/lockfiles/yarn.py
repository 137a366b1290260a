"""Yarn's ``yarn.lock``: the classic v1 format and Berry's YAML (``__metadata``).

Tested on files written by yarn 1.22 and yarn 4.18 (``__metadata.version`` 10). Classic v1 is
yarn's own syntax — entries keyed by one or more ``name@range`` specs, fields indented two
spaces, a ``dependencies`` block indented four — read here by a small line parser. Berry is
YAML keyed by ``name@npm:range`` descriptors with a ``resolution``. Neither records which
dependencies are the project's own or for development, so those come from the
``package.json`` beside the lockfile; in Berry, every workspace's too (its lockfile entry
when the workspace has none). Workspace, link, portal and file packages are the project's
own code. Classic yarn does not list workspaces in its lockfile: they come from the
``workspaces`` globs of the root package.json.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

import yaml

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._js import (
    Node,
    Roots,
    manifest,
    relative,
    split_spec,
    walk,
    workspace_folders,
)
from vigil.scanners.lockfiles.interface import DependencyReader

#: The newest Berry ``__metadata.version`` this reader was tested on (yarn 4.18 writes 10).
NEWEST_BERRY = 10
LOCAL_PROTOCOLS = ("workspace:", "link:", "portal:", "file:")
DEPENDENCY_BLOCKS = ("dependencies", "optionalDependencies")


class YarnLockReader(DependencyReader):
    """``yarn.lock``, classic (v1) and Berry (yarn 2+)."""

    id: ClassVar[str] = "yarn-lock"
    label: ClassVar[str] = "Yarn yarn.lock"
    ecosystem: ClassVar[str] = "npm"
    patterns: ClassVar[tuple[str, ...]] = ("yarn.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        """Yield every package the lockfile resolves."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScanError(str(path), f"cannot read: {exc}") from exc
        if "\n__metadata:" in f"\n{text}":
            entries, berry = _parse_berry(path, text), True
        else:
            entries, berry = _parse_classic(path, text), False
        nodes, specs = _graph(path, entries, berry)
        roots = _roots(path.parent, specs, entries if berry else None)
        yield from walk(nodes, roots, relative(path, root))


def _parse_classic(path: Path, text: str) -> dict[str, dict[str, Any]]:
    """Classic v1 entries: key line → {"version": …, "dependencies": {name: range}}."""
    entries: dict[str, dict[str, Any]] = {}
    entry: dict[str, Any] | None = None
    block: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        content = line.strip()
        if indent == 0 and content.endswith(":") and content.count('"') % 2 == 0:
            entry = entries.setdefault(content[:-1], {})
            block = None
        elif indent == 2 and entry is not None and content.endswith(":"):
            block = entry.setdefault(content[:-1], {})
        elif indent == 2 and entry is not None:
            key, value = _pair(path, number, content)
            entry[key] = value
            block = None
        elif indent == 4 and block is not None:
            key, value = _pair(path, number, content)
            block[key] = value
        else:
            raise ScanError(str(path), f"line {number}: not yarn.lock v1 syntax")
    for key, fields in entries.items():
        if not isinstance(fields.get("version"), str):
            raise ScanError(str(path), f"entry {key!r} has no version (truncated?)")
    return entries


def _pair(path: Path, number: int, content: str) -> tuple[str, str]:
    """``key value`` where either side may be double-quoted."""
    if content.startswith('"'):
        end = content.find('"', 1)
        if end < 0:
            raise ScanError(str(path), f"line {number}: unterminated quote")
        key, rest = content[1:end], content[end + 1 :]
    else:
        key, _, rest = content.partition(" ")
    value = rest.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return key, value


def _parse_berry(path: Path, text: str) -> dict[str, dict[str, Any]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScanError(str(path), f"not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("__metadata"), dict):
        raise ScanError(str(path), "not a Berry yarn.lock (no __metadata)")
    version = doc["__metadata"].get("version")
    if not isinstance(version, int) or version > NEWEST_BERRY:
        raise ScanError(
            str(path),
            f"__metadata.version {version} is not one this reader knows (<= {NEWEST_BERRY})",
        )
    entries = {str(k): v for k, v in doc.items() if k != "__metadata"}
    for key, fields in entries.items():
        if not isinstance(fields, dict) or "resolution" not in fields:
            raise ScanError(str(path), f"entry {key!r} has no resolution (truncated?)")
    return entries


def _graph(
    path: Path, entries: Mapping[str, dict[str, Any]], berry: bool
) -> tuple[dict[str, Node], dict[str, str]]:
    """Nodes keyed by entry key, and every ``name@range`` spec → its entry key."""
    specs = {spec.strip().strip('"'): key for key in entries for spec in key.split(",")}
    resolved = {str(fields.get("resolution")) for fields in entries.values()}
    nodes: dict[str, Node] = {}
    for key, fields in entries.items():
        first = key.split(",")[0].strip().strip('"')
        name, reference = split_spec(str(fields["resolution"]) if berry else first)
        if reference.startswith(LOCAL_PROTOCOLS) or _patches_known(reference, resolved):
            continue
        if reference.startswith("npm:") and "@" in reference[5:]:  # an alias: npm:real@range
            name = split_spec(reference[4:])[0]
        version = fields.get("version")
        if not isinstance(version, str | int | float):
            raise ScanError(str(path), f"entry {key!r} has no version")
        nodes[key] = Node(name=name, version=str(version))
    for key, node in nodes.items():
        for block in DEPENDENCY_BLOCKS:
            deps = entries[key].get(block) or {}
            if not isinstance(deps, dict):
                raise ScanError(str(path), f"entry {key!r}: {block} is not a map")
            node.deps.extend(d for n, r in deps.items() if (d := _lookup(specs, str(n), str(r))))
    return nodes, specs


def _patches_known(reference: str, resolved: set[str]) -> bool:
    """Berry patches some packages itself (``resolve@patch:resolve@npm%3A1.22.8#…``); the
    patched entry is the same package and version as the entry it patches, so report one.
    The patch's resolution names the resolved version (``npm%3A5.9.3``), whatever range the
    project asked for (``npm%3A^5.4.3``): it is matched against the other resolutions."""
    if not reference.startswith("patch:"):
        return False
    return unquote(reference[len("patch:") :].split("#", 1)[0]) in resolved


def _lookup(specs: Mapping[str, str], name: str, rng: str) -> str | None:
    """The entry a ``name``/``range`` pair resolves to; Berry adds ``npm:`` to bare ranges."""
    return specs.get(f"{name}@{rng}") or specs.get(f"{name}@npm:{rng}")


def _roots(
    directory: Path, specs: Mapping[str, str], berry_entries: Mapping[str, Any] | None
) -> Roots | None:
    """What the project itself depends on. Classic: its package.json. Berry: every workspace
    (``name@workspace:path``, the project being ``.``), from the workspace's package.json when
    it is there, else from its lockfile entry, which merges dev into run-time dependencies."""
    if berry_entries is None:  # classic: the workspaces are only in package.json
        found = manifest(directory)
        if found is None:
            return None
        roots = _manifest_roots(Roots(), found, specs)
        for folder in workspace_folders(directory):
            _manifest_roots(roots, manifest(folder) or ({}, {}), specs)
        return roots
    roots = Roots()
    for fields in berry_entries.values():
        reference = split_spec(str(fields.get("resolution", "")))[1]
        if not reference.startswith("workspace:"):
            continue
        folder = directory / reference[len("workspace:") :]
        inside = folder.resolve().is_relative_to(directory.resolve())
        found = manifest(folder) if inside else None
        if found is None:
            deps = fields.get("dependencies") or {}
            found = ({str(n): str(r) for n, r in deps.items()}, {})
        _manifest_roots(roots, found, specs)
    return roots


def _manifest_roots(
    roots: Roots, found: tuple[dict[str, str], dict[str, str]], specs: Mapping[str, str]
) -> Roots:
    prod, dev = found
    roots.prod.extend(key for n, r in prod.items() if (key := _lookup(specs, n, r)))
    roots.dev.extend(key for n, r in dev.items() if (key := _lookup(specs, n, r)))
    return roots
