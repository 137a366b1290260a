"""OSV advisory records (https://ossf.github.io/osv-schema/), read from JSON or YAML.

Reads schema versions 1.0-1.7 as published by pypa/advisory-database (YAML, PYSEC-*),
golang/vulndb (JSON, GO-*), rustsec/advisory-db's ``osv`` branch (JSON, RUSTSEC-*) and the GitHub
Advisory Database (JSON, GHSA-*), and the entries of OSV's ``<ecosystem>/all.zip`` exports.
Kept: id, aliases, summary, modified/published/withdrawn, ``severity[]`` vectors,
``database_specific.severity`` (GHSA's label) and ``affected[]`` with package (ecosystem, name,
purl), ``ranges`` (type, events) and ``versions``. A record with a ``schema_version`` of 2 or
later is refused rather than half-understood.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
import yaml

from vigil.advisories.cvss import try_score
from vigil.advisories.versions import Event, Range
from vigil.errors import AdvisoryError

_EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_KNOWN_SCHEMA_MAJOR = 1
# libyaml's safe loader parses pypa's 2,600 YAML records several times faster than pure Python.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Severity:
    """One ``severity[]`` entry: type (CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu) and its score text."""

    type: str
    score: str


@dataclass(frozen=True)
class Affected:
    """One ``affected[]`` entry: a package and the versions of it the advisory covers."""

    ecosystem: str
    name: str
    purl: str | None
    ranges: tuple[Range, ...]
    versions: tuple[str, ...]


@dataclass(frozen=True)
class Advisory:
    """One OSV record."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    modified: str
    published: str | None
    withdrawn: str | None
    severity: tuple[Severity, ...]
    database_severity: str | None
    affected: tuple[Affected, ...]

    @property
    def cvss_score(self) -> float | None:
        """The highest CVSS v3/v4 base score among the vectors; None when none can be scored."""
        scores = [s.base_score for v in self.severity if (s := try_score(v.score)) is not None]
        return max(scores) if scores else None


#: OSV's ecosystem name for each purl type, so a scanner holding a ``Dependency`` (whose
#: ecosystem is the purl type) can ask ``lookup`` in OSV's terms. Names already agree: npm
#: ``@scope/name``, Maven ``group:artifact``, Go module paths.
PURL_TYPE_ECOSYSTEMS = {
    "pypi": "PyPI",
    "npm": "npm",
    "golang": "Go",
    "cargo": "crates.io",
    "maven": "Maven",
    "gem": "RubyGems",
    "composer": "Packagist",
    "nuget": "NuGet",
    "hex": "Hex",
    "pub": "Pub",
    "deb": "Debian",
    "apk": "Alpine",
}


#: Distributions whose advisories OSV publishes per release ("Debian:12", "Alpine:v3.18").
_DISTRO_ECOSYSTEMS = {
    "debian": "Debian",
    "ubuntu": "Ubuntu",
    "alpine": "Alpine",
    "rocky": "Rocky Linux",
    "almalinux": "AlmaLinux",
}


