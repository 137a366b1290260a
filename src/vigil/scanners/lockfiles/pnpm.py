"""pnpm's ``pnpm-lock.yaml``, lockfileVersion 5.x, 6.x and 9.x.

Tested on files written by pnpm 7.33 (5.4), pnpm 8.15 (6.0) and pnpm 9.15 (9.0). The three
spell package keys differently — ``/name/1.0.0_peer@2`` (5.x), ``/name@1.0.0(peer@2)`` (6.x),
``name@1.0.0(peer@2)`` (9.x, whose dependency lists moved from ``packages`` to ``snapshots``) —
and a reference from a dependency list is either a bare version (the key is built from the
name) or, for an alias, a whole key. The project's direct dependencies are the top-level
``dependencies``/``devDependencies``/``optionalDependencies`` (5.x/6.x) or those of every
entry of ``importers`` (workspaces; always there in 9.x). ``link:`` dependencies are the
project's own code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._js import Node, Roots, relative, split_spec, walk
from vigil.scanners.lockfiles.interface import DependencyReader

KNOWN_MAJORS = (5, 6, 9)
PROD_BLOCKS = ("dependencies", "optionalDependencies")
_MAJOR = re.compile(r"\s*(\d+)")


class PnpmLockReader(DependencyReader):
    """``pnpm-lock.yaml`` (lockfileVersion 5.x, 6.x, 9.x)."""

    id: ClassVar[str] = "pnpm-lock"
    label: ClassVar[str] = "pnpm pnpm-lock.yaml"
    ecosystem: ClassVar[str] = "npm"
    patterns: ClassVar[tuple[str, ...]] = ("pnpm-lock.yaml",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        """Yield every package the lockfile resolves."""
        doc = _load(path)
        major = _major(path, doc.get("lockfileVersion"))
        entries = doc.get("snapshots") if major >= 9 else doc.get("packages")
        if major >= 9 and entries is None:  # a 9.x file with no snapshots lists its packages only
            entries = doc.get("packages")
        if not isinstance(entries, dict):
            entries = {}
        nodes: dict[str, Node] = {}
        for key, entry in entries.items():
            fields = entry if isinstance(entry, dict) else {}
            name, version = _name_version(path, major, str(key), fields)
            nodes[str(key)] = Node(name=name, version=version, dev_hint=fields.get("dev") is True)
        for key, node in nodes.items():
            fields = entries[key] if isinstance(entries[key], dict) else {}
            node.deps = _refs(major, fields, PROD_BLOCKS)
        yield from walk(nodes, _roots(path, major, doc), relative(path, root))


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScanError(str(path), f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ScanError(str(path), f"not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict):
        raise ScanError(str(path), "not a pnpm lockfile (not a YAML map)")
    return doc


def _major(path: Path, version: object) -> int:
    """The major of ``lockfileVersion`` (5.4, '6.0', '9.0', '5.4-inlineSpecifiers')."""
    match = _MAJOR.match(str(version)) if version is not None else None
    if match is None:
        raise ScanError(str(path), "not a pnpm lockfile (no lockfileVersion)")
    major = int(match.group(1))
    if major not in KNOWN_MAJORS:
        raise ScanError(
            str(path), f"lockfileVersion {version} is not one this reader knows (5, 6, 9)"
        )
    return major


def _name_version(path: Path, major: int, key: str, fields: Mapping[str, Any]) -> tuple[str, str]:
    """A package key as (name, version), peer suffix dropped; explicit fields win (pnpm writes
    them for packages from git or tarballs, whose keys are URLs)."""
    if isinstance(fields.get("name"), str) and fields.get("version") is not None:
        return fields["name"], str(fields["version"])
    bare = key.lstrip("/")
    if major == 5:
        parts = bare.split("/")
        scoped = bare.startswith("@")
        if len(parts) < (3 if scoped else 2):
            raise ScanError(str(path), f"package key {key!r} has no version")
        name = "/".join(parts[:2]) if scoped else parts[0]
        return name, parts[2 if scoped else 1].split("_")[0]
    name, version = split_spec(bare.split("(")[0])
    if not version:
        raise ScanError(str(path), f"package key {key!r} has no version")
    return name, version


def _key(major: int, name: str, ref: object) -> str | None:
    """The package key a dependency reference points at; None for a local ``link:``."""
    if isinstance(ref, dict):  # 6.x and 9.x importers: {specifier, version}
        ref = ref.get("version")
    if ref is None:
        return None
    text = str(ref)
    if text.startswith("link:"):
        return None
    if major == 5:
        return text if text.startswith("/") else f"/{name}/{text}"
    if major == 6:
        return text if text.startswith("/") else f"/{name}@{text}"
    # 9.x: an alias reference is a whole key (``ms@2.1.2``); a plain one is a version
    return text if "@" in text.split("(", maxsplit=1)[0][1:] else f"{name}@{text}"


def _refs(major: int, fields: Mapping[str, Any], blocks: tuple[str, ...]) -> list[str]:
    keys: list[str] = []
    for block in blocks:
        deps = fields.get(block)
        if isinstance(deps, dict):
            keys.extend(k for name, ref in deps.items() if (k := _key(major, str(name), ref)))
    return keys


def _roots(path: Path, major: int, doc: Mapping[str, Any]) -> Roots:
    importers = doc.get("importers")
    projects = list(importers.values()) if isinstance(importers, dict) else [doc]
    roots = Roots()
    for project in projects:
        if not isinstance(project, dict):
            raise ScanError(str(path), "an importer is not a map")
        roots.prod.extend(_refs(major, project, PROD_BLOCKS))
        roots.dev.extend(_refs(major, project, ("devDependencies",)))
    return roots
