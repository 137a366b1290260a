"""GitLab security report JSON (security-report-schemas v15.0.7), for ``artifacts:reports``.

GitLab takes one report type per file, so a render holds one type: the one named by
``ReportContext.gitlab_report_type``, else the dominant one among the records (most records;
ties go to the earlier of sast, dependency_scanning, container_scanning, secret_detection,
dast). Categories map to types as sast/iac → sast, sca → dependency_scanning, container →
container_scanning, secret → secret_detection, dast → dast; ``other`` follows the finding's
shape (endpoint → dast, package → dependency_scanning, else sast). Records of other types
and fixed records are left out; false positives carry GitLab's false-positive flag.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

import orjson
from packageurl import PackageURL

import vigil
from vigil.model import Category, Finding, FindingRecord, Status
from vigil.report._common import (
    advisory_url,
    clip,
    cwe_url,
    is_web_url,
    one_line,
    placeholder_path,
    slug,
    worst_first,
)
from vigil.report.interface import GITLAB_REPORT_TYPES, Renderer, ReportContext

SCHEMA_VERSION = "15.0.7"
_SCHEMA_BASE = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw"
#: Vulnerability ids are UUIDs derived from fingerprints, so they are stable across renders.
_ID_NAMESPACE = uuid.UUID("5b9d3c8e-7d1a-4c57-9a39-6d4c2a0f1e21")

_TYPE_OF_CATEGORY: dict[Category, str] = {
    Category.SAST: "sast",
    Category.IAC: "sast",
    Category.SCA: "dependency_scanning",
    Category.CONTAINER: "container_scanning",
    Category.SECRET: "secret_detection",
    Category.DAST: "dast",
}

# The schema's own CVSS vector patterns: a vector GitLab would refuse is left out.
_CVSS2 = re.compile(
    r"^((AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)"
    r"|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))/)*(AV:[NAL]|AC:[LMH]|Au:[MSN]"
    r"|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)"
    r"|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))$"
)
_CVSS3_PART = (
    r"(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]"
    r"|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])"
)
_CVSS3 = re.compile(rf"^CVSS:3[.][01]/({_CVSS3_PART}/)*{_CVSS3_PART}$")


def schema_url(report_type: str) -> str:
    name = report_type.replace("_", "-")
    return f"{_SCHEMA_BASE}/v{SCHEMA_VERSION}/dist/{name}-report-format.json"


def report_type(finding: Finding) -> str:
    """The GitLab report type a finding belongs in."""
    if finding.category in _TYPE_OF_CATEGORY:
        return _TYPE_OF_CATEGORY[finding.category]
    if finding.endpoints:
        return "dast"
    return "dependency_scanning" if finding.component is not None else "sast"


def choose_type(records: Sequence[FindingRecord], context: ReportContext) -> str:
    """The context's report type, else the most common one (ties: the earlier type)."""
    if context.gitlab_report_type:
        return context.gitlab_report_type
    counts = Counter(report_type(r.finding) for r in records if r.status is not Status.FIXED)
    if not counts:
        return "sast"
    return max(GITLAB_REPORT_TYPES, key=lambda t: (counts[t], -GITLAB_REPORT_TYPES.index(t)))


def _identifier(kind: str, name: str, value: str, url: str | None = None) -> dict[str, str]:
    identifier = {"type": kind, "name": name, "value": value}
    if url:
        identifier["url"] = url
    return identifier


def identifiers(finding: Finding) -> list[dict[str, str]]:
    """Primary identifier first: the advisory for package findings, else the tool's rule."""
    advisories = [
        _identifier(v.split("-", 1)[0].lower() if "-" in v else "advisory", v, v, advisory_url(v))
        for v in dict.fromkeys(i.strip() for i in finding.vulnerability_ids if i.strip())
    ]
    rule = finding.rule_id.strip()
    found = advisories if finding.component is not None else []
    if rule and rule.upper() not in {a["value"].upper() for a in advisories}:
        found.append(_identifier(f"{slug(finding.tool.name).replace('-', '_')}_id", rule, rule))
    if finding.component is None:
        found += advisories
    found += [_identifier("cwe", f"CWE-{c}", str(c), cwe_url(c)) for c in finding.cwes]
    return found or [_identifier("vigil_category", finding.category.value, finding.category.value)]


def cvss_vectors(finding: Finding) -> list[dict[str, str]]:
    """The finding's CVSS v2/v3 vectors that GitLab's schema accepts (v4 is not accepted)."""
    vectors = []
    for cvss in finding.cvss:
        vector = (cvss.vector or "").strip().strip("()")
        vector = vector.removeprefix("CVSS:2.0/")
        if _CVSS3.match(vector) or (_CVSS2.match(vector) and len(vector) >= 16):
            vectors.append({"vendor": finding.tool.name or "unknown", "vector": vector})
    return list({v["vector"]: v for v in vectors}.values())[:10]


def _dependency(finding: Finding) -> dict[str, Any]:
    component = finding.component
    name = component.name if component else finding.rule_id
    version = (component.version or "") if component else ""
    return {"package": {"name": name}, "version": version}


def _operating_system(finding: Finding) -> str:
    component = finding.component
    if component is not None and component.purl:
        try:
            purl = PackageURL.from_string(component.purl)
        except ValueError:
            purl = None
        if purl is not None:
            distro = (purl.qualifiers or {}).get("distro", "")
            namespace = purl.namespace or purl.type
            if distro and not distro.startswith(namespace):
                return f"{namespace} {distro}"
            return distro or namespace
    return (component.ecosystem if component else None) or "unknown"


