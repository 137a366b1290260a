"""Checkov JSON against DefectDojo's real Checkov reports (1.0, 2.0 and 2.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.checkov import CheckovParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "checkov"


def test_zero_and_one_finding() -> None:
    empty = parse_file(SAMPLES / "checkov-report-0-vuln.json")
    assert empty.parser is CheckovParser
    assert empty.findings == ()
    (finding,) = parse_file(SAMPLES / "checkov-report-1-vuln.json").findings
    assert finding.rule_id == "CKV_AZURE_42"
    assert finding.title == "Ensure the key vault is recoverable"
    assert finding.tool == Tool("Checkov", "1.0.467")
    assert finding.category is Category.IAC
    # Checkov without a platform key gives no severity.
    assert finding.severity is Severity.MEDIUM
    assert finding.raw.get("severity") is None
    assert finding.location == CodeLocation(path="file_path", start_line=1, end_line=16)
    assert finding.hint == "azurerm_key_vault.main"
    assert finding.references == (
        "https://docs.bridgecrew.io/docs/ensure-the-key-vault-is-recoverable",
    )
    assert finding.description == (
        "Ensure the key vault is recoverable\nResource: azurerm_key_vault.main"
    )


def test_list_of_check_types() -> None:
    findings = parse_file(SAMPLES / "checkov-report-multiple-check_type.json").findings
    assert len(findings) == 13
    assert [f.tags[0] for f in findings] == ["terraform"] * 11 + ["dockerfile"] * 2
    assert {f.tool for f in findings} == {Tool("Checkov", "2.0.209")}

    rds = findings[0]
    assert rds.rule_id == "CKV_AWS_161"
    assert rds.title == "Ensure RDS database has IAM authentication enabled"
    assert rds.location is not None
    assert (rds.location.path, rds.location.start_line, rds.location.end_line) == (
        "/aws/db-app.tf",
        1,
        41,
    )
    assert rds.location.snippet is not None
    assert rds.location.snippet.startswith(
        'resource "aws_db_instance" "default" {\n  name                   = var.dbname\n'
    )
    assert rds.location.snippet.endswith('    ignore_changes = ["password"]\n  }\n}')
    assert rds.location.snippet.count("\n") == 40
    assert rds.description.endswith("Evaluated keys: iam_database_authentication_enabled")
    assert rds.hint == "aws_db_instance.default"

    user = findings[11]
    assert user.rule_id == "CKV_DOCKER_3"
    assert user.title == "Ensure that a user for the container has been created"
    # [0, 0] is Checkov's "the whole file".
    assert user.location == CodeLocation(
        path="/aws/resources/Dockerfile", snippet="FROM python:3.7-slim"
    )
    assert user.category is Category.IAC


def test_identity_is_check_file_and_resource() -> None:
    """Eleven checks on two resources of one file: the resource, not the 41-line code block,
    tells them apart, so editing an attribute of the resource keeps every identity."""
    findings = parse_file(SAMPLES / "checkov-report-multiple-check_type.json").findings
    terraform = findings[:11]
    assert {f.hint for f in terraform} == {"aws_db_instance.default", "aws_instance.db_app"}
    groups = identify(findings)
    assert len(groups) == 13
    assert len({g.fingerprint for g in groups}) == 13


def test_severities_from_the_platform() -> None:
    findings = parse_file(SAMPLES / "checkov-report-severity.json").findings
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("CKV_GCP_29", Severity.MEDIUM),
        ("CKV_GCP_62", Severity.MEDIUM),
        ("CKV_GCP_78", Severity.LOW),
        ("CKV_GCP_28", Severity.HIGH),
    ]
    public = findings[3]
    assert public.title == (
        "Ensure that Cloud Storage bucket is not anonymously or publicly accessible"
    )
    assert public.tool == Tool("Checkov", "2.2.34")
    assert public.tags == ("terraform", "BC_GCP_PUBLIC_1", "Public")
    assert public.references == ("https://docs.bridgecrew.io/docs/bc_gcp_public_1",)
    assert public.location == CodeLocation(
        path="/gcs.tf",
        start_line=17,
        end_line=21,
        snippet=(
            'resource "google_storage_bucket_iam_binding" "allow_public_read" {\n'
            "  bucket  = google_storage_bucket.terragoat_website.id\n"
            '  members = ["allUsers"]\n'
            '  role    = "roles/storage.objectViewer"\n'
            "}"
        ),
    )
    assert public.hint == "google_storage_bucket_iam_binding.allow_public_read"
    assert public.description == (
        "Ensure that Cloud Storage bucket is not anonymously or publicly accessible\n"
        "Resource: google_storage_bucket_iam_binding.allow_public_read\n"
        "Evaluated keys: members, member"
    )


def test_sniff() -> None:
    for path in SAMPLES.glob("*.json"):
        assert CheckovParser.sniff(path.read_bytes()), path.name
    assert not CheckovParser.sniff(b'{"check_type": "terraform"}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'{"check_type": "terraform", "results": {"failed_ch', "not valid JSON"),
        (b'"terraform"', "expected each Checkov report to be an object"),
        (b'{"check_type": "terraform"}', "no 'results' key"),
        (b'[{"check_type": "terraform", "results": []}]', "expected 'results' to be an object"),
        (
            b'{"check_type": "terraform", "results": {"failed_checks": [{"check_id": "CKV_1"}]}}',
            "has no 'check_id' or 'file_path'",
        ),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "checkov")
