"""SemgrepParser over real Semgrep JSON reports (old and current CLI, logged in and out,
Supply Chain) and a Semgrep Supply Chain API export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest import registry
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_source
from vigil.ingest.semgrep import SemgrepParser
from vigil.model import Category, CodeLocation, Component, Confidence, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "semgrep"


def parse(name: str) -> list[Finding]:
    return list(SemgrepParser().parse(ReportSource.from_path(SAMPLES / name)))


def test_empty_report() -> None:
    assert parse("empty.json") == []
    assert registry.detect(ReportSource.from_path(SAMPLES / "empty.json")).id == "semgrep"


def test_code_finding_fields() -> None:
    findings = parse("many_vulns.json")
    assert len(findings) == 48
    assert len(identify(findings)) == 48
    first = findings[0]
    assert first.tool == Tool("Semgrep", None)  # reports of Semgrep 0.x have no version
    assert first.category is Category.SAST
    assert first.rule_id == "python.lang.correctness.tempfile.flush.tempfile-without-flush"
    assert first.severity is Severity.HIGH  # ERROR
    assert first.title == (
        "Using 'temp.name' without '.flush()' or '.close()' may cause an error because the file"
        " may not exist when 'temp.name' i…"
    )
    assert first.location == CodeLocation(
        path="tasks.py",
        start_line=186,
        end_line=186,
        start_column=39,
        end_column=48,
        snippet="                   'xsl-style-sheet': temp.name}",
    )
    md5 = next(f for f in findings if f.cwes)
    assert (
        md5.rule_id == "python.lang.security.insecure-hash-algorithms.insecure-hash-algorithm-md5"
    )
    assert md5.title == "Detected MD5 hash algorithm which is considered insecure."
    assert md5.severity is Severity.MEDIUM  # WARNING
    assert md5.cwes == (327,)
    assert md5.tags == ("A3: Sensitive Data Exposure",)
    assert md5.references[0] == "https://tools.ietf.org/html/rfc6151"


def test_fix_regex_becomes_remediation() -> None:
    csv_writer = next(f for f in parse("many_vulns.json") if f.raw["extra"].get("fix_regex"))
    assert csv_writer.rule_id == "python.lang.security.unquoted-csv-writer.unquoted-csv-writer"
    assert csv_writer.remediation == "Replace /(.*)\\)/ with '\\\\1, quoting=csv.QUOTE_ALL)'."


def test_fingerprints_are_hints_and_low_severity() -> None:
    findings = parse("high-medium-low-severities.json")
    assert findings[0].tool == Tool("Semgrep", "1.84.1")
    assert [f.severity for f in findings] == [Severity.LOW] * 3
    assert [f.location.start_line for f in findings if f.location] == [48, 49, 50]
    assert [f.hint[-2:] for f in findings if f.hint] == ["_0", "_1", "_2"]
    assert findings[0].hint == (
        "d30b51e68d2d56fb34e5a87920208e0f18b71dbec62b2ad91d1b55e566c5796c64b1e161d7fd3c0f"
        "65834756474c0617c29b7c5bd76b76f14f2d3fc537a664b9_0"
    )
    assert len(identify(findings)) == 3


def test_logged_out_placeholders_are_no_snippet_and_no_hint() -> None:
    report = json.loads((SAMPLES / "fingerprint_test.json").read_text())
    assert {r["extra"]["lines"] for r in report["results"]} == {"requires login"}
    findings = parse("fingerprint_test.json")
    assert [(f.hint, f.location.snippet if f.location else "x") for f in findings] == [
        (None, None),
        (None, None),
    ]
    first, second = findings
    assert first.tool == Tool("Semgrep", "1.100.0")
    assert first.severity is Severity.HIGH
    assert first.confidence is Confidence.MEDIUM
    assert first.cwes == (78,)
    assert first.title == "Detected subprocess function 'run' with user controlled data."
    assert second.location == CodeLocation(
        path="sample/function.go", start_line=37, end_line=40, start_column=2, end_column=27
    )
    assert second.confidence is Confidence.LOW


def test_secret_rule_without_the_secret_in_the_report() -> None:
    """A generic.secrets rule is a secret finding; here ``lines`` does not hold the matched
    span (columns 37650 to 38431 of a minified line), so there is nothing to hash."""
    (finding,) = parse("issue_8435.json")
    assert finding.category is Category.SECRET
    assert (
        finding.rule_id == "generic.secrets.security.detected-twitter-oauth.detected-twitter-oauth"
    )
    assert finding.title == "Twitter OAuth detected"
    assert finding.secret_hash is None
    assert finding.cwes == (798,)
    assert finding.location is not None
    assert finding.location.snippet == "<![A-Z]>"


def test_supply_chain_cli_results() -> None:
    findings = parse("sca_awscli_with_manifest.json")
    assert len(findings) == 8
    assert {f.category for f in findings} == {Category.SCA}
    lockfile = "targets/dependency_aware/awscli-with-manifest/Pipfile.lock"
    assert {f.component for f in findings} == {
        Component(
            name="awscli",
            version="1.11.82",
            purl="pkg:pypi/awscli@1.11.82",
            ecosystem="pypi",
            paths=(lockfile,),
        )
    }
    first, second, third = findings[:3]
    assert first.rule_id == "rules.dependency_aware.unconditional-depends-on-only"
    assert first.location == CodeLocation(
        path=lockfile,
        start_line=20,
        end_line=20,
        start_column=1,
        end_column=1,
        snippet='    "awscli": {',
    )
    assert first.tags == ("direct",)  # not a reachability rule
    assert second.tags == ("unreachable", "direct")
    assert third.tags == ("reachable", "direct")
    assert third.location is not None and third.location.start_line == 21
    # The test run masks fingerprints as "0x42": too short to be an identity.
    assert {f.hint for f in findings} == {None}
    # Reachable usages at lines 21 and 24 of one rule are one finding about the package.
    groups = identify(findings)
    assert [len(g.sources) for g in groups] == [1, 1, 2, 2, 2]


def test_supply_chain_api_export() -> None:
    findings = parse("sca-deployments-vulns.json")
    assert len(findings) == 22
    first = findings[0]
    assert first.tool == Tool("Semgrep Supply Chain", None)
    assert first.rule_id == "ssc-82207871-bbda-49be-b1af-49fd927a2f93"
    assert first.title == "Reachable Assertion in grpc"
    assert first.severity is Severity.HIGH
    assert first.cwes == (617,)
    assert first.vulnerability_ids == ("CVE-2023-1428", "GHSA-6628-q6j9-w8vg")
    # The advisory's ecosystem says gem (grpc); the matched grpcio is the rule's pypi entry.
    assert first.component == Component(
        name="grpcio",
        version="1.47.0",
        purl="pkg:pypi/grpcio@1.47.0",
        ecosystem="pypi",
        fixed_versions=("1.53.0",),
        paths=("requirements3.txt",),
    )
    assert first.location == CodeLocation(path="requirements3.txt", start_line=222)
    assert first.tags == ("reachable", "direct", "triage:new")
    assert first.remediation == "Upgrade grpcio to 1.53.0."
    last = findings[-1]
    assert last.severity is Severity.CRITICAL
    assert last.component is not None
    assert last.component.purl == "pkg:npm/url-parse@1.5.1"
    assert last.vulnerability_ids == ("CVE-2022-0686", "GHSA-hgjh-723h-mx2j")
    assert last.tags == ("reachable", "direct", "triage:closed")


def test_supply_chain_export_one_finding_per_package_version_and_advisory() -> None:
    """Justifies 7 (not DefectDojo's 18, which dedups on title + file + line): the 22 rows
    are two advisories over 7 package versions (grpcio pinned at several lines and in two
    requirements files); one package version with one advisory is one finding."""
    findings = parse("sca-deployments-vulns.json")
    versions = {(f.component.name, f.component.version) for f in findings if f.component}
    assert sorted(versions) == [
        ("grpcio", "1.39.0"),
        ("grpcio", "1.43.0"),
        ("grpcio", "1.46.3"),
        ("grpcio", "1.47.0"),
        ("grpcio", "1.49.1"),
        ("grpcio", "1.51.3"),
        ("url-parse", "1.5.1"),
    ]
    groups = identify(findings)
    assert len(groups) == 7
    (two_files,) = [
        g for g in groups if g.finding.component and len(g.finding.component.paths) == 2
    ]
    assert two_files.finding.component is not None
    assert two_files.finding.component.version == "1.43.0"
    assert two_files.finding.component.paths == (
        "requirements3.txt",
        "generators/generator-examplelearn/app/templates/examplelearn-serving/requirements3.txt",
    )


def test_semgrep_sarif_is_not_claimed() -> None:
    head = (SAMPLES.parent / "sarif" / "issue_10191.json").read_bytes()[:65536]
    assert not SemgrepParser.sniff(head)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"results": [', "not valid JSON"),
        (b"[]", "expected the Semgrep report to be an object"),
        (b'{"errors": []}', "not a Semgrep report"),
        (b'{"results": {}}', "expected results to be a list"),
        (b'{"results": [{"path": "a.py", "extra": {}}]}', "no check_id"),
        (b'{"vulns": [{"title": "x"}]}', "expected vuln.advisory to be an object"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "semgrep")
