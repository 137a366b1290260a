"""tfsec JSON (legacy and 0.5x) against DefectDojo's real tfsec reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.ingest.tfsec import TfsecParser
from vigil.model import Category, CodeLocation, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "tfsec"


def test_no_findings_is_results_null() -> None:
    report = parse_file(SAMPLES / "no_findings.json")
    assert report.parser is TfsecParser
    assert report.findings == ()


def test_legacy_skips_passed_results() -> None:
    findings = parse_file(SAMPLES / "many_findings_legacy.json").findings
    # GCP008 is in the report with "passed": true.
    assert [f.rule_id for f in findings] == ["GCP009", "GCP010", "GEN003"]
    gke = findings[0]
    assert gke.title == "Pod security policy enforcement not defined."
    assert gke.severity is Severity.HIGH  # ERROR
    assert gke.category is Category.IAC
    assert gke.tool == Tool("tfsec")
    assert gke.location == CodeLocation(path="tfsec-test/cluster.tf", start_line=52, end_line=92)
    assert gke.description.startswith(
        "Resource 'google_container_cluster.k8s_cluster' defines a cluster with no Pod Security"
    )
    assert "Impact: Pods could be operating with more permissions" in gke.description
    assert gke.remediation == (
        "Use security policies for pods to restrict permissions to those needed to be effective"
    )
    # The legacy "See https://… for more information." sentence gives the link.
    assert gke.references == ("https://tfsec.dev/docs/google/GCP009/",)
    assert gke.tags == ("google",)
    sensitive = findings[2]
    assert sensitive.severity is Severity.MEDIUM  # WARNING
    assert sensitive.location == CodeLocation(
        path="tfsec-test/identity.tf", start_line=226, end_line=226
    )


def test_current_format() -> None:
    findings = parse_file(SAMPLES / "many_findings_current.json").findings
    assert len(findings) == 19
    first = findings[0]
    assert first.rule_id == "aws-vpc-no-excessive-port-access"
    assert first.title == "An ingress Network ACL rule allows ALL ports."
    assert first.severity is Severity.CRITICAL
    assert first.tags == ("AWS050", "aws")
    assert first.location == CodeLocation(
        path="/tmp/aws-eks/modules/vpc-subnets/resources.tf", start_line=155, end_line=155
    )
    assert first.references == (
        "https://tfsec.dev/docs/aws/vpc/no-excessive-port-access#aws/vpc",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/network_acl_rule#to_port",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
    )
    assert first.remediation == "Set specific allowed ports"
    encryption = next(
        f for f in findings if f.rule_id == "aws-autoscaling-enable-at-rest-encryption"
    )
    # tfsec's colour markup is dropped from the description.
    assert encryption.description.startswith(
        "Resource 'module.EKS:module.lc[\"workers\"]:aws_launch_configuration.this' uses an "
        "unencrypted EBS block device. Consider adding encrypted = true\n\n"
    )
    assert encryption.severity is Severity.HIGH
    logs = next(f for f in findings if f.rule_id == "aws-cloudwatch-log-group-customer-key")
    assert logs.severity is Severity.LOW


def test_module_instances_of_one_code_line_are_one_finding() -> None:
    """The same module line instantiated 6 times is one code defect, fixed by one edit."""
    findings = parse_file(SAMPLES / "many_findings_current.json").findings
    egress = [f for f in findings if f.rule_id == "aws-vpc-no-public-egress-sgr"]
    assert len(egress) == 6
    assert {f.location for f in egress} == {
        CodeLocation(path="/tmp/aws-eks/modules/security-group/main.tf", start_line=72, end_line=72)
    }
    assert len({f.description for f in egress}) == 6
    groups = identify(findings)
    assert len(groups) == 13
    (merged,) = [g for g in groups if g.finding.rule_id == "aws-vpc-no-public-egress-sgr"]
    assert len(merged.sources) == 6
    # Different lines stay different findings.
    ports = [g for g in groups if g.finding.rule_id == "aws-vpc-no-excessive-port-access"]
    lines = sorted(g.finding.location.start_line or 0 for g in ports if g.finding.location)
    assert lines == [155, 156, 207, 208]


def test_sniff() -> None:
    for name in ("no_findings.json", "many_findings_legacy.json", "many_findings_current.json"):
        assert TfsecParser.sniff((SAMPLES / name).read_bytes())
    assert not TfsecParser.sniff(b'{"results": []}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'{"results": [{"rule_id": "GCP008", "loc', "not valid JSON"),
        (b"[]", "expected the tfsec report to be an object"),
        (b'{"findings": []}', "no 'results' key"),
        (b'{"results": {"rule_id": "x"}}', "expected 'results' to be a list"),
        (b'{"results": [{"rule_id": "GCP008"}]}', "result 0 has no location"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "tfsec")