def osv_ecosystem(purl_type: str, purl: str = "") -> str | None:
    """OSV's ecosystem for a package of ``purl_type``; for distribution packages (deb, apk)
    the release named by the purl's ``distro`` qualifier: ``distro=debian-12`` -> ``Debian:12``,
    ``distro=alpine-3.18`` -> ``Alpine:v3.18``, ``distro=ubuntu-22.04`` -> ``Ubuntu:22.04:LTS``,
    ``distro=rocky-9.3`` -> ``Rocky Linux:9`` (rpm: Rocky Linux and AlmaLinux)."""
    base = PURL_TYPE_ECOSYSTEMS.get(purl_type)
    if purl_type not in ("deb", "apk", "rpm") or "distro=" not in purl:
        return base
    distro = purl.split("distro=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    name, _, release = distro.partition("-")
    ecosystem = _DISTRO_ECOSYSTEMS.get(name.lower())
    if ecosystem is None or not release:
        return base
    if ecosystem == "Alpine":
        return "Alpine:v" + ".".join(release.split(".")[:2])
    if ecosystem == "Ubuntu":
        year, _, month = release.partition(".")
        lts = month == "04" and year.isdigit() and int(year) % 2 == 0
        return f"Ubuntu:{release}:LTS" if lts else f"Ubuntu:{release}"
    if purl_type == "rpm":
        return f"{ecosystem}:{release.split('.')[0]}"  # Rocky and Alma publish per major
    return f"{ecosystem}:{release}"


def normalise_name(ecosystem: str, name: str) -> str:
    """The package name as the ecosystem compares it, so lockfile and advisory names meet."""
    eco = ecosystem.split(":", 1)[0].lower()
    if eco == "pypi":
        return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503
    if eco == "crates.io":
        return name.lower().replace("_", "-")  # crates.io treats - and _ as one name
    if eco in ("packagist", "nuget", "hex"):
        return name.lower()
    return name


def load_document(data: bytes, source: str) -> object:
    """Decode one record file: YAML when ``source`` ends in .yaml/.yml, else JSON."""
    try:
        if source.lower().endswith((".yaml", ".yml")):
            return yaml.load(data, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
        return orjson.loads(data)
    except (orjson.JSONDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AdvisoryError(f"{source}: not valid OSV JSON/YAML: {first}") from None


def parse_bytes(data: bytes, source: str) -> Advisory:
    """Parse one record file (see ``load_document``); AdvisoryError if it is malformed."""
    return parse_record(load_document(data, source), source)


def parse_record(doc: object, source: str) -> Advisory:
    """Build an Advisory from a decoded OSV document."""
    if not isinstance(doc, Mapping):
        raise AdvisoryError(f"{source}: an OSV record must be an object")
    _check_schema(doc, source)
    ident = doc.get("id")
    modified = doc.get("modified")
    if not isinstance(ident, str) or not ident:
        raise AdvisoryError(f"{source}: OSV record without an id")
    db_specific = doc.get("database_specific")
    db_severity = db_specific.get("severity") if isinstance(db_specific, Mapping) else None
    return Advisory(
        id=ident,
        aliases=tuple(_strings(doc.get("aliases"), source, "aliases")),
        summary=str(doc.get("summary") or ""),
        modified=_text(modified) or "",
        published=_text(doc.get("published")),
        withdrawn=_text(doc.get("withdrawn")),
        severity=tuple(_severity(doc.get("severity"), source)),
        database_severity=db_severity if isinstance(db_severity, str) else None,
        affected=tuple(_affected(item, source) for item in _list(doc.get("affected"), source)),
    )


def _check_schema(doc: Mapping[str, Any], source: str) -> None:
    schema = doc.get("schema_version")
    if schema is None:
        return
    major = str(schema).split(".", 1)[0]
    if not major.isdigit():
        raise AdvisoryError(f"{source}: unreadable schema_version {schema!r}")
    if int(major) > _KNOWN_SCHEMA_MAJOR:
        raise AdvisoryError(f"{source}: OSV schema_version {schema} is newer than vigil knows")


def _text(value: object) -> str | None:
    # YAML turns unquoted timestamps into datetimes; keep them as ISO text like JSON has.
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def _list(value: object, source: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise AdvisoryError(f"{source}: expected a list, found {type(value).__name__}")
    return value


def _strings(value: object, source: str, field: str) -> list[str]:
    items = _list(value, source)
    if not all(isinstance(i, str | int | float) for i in items):
        raise AdvisoryError(f"{source}: '{field}' must hold strings")
    # YAML reads an unquoted 1.34 as a float; the version text is what OSV means.
    return [str(i) for i in items]


def _severity(value: object, source: str) -> list[Severity]:
    out = []
    for item in _list(value, source):
        if isinstance(item, Mapping) and isinstance(item.get("score"), str):
            out.append(Severity(str(item.get("type", "")), item["score"]))
    return out


def _affected(item: object, source: str) -> Affected:
    if not isinstance(item, Mapping):
        raise AdvisoryError(f"{source}: an 'affected' entry must be an object")
    package = item.get("package")
    if not isinstance(package, Mapping):
        package = {}  # GIT-only entries may have no package; they match no package lookup
    ranges = []
    for rng in _list(item.get("ranges"), source):
        if not isinstance(rng, Mapping) or not isinstance(rng.get("type"), str):
            raise AdvisoryError(f"{source}: a range needs a 'type'")
        ranges.append(Range(rng["type"], tuple(_events(rng.get("events"), source))))
    purl = package.get("purl")
    return Affected(
        ecosystem=str(package.get("ecosystem") or ""),
        name=str(package.get("name") or ""),
        purl=purl if isinstance(purl, str) else None,
        ranges=tuple(ranges),
        versions=tuple(_strings(item.get("versions"), source, "versions")),
    )


def _events(value: object, source: str) -> list[Event]:
    events = []
    for event in _list(value, source):
        if not isinstance(event, Mapping) or len(event) != 1:
            raise AdvisoryError(f"{source}: a range event must have exactly one key")
        ((kind, version),) = event.items()
        if kind not in _EVENT_KINDS or not isinstance(version, str | int | float):
            raise AdvisoryError(f"{source}: unknown range event {kind!r}")
        events.append(Event(kind, str(version)))
    return events
