"""Composer's ``composer.lock``: ``packages`` and ``packages-dev``, with direct dependencies
and paths from the ``composer.json`` beside it.

The format has had the same shape since Composer 1.0 (``packages``, ``packages-dev``, each
entry's ``require``); tested on a real Composer 2 lockfile (coarnotifyphp,
``plugin-api-version`` 2.6.0). Without a ``composer.json`` beside it, direct is unknown (None).

Versions are kept as locked except for a leading ``v`` before a digit (``v3.5.1``), which
Composer itself ignores and Packagist advisories do not spell. Each package's ``license``
list is read as a choice of SPDX licences (Composer's documented meaning).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson
from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._license import any_of, normalise
from vigil.scanners.lockfiles._paths import shortest_paths
from vigil.scanners.lockfiles.interface import DependencyReader

# The PHP runtime, its extensions and libraries, and Composer itself are platform
# requirements, not packages that the lockfile installs.
_PLATFORM = re.compile(
    r"^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|composer(-plugin|-runtime)?-api|"
    r"composer|ext-.+|lib-.+)$"
)
_V_PREFIX = re.compile(r"^v(?=\d)")


def _load_json(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ScanError(str(path), f"not readable JSON: {exc}") from exc


def _packages(path: Path, doc: Any) -> list[tuple[dict[str, Any], bool]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("packages"), list):
        raise ScanError(str(path), "no 'packages' list: not a composer.lock")
    found = []
    for key, dev in (("packages", False), ("packages-dev", True)):
        for entry in doc.get(key) or []:
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("name", "version")
            ):
                raise ScanError(str(path), f"a {key} entry without name and version")
            if not isinstance(entry.get("require", {}), dict):
                raise ScanError(str(path), f"{entry['name']}: 'require' is not an object")
            found.append((entry, dev))
    return found


def _declared(manifest: Path) -> tuple[list[str], list[str]] | None:
    """The package names ``composer.json`` requires at run time and for development,
    lower-cased as Composer compares them; None when there is no manifest."""
    if not manifest.is_file():
        return None
    doc = _load_json(manifest)
    if not isinstance(doc, dict):
        raise ScanError(str(manifest), "not a JSON object: not a composer.json")

    def packages(key: str) -> list[str]:
        names = doc.get(key, {})
        if not isinstance(names, dict):
            raise ScanError(str(manifest), f"'{key}' is not an object")
        return [n.lower() for n in names if not _PLATFORM.match(n.lower())]

    return packages("require"), packages("require-dev")


class ComposerLockReader(DependencyReader):
    """``composer.lock``: Packagist packages with purls, dev flags, direct and paths."""

    id: ClassVar[str] = "composer-lock"
    label: ClassVar[str] = "composer.lock"
    ecosystem: ClassVar[str] = "composer"
    patterns: ClassVar[tuple[str, ...]] = ("composer.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        entries = _packages(path, _load_json(path))
        versions = {e["name"].lower(): _V_PREFIX.sub("", e["version"]) for e, _ in entries}
        graph = {
            e["name"].lower(): [n.lower() for n in e.get("require", {}) if n.lower() in versions]
            for e, _ in entries
        }
        declared = _declared(path.parent / "composer.json")
        runtime, dev_only = declared or ([], [])
        # A run-time package's path should not pass through a dev tool that also needs it.
        runtime_paths = shortest_paths([n for n in runtime if n in versions], graph)
        all_paths = shortest_paths([n for n in runtime + dev_only if n in versions], graph)
        source = path.relative_to(root).as_posix()
        for entry, dev in entries:
            name = entry["name"]
            version = versions[name.lower()]
            vendor, _, short = name.rpartition("/")
            chain = (all_paths if dev else runtime_paths).get(name.lower(), ())
            yield Dependency(
                ecosystem="composer",
                name=name,
                version=version,
                purl=PackageURL("composer", vendor or None, short, version).to_string(),
                source=source,
                direct=None if declared is None else name.lower() in runtime + dev_only,
                dev=dev,
                path=() if len(chain) <= 1 else tuple(f"{n}@{versions[n]}" for n in chain),
                license=_license(entry.get("license")),
            )


def _license(value: object) -> str | None:
    # Composer documents a list of licences as a choice ("or"), not a conjunction.
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, list):
        return any_of([str(v) for v in value if isinstance(v, str)])
    return None
