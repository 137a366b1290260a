"""Finding records for the renderer tests: from real sample reports (parsed and identified
the way ``vigil report`` does it) or built by hand for edge cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from vigil.ingest.reader import parse_file
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Cvss,
    Endpoint,
    Finding,
    FindingRecord,
    Severity,
    Status,
    Tool,
)
from vigil.report.interface import ReportContext
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
GENERATED_AT = datetime(2024, 5, 1, 12, 30, 0, tzinfo=UTC)

#: One sample per category: SAST, IaC + SCA + secrets, container, secrets, DAST.
MIXED = (
    "bandit/one_vuln.json",
    "trivy/misconfigurations_and_secrets.json",
    "trivy/scheme_2_many_vulns.json",
    "gitleaks/data_many.json",
    "zap/some_2.9.0.xml",
)


def records_from(*samples: str) -> list[FindingRecord]:
    """The deduplicated findings of real sample reports, as new open records."""
    records = []
    for sample in samples:
        report = parse_file(SAMPLES / sample)
        for group in identify(report.findings):
            records.append(FindingRecord(group.fingerprint, group.finding, group.tools))
    return records


def with_lifecycle(records: list[FindingRecord]) -> list[FindingRecord]:
    """Give some records a stored life: ids, dates, and every closed status, by position."""
    changed = []
    for index, record in enumerate(records):
        update: dict[str, object] = {
            "id": index + 1,
            "first_seen": datetime(2024, 4, 1, 8, 0, tzinfo=UTC),
            "last_seen": GENERATED_AT,
            "is_new": index % 3 == 0,
        }
        if index % 6 == 1:
            update.update(
                status=Status.ACCEPTED,
                triage_reason="risk accepted until the next release",
                accepted_until=date(2024, 12, 31),
            )
        elif index % 6 == 3:
            update.update(status=Status.FALSE_POSITIVE, triage_reason="test fixture, not shipped")
        elif index % 6 == 5:
            update.update(status=Status.FIXED)
        elif index % 6 == 4:
            update.update(status=Status.CONFIRMED)
        changed.append(replace(record, **update))  # type: ignore[arg-type]
    return changed


def context(**overrides: object) -> ReportContext:
    values: dict[str, object] = {
        "generated_at": GENERATED_AT,
        "product": "shop-api",
        "branch": "main",
        "commit": "3f2a9c1d5e7b",
    }
    values.update(overrides)
    return ReportContext(**values)  # type: ignore[arg-type]


def record(finding: Finding, fingerprint: str = "f" * 40, **fields: object) -> FindingRecord:
    sources = fields.pop("sources", (finding.tool.name,))
    return FindingRecord(fingerprint, finding, sources, **fields)  # type: ignore[arg-type]


def sast(**fields: object) -> Finding:
    values: dict[str, object] = {
        "title": "Use of eval",
        "severity": Severity.HIGH,
        "category": Category.SAST,
        "tool": Tool("semgrep", "1.50.0"),
        "rule_id": "python.lang.security.audit.eval-detected",
        "cwes": (95,),
        "location": CodeLocation("app/views.py", 42, 42, 5, 20, "eval(request.args['q'])"),
    }
    values.update(fields)
    return Finding(**values)  # type: ignore[arg-type]


def sca(**fields: object) -> Finding:
    values: dict[str, object] = {
        "title": "CVE-2021-23337 in lodash 4.17.15",
        "severity": Severity.HIGH,
        "category": Category.SCA,
        "tool": Tool("grype", "0.74.0"),
        "rule_id": "GHSA-35jh-r3h4-6jhm",
        "vulnerability_ids": ("GHSA-35jh-r3h4-6jhm", "CVE-2021-23337"),
        "cvss": (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),),
        "cwes": (77,),
        "component": Component(
            "lodash",
            "4.17.15",
            "pkg:npm/lodash@4.17.15",
            "npm",
            ("4.17.21",),
            ("package-lock.json",),
        ),
    }
    values.update(fields)
    return Finding(**values)  # type: ignore[arg-type]


def dast(**fields: object) -> Finding:
    values: dict[str, object] = {
        "title": "Cross Site Scripting (Reflected)",
        "severity": Severity.HIGH,
        "category": Category.DAST,
        "tool": Tool("ZAP", "2.14.0"),
        "rule_id": "40012",
        "cwes": (79,),
        "endpoints": (Endpoint("https://shop.example/search?q=x", "GET", "q", "<script>"),),
    }
    values.update(fields)
    return Finding(**values)  # type: ignore[arg-type]
