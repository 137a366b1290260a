"""Operating-system packages of an image: the distribution from ``os-release`` and the
packages from dpkg's and apk's databases, as Dependencies whose purl carries the release
(``pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12``).

Distributions publish advisories by *source* package (Debian's ``openssl`` covers the binary
packages ``libssl3`` and ``openssl``; Alpine's origin ``openssl`` covers ``libcrypto3`` and
``libssl3``), so each Dependency names the source package at the source version, and its
``path`` names the binary package that brought it in.

Formats: dpkg ``status`` (and distroless ``status.d/<package>`` files), deb822 paragraphs, only
those whose ``Status`` ends in ``installed``; apk ``installed``, ``P:``/``V:``/``o:`` records;
``os-release`` shell-style assignments (freedesktop.org).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from vigil.errors import ScanError
from vigil.model import Dependency

_SOURCE_FIELD = re.compile(r"^(?P<name>\S+)(?:\s+\((?P<version>[^)]+)\))?$")


@dataclass(frozen=True, slots=True)
class Distro:
    """What ``os-release`` says: ``ID`` (debian, ubuntu, alpine…), ``VERSION_ID`` and the name."""

    id: str
    version_id: str
    pretty_name: str

    @property
    def release(self) -> str:
        """The release advisories are published for: Alpine's major.minor, else VERSION_ID."""
        if self.id == "alpine":
            return ".".join(self.version_id.split(".")[:2])
        return self.version_id

    @property
    def qualifier(self) -> str:
        """The purl ``distro`` qualifier: ``debian-12``, ``alpine-3.18``, ``ubuntu-22.04``."""
        return f"{self.id}-{self.release}" if self.release else self.id


def read_os_release(text: str) -> Distro | None:
    """The distribution an ``os-release`` file describes; None without an ``ID``."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, raw = line.strip().partition("=")
        if not sep or not key or key.startswith("#"):
            continue
        try:
            words = shlex.split(raw)
        except ValueError:
            continue
        values[key] = words[0] if words else ""
    ident = values.get("ID", "").strip().lower()
    if not ident:
        return None
    return Distro(ident, values.get("VERSION_ID", ""), values.get("PRETTY_NAME", ident))


def purl(kind: str, distro: Distro | None, name: str, version: str, namespace: str) -> str:
    """``pkg:<kind>/<namespace>/<name>@<version>?distro=<qualifier>``."""
    text = f"pkg:{kind}/{namespace}/{quote(name, safe='+')}@{quote(version, safe='+~:')}"
    return text + (f"?distro={distro.qualifier}" if distro else "")


def dpkg_packages(text: str, source: str, distro: Distro | None) -> Iterator[Dependency]:
    """The installed packages of one dpkg status file (or one ``status.d`` entry)."""
    namespace = distro.id if distro else "debian"
    for fields in _paragraphs(text, source):
        status = fields.get("Status", "install ok installed")
        if not status.endswith(" installed"):
            continue  # removed, half-configured or only config files left
        name, version = fields.get("Package"), fields.get("Version")
        if not name or not version:
            raise ScanError(source, "a package paragraph without Package or Version")
        src_name, src_version = name, version
        match = _SOURCE_FIELD.match(fields.get("Source", ""))
        if match:
            src_name = match["name"]
            src_version = match["version"] or version
        yield Dependency(
            "deb",
            src_name,
            src_version,
            purl("deb", distro, src_name, src_version, namespace),
            source,
            path=(f"{name}@{version}",) if (name, version) != (src_name, src_version) else (),
        )


def _paragraphs(text: str, source: str) -> Iterator[dict[str, str]]:
    fields: dict[str, str] = {}
    last = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if fields:
                yield fields
            fields, last = {}, ""
        elif line[0] in " \t":
            if not last:
                raise ScanError(source, f"line {number}: continuation line outside a field")
        else:
            key, sep, value = line.partition(":")
            if not sep:
                raise ScanError(source, f"line {number}: not a 'Field: value' line")
            last = key.strip()
            fields[last] = value.strip()
    if fields:
        yield fields


def apk_packages(text: str, source: str, distro: Distro | None) -> Iterator[Dependency]:
    """The installed packages of apk's ``installed`` database."""
    namespace = distro.id if distro else "alpine"
    record: dict[str, str] = {}
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if not line:
            if record:
                yield _apk_dependency(record, source, distro, namespace)
            record = {}
            continue
        key, sep, value = line.partition(":")
        if not sep or len(key) != 1:
            raise ScanError(source, f"line {number}: not an apk 'X:value' line")
        record.setdefault(key, value)  # F:/R: repeat per file; only package fields matter


def _apk_dependency(
    record: dict[str, str], source: str, distro: Distro | None, namespace: str
) -> Dependency:
    name, version = record.get("P"), record.get("V")
    if not name or not version:
        raise ScanError(source, "an apk record without P: (name) or V: (version)")
    origin = record.get("o") or name
    return Dependency(
        "apk",
        origin,
        version,
        purl("apk", distro, origin, version, namespace),
        source,
        path=(f"{name}@{version}",) if origin != name else (),
        license=record.get("L") or None,
    )
