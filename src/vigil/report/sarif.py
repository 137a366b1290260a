"""SARIF 2.1.0, shaped for GitHub code scanning (and readable by any SARIF consumer).

One run per tool (a record seen by several tools goes in the run of the tool whose report
gave the merged finding), each with its rules and an ``automationDetails.id`` whose category
(``vigil[/product]/tool``) is unique in the file, so GitHub keeps each tool's alerts apart.
GitHub's own constraints are met: every result has a location with a relative URI (absolute
paths become ``file://`` URIs) and ``region.startLine`` >= 1; rules carry shortDescription,
fullDescription, help.text, ``security`` and ``external/cwe/cwe-N`` tags (at most 20) and a
numeric ``security-severity``. Fixed records are left out (GitHub closes what a new upload
no longer reports); false positives and accepted risks are kept with a SARIF ``suppressions``
entry. See docs/reports.md for the placeholders used when a finding has no file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import quote

import orjson

from vigil.model import Confidence, Finding, FindingRecord, Severity, Status
from vigil.report._common import (
    by_tool,
    clip,
    component_text,
    iso_utc,
    one_line,
    placeholder_path,
    risk_score,
    slug,
)
from vigil.report.interface import Renderer, ReportContext

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: GitHub rejects a rule with more tags than this.
MAX_TAGS = 20
FINGERPRINT_KEY = "vigil/v1"

LEVEL: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: GitHub's ``precision`` rule property, from vigil's confidence.
PRECISION: dict[Confidence, str] = {
    Confidence.CERTAIN: "very-high",
    Confidence.HIGH: "high",
    Confidence.MEDIUM: "medium",
    Confidence.LOW: "low",
}

_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """A file path as a SARIF URI: relative paths stay relative, absolute ones get file://."""
    clean = path.strip().replace("\\", "/")
    if _URI_SCHEME.match(clean):
        return clean
    if _DRIVE.match(clean):
        return "file:///" + quote(clean, safe="/:")
    if clean.startswith("/"):
        return "file://" + quote(clean, safe="/")
    while clean.startswith("./"):
        clean = clean[2:]
    return quote(clean, safe="/@+") or "."


def _region(finding: Finding) -> dict[str, Any]:
    where = finding.location
    if where is None:
        return {"startLine": 1}
    start = where.start_line if where.start_line and where.start_line > 0 else 1
    region: dict[str, Any] = {"startLine": start}
    if where.end_line and where.end_line >= start:
        region["endLine"] = where.end_line
    if where.start_column and where.start_column > 0:
        region["startColumn"] = where.start_column
        single_line = region.get("endLine", start) == start
        if where.end_column and (where.end_column > where.start_column or not single_line):
            region["endColumn"] = where.end_column
    if where.snippet:
        region["snippet"] = {"text": clip(where.snippet, 4000)}
    return region


def location(finding: Finding) -> dict[str, Any]:
    """The result's one physical location (a placeholder file when the finding has none)."""
    if finding.location is not None and finding.location.path.strip():
        uri = artifact_uri(finding.location.path)
    elif finding.component is not None and finding.component.paths:
        uri = artifact_uri(finding.component.paths[0])
    else:
        uri = quote(placeholder_path(finding), safe="/@+")
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(finding)}}


def _code_flows(finding: Finding) -> dict[str, Any]:
    """A dataflow finding's source-to-sink steps as one SARIF thread flow."""
    if not finding.trace:
        return {}
    steps = [
        {
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(step.path)},
                    "region": {"startLine": max(step.line, 1)},
                },
                "message": {"text": step.note or "step"},
            }
        }
        for step in finding.trace
    ]
    return {"codeFlows": [{"threadFlows": [{"locations": steps}]}]}


def _message(record: FindingRecord) -> str:
    finding = record.finding
    lines = [one_line(finding.title, 1000)]
    if finding.component is not None:
        fixed = ", ".join(finding.component.fixed_versions)
        suffix = f" (fixed in {fixed})" if fixed else ""
        lines.append(f"Package: {component_text(finding)}{suffix}")
    if finding.vulnerability_ids:
        lines.append("Advisories: " + ", ".join(finding.vulnerability_ids))
    for endpoint in finding.endpoints[:10]:
        method = f"{endpoint.method} " if endpoint.method else ""
        param = f" (parameter {endpoint.parameter})" if endpoint.parameter else ""
        lines.append(f"URL: {method}{endpoint.url}{param}")
    if len(record.sources) > 1:
        lines.append("Reported by: " + ", ".join(record.sources))
    return "\n".join(lines)


