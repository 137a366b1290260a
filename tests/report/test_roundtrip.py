"""vigil reads back what it writes: its SARIF and GitLab reports, parsed by vigil's own
parsers, give the same findings (rule, severity, place) as the records rendered."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.report.records import MIXED, context, records_from
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_source
from vigil.report.gitlab import GitlabRenderer, report_type
from vigil.report.sarif import SarifRenderer


def test_sarif_output_parses_back_to_the_same_findings() -> None:
    records = records_from(*MIXED)
    parsed = parse_source(ReportSource("vigil.sarif", SarifRenderer().render(records, context())))
    assert parsed.parser.id == "sarif"
    assert Counter((f.tool.name, f.rule_id, f.severity) for f in parsed.findings) == Counter(
        (r.finding.tool.name, r.finding.rule_id, r.finding.severity) for r in records
    )
    code = {f.rule_id: f.location for f in parsed.findings if f.rule_id == "B101"}
    assert code["B101"] is not None
    assert (code["B101"].path, code["B101"].start_line) == ("one/one.py", 2)


@pytest.mark.parametrize(
    "kind", ["sast", "dependency_scanning", "container_scanning", "secret_detection", "dast"]
)
def test_gitlab_output_parses_back_to_the_same_findings(kind: str) -> None:
    records = [r for r in records_from(*MIXED) if report_type(r.finding) == kind]
    body = GitlabRenderer().render(records, context(gitlab_report_type=kind))
    parsed = parse_source(ReportSource("gl-report.json", body))
    assert parsed.parser.id == "gitlab"
    assert Counter((f.rule_id, f.severity) for f in parsed.findings) == Counter(
        (r.finding.rule_id, r.finding.severity) for r in records
    )
