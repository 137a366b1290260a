"""OWASP Dependency-Check reports (``dependency-check … --format XML`` and ``--format JSON``).

Formats: the XML report (root ``<analysis>``, namespaced by its schema: dependency-check.1.3.xsd
and later, 2.5 for Dependency-Check 6.5) and the JSON report (``reportSchema`` 1.1). Tested with
XML of schema 1.3 and of Dependency-Check 6.5.3, and JSON of Dependency-Check 8.4.3 and 12.1.9.

One finding per (dependency, vulnerability). Suppressed vulnerabilities (``suppressedVulnerability``
in XML, ``suppressedVulnerabilities`` in JSON) are kept and tagged ``suppressed``, with the
suppression note as remediation: the suppression is a recorded decision a reviewer may want to
see, and a gate can skip the tag. ``relatedDependencies`` (the same library bundled at other
paths) add their paths to the component instead of making more findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    cwe_ids,
    load_json,
    load_xml,
    local_name,
    make_purl,
    purl_name_version,
    purl_type,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Confidence, Cvss, Finding, Severity, Tool

#: Dependency-Check's levels: NVD's CVSS ratings, and the words of the NPM and RetireJS
#: advisories it also reads ("moderate"). "Unknown" is left to the CVSS scores, if any.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "informational": Severity.INFO,
    "none": Severity.INFO,
}

#: Identifier confidence (how sure Dependency-Check is of the package or CPE it matched).
#: It never claims certainty: a CPE match at HIGHEST can still be a false positive.
CONFIDENCE: dict[str, Confidence] = {
    "HIGHEST": Confidence.HIGH,
    "HIGH": Confidence.HIGH,
    "MEDIUM": Confidence.MEDIUM,
    "LOW": Confidence.LOW,
}

#: Vector metric → the keys Dependency-Check uses for it (it spells some two ways).
_V2_METRICS = (
    ("AV", ("accessVector",)),
    ("AC", ("accessComplexity",)),
    ("Au", ("authentication", "authenticationr")),
    ("C", ("confidentialityImpact", "confidentialImpact")),
    ("I", ("integrityImpact",)),
    ("A", ("availabilityImpact",)),
)
_V3_METRICS = (
    ("AV", ("attackVector",)),
    ("AC", ("attackComplexity",)),
    ("PR", ("privilegesRequired",)),
    ("UI", ("userInteraction",)),
    ("S", ("scope",)),
    ("C", ("confidentialityImpact",)),
    ("I", ("integrityImpact",)),
    ("A", ("availabilityImpact",)),
)
#: Names that are advisory ids (NVD, GitHub, OSS Index "sonatype-…"); NPM advisory numbers,
#: RetireJS summaries and OSS Index "CWE-…: …" entries are not.
_ADVISORY = re.compile(r"^(?:CVE-\d{4}-\d+|GHSA(?:-\w{4}){3}|[A-Za-z]+-\d{4}-\d+)$", re.IGNORECASE)
_CWE_NAME = re.compile(r"^(CWE-\d+):")
_BOUNDS = {
    "versionStartIncluding": ">=",
    "versionStartExcluding": ">",
    "versionEndIncluding": "<=",
    "versionEndExcluding": "<",
}
_URL = re.compile(r"https?://[^\s)\]>\"']+")
_WRAP = re.compile(r"[ \t]*\n[ \t]+")
_XML_HEAD = re.compile(rb"<analysis\b[^>]*(?:DependencyCheck|dependency-check\.[\d.]+\.xsd)")


@dataclass(frozen=True, slots=True)
class _Dependency:
    """What a finding needs from one ``dependency``, read from either format."""

    file_path: str
    file_name: str
    related: tuple[str, ...]
    purls: tuple[tuple[str, str], ...]  # (purl, confidence)
    cpes: tuple[tuple[str, str], ...]  # (cpe, confidence)
    maven: str  # "group:artifact:version", from schema 1.x identifiers
    product: str
    version: str
    raw: Mapping[str, Any]


class DependencyCheckParser(Parser):
    """Vulnerable dependencies found by OWASP Dependency-Check."""

    id: ClassVar[str] = "dependency-check"
    label: ClassVar[str] = "OWASP Dependency-Check"
    category: ClassVar[Category] = Category.SCA

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if _XML_HEAD.search(head):
            return True
        return b'"reportSchema"' in head and b'"scanInfo"' in head and b'"engineVersion"' in head

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        if source.data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            version, items = _read_xml(source)
        else:
            version, items = _read_json(source)
        tool = Tool("Dependency-Check", version or None)
        for dependency, vulnerability, suppressed in items:
            yield _finding(dependency, vulnerability, suppressed, tool)


# --- XML -------------------------------------------------------------------------------------


def _kids(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if local_name(c) == name]


def _kid(element: Element | None, name: str) -> Element | None:
    found = _kids(element, name)
    return found[0] if found else None


def _flat(value: str | None) -> str:
    # Pretty-printed XML wraps long texts; the wrapping is layout, not content.
    return _WRAP.sub(" ", text(value))


def _txt(element: Element | None, name: str) -> str:
    return _flat(getattr(_kid(element, name), "text", None))


def _fields(element: Element | None) -> dict[str, str]:
    return {} if element is None else {local_name(c): _flat(c.text) for c in element}


_Item = tuple[_Dependency, Mapping[str, Any], bool]


def _read_xml(source: ReportSource) -> tuple[str, list[_Item]]:
    root = load_xml(source)
    if local_name(root) != "analysis":
        raise ParseError(source.name, f"not a Dependency-Check report (root <{local_name(root)}>)")
    items: list[_Item] = []
    for element in _kids(_kid(root, "dependencies"), "dependency"):
        dependency = _xml_dependency(element)
        found = _kid(element, "vulnerabilities")
        for vuln in _kids(found, "vulnerability"):
            items.append((dependency, _xml_vulnerability(vuln), False))
        for vuln in _kids(found, "suppressedVulnerability"):
            items.append((dependency, _xml_vulnerability(vuln), True))
    return _txt(_kid(root, "scanInfo"), "engineVersion"), items


def _xml_dependency(element: Element) -> _Dependency:
    purls: list[tuple[str, str]] = []
    cpes: list[tuple[str, str]] = []
    maven = ""
    identifiers = _kid(element, "identifiers")
    for ident in [] if identifiers is None else identifiers.iter():
        kind, confidence = local_name(ident), text(ident.get("confidence"))
        if kind == "package":
            purls.append((_txt(ident, "id"), confidence))
        elif kind == "vulnerabilityIds" or (kind == "identifier" and ident.get("type") == "cpe"):
            cpes.append((_txt(ident, "id") or _txt(ident, "name"), confidence))
        elif kind == "identifier" and ident.get("type") == "maven":
            maven = maven or _txt(ident, "name")
    evidence = _kids(_kid(element, "evidenceCollected"), "evidence")
    related = _kids(_kid(element, "relatedDependencies"), "relatedDependency")
    return _Dependency(
        file_path=_txt(element, "filePath"),
        file_name=_txt(element, "fileName"),
        related=tuple(_txt(r, "filePath") for r in related),
        purls=tuple(purls),
        cpes=tuple(cpes),
        maven=maven,
        product=next((_txt(e, "value") for e in evidence if e.get("type") == "product"), ""),
        version=next((_txt(e, "value") for e in evidence if e.get("type") == "version"), ""),
        raw={k: v for k in ("fileName", "filePath", "description") if (v := _txt(element, k))}
        | {"packages": [p for p, _ in purls], "vulnerabilityIds": [c for c, _ in cpes]},
    )


def _xml_vulnerability(element: Element) -> dict[str, Any]:
    """The JSON report's shape of an XML ``vulnerability``, so one code path reads both."""
    fields = _fields(element)
    # Schema 1.x kept the CVSS v2 rating in flat elements: cvssScore, cvssAccessVector…
    flat = {k[4].lower() + k[5:]: v for k, v in fields.items() if k.startswith("cvss") and v}
    cvss2 = _fields(_kid(element, "cvssV2")) or flat
    references = [_fields(r) for r in _kids(_kid(element, "references"), "reference")]
    software = [
        {"software": {"id": _flat(s.text), **s.attrib}}
        for s in _kids(_kid(element, "vulnerableSoftware"), "software")
    ]
    cwes = [_flat(c.text) for c in _kids(_kid(element, "cwes"), "cwe")] or [fields.get("cwe", "")]
    record: dict[str, Any] = {
        "source": text(element.get("source")),
        "name": fields.get("name", ""),
        "severity": fields.get("severity", ""),
        "cvssv2": cvss2,
        "cvssv3": _fields(_kid(element, "cvssV3")),
        "cvssv4": _fields(_kid(element, "cvssV4")),
        "cwes": [c for c in cwes if c],
        "description": fields.get("description", ""),
        "notes": fields.get("notes", ""),
        "references": references,
        "vulnerableSoftware": software,
    }
    kev = _kid(element, "knownExploitedVulnerability")
    if kev is not None:
        record["knownExploitedVulnerability"] = _fields(kev)
    return {k: v for k, v in record.items() if v}


