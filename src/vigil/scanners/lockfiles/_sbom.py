"""What the SBOM readers (CycloneDX, SPDX) share: reading the file, telling a BOM of their own
format from any other JSON, and turning packages plus a dependency graph into Dependencies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import orjson

from vigil.errors import ScanError
from vigil.ingest._common import purl_name_version, purl_type
from vigil.model import Dependency
from vigil.scanners.lockfiles._license import normalise
from vigil.scanners.lockfiles._paths import shortest_paths

#: Larger files are not SBOMs a person keeps in a tree; reading them would stall the scan.
MAX_SBOM_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Package:
    """One package of a BOM: its id in the BOM (bom-ref, SPDXID), purl and licence."""

    key: str
    purl: str
    license: str | None = None
    dev: bool = False


def read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_SBOM_BYTES:
            raise ScanError(str(path), "larger than 256 MiB, not read")
        return path.read_bytes()
    except OSError as exc:
        raise ScanError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def source_name(path: Path, root: Path) -> str:
    """The name a BOM's dependencies give as their source: ``path`` relative to ``root``, or
    its own name when the BOM itself was given as the root."""
    return path.relative_to(root).as_posix() if path != root else path.name


def load_json(path: Path, data: bytes, own_patterns: Sequence[str]) -> Any:
    """The decoded JSON, or None when it is not JSON and the file's name does not say it is
    this reader's format (another reader claims ``sbom*.json`` too)."""
    try:
        return orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        if any(fnmatch(path.name, p) for p in own_patterns):
            raise ScanError(str(path), f"not valid JSON: {exc}") from None
        return None


def dependencies(
    packages: Sequence[Package],
    children: Mapping[str, Sequence[str]],
    roots: Sequence[str] | None,
    source: str,
) -> Iterator[Dependency]:
    """Dependencies of ``packages``. ``roots`` are the keys of what the BOM describes (None:
    the BOM has no graph, so direct and paths are unknown); what they need is direct. Nodes
    of the graph that are no package (a lockfile, an image layer) are passed through."""
    by_key = {p.key: p for p in packages}
    label = {p.key: _label(p.purl) for p in packages}
    top = set(roots or ())
    paths = {} if roots is None else shortest_paths(list(roots), children)
    seen: set[str] = set()
    for package in packages:
        parsed = purl_name_version(package.purl)
        if parsed is None or package.purl in seen:
            continue
        seen.add(package.purl)
        name, version = parsed
        chain = [k for k in paths.get(package.key, ()) if k in by_key and k not in top]
        direct = None if roots is None or package.key in top else len(chain) == 1
        yield Dependency(
            ecosystem=purl_type(package.purl) or "",
            name=name,
            version=version or "",
            purl=package.purl,
            source=source,
            direct=direct,
            dev=package.dev,
            path=() if len(chain) <= 1 else tuple(label[k] for k in chain),
            license=normalise(package.license),
        )


def _label(purl: str) -> str:
    parsed = purl_name_version(purl)
    if parsed is None:
        return purl
    return f"{parsed[0]}@{parsed[1]}" if parsed[1] else parsed[0]
