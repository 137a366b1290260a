"""OSV-Scanner (google/osv-scanner) JSON reports (``osv-scanner --format json``).

Format: ``results[]`` of ``{source: {path, type}, packages[]}`` (early releases said
``packageSource``), each package with its OSV ``vulnerabilities`` records and the ``groups``
osv-scanner forms from their aliases. Tested with reports of osv-scanner 1.x (``groups`` without
``max_severity``) and 2.x (with it). An empty file is a clean scan: osv-scanner writes nothing.

One finding per alias group per package, as osv-scanner shows them: a GHSA advisory and the
PYSEC record that names it are one problem. Severity comes from, in order: the group's
``max_severity`` (osv-scanner's own), the advisory's ``database_specific.severity``, the base
score of a CVSS v3 vector (computed by the specification's formula), an Ubuntu priority; an
unrated MAL- record (a known malicious package) is critical, anything else unrated medium.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from packageurl import PackageURL

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    cwe_ids,
    load_json,
    require_list,
    require_mapping,
    severity_word,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool

#: database_specific.severity (GitHub's words) and Ubuntu priorities.
SEVERITY: dict[str, Severity] = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "NEGLIGIBLE": Severity.INFO,
}
#: What an advisory nobody rated is worth: it is a known vulnerability, so not info.
UNRATED = Severity.MEDIUM

#: OSV ecosystem (before any ":release" suffix) → purl type.
ECOSYSTEM: dict[str, str] = {
    "PyPI": "pypi",
    "npm": "npm",
    "Maven": "maven",
    "Go": "golang",
    "crates.io": "cargo",
    "RubyGems": "gem",
    "Packagist": "composer",
    "NuGet": "nuget",
    "Pub": "pub",
    "Hex": "hex",
    "ConanCenter": "conan",
    "CRAN": "cran",
    "Hackage": "hackage",
    "SwiftURL": "swift",
    "Debian": "deb",
    "Ubuntu": "deb",
    "Alpine": "apk",
    "Wolfi": "apk",
    "Chainguard": "apk",
    "AlmaLinux": "rpm",
    "Rocky Linux": "rpm",
    "Red Hat": "rpm",
    "SUSE": "rpm",
    "openSUSE": "rpm",
}

_CVSS_TYPES = {"CVSS_V2": "2.0", "CVSS_V3": "3.1", "CVSS_V4": "4.0"}


class OsvScannerParser(Parser):
    """OSV-Scanner vulnerabilities, grouped by alias."""

    id: ClassVar[str] = "osv-scanner"
    label: ClassVar[str] = "OSV-Scanner"
    category: ClassVar[Category] = Category.SCA

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf")
        if re.match(
            rb'\s*\{\s*"results"\s*:\s*\[\s*\{\s*"(?:source|packageSource)"\s*:\s*\{', body
        ):
            return True
        # A clean scan is an empty results list; the config block tells it from other tools'.
        return re.match(rb'\s*\{\s*"results"\s*:\s*\[\s*\]', body) is not None and (
            b'"experimental_config"' in body
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        if not source.data.strip():
            return
        report = require_mapping(source, load_json(source), "the OSV-Scanner report")
        if "results" not in report:
            raise ParseError(source.name, "not an OSV-Scanner report (no results)")
        tool = Tool(self.label)
        for item in require_list(source, report["results"] or [], "results"):
            result = require_mapping(source, item, "a result")
            # osv-scanner 1.0 called the source "packageSource".
            origin = result.get("source") or result.get("packageSource") or {}
            path = text(origin.get("path"))
            for entry in require_list(source, result.get("packages") or [], "packages"):
                package = require_mapping(source, entry, "a package")
                yield from _package_findings(source, package, path, tool)


def _package_findings(
    source: ReportSource, package: Mapping[str, Any], path: str, tool: Tool
) -> Iterator[Finding]:
    records: dict[str, Mapping[str, Any]] = {}
    for vuln in require_list(source, package.get("vulnerabilities") or [], "vulnerabilities"):
        record = require_mapping(source, vuln, "a vulnerability")
        records[text(record.get("id"))] = record
    groups = [g for g in package.get("groups") or [] if isinstance(g, Mapping)]
    grouped: set[str] = set()
    for group in groups:
        members = [records[i] for i in map(text, group.get("ids") or []) if i in records]
        grouped.update(text(m.get("id")) for m in members)
        if members:
            yield _finding(members, group, package, path, tool)
    # Reports from before osv-scanner grouped aliases: one finding per record.
    for ident, record in records.items():
        if ident not in grouped:
            yield _finding([record], {}, package, path, tool)


def _finding(
    records: list[Mapping[str, Any]],
    group: Mapping[str, Any],
    package: Mapping[str, Any],
    path: str,
    tool: Tool,
) -> Finding:
    ids = unique(
        [
            *(advisory_id(r.get("id")) for r in records),
            *(advisory_id(a) for r in records for a in r.get("aliases") or []),
            *(advisory_id(a) for a in group.get("aliases") or []),
        ]
    )
    component = _component(records, package, path)
    cvss = tuple(dict.fromkeys(c for r in records for c in _cvss(r)))
    summary = next((text(r.get("summary")) for r in records if text(r.get("summary"))), "")
    details = next((text(r.get("details")) for r in records if text(r.get("details"))), "")
    groups = [text(g) for g in package.get("dependency_groups") or []]
    return Finding(
        title=f"{ids[0]} in {component.name} {component.version or ''}".strip(),
        severity=_severity(records, group, cvss),
        category=Category.SCA,
        tool=tool,
        rule_id=ids[0],
        description="\n\n".join(unique([summary, details])),
        cvss=cvss,
        cwes=cwe_ids(*(_cwe_values(r) for r in records)),
        vulnerability_ids=ids,
        component=component,
        remediation=f"Upgrade {component.name} to {', '.join(component.fixed_versions)}."
        if component.fixed_versions
        else "",
        references=unique(
            [text(ref.get("url")) for r in records for ref in _mappings(r.get("references"))]
        ),
        tags=unique(
            [
                *(f"dependency-group:{g}" for g in groups),
                "malicious" if any(i.startswith("MAL-") for i in ids) else "",
            ]
        ),
        raw={"package": package.get("package"), "group": group, "vulnerabilities": records},
    )


def _mappings(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _component(
    records: list[Mapping[str, Any]], package: Mapping[str, Any], path: str
) -> Component:
    info = package.get("package") or {}
    name = text(info.get("name"))
    version = text(info.get("version"))
    ecosystem_name = text(info.get("ecosystem")).split(":", 1)[0]
    affected = [
        a
        for r in records
        for a in _mappings(r.get("affected"))
        if text((a.get("package") or {}).get("name")).lower() == name.lower()
    ]
    if not name:
        # A source checkout matched by commit: the advisory names the repository.
        repos = [
            text(rng.get("repo"))
            for a in _mappings(records[0].get("affected"))
            for rng in _mappings(a.get("ranges"))
        ]
        name = next((r for r in repos if r), path)
        version = text(info.get("commit"))
    fixed = [
        text(event.get("fixed"))
        for a in affected
        for rng in _mappings(a.get("ranges"))
        if text(rng.get("type")) != "GIT"
        for event in _mappings(rng.get("events"))
    ]
    return Component(
        name=name,
        version=version or None,
        purl=_purl(affected, version),
        ecosystem=ECOSYSTEM.get(ecosystem_name),
        fixed_versions=unique(fixed),
        paths=unique([path]),
    )


def _purl(affected: list[Mapping[str, Any]], version: str) -> str | None:
    """The advisory's package URL (it has no version) for the version found."""
    for entry in affected:
        purl = text((entry.get("package") or {}).get("purl"))
        if purl.startswith("pkg:"):
            try:
                parsed = PackageURL.from_string(purl)
            except ValueError:
                continue
            return str(parsed._replace(version=version or None).to_string())
    return None