# --- JSON ------------------------------------------------------------------------------------


def _read_json(source: ReportSource) -> tuple[str, list[_Item]]:
    report = require_mapping(source, load_json(source), "the Dependency-Check report")
    if "dependencies" not in report:
        raise ParseError(source.name, "not a Dependency-Check report (no dependencies)")
    items: list[_Item] = []
    for entry in require_list(source, report["dependencies"] or [], "dependencies"):
        record = require_mapping(source, entry, "a dependency")
        dependency = _json_dependency(record)
        for key, suppressed in (("vulnerabilities", False), ("suppressedVulnerabilities", True)):
            for vuln in require_list(source, record.get(key) or [], key):
                items.append(
                    (dependency, require_mapping(source, vuln, "a vulnerability"), suppressed)
                )
    scan = report.get("scanInfo") or {}
    return text(scan.get("engineVersion")) if isinstance(scan, Mapping) else "", items


def _json_dependency(record: Mapping[str, Any]) -> _Dependency:
    def pairs(key: str) -> tuple[tuple[str, str], ...]:
        found = [p for p in record.get(key) or [] if isinstance(p, Mapping)]
        return tuple((text(p.get("id")), text(p.get("confidence"))) for p in found)

    evidence = record.get("evidenceCollected")
    evidence = evidence if isinstance(evidence, Mapping) else {}
    products = evidence.get("productEvidence") or []
    versions = evidence.get("versionEvidence") or []
    related = [r for r in record.get("relatedDependencies") or [] if isinstance(r, Mapping)]
    skip = {"evidenceCollected", "vulnerabilities", "suppressedVulnerabilities"}
    return _Dependency(
        file_path=text(record.get("filePath")),
        file_name=text(record.get("fileName")),
        related=tuple(text(r.get("filePath")) for r in related),
        purls=pairs("packages"),
        cpes=pairs("vulnerabilityIds"),
        maven="",
        product=next((text(e.get("value")) for e in products if isinstance(e, Mapping)), ""),
        version=next((text(e.get("value")) for e in versions if isinstance(e, Mapping)), ""),
        raw={k: v for k, v in record.items() if k not in skip},
    )


