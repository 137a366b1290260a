"""CycloneDX BOMs that carry vulnerabilities (VDR / VEX), JSON and XML.

Formats: CycloneDX 1.4, 1.5 and 1.6 (``vulnerabilities[]`` with ``ratings``, ``cwes``,
``affects[].ref``, ``analysis``; tools as a list (1.4) or as ``{components, services}`` (1.5+)),
in JSON and in XML (``http://cyclonedx.org/schema/bom/1.x``), and the older XML vulnerability
extension (``http://cyclonedx.org/schema/ext/vulnerability/1.0``, used with BOM 1.1-1.3). Tested
with BOMs written by Grype 0.41, Trivy (1.5 and 1.6), cyclonedx-python-lib (jake) and the
specification's own examples; a BOM without vulnerabilities yields no finding.

One finding per (vulnerability, affected component). ``affects[].ref`` is resolved against the
bom-refs of every component, nested ones included; a ref that names no component is kept as the
component's name (or read as a package URL when it is one). VEX analysis states become tags
``vex:<state>`` (and ``vex-justification:<why>``), so a gate can honour not_affected and
false_positive without losing the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
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
    purl_name_version,
    purl_type,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool

#: CycloneDX rating severities. "unknown" decides nothing: the next rating (or a score) does.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "none": Severity.INFO,
}

#: Rating methods that are CVSS, with the version they imply when the vector does not say.
#: OWASP Risk Rating and "other" carry no CVSS.
CVSS_METHOD: dict[str, str] = {
    "CVSSV2": "2.0",
    "CVSSV3": "3.0",
    "CVSSV31": "3.1",
    "CVSSV4": "4.0",
}
_METHOD_RANK = {"CVSSV2": 1, "CVSSV3": 2, "CVSSV31": 3, "CVSSV4": 4}

#: Operating-system package types: their findings are container findings.
_OS_PACKAGES = frozenset({"deb", "apk", "rpm", "alpm"})

_JSON_HEAD = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_XML_HEAD = re.compile(rb'xmlns(?::\w+)?\s*=\s*"http://cyclonedx\.org/schema/bom/')
_EXT = "cyclonedx.org/schema/ext/vulnerability/"


class CycloneDxParser(Parser):
    """Vulnerabilities recorded in a CycloneDX BOM, whichever tool wrote it."""

    id: ClassVar[str] = "cyclonedx"
    label: ClassVar[str] = "CycloneDX"
    category: ClassVar[Category] = Category.SCA
    multi_tool: ClassVar[bool] = True

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_JSON_HEAD.search(head) or _XML_HEAD.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        if source.data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            bom: Mapping[str, Any] = _xml_bom(source, load_xml(source))
        else:
            bom = require_mapping(source, load_json(source), "the CycloneDX BOM")
            if text(bom.get("bomFormat")) != "CycloneDX":
                raise ParseError(source.name, "not a CycloneDX BOM (no bomFormat CycloneDX)")
        metadata = bom.get("metadata") or {}
        subject = metadata.get("component") if isinstance(metadata, Mapping) else None
        index: dict[str, Mapping[str, Any]] = {}
        _index(index, [subject, *require_list(source, bom.get("components") or [], "components")])
        default_tool = _tool(metadata.get("tools")) or Tool(self.label)
        for item in require_list(source, bom.get("vulnerabilities") or [], "vulnerabilities"):
            vuln = require_mapping(source, item, "a vulnerability")
            tool = _tool(vuln.get("tools")) or default_tool
            affects = [a for a in vuln.get("affects") or [] if isinstance(a, Mapping)]
            refs = unique([text(a.get("ref")) for a in affects])
            if not refs and isinstance(subject, Mapping) and text(subject.get("bom-ref")):
                # A vulnerability that names no component is about the BOM's own subject.
                refs = (text(subject.get("bom-ref")),)
            for ref in refs:
                yield _finding(vuln, _component(index.get(ref), ref, vuln), tool)


def _index(index: dict[str, Mapping[str, Any]], components: list[Any]) -> None:
    for component in components:
        if isinstance(component, Mapping):
            ref = text(component.get("bom-ref"))
            if ref:
                index.setdefault(ref, component)
            _index(index, list(component.get("components") or []))


def _tool(value: object) -> Tool | None:
    """The first named tool: 1.4 lists tools, 1.5+ has ``{components, services}``."""
    if isinstance(value, Mapping):
        value = [*(value.get("components") or []), *(value.get("services") or [])]
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, Mapping) and text(entry.get("name")):
            return Tool(text(entry.get("name")), text(entry.get("version")) or None)
    return None


def _component(entry: Mapping[str, Any] | None, ref: str, vuln: Mapping[str, Any]) -> Component:
    fixed = _fixed_versions(vuln, ref)
    if entry is None:
        parsed = purl_name_version(ref) if ref.startswith("pkg:") else None
        if parsed:
            return Component(parsed[0], parsed[1], ref, purl_type(ref), fixed)
        return Component(ref, fixed_versions=fixed)
    purl = text(entry.get("purl")) or None
    parsed = purl_name_version(purl) if purl else None
    group, name = text(entry.get("group")), text(entry.get("name"))
    if parsed:
        name = parsed[0]
    elif group:
        name = f"{group}/{name}" if group.startswith("@") else f"{group}:{name}"
    version = text(entry.get("version")) or (parsed[1] if parsed else None)
    return Component(name or ref, version or None, purl, purl_type(purl), fixed)


def _fixed_versions(vuln: Mapping[str, Any], ref: str) -> tuple[str, ...]:
    found: list[str] = []
    for affect in vuln.get("affects") or []:
        if isinstance(affect, Mapping) and text(affect.get("ref")) == ref:
            for entry in affect.get("versions") or []:
                if isinstance(entry, Mapping) and text(entry.get("status")) == "unaffected":
                    found.append(text(entry.get("version")))
    for prop in vuln.get("properties") or []:
        # Grype records its fix versions as a property ("grype:fixed_versions").
        if isinstance(prop, Mapping) and text(prop.get("name")).endswith("fixed_versions"):
            found.extend(v.strip() for v in text(prop.get("value")).split(","))
    return unique(found)


def _finding(vuln: Mapping[str, Any], component: Component, tool: Tool) -> Finding:
    vuln_id = advisory_id(vuln.get("id"))
    aliases = [r for r in vuln.get("references") or [] if isinstance(r, Mapping)]
    ids = unique([vuln_id, *(advisory_id(r.get("id")) for r in aliases)])
    shown = next((i for i in ids if i.startswith(("CVE-", "GHSA-"))), vuln_id)
    source = vuln.get("source") or {}
    source_name = text(source.get("name")).lower() if isinstance(source, Mapping) else ""
    ratings = [r for r in vuln.get("ratings") or [] if isinstance(r, Mapping)]
    analysis = vuln.get("analysis") or {}
    state = text(analysis.get("state")) if isinstance(analysis, Mapping) else ""
    why = text(analysis.get("justification")) if isinstance(analysis, Mapping) else ""
    advisories = [a for a in vuln.get("advisories") or [] if isinstance(a, Mapping)]
    return Finding(
        title=f"{shown} in {component.name} {component.version or ''}".strip(),
        severity=_severity(ratings, source_name),
        category=Category.CONTAINER if component.ecosystem in _OS_PACKAGES else Category.SCA,
        tool=tool,
        rule_id=vuln_id or shown,
        description="\n\n".join(unique([text(vuln.get("description")), text(vuln.get("detail"))])),
        cvss=_cvss(ratings, source_name),
        cwes=cwe_ids(vuln.get("cwes")),
        vulnerability_ids=ids,
        component=component,
        remediation=_remediation(vuln, component),
        references=unique(
            [
                text(source.get("url")) if isinstance(source, Mapping) else "",
                *(text(a.get("url")) for a in advisories),
                *(text((r.get("source") or {}).get("url")) for r in aliases),
            ]
        ),
        tags=unique([f"vex:{state}" if state else "", f"vex-justification:{why}" if why else ""]),
        raw=vuln,
    )


def _remediation(vuln: Mapping[str, Any], component: Component) -> str:
    advice = [text(vuln.get("recommendation")), text(vuln.get("workaround"))]
    if not advice[0] and component.fixed_versions:
        advice[0] = f"Upgrade {component.name} to {', '.join(component.fixed_versions)}."
    return "\n\n".join(unique(advice))


def _rating_source(rating: Mapping[str, Any]) -> str:
    source = rating.get("source")
    return text(source.get("name")).lower() if isinstance(source, Mapping) else ""


def _score(value: object) -> float | None:
    try:
        return float(text(value)) if text(value) else None
    except ValueError:
        return None


def _rating_severity(rating: Mapping[str, Any]) -> Severity | None:
    word = text(rating.get("severity")).lower()
    if word in SEVERITY:
        return SEVERITY[word]
    score = _score(rating.get("score"))
    method = text(rating.get("method")).upper()
    return Severity.from_score(score) if score is not None and method in CVSS_METHOD else None


def _severity(ratings: list[Mapping[str, Any]], source: str) -> Severity:
    """The rating of the vulnerability's own source, else NVD's, else any: newest CVSS first."""
    own = [r for r in ratings if source and _rating_source(r) == source]
    nvd = [r for r in ratings if _rating_source(r) == "nvd"]
    for group in (own, nvd, ratings):
        rated = [
            (_METHOD_RANK.get(text(r.get("method")).upper(), 0), severity)
            for r in group
            if (severity := _rating_severity(r)) is not None
        ]
        if rated:
            return max(rated)[1]
    return Severity.INFO


def _cvss(ratings: list[Mapping[str, Any]], source: str) -> tuple[Cvss, ...]:
    ordered = sorted(ratings, key=lambda r: _rating_source(r) != source)
    found: list[Cvss] = []
    for rating in ordered:
        default = CVSS_METHOD.get(text(rating.get("method")).upper())
        if default is None:
            continue
        vector = text(rating.get("vector"))
        found.append(
            Cvss(cvss_version(vector, default), vector or None, _score(rating.get("score")))
        )
    return tuple(dict.fromkeys(found))


# --- XML: read into the JSON shape, so that one code path reads both -------------------------


def _kids(element: Element | None, name: str, ext: bool = False) -> list[Element]:
    if element is None:
        return []
    return [c for c in element if local_name(c) == name and (_EXT in c.tag) == ext]


def _kid(element: Element | None, name: str, ext: bool = False) -> Element | None:
    found = _kids(element, name, ext)
    return found[0] if found else None


def _txt(element: Element | None, name: str, ext: bool = False) -> str:
    return text(getattr(_kid(element, name, ext), "text", None))


def _fields(element: Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {local_name(c): text(c.text) for c in element if len(c) == 0 and text(c.text)}


def _xml_bom(source: ReportSource, root: Element) -> dict[str, Any]:
    if local_name(root) != "bom":
        raise ParseError(source.name, f"not a CycloneDX BOM (root <{local_name(root)}>)")
    metadata = _kid(root, "metadata")
    subject = _kid(metadata, "component")
    components = _kids(_kid(root, "components"), "component")
    vulns = [_xml_vuln(v) for v in _kids(_kid(root, "vulnerabilities"), "vulnerability")]
    for vuln in _kids(_kid(root, "vulnerabilities", ext=True), "vulnerability", ext=True):
        vulns.append(_xml_ext_vuln(vuln, text(vuln.get("ref"))))
    for component in root.iter():
        # The extension also nests vulnerabilities inside the component they affect.
        if local_name(component) == "component" and _EXT not in component.tag:
            ref = text(component.get("bom-ref")) or _txt(component, "purl")
            for vuln in _kids(_kid(component, "vulnerabilities", ext=True), "vulnerability", True):
                vulns.append(_xml_ext_vuln(vuln, text(vuln.get("ref")) or ref))
    return {
        "metadata": {
            "tools": _xml_tools(_kid(metadata, "tools")),
            "component": _xml_component(subject) if subject is not None else None,
        },
        "components": [_xml_component(c) for c in components],
        "vulnerabilities": vulns,
    }


def _xml_component(element: Element) -> dict[str, Any]:
    return {
        **_fields(element),
        "bom-ref": text(element.get("bom-ref")),
        "components": [_xml_component(c) for c in _kids(_kid(element, "components"), "component")],
    }


def _xml_tools(element: Element | None) -> list[dict[str, str]]:
    tools = [_fields(t) for t in _kids(element, "tool")]
    return tools + [_fields(c) for c in _kids(_kid(element, "components"), "component")]


def _xml_source(element: Element | None) -> dict[str, str]:
    return {"name": _txt(element, "name"), "url": _txt(element, "url")}


def _xml_vuln(element: Element) -> dict[str, Any]:
    analysis = _kid(element, "analysis")
    return {
        **_fields(element),
        "bom-ref": text(element.get("bom-ref")),
        "source": _xml_source(_kid(element, "source")),
        "references": [
            {"id": _txt(r, "id"), "source": _xml_source(_kid(r, "source"))}
            for r in _kids(_kid(element, "references"), "reference")
        ],
        "ratings": [
            {**_fields(r), "source": _xml_source(_kid(r, "source"))}
            for r in _kids(_kid(element, "ratings"), "rating")
        ],
        "cwes": [text(c.text) for c in _kids(_kid(element, "cwes"), "cwe")],
        "advisories": [_fields(a) for a in _kids(_kid(element, "advisories"), "advisory")],
        "analysis": _fields(analysis),
        "affects": [
            {
                "ref": _txt(t, "ref"),
                "versions": [_fields(v) for v in _kids(_kid(t, "versions"), "version")],
            }
            for t in _kids(_kid(element, "affects"), "target")
        ],
        "tools": _xml_tools(_kid(element, "tools")),
        "properties": [
            {"name": text(p.get("name")), "value": text(p.text)}
            for p in _kids(_kid(element, "properties"), "property")
        ],
    }


def _xml_ext_vuln(element: Element, ref: str) -> dict[str, Any]:
    source = _kid(element, "source", True)
    ratings = []
    for rating in _kids(_kid(element, "ratings", True), "rating", True):
        score = _txt(_kid(rating, "score", True), "base", True)
        ratings.append({**_fields(rating), **({"score": score} if score else {})})
    recommendations = _kids(_kid(element, "recommendations", True), "recommendation", True)
    advisories = _kids(_kid(element, "advisories", True), "advisory", True)
    return {
        "id": _txt(element, "id", True),
        "source": {
            "name": text(getattr(source, "attrib", {}).get("name")),
            "url": _txt(source, "url", True),
        },
        "ratings": ratings,
        "cwes": [text(c.text) for c in _kids(_kid(element, "cwes", True), "cwe", True)],
        "description": _txt(element, "description", True),
        "recommendation": "\n".join(text(r.text) for r in recommendations),
        "advisories": [{"url": text(a.text)} for a in advisories],
        "affects": [{"ref": ref}],
    }
