"""One self-contained HTML page: summary by risk, then every finding, worst first.

Inline CSS, no scripts, no external assets, so the file can be mailed or archived as is.
The Jinja2 template (templates/report.html.j2) runs with autoescaping on and is handed plain
strings prepared here; only http(s) URLs ever become links, so neither markup nor a
``javascript:`` URL from a hostile report can reach the page. Long descriptions and snippets
are cut to keep 10,000 findings to a page a browser opens comfortably.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from jinja2 import Environment, PackageLoader, StrictUndefined

from vigil.model import Finding, FindingRecord, Status
from vigil.report._common import (
    SEVERITIES_WORST_FIRST,
    STATUSES,
    Summary,
    advisory_url,
    clip,
    component_text,
    cwe_url,
    is_web_url,
    iso_utc,
    location_text,
    summarize,
    worst_first,
)
from vigil.report.interface import Renderer, ReportContext

_ENVIRONMENT = Environment(
    loader=PackageLoader("vigil.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)


def _link(text: str, url: str | None) -> dict[str, str | None]:
    return {"text": text, "url": url if url and is_web_url(url) else None}


def _cvss(finding: Finding) -> str:
    best = finding.best_cvss
    if best is None:
        return ""
    vector = f" {best.vector}" if best.vector else ""
    return f"{best.score:.1f} (CVSS {best.version}){vector}"


def _component(finding: Finding) -> dict[str, str] | None:
    component = finding.component
    if component is None:
        return None
    return {
        "name": component_text(finding),
        "purl": component.purl or "",
        "fixed": ", ".join(component.fixed_versions),
        "paths": ", ".join(component.paths[:20]),
    }


def finding_view(record: FindingRecord) -> dict[str, Any]:
    """Plain strings and lists for one finding's block of the page."""
    finding = record.finding
    where = finding.location
    return {
        "anchor": "f-" + record.fingerprint[:16],
        "severity": finding.severity.label,
        "title": finding.title,
        "status": record.status.value,
        "open": record.is_open,
        # A "new" status already says it; the chip marks older open records new to this scan.
        "is_new": record.is_new and record.is_open and record.status is not Status.NEW,
        "tools": ", ".join(record.sources) or finding.tool.name,
        "rule": finding.rule_id,
        "category": finding.category.value,
        "confidence": finding.confidence.label if finding.confidence else "",
        "cwes": [_link(f"CWE-{c}", cwe_url(c)) for c in finding.cwes],
        "advisories": [_link(v, advisory_url(v)) for v in finding.vulnerability_ids],
        "cvss": _cvss(finding),
        "component": _component(finding),
        "where": location_text(finding),
        "file": location_text(finding) if where else "",
        "snippet": clip(where.snippet, 2000) if where and where.snippet else "",
        "endpoints": [
            {
                "method": e.method or "",
                "url": _link(e.url, e.url),
                "parameter": e.parameter or "",
                "evidence": clip(e.evidence or "", 500),
            }
            for e in finding.endpoints[:20]
        ],
        "description": clip(finding.description, 5000),
        "remediation": clip(finding.remediation, 3000),
        "references": [_link(r, r) for r in finding.references[:20]],
        "first_seen": iso_utc(record.first_seen) if record.first_seen else "",
        "last_seen": iso_utc(record.last_seen) if record.last_seen else "",
        "triage_reason": record.triage_reason or "",
        "accepted_until": record.accepted_until.isoformat() if record.accepted_until else "",
        "fingerprint": record.fingerprint,
    }


def summary_view(summary: Summary, records: Sequence[FindingRecord]) -> dict[str, Any]:
    """The severity-by-status matrix and the per-tool and per-category counts."""
    opened_by_tool: dict[str, int] = {}
    opened_by_category: dict[str, int] = {}
    for record in records:
        if record.is_open:
            tool, category = record.finding.tool.name, record.finding.category.value
            opened_by_tool[tool] = opened_by_tool.get(tool, 0) + 1
            opened_by_category[category] = opened_by_category.get(category, 0) + 1
    return {
        "total": summary.total,
        "open": summary.open,
        "new": summary.new,
        "statuses": [s.value for s in STATUSES],
        "rows": [
            {
                "severity": s.label,
                "cells": [summary.by_severity_status[(s, status)] for status in STATUSES],
                "total": summary.severity_total(s),
            }
            for s in SEVERITIES_WORST_FIRST
        ],
        "status_totals": [summary.status_total(status) for status in STATUSES],
        "tools": [
            {"name": name, "total": count, "open": opened_by_tool.get(name, 0)}
            for name, count in sorted(summary.by_tool.items(), key=lambda i: i[0].lower())
        ],
        "categories": [
            {"name": c.value, "total": count, "open": opened_by_category.get(c.value, 0)}
            for c, count in sorted(summary.by_category.items(), key=lambda i: i[0].value)
        ],
    }


def _tool_versions(records: Sequence[FindingRecord], context: ReportContext) -> list[str]:
    versions: dict[str, str | None] = {}
    for record in records:
        tool = record.finding.tool
        versions[tool.name] = versions.get(tool.name) or tool.version
    for name in context.tool_versions:
        versions.setdefault(name, None)
    return [
        f"{name} {context.version_of(name, reported) or ''}".strip()
        for name, reported in sorted(versions.items(), key=lambda i: i[0].lower())
    ]


class HtmlRenderer(Renderer):
    """A single self-contained HTML page."""

    id: ClassVar[str] = "html"
    label: ClassVar[str] = "HTML"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = "html"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        ordered = worst_first(records)
        page = _ENVIRONMENT.get_template("report.html.j2").render(
            title=context.title,
            product=context.product,
            branch=context.branch,
            commit=context.commit,
            generated_at=iso_utc(context.timestamp),
            tools=_tool_versions(ordered, context),
            gate_passed=context.gate_passed,
            gate_lines=list(context.gate_lines),
            summary=summary_view(summarize(ordered), ordered),
            findings=(finding_view(r) for r in ordered),
        )
        return page.encode("utf-8")
