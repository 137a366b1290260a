"""hadolint JSON against DefectDojo's real hadolint reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.hadolint import HadolintParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "hadolint"


def test_one_dockerfile() -> None:
    report = parse_file(SAMPLES / "one_dockerfile.json")
    assert report.parser is HadolintParser
    findings = report.findings
    assert [
        (f.rule_id, f.severity, f.location.start_line if f.location else 0) for f in findings
    ] == [
        ("DL3008", Severity.MEDIUM, 9),
        ("DL3015", Severity.LOW, 9),
        ("DL3008", Severity.MEDIUM, 25),
        ("DL3013", Severity.MEDIUM, 44),
    ]
    first = findings[0]
    assert first.title == (
        "Pin versions in apt get install. Instead of `apt-get install <package>` use "
        "`apt-get install <package>=<version>`"
    )
    assert first.category is Category.IAC
    assert first.tool == Tool("hadolint")
    assert first.location == CodeLocation(
        path="django-DefectDojo\\Dockerfile.django", start_line=9, start_column=1
    )
    assert first.references == ("https://github.com/hadolint/hadolint/wiki/DL3008",)
    assert first.raw["level"] == "warning"


def test_same_rule_on_two_lines_is_two_findings() -> None:
    findings = parse_file(SAMPLES / "one_dockerfile.json").findings
    groups = identify(findings)
    assert len(groups) == 4
    dl3008 = [g for g in groups if g.finding.rule_id == "DL3008"]
    assert [g.finding.location.start_line for g in dl3008 if g.finding.location] == [9, 25]
    assert dl3008[0].fingerprint != dl3008[1].fingerprint


def test_many_dockerfiles() -> None:
    findings = parse_file(SAMPLES / "many_dockerfile.json").findings
    assert len(findings) == 12
    assert {f.location.path for f in findings if f.location} == {
        "django-DefectDojo\\Dockerfile.django",
        "django-DefectDojo\\Dockerfile.nginx",
    }
    root = next(f for f in findings if f.rule_id == "DL3002")
    assert root.title == "Last USER should not be root"
    assert root.severity is Severity.MEDIUM
    assert root.location == CodeLocation(
        path="django-DefectDojo\\Dockerfile.nginx", start_line=24, start_column=1
    )
    pipefail = next(f for f in findings if f.rule_id == "DL4006")
    assert pipefail.title == "Set the SHELL option -o pipefail before RUN with a pipe in it"
    levels = [f.raw["level"] for f in findings]
    assert levels.count("info") == 3
    assert sum(f.severity is Severity.LOW for f in findings) == 3


def test_sniff_needs_hadolint_rule_codes() -> None:
    head = (SAMPLES / "many_dockerfile.json").read_bytes()
    assert HadolintParser.sniff(head)
    assert not HadolintParser.sniff(head.replace(b'"DL', b'"XX'))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'[{"line":9,"code":"DL3008","mess', "not valid JSON"),
        (b'{"results": []}', "expected the hadolint report to be a list"),
        (b'[{"line": 9, "message": "no code"}]', "record 0 is not a hadolint result"),
        (b'["DL3008"]', "record 0 is not a hadolint result"),
        (b"\x00\x01\x02\xff", "not valid JSON"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "hadolint")
