"""Gitleaks legacy (v6/v7, 7.5.0, --redact) and v8 JSON against real gitleaks reports."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import orjson
import pytest

from vigil.errors import ParseError
from vigil.ingest.gitleaks import GitleaksParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "gitleaks"
ALL = sorted(p.name for p in SAMPLES.glob("*.json"))


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def everything(finding: Finding) -> str:
    """Every string the finding keeps, raw record included."""
    return repr(finding) + orjson.dumps(dict(finding.raw)).decode()


@pytest.mark.parametrize("name", ALL)
def test_sniffing_picks_gitleaks(name: str) -> None:
    assert parse_file(SAMPLES / name).parser is GitleaksParser


@pytest.mark.parametrize("name", ALL)
def test_secrets_never_kept(name: str) -> None:
    records = json.loads((SAMPLES / name).read_text()) or []
    secrets = {r.get("Secret") or r.get("offender") for r in records} - {"REDACTED", ""}
    matches = {r["Match"] for r in records if "Match" in r and r["Match"] not in secrets}
    for finding in parse_file(SAMPLES / name).findings:
        kept = everything(finding)
        for secret in secrets | matches:
            assert secret not in kept


def test_no_findings_is_null() -> None:
    assert (SAMPLES / "no_findings.json").read_bytes().strip() == b"null"
    assert parse_file(SAMPLES / "no_findings.json").findings == ()


def test_v8_empty_list_is_clean() -> None:
    # gitleaks 8 writes [] when nothing leaked; [] alone is too generic to sniff.
    assert parse_source(ReportSource("gl.json", b"[]\n"), "gitleaks").findings == ()


def test_v8_report() -> None:
    findings = parse_file(SAMPLES / "gitleaks8_many.json").findings
    assert len(findings) == 4
    aws = findings[0]
    assert aws.title == "Hard-coded secret: AWS"
    assert aws.rule_id == "aws-access-token"
    assert aws.severity is Severity.HIGH
    assert aws.category is Category.SECRET
    assert aws.tool == Tool("gitleaks")
    assert aws.cwes == (798,)
    assert aws.location == CodeLocation(
        path="/conf/aws.tf",
        start_line=2,
        end_line=2,
        start_column=24038,
        end_column=24057,
        snippet="secr…",
    )
    assert aws.secret_hash == sha256("secretAWSsecret")
    assert aws.description == (
        "Gitleaks rule aws-access-token (AWS) found a secret (secr…) in /conf/aws.tf at line 2.\n"
        "Commit 74d53286c550630f80847d37f68aa3065554ac813544072ccd1278da71fafe31 by Firstname"
        " Lastname <first.last@gmail.com> on 2021-10-14T17:05:15Z: Lorem ipsum dolor sit amet,"
        " consetetur sadipscing elitr."
    )
    assert aws.raw["Secret"] == "secr…"
    assert aws.raw["Commit"] == "74d53286c550630f80847d37f68aa3065554ac813544072ccd1278da71fafe31"

    rsa = findings[2]
    assert rsa.rule_id == "RSA-PK"
    assert rsa.title == "Hard-coded secret: RSA private key"
    assert rsa.tags == ("tag1", "tag2")
    assert rsa.location == CodeLocation(
        path="conf/rsa.pk",
        start_line=57,
        end_line=57,
        start_column=665,
        end_column=695,
        snippet="----…",
    )
    assert rsa.secret_hash == sha256("-----BEGIN RSA PRIVATE KEY-----")
    assert "Commit" not in rsa.description  # a file scan (no git) names no commit

    api = findings[3]
    assert api.rule_id == "generic-api-key"
    assert api.location is not None
    assert api.location.path == "tests/api.py"
    assert api.location.start_line == 21
    # the match keeps its shape, only the secret inside it is cut
    assert api.location.snippet == 'apikey = "dfjk…"'
    assert api.secret_hash == sha256("dfjksdjfs3294dfjlsdaf213")
    assert api.description.splitlines()[1:] == [
        "Commit 69235ea9ea4d59e18e2cc3c295526de46aa1365c1f0c7a95a22ff1537acdf517 by John Doe"
        " <john.doe@example.com> on 2016-09-16T18:17:59Z: Lorem ipsum dolor sit amet,.",
        "Shannon entropy of the secret: 4.132944.",
    ]


def test_v8_same_secret_in_two_commits_is_one_finding() -> None:
    """DefectDojo counts 3: the AWS key at /conf/aws.tf:2 is reported once per commit."""
    groups = identify(parse_file(SAMPLES / "gitleaks8_many.json").findings)
    assert len(groups) == 3
    assert [len(g.sources) for g in groups] == [2, 1, 1]
    commits = {s.raw["Commit"] for s in groups[0].sources}
    assert commits == {
        "74d53286c550630f80847d37f68aa3065554ac813544072ccd1278da71fafe31",
        "9619c91b3fd2998be5d9ce198833d7ac9489d9bc378ad7cd28963d5a967f8699",
    }


def test_legacy_v6_report() -> None:
    findings = parse_file(SAMPLES / "data_many.json").findings
    assert len(findings) == 2
    github = findings[0]
    assert github.title == "Hard-coded secret: Github"
    assert github.rule_id == "Github"
    assert github.severity is Severity.HIGH
    assert github.category is Category.SECRET
    assert github.cwes == (798,)
    # v6 has no line numbers; the offender inside the line is redacted
    assert github.location == CodeLocation(path=".bashrc", snippet="export JEKYLL_GITH…")
    assert github.secret_hash == sha256('GITHUB_TOKEN="c77e01c1e89682e4d4b94a059a7fd2b37ab326ed"')
    assert github.tags == ("key", "Github")
    assert github.description == (
        "Gitleaks rule 'Github' found a secret (GITH…) in .bashrc.\n"
        "Commit d54ce70d0cf883054ed256db46406a5df551f000 by John Doe <john.doe@mail.com>"
        " on 2020-04-04T15:52:59-07:00: saving bashrc to git."
    )
    assert github.raw["offender"] == "GITH…"
    mailchimp = findings[1]
    assert mailchimp.rule_id == "MailChimp API key"
    assert mailchimp.tags == ("key", "Mailchimp")
    assert len(identify(findings)) == 2


def test_legacy_7_5_0_report() -> None:
    findings = parse_file(SAMPLES / "version_7.5.0.json").findings
    assert len(findings) == 8
    first = findings[0]
    assert first.rule_id == "AWS Access Key"
    assert first.location == CodeLocation(
        path="dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json",
        start_line=13,
        snippet='"raw_source_code_extract": "AKIA…",',
    )
    assert first.secret_hash == sha256("AKIAIOSFODNN7EXAMPLE")
    assert first.tags == ("key", "AWS")
    key = findings[2]
    assert key.rule_id == "Asymmetric Private Key"
    assert key.secret_hash == sha256("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert key.description.startswith(
        "Gitleaks rule 'Asymmetric Private Key' found a secret (----…) in "
        "dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_3_vuln.json"
        " at line 13.\nCommit 8bbcdfd743c5695bdd7d3bc21aa9417131a7ab12 by Cody Maffucci"
    )


def test_legacy_7_5_0_each_leak_reported_by_two_commits() -> None:
    """DefectDojo's 4: four leaks (rule, file, secret), each found in two commits."""
    groups = identify(parse_file(SAMPLES / "version_7.5.0.json").findings)
    summary = sorted(
        (
            g.finding.rule_id,
            g.finding.location.path.rsplit("/", 1)[-1] if g.finding.location else "",
            len({s.raw["commit"] for s in g.sources}),
        )
        for g in groups
    )
    assert summary == [
        ("AWS Access Key", "gitlab_secret_detection_report_1_vuln.json", 2),
        ("AWS Access Key", "gitlab_secret_detection_report_3_vuln.json", 2),
        ("AWS Access Key", "test_gitlab_secret_detection_report_parser.py", 2),
        ("Asymmetric Private Key", "gitlab_secret_detection_report_3_vuln.json", 2),
    ]


