"""Anchore Grype JSON reports (``grype … -o json``).

Formats: the current report (``matches[]`` of ``vulnerability`` with ``cvss[]``, ``fix`` and
``urls``, ``relatedVulnerabilities[]``, ``matchDetails[]`` and ``artifact``) and the early one
(Grype 0.7: ``links``, ``cvssV2``/``cvssV3``, ``fixedInVersion``, one ``matchDetails`` object).
Tested with reports of Grype 0.7.0, 0.28.0 and 0.36.0.

Grype reports a package once per match, and the same package version found at several paths
(e.g. a library in two layers) as several matches; vigil's identity merges those into one
finding whose ``component.paths`` lists every path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, TypeGuard

from packageurl import PackageURL

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    load_json,
    memo,
    purl_type,
    require_list,
    require_mapping,
    text,
    texts,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Confidence, Cvss, Finding, Severity, Tool

#: Grype's levels (from its vulnerability database). Negligible is a distro's "not worth
#: fixing"; Unknown means no source rated it.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "negligible": Severity.INFO,
    "unknown": Severity.INFO,
}

#: artifact.type → purl type, for artifacts without a purl.
ECOSYSTEM: dict[str, str] = {
    "deb": "deb",
    "apk": "apk",
    "rpm": "rpm",
    "python": "pypi",
    "npm": "npm",
    "java-archive": "maven",
    "jenkins-plugin": "maven",
    "go-module": "golang",
    "rust-crate": "cargo",
    "gem": "gem",
    "php-composer": "composer",
    "dotnet": "nuget",
    "pub": "pub",
    "hex": "hex",
    "conan": "conan",
    "cocoapods": "cocoapods",
    "swift": "swift",
}

#: Packages of the operating system: container findings even when a directory was scanned.
_OS_PACKAGES = frozenset({"deb", "apk", "rpm", "alpm", "portage"})

#: matchDetails[].type → how sure Grype is: an exact package match beats a CPE guess.
CONFIDENCE: dict[str, Confidence] = {
    "exact-direct-match": Confidence.HIGH,
    "exact-indirect-match": Confidence.MEDIUM,
    "cpe-match": Confidence.LOW,
}


class GrypeParser(Parser):
    """Grype vulnerability matches."""

    id: ClassVar[str] = "grype"
    label: ClassVar[str] = "Grype"
    category: ClassVar[Category] = Category.CONTAINER

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf")
        if re.search(rb'"descriptor"\s*:\s*\{\s*"name"\s*:\s*"grype"', body):
            return True
        return re.match(rb'\s*\{\s*"matches"\s*:\s*\[', body) is not None and (
            b'"artifact"' in body and b'"vulnerability"' in body
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the Grype report")
        if "matches" not in report:
            raise ParseError(source.name, "not a Grype report (no matches)")
        descriptor = report.get("descriptor") or {}
        tool = Tool(self.label, text(descriptor.get("version")) or None)
        image = text((report.get("source") or {}).get("type")) == "image"
        for item in require_list(source, report["matches"] or [], "matches"):
            match = require_mapping(source, item, "a match")
            yield _finding(
                require_mapping(source, match.get("vulnerability"), "match.vulnerability"),
                require_mapping(source, match.get("artifact"), "match.artifact"),
                match,
                tool,
                image,
            )


def _is_mapping(value: object) -> TypeGuard[Mapping[str, Any]]:
    # A dict (what orjson decodes objects to) skips the much slower Mapping ABC check.
    return type(value) is dict or isinstance(value, Mapping)


def _finding(
    vuln: Mapping[str, Any],
    artifact: Mapping[str, Any],
    match: Mapping[str, Any],
    tool: Tool,
    image: bool,
) -> Finding:
    vuln_id = advisory_id(vuln.get("id"))
    related = [r for r in match.get("relatedVulnerabilities") or [] if _is_mapping(r)]
    component = _component(vuln, artifact)
    fix = vuln.get("fix") or {}
    state = text(fix.get("state"))
    details = match.get("matchDetails") or []
    details = [details] if _is_mapping(details) else details
    kinds = unique([text(d.get("type")) for d in details if _is_mapping(d)])
    description = text(vuln.get("description")) or next(
        (text(r.get("description")) for r in related if text(r.get("description"))), ""
    )
    records = (vuln, *related)
    return Finding(
        title=f"{vuln_id} in {component.name} {component.version or ''}".strip(),
        severity=SEVERITY.get(text(vuln.get("severity")).lower(), Severity.INFO),
        category=Category.CONTAINER
        if image or text(artifact.get("type")) in _OS_PACKAGES
        else Category.SCA,
        tool=tool,
        rule_id=vuln_id,
        description=description,
        confidence=max(
            (CONFIDENCE.get(k, Confidence.UNKNOWN) for k in kinds), default=Confidence.UNKNOWN
        )
        if kinds
        else Confidence.UNKNOWN,
        cvss=_cvss(records),
        vulnerability_ids=unique([vuln_id, *(advisory_id(r.get("id")) for r in related)]),
        component=component,
        # Only a "fixed" state says an upgrade helps (versions may be listed with "wont-fix").
        remediation=f"Upgrade {component.name} to {', '.join(component.fixed_versions)}."
        if component.fixed_versions and state in ("", "fixed")
        else "",
        references=_references(records),
        tags=unique([f"fix-state:{state}" if state else "", *(f"match:{k}" for k in kinds)]),
        raw=match,
    )


def _component(vuln: Mapping[str, Any], artifact: Mapping[str, Any]) -> Component:
    purl = text(artifact.get("purl")) or None
    kind = text(artifact.get("type"))
    ecosystem = purl_type(purl) or ECOSYSTEM.get(kind)
    name = text(artifact.get("name"))
    if ecosystem == "maven" and purl:
        name = _maven_name(purl) or name
    fix = vuln.get("fix") or {}
    fixed = [*texts(fix.get("versions") or []), text(vuln.get("fixedInVersion"))]
    paths = [text(loc.get("path")) for loc in artifact.get("locations") or [] if _is_mapping(loc)]
    return Component(
        name=name,
        version=text(artifact.get("version")) or None,
        purl=purl,
        ecosystem=ecosystem,
        fixed_versions=unique(fixed),
        paths=unique(paths),
    )


def _maven_name(purl: str) -> str | None:
    """group:artifact; Grype names a Java archive by its artifact id, the purl has the group."""
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return None
    return f"{parsed.namespace}:{parsed.name}" if parsed.namespace else None


def _references(records: tuple[Mapping[str, Any], ...]) -> tuple[str, ...]:
    """The advisory page first, then its links (``urls``; ``links`` in Grype 0.7)."""
    found: list[str] = []
    for record in records:
        found.append(text(record.get("dataSource")))
        found += texts(record.get("urls") or record.get("links") or [])
    return unique(found)


#: _cvss_of() by the encoding of its argument (see memo).
_RATINGS: dict[bytes, tuple[Cvss, ...]] = {}


def _cvss(records: tuple[Mapping[str, Any], ...]) -> tuple[Cvss, ...]:
    """The ratings of a vulnerability and its related ones, identical ones once."""
    # The same vulnerabilities recur across matches (one per affected package).
    sources = [(r.get("cvss"), r.get("cvssV2"), r.get("cvssV3")) for r in records]
    return memo(_RATINGS, sources, _cvss_of)


def _cvss_of(sources: list[tuple[Any, Any, Any]]) -> tuple[Cvss, ...]:
    # Deduplicated as (version, vector, score) before any Cvss is made: Cvss compares and
    # hashes as that tuple, and the tuple does so in C.
    ratings = dict.fromkeys(rating for source in sources for rating in _ratings(*source))
    return tuple(Cvss(*rating) for rating in ratings)


def _ratings(
    listed: Any, cvss_v2: Any, cvss_v3: Any
) -> Iterator[tuple[str, str | None, float | None]]:
    """The ratings of one record: its ``cvss`` list, or Grype 0.7's one key per version."""
    entries = [
        (text(e.get("version")), text(e.get("vector")), (e.get("metrics") or {}).get("baseScore"))
        for e in listed or []
        if _is_mapping(e)
    ]
    for entry, version in ((cvss_v2, "2.0"), (cvss_v3, "")):
        if _is_mapping(entry):
            entries.append((version, text(entry.get("vector")), entry.get("baseScore")))
    for version, vector, score in entries:
        # Grype 0.7 writes an empty vector with score 0 when a source has no v3 rating.
        if not vector and not score:
            continue
        yield (
            version or cvss_version(vector, "3.0"),
            vector or None,
            float(score) if isinstance(score, int | float) else None,
        )