def _cwe_values(record: Mapping[str, Any]) -> list[object]:
    """CWEs as GitHub (database_specific.cwe_ids) and OpenSSF malicious-packages note them."""
    found: list[object] = [(record.get("database_specific") or {}).get("cwe_ids")]
    for affected in _mappings(record.get("affected")):
        for cwe in _mappings((affected.get("database_specific") or {}).get("cwes")):
            found.append(cwe.get("cweId"))
    return found


def _cvss(record: Mapping[str, Any]) -> Iterator[Cvss]:
    for entry in _mappings(record.get("severity")):
        default = _CVSS_TYPES.get(text(entry.get("type")))
        vector = text(entry.get("score"))
        if default is None or not vector:
            continue
        version = cvss_version(vector, default)
        score = cvss3_base_score(vector) if version.startswith("3") else None
        yield Cvss(version, vector, score)


def _severity(
    records: list[Mapping[str, Any]], group: Mapping[str, Any], cvss: tuple[Cvss, ...]
) -> Severity:
    top = text(group.get("max_severity"))
    if re.fullmatch(r"\d+(\.\d+)?", top):
        return Severity.from_score(float(top))
    rated = [
        SEVERITY[word]
        for r in records
        if (word := text((r.get("database_specific") or {}).get("severity")).upper()) in SEVERITY
    ]
    if rated:
        return max(rated)
    scores = [c.score for c in cvss if c.score is not None]
    if scores:
        return Severity.from_score(max(scores))
    ubuntu = [
        severity_word(text(s.get("score")), UNRATED)
        for r in records
        for s in _mappings(r.get("severity"))
        if text(s.get("type")) == "Ubuntu"
    ]
    if ubuntu:
        return max(ubuntu)
    if any(text(r.get("id")).startswith("MAL-") for r in records):
        return Severity.CRITICAL
    return UNRATED


#: CVSS v3.x base metric weights (FIRST, CVSS v3.1 specification, section 7.4).
_V3_WEIGHTS: dict[str, dict[str, float]] = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
#: Privileges Required weighs more when the scope changes: (unchanged, changed).
_V3_PR = {"N": (0.85, 0.85), "L": (0.62, 0.68), "H": (0.27, 0.5)}


def cvss3_base_score(vector: str) -> float | None:
    """The base score of a complete CVSS v3.x vector; None when a base metric is missing."""
    metrics = dict(part.split(":", 1) for part in vector.split("/")[1:] if ":" in part)
    try:
        weight = {key: table[metrics[key]] for key, table in _V3_WEIGHTS.items()}
        changed = {"U": False, "C": True}[metrics["S"]]
        privileges = _V3_PR[metrics["PR"]][changed]
    except KeyError:
        return None
    iss = 1 - (1 - weight["C"]) * (1 - weight["I"]) * (1 - weight["A"])
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    if impact <= 0:
        return 0.0
    exploitability = 8.22 * weight["AV"] * weight["AC"] * privileges * weight["UI"]
    total = 1.08 * (impact + exploitability) if changed else impact + exploitability
    return _round_up(min(total, 10.0))


def _round_up(value: float) -> float:
    """Round up to one decimal the way CVSS v3.1 (Appendix A) does, immune to float noise."""
    as_int = round(value * 100_000)
    if as_int % 10_000 == 0:
        return as_int / 100_000
    return (math.floor(as_int / 10_000) + 1) / 10.0