def test_redacted_report_has_no_secret_to_hash() -> None:
    findings = parse_file(SAMPLES / "redacted_data_many.json").findings
    assert len(findings) == 6
    assert {f.secret_hash for f in findings} == {None}
    assert findings[1].location == CodeLocation(
        path="terraform/terraform.tfstate", start_line=2221, snippet='"unique_id": "REDACTEDJ"'
    )
    assert "found a secret (REDACTED)" in findings[1].description
    # DefectDojo's count is 6 too: identical redacted text on different lines stays apart
    assert len(identify(findings)) == 6


def test_fingerprints_stable_across_parses() -> None:
    first = [g.fingerprint for g in identify(parse_file(SAMPLES / "version_7.5.0.json").findings)]
    again = [g.fingerprint for g in identify(parse_file(SAMPLES / "version_7.5.0.json").findings)]
    assert first == again


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b"\x00\x01\x02\xff", "not valid JSON"),
        (b'{"RuleID": "x"}', "expected a JSON list of gitleaks findings"),
        (b"[1, 2]", "finding 0 is not an object"),
        (b'[{"Description": "AWS"}]', "has neither RuleID (v8) nor offender/rule (v7)"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad.json", data), "gitleaks")


def test_truncated_report() -> None:
    data = (SAMPLES / "gitleaks8_many.json").read_bytes()
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_source(ReportSource("cut.json", data[: len(data) // 2]), "gitleaks")
