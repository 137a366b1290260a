"""Maven artifacts inside a jar (or war/ear): every ``META-INF/maven/<group>/<artifact>/
pom.properties`` Maven's archiver writes, including those of the jars a fat jar nests one level
down (Spring Boot's ``BOOT-INF/lib/*.jar``, a war's ``WEB-INF/lib/*.jar``).

A jar without ``pom.properties`` (built by another tool) names no Maven coordinates and yields
nothing rather than a guess from its file name.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO

from vigil.model import Dependency

#: A nested jar larger than this is not opened (it is read into memory to be unzipped).
MAX_NESTED = 64 * 1024 * 1024
_POM_PROPERTIES = "pom.properties"
_MAX_PROPERTIES = 64 * 1024


def jar_packages(path: str, stream: IO[bytes], size: int) -> tuple[Dependency, ...]:
    """The Maven artifacts in the jar ``stream`` (``size`` bytes); () when it is not a zip."""
    data = stream.read(size)
    found: dict[tuple[str, str, str], str] = {}
    _read_jar(data, path, found, nested=True)
    return tuple(
        Dependency("maven", f"{g}:{a}", v, f"pkg:maven/{g}/{a}@{v}", source)
        for (g, a, v), source in found.items()
    )


def _read_jar(
    data: bytes, source: str, found: dict[tuple[str, str, str], str], *, nested: bool
) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        for info in archive.infolist():
            name = info.filename
            if name.startswith("META-INF/maven/") and name.endswith("/" + _POM_PROPERTIES):
                coordinates = _coordinates(archive, info)
                if coordinates is not None:
                    found.setdefault(coordinates, source)
            elif nested and name.endswith(".jar") and 0 < info.file_size <= MAX_NESTED:
                inner = _member(archive, info, MAX_NESTED)
                if inner is not None:
                    _read_jar(inner, f"{source}!/{name}", found, nested=False)


def _coordinates(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, str, str] | None:
    raw = _member(archive, info, _MAX_PROPERTIES)
    if raw is None:
        return None
    values = parse_properties(raw.decode("latin-1"))
    group, artifact, version = (values.get(k, "") for k in ("groupId", "artifactId", "version"))
    if group and artifact and version:
        return group, artifact, version
    return None


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    if info.file_size > cap:
        return None
    try:
        with archive.open(info) as handle:
            return handle.read(cap + 1)[:cap]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None


def parse_properties(text: str) -> dict[str, str]:
    """``key=value`` (or ``key: value``) lines of a Java properties file; comments skipped."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        for separator in ("=", ":"):
            if separator in line:
                key, _, value = line.partition(separator)
                values[key.strip()] = value.strip()
                break
    return values
