"""Pipenv's ``Pipfile.lock`` (JSON, ``_meta.pipfile-spec`` 6; tested with pipenv 2026.x).

``default`` holds the runtime packages and ``develop`` the dev ones, flat, each with an
``==`` pin. The lockfile does not record who needs whom, so paths are empty; which packages
are direct comes from the ``Pipfile`` beside it (``[packages]``/``[dev-packages]``) when there
is one, else ``direct`` is None. Entries without a pin (git, path or file installs) name no
index version; they are skipped and logged, as the requirements reader does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import orjson

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._pypi import canonical, dependency, load_toml, relative, well_formed
from vigil.scanners.lockfiles.interface import DependencyReader

_log = logging.getLogger(__name__)
_KNOWN_SPEC = 6


class PipfileLockReader(DependencyReader):
    """Reads Pipfile.lock, with the Pipfile beside it for the direct dependencies."""

    id: ClassVar[str] = "pipfile-lock"
    label: ClassVar[str] = "Pipenv lockfile"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("Pipfile.lock",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        with well_formed(path):
            data = _load(path)
            direct = _direct(path.parent / "Pipfile")
            source = relative(path, root)
            runtime = data.get("default", {})
            for section, dev in (("default", False), ("develop", True)):
                for name, entry in data.get(section, {}).items():
                    if dev and name in runtime:
                        continue  # needed at run time too, so reported once as not dev
                    version = _version(entry)
                    if version is None:
                        _log.info("%s: %s skipped: no index version (%s)", path, name, entry)
                        continue
                    yield dependency(
                        name,
                        version,
                        source,
                        direct=None if direct is None else canonical(name) in direct,
                        dev=dev,
                    )


def _load(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ScanError(str(path), f"cannot read: {exc}") from exc
    except orjson.JSONDecodeError as exc:
        raise ScanError(str(path), f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
        raise ScanError(str(path), "not a Pipfile.lock (no _meta)")
    spec = data["_meta"].get("pipfile-spec")
    if not isinstance(spec, int):
        raise ScanError(str(path), "no pipfile-spec version in _meta")
    if spec > _KNOWN_SPEC:
        raise ScanError(str(path), f"pipfile-spec {spec} is newer than this reader knows")
    for section in ("default", "develop"):
        if not isinstance(data.get(section, {}), dict):
            raise ScanError(str(path), f"{section} is not an object")
    return data


def _version(entry: object) -> str | None:
    """The pinned version of an entry ("==1.2" → "1.2"), or None when it has none."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("version"), str):
        return None
    return str(entry["version"]).removeprefix("===").removeprefix("==")


def _direct(pipfile: Path) -> set[str] | None:
    """Canonical names the Pipfile asks for, or None without one."""
    if not pipfile.is_file():
        return None
    data = load_toml(pipfile)
    return {canonical(n) for s in ("packages", "dev-packages") for n in data.get(s, {})}
