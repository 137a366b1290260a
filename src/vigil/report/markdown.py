"""GitHub-flavoured Markdown, sized for a pull/merge request comment.

A header (product, branch, commit, gate verdict), a table of counts per severity, one per
tool, then the worst open findings (``ReportContext.markdown_top`` of them). Every value
taken from a report is escaped, so a hostile title can neither break the table, inject
HTML, nor mention people; the whole text stays under GitHub's 65,536-character limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from vigil.model import Finding, FindingRecord, Severity
from vigil.report._common import (
    SEVERITIES_WORST_FIRST,
    advisory_url,
    component_text,
    location_text,
    one_line,
    summarize,
    worst_first,
)
from vigil.report.interface import Renderer, ReportContext

#: GitHub refuses comments longer than 65,536 characters; keep a margin for the footer.
MAX_CHARS = 60_000

ICON: dict[Severity, str] = {
    Severity.CRITICAL: "🔴",
    Severity.HIGH: "🟠",
    Severity.MEDIUM: "🟡",
    Severity.LOW: "🔵",
    Severity.INFO: "⚪",
}

_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
# An @ that starts a word would notify that user or team; one inside a word (pkg@1.0) would not.
_MENTION = re.compile(r"(?<![\w.])@(?=\w)")


def escape(text: str, limit: int = 200) -> str:
    """One line of report text made inert in GFM: markup escaped, @mentions broken."""
    return _MENTION.sub("@\u200b", _MARKUP.sub(r"\\\1", one_line(text, limit)))


def _link(label: str, url: str) -> str:
    return f"[{escape(label, 80)}]({url})"


def _header(records: Sequence[FindingRecord], context: ReportContext) -> list[str]:
    facts = [
        f"**{name}:** {escape(value, 80)}"
        for name, value in (
            ("Product", context.product),
            ("Branch", context.branch),
            ("Commit", context.commit[:12]),
        )
        if value
    ]
    facts.append(context.timestamp.strftime("%Y-%m-%d %H:%M UTC"))
    lines = [f"## {escape(context.title, 120)}", "", " · ".join(facts), ""]
    if context.gate_passed is not None:
        verdict = "✅ **Gate passed**" if context.gate_passed else "❌ **Gate failed**"
        lines.append(f"> {verdict}")
    lines += [f"> - {escape(reason, 300)}" for reason in context.gate_lines]
    if context.gate_passed is not None or context.gate_lines:
        lines.append("")
    summary = summarize(records)
    lines.append(
        f"**{summary.open} open** finding{'s' if summary.open != 1 else ''}"
        f" ({summary.new} new) out of {summary.total}."
    )
    return [*lines, ""]


def _counts(records: Sequence[FindingRecord]) -> list[str]:
    summary = summarize(records)
    lines = ["| Severity | Open | New | Closed |", "|---|---:|---:|---:|"]
    new_at = {s: 0 for s in Severity}
    for record in records:
        new_at[record.finding.severity] += record.is_open and record.is_new
    for severity in SEVERITIES_WORST_FIRST:
        opened = summary.open_at(severity)
        closed = summary.severity_total(severity) - opened
        lines.append(
            f"| {ICON[severity]} {severity.label.title()} | {opened} | {new_at[severity]}"
            f" | {closed} |"
        )
    lines += ["", "| Tool | Findings |", "|---|---:|"]
    for tool, count in sorted(summary.by_tool.items(), key=lambda item: item[0].lower()):
        lines.append(f"| {escape(tool, 60)} | {count} |")
    return [*lines, ""]


def _what(finding: Finding) -> str:
    title = escape(finding.title, 160)
    if finding.vulnerability_ids:
        primary = finding.vulnerability_ids[0]
        link = _link(primary, advisory_url(primary))
        # "CVE-x in pkg" reads better with the id itself as the link than with it twice.
        if finding.title.startswith(primary):
            rest = escape(finding.title[len(primary) :], 160)
            return f"{link} {rest}" if rest else link
        return f"{link} {title}"
    return title


def _where(finding: Finding) -> str:
    where = escape(location_text(finding), 120)
    if finding.component is not None and finding.component.fixed_versions:
        fixed = ", ".join(finding.component.fixed_versions[:3])
        where += f" → {escape(fixed, 60)}"
    if finding.location is not None and finding.component is not None:
        where += f" ({escape(component_text(finding), 60)})"
    return where


def _finding_row(record: FindingRecord) -> str:
    finding = record.finding
    new = " 🆕" if record.is_new else ""
    return (
        f"| {ICON[finding.severity]} {finding.severity.label} | {_what(finding)}{new}"
        f" | {_where(finding)} | {escape(', '.join(record.sources) or finding.tool.name, 60)} |"
    )


def _top(records: Sequence[FindingRecord], context: ReportContext, budget: int) -> list[str]:
    opened = [r for r in worst_first(records) if r.is_open]
    if not opened:
        return ["No open findings. 🎉", ""]
    lines = ["### Top findings", "", "| Severity | Finding | Where | Tool |", "|---|---|---|---|"]
    used = sum(len(line) + 1 for line in lines)
    shown = 0
    for record in opened[: context.markdown_top]:
        line = _finding_row(record)
        if used + len(line) + 1 > budget:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    if shown == 0:
        lines = []
    if len(opened) > shown:
        rest = len(opened) - shown
        lines += ["", f"_… and {rest} more open finding{'s' if rest != 1 else ''}._"]
    return [*lines, ""]


class MarkdownRenderer(Renderer):
    """GitHub-flavoured Markdown summary for pull/merge request comments."""

    id: ClassVar[str] = "markdown"
    label: ClassVar[str] = "Markdown (GFM)"
    media_type: ClassVar[str] = "text/markdown"
    extension: ClassVar[str] = "md"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        head = _header(records, context) + _counts(records)
        budget = MAX_CHARS - sum(len(line) + 1 for line in head)
        text = "\n".join(head + _top(records, context, budget))
        return (text.rstrip("\n") + "\n").encode("utf-8")
