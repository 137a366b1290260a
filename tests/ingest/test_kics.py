"""KICS JSON against real KICS reports: DefectDojo's (older) and a KICS 2.x e2e fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.kics import KicsParser
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "kics"
RBAC_WILDCARD = "6b896afb-ca07-467a-b256-1a0077a1c08e"


def test_no_findings() -> None:
    report = parse_file(SAMPLES / "no_findings.json")
    assert report.parser is KicsParser
    assert report.findings == ()


def test_many_findings() -> None:
    findings = parse_file(SAMPLES / "many_findings.json").findings
    assert len(findings) == 18
    by_severity = [f.severity for f in findings]
    assert by_severity.count(Severity.HIGH) == 5
    assert by_severity.count(Severity.MEDIUM) == 5
    assert by_severity.count(Severity.LOW) == 8

    s3 = next(f for f in findings if f.rule_id == "7af43613-6bb9-4a0e-8c4d-1314b799425e")
    assert s3.title == "S3 Bucket Access to Any Principal"
    assert s3.severity is Severity.HIGH
    assert s3.category is Category.IAC
    assert s3.tool == Tool("KICS")
    assert s3.location == CodeLocation(path="test/charts/example/terraform/s3.tf", start_line=36)
    assert s3.hint == "da1423e225c92e2941862ed75eacd8f807f8aa7bc003d490faeb8e56a7264ea9"
    assert s3.references == (
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
    )
    assert s3.tags == ("Terraform", "Access Control", "IncorrectValue")
    assert s3.remediation == (
        "aws_s3_bucket_policy[this].policy.Principal is not equal to, nor does it contain '*'"
    )
    assert s3.description == (
        "S3 Buckets must not allow Actions From All Principals, as to prevent leaking private "
        "information to the entire internet or allow unauthorized data tampering / deletion. "
        "This means the 'Effect' must not be 'Allow' when there are All Principals\n"
        "Search key: aws_s3_bucket_policy[this].policy\n"
        "Expected: aws_s3_bucket_policy[this].policy.Principal is not equal to, nor does it "
        "contain '*'\n"
        "Actual: aws_s3_bucket_policy[this].policy.Principal is equal to or contains '*'"
    )
    cpu = next(f for f in findings if f.title == "CPU Limits Not Set")
    assert cpu.severity is Severity.MEDIUM
    assert cpu.location == CodeLocation(
        path="test/charts/example/templates/example.yaml", start_line=62
    )
    assert cpu.tags == ("Kubernetes", "Resource Management", "MissingAttribute")


def test_secret_management_query_is_a_secret_finding() -> None:
    findings = parse_file(SAMPLES / "many_findings.json").findings
    secret = findings[0]
    assert secret.title == "Passwords And Secrets In Infrastructure Code"
    assert secret.category is Category.SECRET
    assert secret.severity is Severity.HIGH
    assert secret.location == CodeLocation(
        path="test/charts/example/terraform/main.tf", start_line=25
    )
    # KICS reports no secret value here, so there is nothing to hash.
    assert secret.secret_hash is None
    assert secret.raw["file"]["actual_value"] == ""


def test_results_sharing_a_similarity_id_are_one_finding() -> None:
    """The JUSTIFIED count (15, not 18): KICS gives 4 RBAC results the same similarity_id
    (same file, query and search key); KICS excludes them together (--exclude-results), so
    vigil tracks them as one finding with 4 sources."""
    findings = parse_file(SAMPLES / "many_findings.json").findings
    rbac = [f for f in findings if f.rule_id == RBAC_WILDCARD]
    assert len(rbac) == 4
    assert {f.hint for f in rbac} == {
        "493c98bdbbe21a2412788a2f73c170d000bb35977156ff5ac15942f402248574"
    }
    assert [f.remediation for f in rbac] == [
        "metadata.name={{example}}.rules[0].apiGroups shouldn't contain value: '*'",
        "metadata.name={{example}}.rules[0].resources shouldn't contain value: '*'",
        "metadata.name={{example}}.rules[0].verbs shouldn't contain value: '*'",
        "metadata.name={{example}}.rules[1].verbs shouldn't contain value: '*'",
    ]
    groups = identify(findings)
    assert len(groups) == 15
    (merged,) = [g for g in groups if g.finding.rule_id == RBAC_WILDCARD]
    assert len(merged.sources) == 4
    assert all(len(g.sources) == 1 for g in groups if g is not merged)


def test_kics_2_report() -> None:
    report = parse_file(SAMPLES / "E2E_CLI_107_RESULT.json")
    assert report.parser is KicsParser
    findings = report.findings
    assert len(findings) == 8
    assert len(identify(findings)) == 8
    user = findings[0]
    assert user.title == "Missing User Instruction"
    assert user.rule_id == "fd54f200-402c-4333-a5a4-36ef6709af2f"
    assert user.tool == Tool("KICS", "development")
    assert user.severity is Severity.HIGH
    assert user.cwes == (250,)
    assert user.location == CodeLocation(
        path="path/test/fixtures/dockerfile/Dockerfile-multistage", start_line=14
    )
    assert user.tags == ("Dockerfile", "Build Process", "COMMON", "MissingAttribute")
    assert user.hint == "e0cc899d6063499dce7aacd0e5066d90814d20d4dad1f2fa4a1d98a702580c27"
    latest = [f for f in findings if f.title == "Image Version Using 'latest'"]
    assert [f.location.start_line for f in latest if f.location] == [5, 13, 14, 1]
    assert {f.cwes for f in latest} == {(1357,)}
    assert [f.cwes for f in findings] == [
        (250,),
        (610,),
        (1357,),
        (1357,),
        (1357,),
        (1357,),
        (610,),
        (710,),
    ]
    assert [f.severity for f in findings].count(Severity.LOW) == 2


def test_sniff() -> None:
    for name in ("no_findings.json", "many_findings.json", "E2E_CLI_107_RESULT.json"):
        assert KicsParser.sniff((SAMPLES / name).read_bytes())
    assert not KicsParser.sniff(b'{"queries": []}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'{"kics_version": "1.7.0", "queries": [{"query_na', "not valid JSON"),
        (b"[]", "expected the KICS report to be an object"),
        (b'{"kics_version": "1.7.0"}', "no 'queries' key"),
        (b'{"queries": {"a": 1}}', "expected 'queries' to be a list"),
        (b'{"queries": [{"query_name": "x", "files": [{"line": 3}]}]}', "has no 'file_name'"),
        (b'{"queries": ["x"]}', "expected each query to be an object"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "kics")