# --- one finding -----------------------------------------------------------------------------


def _finding(
    dependency: _Dependency, vuln: Mapping[str, Any], suppressed: bool, tool: Tool
) -> Finding:
    name = text(vuln.get("name"))
    cwe_prefix = _CWE_NAME.match(name)
    component = _component(dependency)
    source = text(vuln.get("source"))
    notes = text(vuln.get("notes"))
    if suppressed:
        remediation = f"Suppressed in Dependency-Check: {notes}" if notes else "Suppressed."
    else:
        advisory = name if _ADVISORY.match(name) else "this vulnerability"
        remediation = f"Upgrade {component.name} to a version not affected by {advisory}."
        matched = _matched_range(vuln)
        remediation += f" Matched: {matched}." if matched else ""
    return Finding(
        title=f"{name} in {component.name} {component.version or ''}".strip(),
        severity=_severity(vuln),
        category=Category.SCA,
        tool=tool,
        rule_id=cwe_prefix.group(1) if cwe_prefix else name,
        description=text(vuln.get("description")),
        confidence=_confidence(dependency, source),
        cvss=tuple(_cvss(vuln)),
        cwes=cwe_ids(vuln.get("cwes")),
        vulnerability_ids=(advisory_id(name),) if _ADVISORY.match(name) else (),
        component=component,
        remediation=remediation,
        references=_references(vuln),
        tags=unique(
            [
                "suppressed" if suppressed else "",
                f"source:{source.lower()}" if source else "",
                "known-exploited" if vuln.get("knownExploitedVulnerability") else "",
            ]
        ),
        raw={"dependency": dependency.raw, "vulnerability": dict(vuln), "suppressed": suppressed},
    )


