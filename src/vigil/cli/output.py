"""What the CLI prints. Colour only on a TTY with NO_COLOR unset; machine formats never."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from vigil.errors import UsageError
from vigil.model import FindingRecord, Severity

if TYPE_CHECKING:
    from vigil.store.importer import ImportSummary
    from vigil.store.queries import Event

_COLOURS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.HIGH: "\033[31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESET = "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour when a person is watching and has not asked for none."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def _paint(text: str, severity: Severity, stream: TextIO) -> str:
    return f"{_COLOURS[severity]}{text}{_RESET}" if use_colour(stream) else text


def print_import_summary(summary: ImportSummary, reported: int, distinct: int) -> None:
    """The per-severity table of what an import changed, on stderr."""
    err = sys.stderr
    order = sorted(Severity, reverse=True)
    header = f"{'':12}" + "".join(f"{s.label:>10}" for s in order) + f"{'total':>10}"
    print(
        f"imported {reported} reported findings as {distinct} distinct findings "
        f"(scans {', '.join(map(str, summary.scan_ids))})",
        file=err,
    )
    print(header, file=err)
    for name, counts in summary.rows():
        cells = "".join(f"{counts.get(s, 0):>10}" for s in order)
        print(f"{name:12}{cells}{sum(counts.values()):>10}", file=err)


def print_stored_line(tool: str, summary: ImportSummary) -> None:
    """One line of what storing a scanner's findings changed (a scan stores several)."""
    counts = ", ".join(f"{sum(c.values())} {name}" for name, c in summary.rows())
    scans = ", ".join(map(str, summary.scan_ids))
    print(f"stored {tool} as scan {scans}: {counts}", file=sys.stderr)


def _location(record: FindingRecord) -> str:
    finding = record.finding
    if finding.location is not None:
        line = f":{finding.location.start_line}" if finding.location.start_line else ""
        return f"{finding.location.path}{line}"
    if finding.component is not None:
        return f"{finding.component.name}@{finding.component.version or '?'}"
    if finding.endpoints:
        return finding.endpoints[0].url
    return ""


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands back the stored UTC times without their zone."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def record_row(record: FindingRecord) -> dict[str, Any]:
    """The flat view of a record used by the table, CSV and JSON listings."""
    finding = record.finding
    return {
        "id": record.id,
        "severity": finding.severity.label,
        "status": record.status.value,
        "category": finding.category.value,
        "title": finding.title,
        "tools": ",".join(record.sources),
        "rule_id": finding.rule_id,
        "where": _location(record),
        "vulnerability_ids": " ".join(finding.vulnerability_ids),
        "cwes": " ".join(f"CWE-{c}" for c in finding.cwes),
        "fingerprint": record.fingerprint,
        "first_seen": _iso(record.first_seen),
        "last_seen": _iso(record.last_seen),
    }


def print_records(records: Sequence[FindingRecord], output_format: str) -> None:
    """A listing of records on stdout as a table, JSON or CSV."""
    out = sys.stdout
    if output_format == "json":
        out.write(
            orjson.dumps([record_row(r) for r in records], option=orjson.OPT_INDENT_2).decode()
            + "\n"
        )
    elif output_format == "csv":
        from vigil.report.csv_report import neutralise

        writer = csv.DictWriter(out, fieldnames=list(record_row(records[0]) if records else ["id"]))
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    k: neutralise(v) if isinstance(v, str) else v
                    for k, v in record_row(record).items()
                }
            )
    elif output_format == "table":
        for record in records:
            row = record_row(record)
            severity = _paint(f"{row['severity']:<8}", record.finding.severity, out)
            out.write(
                f"{row['id'] or '-'!s:>6}  {severity}  {row['status']:<14} {row['category']:<9} "
                f"{row['title'][:70]:<70}  {row['where']}\n"
            )
        print(f"{len(records)} findings", file=sys.stderr)
    else:
        raise UsageError(f"unknown format {output_format!r}; use table, json or csv")


def print_record_detail(record: FindingRecord, events: Sequence[Event], fmt: str) -> None:
    """Everything about one finding."""
    from vigil.report.json_report import finding_fields

    document = finding_fields(record.finding, include_raw=False)
    history = [
        {
            "at": _iso(e.at),
            "kind": e.kind,
            "from": e.from_status,
            "to": e.to_status,
            "actor": e.actor,
            "reason": e.reason,
            "scan": e.scan_id,
        }
        for e in events
    ]
    if fmt == "json":
        body = record_row(record) | {
            "finding": document,
            "history": history,
            "triage_reason": record.triage_reason,
            "accepted_until": record.accepted_until,
        }
        sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    if fmt != "text":
        raise UsageError(f"unknown format {fmt!r}; use text or json")
    row = record_row(record)
    lines = [
        f"#{record.id} {record.finding.title}",
        f"  severity   {row['severity']}    status {row['status']}    category {row['category']}",
        f"  tools      {row['tools']}    rule {row['rule_id']}",
        f"  where      {row['where']}",
    ]
    if row["vulnerability_ids"]:
        lines.append(f"  ids        {row['vulnerability_ids']}")
    if row["cwes"]:
        lines.append(f"  cwe        {row['cwes']}")
    component = record.finding.component
    if component and component.fixed_versions:
        lines.append(f"  fixed in   {', '.join(component.fixed_versions)}")
    if record.triage_reason:
        until = f" until {record.accepted_until}" if record.accepted_until else ""
        lines.append(f"  triage     {record.triage_reason}{until}")
    lines.append(f"  fingerprint {record.fingerprint}")
    if record.finding.description:
        lines += ["", record.finding.description.strip()]
    if record.finding.remediation:
        lines += ["", "Remediation: " + record.finding.remediation.strip()]
    lines += ["", "History:"]
    lines += [
        f"  {h['at']}  {h['kind']:<18} {h['from'] or '-'} -> {h['to']}  by {h['actor']}"
        + (f"  ({h['reason']})" if h["reason"] else "")
        for h in history
    ]
    print("\n".join(lines))
