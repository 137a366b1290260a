"""CSV: one row per finding, worst first, for spreadsheets and ad-hoc scripts.

The columns (``COLUMNS``) are fixed and documented; new columns are only ever appended.
Lists are joined with ``"; "``. RFC 4180 quoting, CRLF line ends, UTF-8 without BOM.
A cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) gets a leading apostrophe, so a hostile title cannot execute anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import ClassVar

from vigil.model import FindingRecord
from vigil.report._common import clean_text, worst_first
from vigil.report.interface import Renderer, ReportContext

COLUMNS: tuple[str, ...] = (
    "fingerprint",
    "id",
    "status",
    "is_new",
    "severity",
    "confidence",
    "category",
    "tool",
    "tool_version",
    "sources",
    "rule_id",
    "title",
    "cwes",
    "vulnerability_ids",
    "cvss_score",
    "cvss_vector",
    "component",
    "component_version",
    "purl",
    "ecosystem",
    "fixed_versions",
    "component_paths",
    "path",
    "start_line",
    "end_line",
    "endpoint_url",
    "endpoint_method",
    "endpoint_parameter",
    "first_seen",
    "last_seen",
    "triage_reason",
    "accepted_until",
    "description",
    "remediation",
    "references",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate (OWASP's CSV-injection advice)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _join(values: Sequence[object]) -> str:
    return "; ".join(str(v) for v in values)


def row(record: FindingRecord) -> list[str]:
    """The record's cells, in ``COLUMNS`` order."""
    finding = record.finding
    component = finding.component
    where = finding.location
    endpoint = finding.endpoint
    best = finding.best_cvss or (finding.cvss[0] if finding.cvss else None)
    cells: list[object] = [
        record.fingerprint,
        "" if record.id is None else record.id,
        record.status.value,
        "yes" if record.is_new else "no",
        finding.severity.label,
        finding.confidence.label,
        finding.category.value,
        finding.tool.name,
        finding.tool.version or "",
        _join(record.sources),
        finding.rule_id,
        finding.title,
        _join([f"CWE-{c}" for c in finding.cwes]),
        _join(finding.vulnerability_ids),
        "" if best is None or best.score is None else f"{best.score:.1f}",
        (best.vector or "") if best else "",
        component.name if component else "",
        (component.version or "") if component else "",
        (component.purl or "") if component else "",
        (component.ecosystem or "") if component else "",
        _join(component.fixed_versions) if component else "",
        _join(component.paths) if component else "",
        where.path if where else "",
        (where.start_line or "") if where else "",
        (where.end_line or "") if where else "",
        endpoint.url if endpoint else "",
        (endpoint.method or "") if endpoint else "",
        (endpoint.parameter or "") if endpoint else "",
        record.first_seen.isoformat() if record.first_seen else "",
        record.last_seen.isoformat() if record.last_seen else "",
        record.triage_reason or "",
        record.accepted_until.isoformat() if record.accepted_until else "",
        finding.description,
        finding.remediation,
        _join(finding.references),
    ]
    return [neutralise(clean_text(str(cell))) for cell in cells]


class CsvRenderer(Renderer):
    """Comma-separated values, one row per finding."""

    id: ClassVar[str] = "csv"
    label: ClassVar[str] = "CSV"
    media_type: ClassVar[str] = "text/csv"
    extension: ClassVar[str] = "csv"

    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in worst_first(records):
            writer.writerow(row(record))
        return buffer.getvalue().encode("utf-8")
