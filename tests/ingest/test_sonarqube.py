"""SonarQube JSON (Web API issues and hotspots, sonar-report) against DefectDojo's samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.ingest.sonarqube import SonarQubeParser
from vigil.model import Category, CodeLocation, Component, Confidence, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "sonarqube"
DEPENDENCY_CHECK = "OWASP:UsingComponentWithKnownVulnerability"


def test_empty_exports() -> None:
    for name in ("findings_over_api_empty.json", "sonar-no-finding.json"):
        report = parse_file(SAMPLES / name)
        assert report.parser is SonarQubeParser
        assert report.findings == ()


def test_api_issues_of_every_type() -> None:
    findings = parse_file(SAMPLES / "findings_over_api.json").findings
    assert [(f.rule_id, f.category, f.severity) for f in findings] == [
        (DEPENDENCY_CHECK, Category.SCA, Severity.MEDIUM),  # MAJOR
        ("Web:TableWithoutCaptionCheck", Category.SAST, Severity.INFO),  # BUG
        ("typescript:S1533", Category.SAST, Severity.INFO),  # CODE_SMELL
        (DEPENDENCY_CHECK, Category.SCA, Severity.MEDIUM),
        (DEPENDENCY_CHECK, Category.SCA, Severity.HIGH),  # CRITICAL
    ]
    bug, smell = findings[1], findings[2]
    assert bug.title == "Add a description to this table."
    assert bug.tool == Tool("SonarQube")
    # The path comes from components[]; offsets are 0-based, columns 1-based.
    assert bug.location == CodeLocation(
        path="src/app/pages/fjiowefjewio/fjwieof/fjiwoe/details.html",
        start_line=59,
        end_line=59,
        start_column=7,
        end_column=114,
    )
    assert bug.tags == ("accessibility", "wcag2-a", "bug")
    assert bug.raw["severity"] == "MINOR"
    assert smell.title == 'Replace this "Boolean" wrapper object with primitive type "boolean".'
    assert smell.tags == ("pitfall", "code-smell")
    assert smell.location == CodeLocation(
        path="src/app/services/fjweiofwefjiofiwofjwof.fjewoi",
        start_line=15,
        end_line=15,
        start_column=50,
        end_column=57,
    )
    assert smell.description == (
        'Replace this "Boolean" wrapper object with primitive type "boolean".\n\n'
        "Rule typescript:S1533, code smell."
    )


def test_dependency_check_issues_are_packages_with_advisories() -> None:
    findings = parse_file(SAMPLES / "findings_over_api.json").findings
    first, ghsa, nimbus = findings[0], findings[3], findings[4]
    assert first.title == "CVE-2024-2529 in package 1.1.2"
    assert first.component == Component(name="package", version="1.1.2")
    assert first.vulnerability_ids == ("CVE-2024-2529",)
    assert first.cwes == (120, 937)  # "Category: CWE-120" in the message, then the cwe-937 tag
    assert first.location is None
    assert first.description.startswith("Filename: package:1.1.2 | Reference: CVE-2024-2529 |")
    assert ghsa.vulnerability_ids == ("GHSA-frr2-c345-p7c2",)
    assert ghsa.component == Component(name="package", version="1.1.2")
    assert nimbus.title == "CVE-2023-52428 in nimbus-jose-jwt 9.24.4"
    assert nimbus.component == Component(name="nimbus-jose-jwt", version="9.24.4")
    assert nimbus.vulnerability_ids == ("CVE-2023-52428",)
    assert nimbus.cwes == (937,)
    # One package, two advisories: two findings; five in all, as DefectDojo counts.
    assert len(identify(findings)) == 5


def test_api_hotspots() -> None:
    findings = parse_file(SAMPLES / "findings_over_api_hotspots.json").findings
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("typescript:7777", Severity.HIGH),
        ("Web:1222", Severity.LOW),
        ("Web:9876", Severity.LOW),
        ("Web:12345", Severity.LOW),
    ]
    xss = findings[0]
    assert xss.title == "Make sure disabling asdfbuilt-in sanitization is safe here."
    assert xss.confidence is Confidence.LOW  # TO_REVIEW: code to review, not a confirmed flaw
    assert xss.category is Category.SAST
    assert xss.tags == ("security-hotspot", "xss")
    assert xss.location == CodeLocation(
        path="src/app/component.asdf", start_line=47, end_line=47, start_column=27, end_column=57
    )
    # A component key without the project prefix is still resolved through components[].
    footer = findings[1]
    assert footer.raw["component"] == "keyfoot.htmlfjoes"
    assert footer.location is not None
    assert footer.location.path == "src/app/2389479284379021-footer.component.html"
    assert findings[3].location is not None
    assert findings[3].location.path == "src/path/to//1231235/ccommp.html"


def test_sonar_report_json() -> None:
    findings = parse_file(SAMPLES / "sonar-6-findings.json").findings
    assert [
        (f.rule_id, f.severity, f.location.start_line if f.location else 0) for f in findings
    ] == [
        ("python:S4502", Severity.HIGH, 8),
        ("python:S4792", Severity.LOW, 24),
        ("python:S4792", Severity.LOW, 49),
        ("python:S4792", Severity.LOW, 81),
        ("python:S4792", Severity.LOW, 108),
        ("python:S4792", Severity.LOW, 185),
    ]
    csrf = findings[0]
    assert csrf.title == "Make sure disabling CSRF protection is safe here."
    assert csrf.location == CodeLocation(path="vulnerable-flask-app.py", start_line=8)
    assert csrf.confidence is Confidence.LOW  # listed in hotspotKeys
    assert csrf.tags == ("security-hotspot",)
    assert csrf.cwes == (352,)
    assert csrf.references == (
        "https://owasp.org/Top10/A01_2021-Broken_Access_Control/",
        "https://cwe.mitre.org/data/definitions/352",
        "https://owasp.org/www-project-top-ten/2017/A6_2017-Security_Misconfiguration",
        "https://owasp.org/www-community/attacks/csrf",
        "https://www.sans.org/top25-software-errors/#cat1",
    )
    assert csrf.description.startswith(
        "Make sure disabling CSRF protection is safe here.\n\n"
        "Disabling CSRF protections is security-sensitive\n\n"
        "A cross-site request forgery (CSRF) attack occurs"
    )
    assert "<p>" not in csrf.description
    assert csrf.remediation.startswith("Protection against CSRF attacks is strongly recommended:")
    logger = findings[1]
    assert logger.title == "Make sure that this logger's configuration is safe."
    # Only the rule's "See" section names its CWEs; the CVEs quoted as history are not ids.
    assert logger.cwes == (117, 532)
    assert logger.vulnerability_ids == ()
    assert "https://cwe.mitre.org/data/definitions/532" in logger.references
    assert not any("cve.mitre.org" in url for url in logger.references)


def test_five_identical_hotspots_in_one_file_stay_five() -> None:
    findings = parse_file(SAMPLES / "sonar-6-findings.json").findings
    groups = identify(findings)
    assert len(groups) == 6
    logger = [g for g in groups if g.finding.rule_id == "python:S4792"]
    assert [g.finding.location.start_line for g in logger if g.finding.location] == [
        24,
        49,
        81,
        108,
        185,
    ]


def test_sniff() -> None:
    for path in SAMPLES.glob("*.json"):
        assert SonarQubeParser.sniff(path.read_bytes()), path.name
    assert not SonarQubeParser.sniff((SAMPLES / "sonar-6-findings.html").read_bytes()[:65536])
    assert not SonarQubeParser.sniff(b'{"issues": []}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'{"total": 42, "issues": [{"key": "fjioefj', "not valid JSON"),
        (b"[]", "expected the SonarQube report to be an object"),
        (b'{"paging": {"pageIndex": 1}}', "no 'issues' or 'hotspots'"),
        (b'{"issues": {"key": "x"}}', "expected 'issues' to be a list"),
        (b'{"issues": [{"key": "x", "message": "m"}]}', "an issue has no 'rule' or 'component'"),
        (b'{"hotspots": [{"key": "x", "ruleKey": "r"}]}', "a hotspot has no 'ruleKey'"),
        (b'{"sonarComponent": "p", "rules": {}, "issues": [{"rule": "r"}]}', "no 'rule' or"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "sonarqube")
