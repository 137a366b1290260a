"""Building FindingRecords for gate tests: from real sample reports, or from model values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vigil.ingest.reader import parse_file
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Finding,
    FindingRecord,
    Severity,
    Status,
    Tool,
)
from vigil.triage.identity import identify

DATA = Path(__file__).parent.parent / "data"
SAMPLES = DATA / "samples"
KEV_EXCERPT = DATA / "kev" / "known_exploited_vulnerabilities.json"
TODAY = date(2025, 6, 30)


def sample_records(folder: str, file: str) -> list[FindingRecord]:
    """The deduplicated records of a real sample report, as ``vigil gate REPORT`` sees them."""
    groups = identify(parse_file(SAMPLES / folder / file).findings)
    return [FindingRecord(g.fingerprint, g.finding, g.tools) for g in groups]


def by_title(records: list[FindingRecord], title: str) -> FindingRecord:
    matches = [r for r in records if r.finding.title == title]
    assert len(matches) == 1, f"{len(matches)} records titled {title!r}"
    return matches[0]


def finding(
    title: str = "SQL injection",
    severity: Severity = Severity.HIGH,
    category: Category = Category.SAST,
    *,
    rule_id: str = "python.sqli",
    path: str | None = "app/db.py",
    line: int | None = 12,
    component: Component | None = None,
    vulnerability_ids: tuple[str, ...] = (),
    secret_hash: str | None = None,
    tool: str = "semgrep",
) -> Finding:
    location = CodeLocation(path, start_line=line) if path is not None else None
    return Finding(
        title=title,
        severity=severity,
        category=category,
        tool=Tool(tool),
        rule_id=rule_id,
        component=component,
        location=location,
        vulnerability_ids=vulnerability_ids,
        secret_hash=secret_hash,
    )


def record(
    item: Finding,
    fingerprint: str,
    *,
    status: Status = Status.NEW,
    is_new: bool = True,
    accepted_until: date | None = None,
) -> FindingRecord:
    return FindingRecord(
        fingerprint=fingerprint,
        finding=item,
        sources=(item.tool.name,),
        status=status,
        is_new=is_new,
        accepted_until=accepted_until,
    )


def sca(
    name: str,
    version: str,
    advisory: str,
    severity: Severity,
    *,
    purl: str | None = None,
    aliases: tuple[str, ...] = (),
    category: Category = Category.SCA,
) -> Finding:
    return finding(
        f"{advisory} in {name} {version}",
        severity,
        category,
        rule_id=advisory,
        path=None,
        component=Component(name, version, purl=purl),
        vulnerability_ids=(advisory, *aliases),
        tool="trivy",
    )