def _code_location(finding: Finding) -> dict[str, Any]:
    if finding.location is None:
        return {"file": placeholder_path(finding)}
    where: dict[str, Any] = {"file": finding.location.path}
    if finding.location.start_line:
        where["start_line"] = finding.location.start_line
    if finding.location.end_line:
        where["end_line"] = finding.location.end_line
    return where


def location(finding: Finding, kind: str, context: ReportContext) -> dict[str, Any]:
    """The ``location`` object the report type's schema requires."""
    if kind == "dependency_scanning":
        paths = finding.component.paths if finding.component else ()
        file = paths[0] if paths else _code_location(finding)["file"]
        return {"file": file or placeholder_path(finding), "dependency": _dependency(finding)}
    if kind == "container_scanning":
        paths = finding.component.paths if finding.component else ()
        image = (paths[0] if paths else "") or context.product or "unknown"
        return {
            "dependency": _dependency(finding),
            "operating_system": _operating_system(finding),
            "image": image,
        }
    if kind == "dast":
        return _web_location(finding)
    where = _code_location(finding)
    if kind == "secret_detection":
        where["commit"] = {"sha": context.commit or "0000000"}
    return where


def _web_location(finding: Finding) -> dict[str, Any]:
    if not finding.endpoints:
        return {}
    endpoint = finding.endpoints[0]
    where: dict[str, Any] = {}
    try:
        parts = urlsplit(endpoint.url)
        where = {"hostname": f"{parts.scheme}://{parts.netloc}", "path": parts.path or "/"}
    except ValueError:
        where = {"path": endpoint.url}
    if endpoint.method:
        where["method"] = endpoint.method
    if endpoint.parameter:
        where["param"] = endpoint.parameter
    return where


def vulnerability(record: FindingRecord, kind: str, context: ReportContext) -> dict[str, Any]:
    """One entry of ``vulnerabilities``."""
    finding = record.finding
    entry: dict[str, Any] = {
        "id": str(uuid.uuid5(_ID_NAMESPACE, record.fingerprint)),
        "name": one_line(finding.title, 255),
        "description": clip(finding.description, 1_000_000) or one_line(finding.title, 1000),
        "severity": finding.severity.label.title(),
        "identifiers": identifiers(finding),
        "location": location(finding, kind, context),
    }
    if finding.remediation:
        entry["solution"] = clip(finding.remediation, 6_900)
    vectors = cvss_vectors(finding)
    if vectors:
        entry["cvss_vectors"] = vectors
    links = [{"url": url} for url in dict.fromkeys(finding.references) if is_web_url(url)]
    if links:
        entry["links"] = links
    if kind in ("sast", "secret_detection") and finding.location and finding.location.snippet:
        entry["raw_source_code_extract"] = clip(finding.location.snippet, 4000)
    if record.status is Status.FALSE_POSITIVE:
        reason = record.triage_reason or "triaged as a false positive"
        entry["flags"] = [
            {"type": "flagged-as-likely-false-positive", "origin": "vigil", "description": reason}
        ]
    return entry


def _scanner(records: Sequence[FindingRecord], context: ReportContext) -> dict[str, Any]:
    tools = sorted({r.finding.tool.name for r in records}, key=str.lower)
    if len(tools) == 1:
        reported = next((r.finding.tool.version for r in records if r.finding.tool.version), None)
        name, version = tools[0], context.version_of(tools[0], reported) or "unknown"
    else:
        name = f"vigil ({', '.join(tools)})" if tools else "vigil"
        version = vigil.__version__
    return {"id": slug(name), "name": name, "version": version, "vendor": {"name": name}}


def _dependency_files(vulnerabilities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for entry in vulnerabilities:
        where = entry["location"]
        listed = files.setdefault(
            where["file"], {"path": where["file"], "package_manager": "unknown", "dependencies": []}
        )
        if where["dependency"] not in listed["dependencies"]:
            listed["dependencies"].append(where["dependency"])
    return list(files.values())


class GitlabRenderer(Renderer):
    """GitLab security report (one report type per file, schema 15.0.7)."""

    id: ClassVar[str] = "gitlab"
    label: ClassVar[str] = "GitLab security"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = "json"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        kind = choose_type(records, context)
        chosen = [
            r
            for r in worst_first(records)
            if r.status is not Status.FIXED and report_type(r.finding) == kind
        ]
        vulnerabilities = [vulnerability(r, kind, context) for r in chosen]
        stamp = context.timestamp.strftime("%Y-%m-%dT%H:%M:%S")
        analyzer = {"id": "vigil", "name": "vigil", "version": vigil.__version__}
        scan: dict[str, Any] = {
            "analyzer": {**analyzer, "vendor": {"name": "vigil"}},
            "scanner": _scanner(chosen, context),
            "type": kind,
            "start_time": stamp,
            "end_time": stamp,
            "status": "success",
        }
        report: dict[str, Any] = {
            "version": SCHEMA_VERSION,
            "schema": schema_url(kind),
            "scan": scan,
            "vulnerabilities": vulnerabilities,
        }
        if kind == "dependency_scanning":
            report["dependency_files"] = _dependency_files(vulnerabilities)
        if kind == "dast":
            scan["scanned_resources"] = _scanned_resources(chosen)
        return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"


def _scanned_resources(records: Sequence[FindingRecord]) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for record in records:
        for endpoint in record.finding.endpoints:
            if not endpoint.url:
                continue
            method = (endpoint.method or "GET").upper()
            seen.setdefault((method, endpoint.url), {"method": method, "url": endpoint.url})
    return [{**value, "type": "url"} for _, value in sorted(seen.items())]
