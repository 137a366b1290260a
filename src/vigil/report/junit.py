"""JUnit XML, for the test tabs of CI systems (GitLab, Jenkins, GitHub test reporters).

A ``testsuite`` per tool and a ``testcase`` per finding (classname ``category.rule``, name
``title [location]``). An open finding at or above ``ReportContext.fail_threshold`` is a
``failure`` whose text holds the details; a fixed, false-positive or accepted one is
``skipped``; anything else passes. The document keeps to the attributes Jenkins' xunit
JUnit schema (junit-10.xsd) allows, so strict readers accept it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import ClassVar

from vigil.model import FindingRecord, Status
from vigil.report._common import (
    by_tool,
    clean_text,
    clip,
    component_text,
    location_text,
    one_line,
)
from vigil.report.interface import Renderer, ReportContext


def _attr(text: str) -> str:
    # Attribute values are normalised by XML readers, so line breaks would be lost anyway.
    return escape(one_line(text, 1000), quote=True)


def _text(text: str) -> str:
    return escape(clean_text(text), quote=False)


def case_name(record: FindingRecord) -> str:
    """``title [location]``: what the CI test list shows for a finding."""
    where = location_text(record.finding)
    title = one_line(record.finding.title, 300)
    return f"{title} [{where}]" if where else title


def _details(record: FindingRecord) -> str:
    finding = record.finding
    lines = [
        f"Severity: {finding.severity.label}",
        f"Rule: {finding.rule_id}",
        f"Tool: {', '.join(record.sources) or finding.tool.name}",
        f"Status: {record.status.value}"
        + (", new in this scan" if record.is_new and record.status is not Status.NEW else ""),
        f"Fingerprint: {record.fingerprint}",
    ]
    if where := location_text(finding):
        lines.append(f"Location: {where}")
    if finding.cwes:
        lines.append("CWE: " + ", ".join(f"CWE-{c}" for c in finding.cwes))
    if finding.vulnerability_ids:
        lines.append("Advisories: " + ", ".join(finding.vulnerability_ids))
    if finding.component is not None and finding.component.fixed_versions:
        fixed = ", ".join(finding.component.fixed_versions)
        lines.append(f"Fix: upgrade {component_text(finding)} to {fixed}")
    for endpoint in finding.endpoints[:10]:
        method = f"{endpoint.method} " if endpoint.method else ""
        lines.append(f"URL: {method}{endpoint.url}")
    if finding.description:
        lines += ["", clip(finding.description, 4000)]
    if finding.remediation:
        lines += ["", "Remediation: " + clip(finding.remediation, 2000)]
    if finding.references:
        lines += ["", *finding.references[:10]]
    return "\n".join(lines)


def _case(record: FindingRecord, context: ReportContext) -> tuple[str, bool, bool]:
    """One testcase element, and whether it failed or was skipped."""
    finding = record.finding
    classname = f"{finding.category.value}.{finding.rule_id or 'finding'}"
    name = case_name(record)
    head = f'    <testcase classname="{_attr(classname)}" name="{_attr(name)}" time="0"'
    if not record.is_open:
        reason = record.status.value + (f": {record.triage_reason}" if record.triage_reason else "")
        return f'{head}>\n      <skipped message="{_attr(reason)}"/>\n    </testcase>', False, True
    if finding.severity >= context.fail_threshold:
        failure = (
            f'      <failure type="{finding.severity.label}" message="{_attr(finding.title)}">'
            f"{_text(_details(record))}</failure>"
        )
        return f"{head}>\n{failure}\n    </testcase>", True, False
    return f"{head}/>", False, False


def _properties(context: ReportContext, tool: str, version: str | None) -> list[str]:
    values = {
        "product": context.product,
        "branch": context.branch,
        "commit": context.commit,
        "tool.version": version or "",
    }
    rows = [
        f'      <property name="{name}" value="{_attr(value)}"/>'
        for name, value in values.items()
        if value
    ]
    return ["    <properties>", *rows, "    </properties>"] if rows else []


def _suite(
    tool: str, records: Sequence[FindingRecord], context: ReportContext
) -> tuple[list[str], int]:
    cases, failures, skipped = [], 0, 0
    for record in records:
        xml, failed, was_skipped = _case(record, context)
        cases.append(xml)
        failures += failed
        skipped += was_skipped
    reported = next((r.finding.tool.version for r in records if r.finding.tool.version), None)
    stamp = context.timestamp.strftime("%Y-%m-%dT%H:%M:%S")
    head = (
        f'  <testsuite name="{_attr(tool)}" tests="{len(records)}" failures="{failures}"'
        f' errors="0" skipped="{skipped}" time="0" timestamp="{stamp}">'
    )
    props = _properties(context, tool, context.version_of(tool, reported))
    return [head, *props, *cases, "  </testsuite>"], failures


class JunitRenderer(Renderer):
    """JUnit XML: one test suite per tool, one test case per finding."""

    id: ClassVar[str] = "junit"
    label: ClassVar[str] = "JUnit XML"
    media_type: ClassVar[str] = "application/xml"
    extension: ClassVar[str] = "xml"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        groups = by_tool(records)
        body: list[str] = []
        failures = 0
        for tool, members in groups.items():
            suite, failed = _suite(tool, members, context)
            failures += failed
            body += suite
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="{_attr(context.title)}" tests="{len(records)}"'
            f' failures="{failures}" errors="0" time="0">'
        )
        return "\n".join([head, *body, "</testsuites>", ""]).encode("utf-8")
