"""vigil's own JSON report: every record with its identity, lifecycle and finding fields.

The layout is versioned (``"format": "vigil-report", "version": 1``), documented in
docs/reports.md and described by docs/schemas/vigil-report-v1.schema.json. Keys are always
present (``null`` or empty when unknown) so consumers need no existence checks; new keys may
be added within version 1, nothing is renamed or removed without a version bump.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

import orjson

from vigil.model import Finding, FindingRecord
from vigil.report._common import SEVERITIES_WORST_FIRST, iso_utc, summarize, worst_first
from vigil.report.interface import Renderer, ReportContext

FORMAT_NAME = "vigil-report"
FORMAT_VERSION = 1


def _when(moment: datetime | date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def finding_fields(finding: Finding, include_raw: bool) -> dict[str, Any]:
    """The finding as plain JSON values, in the documented key order."""
    component = finding.component
    location = finding.location
    fields: dict[str, Any] = {
        "title": finding.title,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "category": finding.category.value,
        "tool": {"name": finding.tool.name, "version": finding.tool.version},
        "rule_id": finding.rule_id,
        "description": finding.description,
        "cvss": [
            {"version": c.version, "vector": c.vector, "score": c.score} for c in finding.cvss
        ],
        "cwes": list(finding.cwes),
        "vulnerability_ids": list(finding.vulnerability_ids),
        "component": None
        if component is None
        else {
            "name": component.name,
            "version": component.version,
            "purl": component.purl,
            "ecosystem": component.ecosystem,
            "fixed_versions": list(component.fixed_versions),
            "paths": list(component.paths),
        },
        "location": None
        if location is None
        else {
            "path": location.path,
            "start_line": location.start_line,
            "end_line": location.end_line,
            "start_column": location.start_column,
            "end_column": location.end_column,
            "snippet": location.snippet,
        },
        "endpoints": [
            {"url": e.url, "method": e.method, "parameter": e.parameter, "evidence": e.evidence}
            for e in finding.endpoints
        ],
        "remediation": finding.remediation,
        "references": list(finding.references),
        "tags": list(finding.tags),
        "secret_hash": finding.secret_hash,
        "hint": finding.hint,
        "trace": [{"path": t.path, "line": t.line, "note": t.note} for t in finding.trace],
    }
    if include_raw:
        fields["raw"] = dict(finding.raw)
    return fields


def record_fields(record: FindingRecord, include_raw: bool) -> dict[str, Any]:
    """A record: identity and lifecycle first, then the merged finding under ``finding``."""
    return {
        "fingerprint": record.fingerprint,
        "id": record.id,
        "status": record.status.value,
        "open": record.is_open,
        "is_new": record.is_new,
        "sources": list(record.sources),
        "first_seen": _when(record.first_seen),
        "last_seen": _when(record.last_seen),
        "triage_reason": record.triage_reason,
        "accepted_until": _when(record.accepted_until),
        "finding": finding_fields(record.finding, include_raw),
    }


def _tools(records: Sequence[FindingRecord], context: ReportContext) -> dict[str, str | None]:
    tools: dict[str, str | None] = {}
    for record in records:
        name = record.finding.tool.name
        tools[name] = context.version_of(name, record.finding.tool.version or tools.get(name))
    for name, version in context.tool_versions.items():
        tools.setdefault(name, version)
    return dict(sorted(tools.items()))


def _summary(records: Sequence[FindingRecord]) -> Mapping[str, Any]:
    summary = summarize(records)
    return {
        "total": summary.total,
        "open": summary.open,
        "new": summary.new,
        "by_severity": {s.label: summary.severity_total(s) for s in SEVERITIES_WORST_FIRST},
        "open_by_severity": {s.label: summary.open_at(s) for s in SEVERITIES_WORST_FIRST},
    }


class JsonRenderer(Renderer):
    """vigil's JSON report (format ``vigil-report`` version 1)."""

    id: ClassVar[str] = "json"
    label: ClassVar[str] = "vigil JSON"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = "json"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        ordered = worst_first(records)
        document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "title": context.title,
            "generated_at": iso_utc(context.timestamp),
            "product": context.product,
            "branch": context.branch,
            "commit": context.commit,
            "tools": _tools(ordered, context),
            "gate": None
            if context.gate_passed is None and not context.gate_lines
            else {"passed": context.gate_passed, "reasons": list(context.gate_lines)},
            "summary": _summary(ordered),
            "findings": [record_fields(r, context.include_raw) for r in ordered],
        }
        # Raw tool records may hold keys and values orjson cannot encode; keep them as text.
        options = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
        return orjson.dumps(document, option=options, default=str) + b"\n"