def rule_id(finding: Finding) -> str:
    """The finding's rule id, or one made from its category when the tool gave none."""
    return finding.rule_id.strip() or f"vigil/{finding.category.value}"


def _rule(finding: Finding) -> dict[str, Any]:
    help_parts = [clip(finding.description, 8000) or finding.title]
    if finding.remediation:
        help_parts.append("Remediation: " + clip(finding.remediation, 4000))
    help_parts.extend(finding.references[:20])
    rule: dict[str, Any] = {
        "id": rule_id(finding),
        "name": rule_id(finding),
        "shortDescription": {"text": one_line(finding.title, 1000)},
        "fullDescription": {"text": one_line(finding.description or finding.title, 4000)},
        "help": {"text": "\n\n".join(help_parts)},
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "properties": {"tags": [], "security-severity": 0.0},
    }
    if finding.confidence in PRECISION:
        rule["properties"]["precision"] = PRECISION[finding.confidence]
    return rule


def _add_tags(rule: dict[str, Any], finding: Finding) -> None:
    tags: list[str] = rule["properties"]["tags"]
    wanted = ["security", finding.category.value]
    wanted += [f"external/cwe/cwe-{cwe}" for cwe in finding.cwes]
    wanted += [t for t in finding.tags if t.strip()]
    for tag in wanted:
        if len(tags) >= MAX_TAGS:
            return
        if tag not in tags:
            tags.append(tag)


def _result(record: FindingRecord, rule_index: int) -> dict[str, Any]:
    finding = record.finding
    result: dict[str, Any] = {
        "ruleId": rule_id(finding),
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(record)},
        "locations": [location(finding)],
        **_code_flows(finding),
        "partialFingerprints": {FINGERPRINT_KEY: record.fingerprint},
        "baselineState": "new" if record.is_new else "unchanged",
        "properties": {"vigil-status": record.status.value, "vigil-sources": list(record.sources)},
    }
    if finding.endpoints:
        endpoint = finding.endpoints[0]
        request: dict[str, Any] = {"target": endpoint.url}
        if endpoint.method:
            request["method"] = endpoint.method
        result["webRequest"] = request
    if record.status.is_triaged:
        # A marker in the code is SARIF's "inSource"; a triage in vigil's store is "external".
        kind = "inSource" if record.status is Status.SUPPRESSED else "external"
        suppression: dict[str, Any] = {"kind": kind, "status": "accepted"}
        if record.triage_reason:
            suppression["justification"] = record.triage_reason
        result["suppressions"] = [suppression]
    return result


def _run(
    tool: str, records: Sequence[FindingRecord], context: ReportContext, category: str
) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    results = []
    for record in records:
        finding = record.finding
        key = rule_id(finding)
        if key not in index_of:
            index_of[key] = len(rules)
            rules.append(_rule(finding))
        rule = rules[index_of[key]]
        _add_tags(rule, finding)
        score = max(rule["properties"]["security-severity"], risk_score(finding))
        rule["properties"]["security-severity"] = score
        results.append(_result(record, index_of[key]))
    for rule in rules:
        rule["properties"]["security-severity"] = f"{rule['properties']['security-severity']:.1f}"
    reported = next((r.finding.tool.version for r in records if r.finding.tool.version), None)
    driver: dict[str, Any] = {"name": tool}
    version = context.version_of(tool, reported)
    if version:
        driver["version"] = version
    driver["rules"] = rules
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"{category}/{slug(tool)}/{iso_utc(context.timestamp)}"},
        "results": results,
    }
    provenance = {k: v for k, v in _provenance(context).items() if v}
    if provenance:
        run["properties"] = provenance
    return run


def _provenance(context: ReportContext) -> dict[str, str]:
    return {"product": context.product, "branch": context.branch, "commit": context.commit}


class SarifRenderer(Renderer):
    """SARIF 2.1.0 log, one run per tool, accepted by GitHub code scanning."""

    id: ClassVar[str] = "sarif"
    label: ClassVar[str] = "SARIF 2.1.0"
    media_type: ClassVar[str] = "application/sarif+json"
    extension: ClassVar[str] = "sarif"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        reported = [r for r in records if r.status is not Status.FIXED]
        groups = by_tool(reported)
        # A tool named in the context but with nothing to report still gets an empty run,
        # so code scanning closes that tool's earlier alerts.
        for tool in context.tool_versions:
            groups.setdefault(tool, [])
        if not groups:
            groups["vigil"] = []
        category = "vigil/" + slug(context.product) if context.product else "vigil"
        runs = [
            _run(tool, groups[tool], context, category) for tool in sorted(groups, key=str.lower)
        ]
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}
        return orjson.dumps(log, option=orjson.OPT_INDENT_2) + b"\n"
