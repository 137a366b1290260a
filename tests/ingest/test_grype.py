"""Grype parser against real Grype reports (tests/data/samples/anchore_grype, see SOURCES.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.grype import GrypeParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Confidence, Cvss, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "anchore_grype"


def _parse(name: str) -> list[Finding]:
    report = parse_file(SAMPLES / name)
    assert report.parser is GrypeParser
    return list(report.findings)


def _by_title(findings: list[Finding], title: str) -> Finding:
    return next(f for f in findings if f.title == title)


def test_check_all_fields() -> None:
    findings = _parse("check_all_fields.json")
    assert [f.title for f in findings] == [
        "CVE-2004-0971 in libgssapi-krb5-2 1.17-3+deb10u3",
        "CVE-2021-32626 in redis 4.0.2",
        "CVE-2021-33574 in libc-bin 2.28-10",
        "CVE-2021-33574 in libc6 2.28-10",
        "GHSA-v6rh-hp5x-86rv in Django 3.2.9",
        "GHSA-v6rh-hp5x-86rv in Django 3.2.9",
    ]
    krb = findings[0]
    assert krb.tool == Tool("Grype", "0.28.0")
    assert krb.severity is Severity.INFO  # Negligible
    assert krb.category is Category.CONTAINER
    # The distro record has no rating and no text: both come from the related NVD record.
    assert krb.cvss == (Cvss("2.0", "AV:L/AC:L/Au:N/C:N/I:P/A:N", 2.1),)
    assert krb.description.startswith("The krb5-send-pr script in the kerberos5 (krb5) package")
    assert krb.vulnerability_ids == ("CVE-2004-0971",)
    assert krb.references[:3] == (
        "https://security-tracker.debian.org/tracker/CVE-2004-0971",
        "https://nvd.nist.gov/vuln/detail/CVE-2004-0971",
        "http://www.securityfocus.com/bid/11289",
    )
    assert krb.component == Component(
        name="libgssapi-krb5-2",
        version="1.17-3+deb10u3",
        purl="pkg:deb/debian/libgssapi-krb5-2@1.17-3+deb10u3?arch=amd64",
        ecosystem="deb",
        paths=(
            "/var/lib/dpkg/status",
            "/var/lib/dpkg/info/libgssapi-krb5-2:amd64.md5sums",
            "/usr/share/doc/libgssapi-krb5-2/copyright",
        ),
    )
    assert krb.tags == ("fix-state:not-fixed",)

    redis = findings[1]
    assert redis.severity is Severity.HIGH
    assert redis.cvss == (
        Cvss("2.0", "AV:N/AC:L/Au:S/C:P/I:P/A:P", 6.5),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
    )
    assert redis.component is not None
    assert redis.component.ecosystem == "pypi"
    assert redis.component.fixed_versions == ("fix_1", "fix_2")
    assert redis.remediation == ""  # state wont-fix: the listed versions are no upgrade path
    assert redis.tags == ("fix-state:wont-fix",)

    django = findings[4]
    assert django.rule_id == "GHSA-v6rh-hp5x-86rv"
    assert django.vulnerability_ids == ("GHSA-v6rh-hp5x-86rv", "CVE-2021-44420")
    assert django.description == (
        "Potential bypass of an upstream access control based on URL paths in Django"
    )
    assert django.component is not None
    assert django.component.purl == "pkg:pypi/Django@3.2.9"
    assert django.component.fixed_versions == ("3.2.10",)
    assert django.remediation == "Upgrade Django to 3.2.10."
    assert django.references[0] == "https://github.com/advisories/GHSA-v6rh-hp5x-86rv"

    # DefectDojo's 5: the two identical Django matches are one finding; libc-bin and libc6
    # are different packages and stay apart.
    groups = identify(findings)
    assert len(groups) == 5
    assert [len(g.sources) for g in groups] == [1, 1, 1, 1, 2]


def test_same_cve_at_two_paths_is_one_finding_with_both_paths() -> None:
    findings = _parse("same_cve_different_paths.json")
    assert len(findings) == 2
    assert findings[0].tool == Tool("Grype", "0.36.0")
    assert findings[0].severity is Severity.CRITICAL
    [group] = identify(findings)
    assert group.finding.component is not None
    assert group.finding.component.paths == (
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/x86_64-linux-gnu/libc.so.6",
    )
    assert len(group.sources) == 2


def test_no_matches() -> None:
    assert _parse("no_vuln.json") == []


def test_grype_0_7_report() -> None:
    findings = _parse("many_vulns.json")
    assert len(findings) == 1509
    assert findings[0].tool == Tool("Grype", "0.7.0")
    # Negligible (681) and Unknown (76) are info.
    assert Counter(f.severity for f in findings) == {
        Severity.INFO: 757,
        Severity.MEDIUM: 613,
        Severity.LOW: 107,
        Severity.HIGH: 32,
    }
    first = findings[0]
    assert first.title == "CVE-2011-3389 in libgnutls-openssl27 3.6.7-4+deb10u5"
    assert first.cvss == (Cvss("2.0", "AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3),)
    assert first.references == ("https://security-tracker.debian.org/tracker/CVE-2011-3389",)
    ldap = _by_title(findings, "CVE-2020-36221 in libldap-2.4-2 2.4.47+dfsg-3+deb10u4")
    assert ldap.raw["vulnerability"]["fixedInVersion"] == "2.4.47+dfsg-3+deb10u5"
    assert ldap.component is not None
    assert ldap.component.fixed_versions == ("2.4.47+dfsg-3+deb10u5",)
    assert ldap.remediation == "Upgrade libldap-2.4-2 to 2.4.47+dfsg-3+deb10u5."
    assert len(identify(findings)) == 1509


def test_grype_0_7_cvss_v3() -> None:
    findings = _parse("many_vulns3.json")
    assert len(findings) == 327
    protobuf = _by_title(findings, "CVE-2015-5237 in protobuf 3.15.3")
    assert protobuf.cvss == (
        Cvss("2.0", "AV:N/AC:L/Au:S/C:P/I:P/A:P", 6.5),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
    )
    assert protobuf.description.startswith("protobuf allows remote authenticated attackers")
    # An empty v3 vector with score 0 is Grype 0.7 saying "no v3 rating", not a 0.0 rating.
    pdfkit = _by_title(findings, "CVE-2007-2405 in pdfkit 0.6.1")
    assert pdfkit.raw["vulnerability"]["cvssV3"] == {"baseScore": 0, "vector": ""}
    assert pdfkit.cvss == (Cvss("2.0", "AV:N/AC:M/Au:N/C:P/I:P/A:P", 6.8),)
    assert len(identify(findings)) == 327


def test_current_presenter_output() -> None:
    findings = _parse("presenter_images_golden.json")
    first, second = findings
    assert first.tool == Tool("Grype", "[not provided]")
    assert first.severity is Severity.LOW
    assert first.confidence is Confidence.HIGH  # exact-direct-match
    assert first.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:H", 8.2),)
    # An empty purl: the ecosystem comes from the artifact type.
    assert first.component == Component(
        name="package-1",
        version="1.1.1",
        ecosystem="rpm",
        fixed_versions=("1.2.1", "2.1.3", "3.4.0"),
        paths=("/foo/bar/somefile-1.txt",),
    )
    assert first.remediation == "Upgrade package-1 to 1.2.1, 2.1.3, 3.4.0."
    assert first.tags == ("fix-state:fixed", "match:exact-direct-match")
    assert second.severity is Severity.CRITICAL
    assert second.confidence is Confidence.MEDIUM  # exact-indirect-match
    assert second.component is not None
    assert second.component.purl == "pkg:deb/package-2@2.2.2"
    assert second.tags == ("match:exact-indirect-match",)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"matches": [{"vulnerability": {"id": "CVE-1', "not valid JSON"),
        (b"[]", "expected the Grype report to be an object"),
        (b'{"source": {"type": "image"}}', "not a Grype report"),
        (b'{"matches": {"a": 1}}', "expected matches to be a list"),
        (b'{"matches": [{"vulnerability": {"id": "CVE-1"}}]}', "match.artifact"),
        (b'{"matches": [{"artifact": {"name": "x"}}]}', "match.vulnerability"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "grype")