def _component(dependency: _Dependency) -> Component:
    paths = unique([dependency.file_path, *dependency.related])
    for purl, _ in dependency.purls:
        parsed = purl_name_version(purl)
        if parsed:
            return Component(parsed[0], parsed[1], purl, purl_type(purl), paths=paths)
    group, _, rest = dependency.maven.partition(":")
    artifact, _, version = rest.partition(":")
    if group and artifact and version:
        name = f"{group}:{artifact}"
        return Component(name, version, make_purl("maven", name, version), "maven", paths=paths)
    # Neither a package URL nor Maven coordinates: what the file's evidence says it is.
    name = dependency.product or dependency.file_name
    return Component(name, dependency.version or None, paths=paths)


def _severity(vuln: Mapping[str, Any]) -> Severity:
    word = text(vuln.get("severity")).lower()
    if word in SEVERITY:
        return SEVERITY[word]
    for key in ("cvssv4", "cvssv3"):
        rating = vuln.get(key) or {}
        if text(rating.get("baseSeverity")).lower() in SEVERITY:
            return SEVERITY[text(rating.get("baseSeverity")).lower()]
    scores = [c.score for c in _cvss(vuln) if c.score is not None]
    return Severity.from_score(max(scores)) if scores else Severity.INFO


def _vector(rating: Mapping[str, Any], metrics: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    parts = []
    for short, keys in metrics:
        value = next((text(rating.get(k)).upper() for k in keys if rating.get(k)), "")
        # Dependency-Check writes NETWORK, ADJACENT_NETWORK, PARTIAL… or the letters themselves;
        # every CVSS (v2 and v3) value letter is the initial of its word.
        letter = value[0] if value.replace("_", "").isalpha() else ""
        if not letter:
            return ""
        parts.append(f"{short}:{letter}")
    return "/".join(parts)


def _score(value: object) -> float | None:
    try:
        return float(text(value)) if text(value) else None
    except ValueError:
        return None


def _cvss(vuln: Mapping[str, Any]) -> Iterator[Cvss]:
    v4 = vuln.get("cvssv4") or {}
    if v4:
        vector = text(v4.get("vectorString"))
        version = text(v4.get("version")) or cvss_version(vector, "4.0")
        yield Cvss(version, vector or None, _score(v4.get("baseScore")))
    v3 = vuln.get("cvssv3") or {}
    if v3:
        version = text(v3.get("version")) or "3.1"
        vector = _vector(v3, _V3_METRICS)
        yield Cvss(
            version, f"CVSS:{version}/{vector}" if vector else None, _score(v3.get("baseScore"))
        )
    v2 = vuln.get("cvssv2") or {}
    if v2:
        yield Cvss("2.0", _vector(v2, _V2_METRICS) or None, _score(v2.get("score")))


def _confidence(dependency: _Dependency, source: str) -> Confidence:
    """CPE matches (NVD) are as sure as the CPE; the other sources match the package URL."""
    cpe = [CONFIDENCE.get(c.upper(), Confidence.UNKNOWN) for _, c in dependency.cpes]
    purl = [CONFIDENCE.get(c.upper(), Confidence.UNKNOWN) for _, c in dependency.purls]
    first, second = (cpe, purl) if source.upper() in ("", "NVD") else (purl, cpe)
    return max(first or second or [Confidence.UNKNOWN])


def _matched_range(vuln: Mapping[str, Any]) -> str:
    """The CPE and version range that made Dependency-Check report the vulnerability."""
    for entry in vuln.get("vulnerableSoftware") or []:
        cpe = entry.get("software") if isinstance(entry, Mapping) else None
        if isinstance(cpe, Mapping) and text(cpe.get("vulnerabilityIdMatched")) == "true":
            bounds = [f"{op} {text(cpe[key])}" for key, op in _BOUNDS.items() if cpe.get(key)]
            return " ".join([text(cpe.get("id")), *bounds])
    return ""


def _references(vuln: Mapping[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for ref in vuln.get("references") or []:
        if isinstance(ref, Mapping):
            url = text(ref.get("url"))
            # NPM advisories carry the link only inside a Markdown name.
            found.extend([url] if url else _URL.findall(text(ref.get("name"))))
    return unique(found)
