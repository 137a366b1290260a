"""Trivy parser against real Trivy reports (tests/data/samples/trivy, see SOURCES.md)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.ingest.trivy import TrivyParser
from vigil.model import Category, CodeLocation, Confidence, Cvss, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "trivy"


def _parse(name: str) -> list[Finding]:
    report = parse_file(SAMPLES / name)
    assert report.parser is TrivyParser
    return list(report.findings)


def _by_title(findings: list[Finding], title: str) -> Finding:
    [found] = [f for f in findings if f.title == title]
    return found


def test_legacy_list_report() -> None:
    findings = _parse("legacy_many_vulns.json")
    assert len(findings) == 93
    assert Counter(f.severity for f in findings) == {
        Severity.LOW: 65,
        Severity.HIGH: 18,
        Severity.MEDIUM: 9,
        Severity.INFO: 1,
    }
    # Legacy results have no Class: the Type (debian) says these are OS packages.
    assert {f.category for f in findings} == {Category.CONTAINER}
    first = findings[0]
    assert first.title == "CVE-2011-3374 in apt 1.8.2.2"
    assert first.rule_id == "CVE-2011-3374"
    assert first.severity is Severity.LOW
    assert first.tool == Tool("Trivy")
    assert first.cwes == (347,)
    assert first.vulnerability_ids == ("CVE-2011-3374",)
    assert first.cvss == (
        Cvss("2.0", "AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N", 3.7),
    )
    assert first.component is not None
    assert first.component.name == "apt"
    assert first.component.version == "1.8.2.2"
    assert first.component.ecosystem == "deb"
    assert first.component.fixed_versions == ()
    assert first.component.paths == ("debian (debian 10.8)",)
    assert first.remediation == ""
    assert first.references[:2] == (
        "https://avd.aquasec.com/nvd/cve-2011-3374",
        "https://access.redhat.com/security/cve/cve-2011-3374",
    )
    unknown = _by_title(findings, "TEMP-0981404-911A2F in libzstd1 1.3.8+dfsg-3")
    assert unknown.raw["Severity"] == "UNKNOWN"
    assert unknown.severity is Severity.INFO
    assert len(identify(findings)) == 93


def test_schema_2_image() -> None:
    findings = _parse("scheme_2_many_vulns.json")
    assert [f.title for f in findings] == [
        "CVE-2020-15999 in freetype 2.9.1-r2",
        "CVE-2020-28196 in krb5-libs 1.15.5-r0",
        "CVE-2019-12900 in libbz2 1.0.6-r6",
        "CVE-2018-11771 in org.apache.commons:commons-compress 1.14",
        "CVE-2018-1324 in org.apache.commons:commons-compress 1.14",
    ]
    freetype = findings[0]
    assert freetype.severity is Severity.MEDIUM  # Trivy's choice (nvd), not redhat's 8.6
    # Every source's rating is kept: nvd v2 and v3.1, redhat v3.1.
    assert freetype.cvss == (
        Cvss("2.0", "AV:N/AC:M/Au:N/C:N/I:N/A:P", 4.3),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 6.5),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:H", 8.6),
    )
    assert freetype.best_cvss == Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 6.5)
    assert freetype.cwes == (787,)
    assert freetype.component is not None
    assert freetype.component.ecosystem == "apk"
    assert freetype.component.fixed_versions == ("2.9.1-r3",)
    assert freetype.component.paths == ("app/libs/freetype-2.9.1-r2",)
    assert freetype.remediation == "Upgrade freetype to 2.9.1-r3."
    assert freetype.description.startswith(
        "freetype: Heap-based buffer overflow due to integer truncation in Load_SBit_Png\n\n"
        "Heap buffer overflow in Freetype"
    )
    bzip = findings[2]
    assert bzip.severity is Severity.CRITICAL
    assert bzip.cvss == ()
    compress = findings[3]
    # A jar inside an image: a container finding, with the maven group:artifact name.
    assert compress.category is Category.CONTAINER
    assert compress.component is not None
    assert compress.component.name == "org.apache.commons:commons-compress"
    assert compress.component.ecosystem == "maven"
    assert compress.component.fixed_versions == ("1.18",)
    assert compress.cvss[1] == Cvss("3.0", "CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 5.5)


def test_schema_2_without_results_has_no_findings() -> None:
    assert _parse("scheme_2_no_vuln.json") == []


def test_filesystem_vulnerabilities_misconfigurations_and_secrets() -> None:
    findings = _parse("misconfigurations_and_secrets.json")
    assert [(f.category, f.rule_id) for f in findings] == [
        (Category.SCA, "CVE-2021-33503"),
        (Category.SCA, "CVE-2021-28363"),
        (Category.IAC, "DS002"),
        (Category.SECRET, "github-pat"),
        (Category.SECRET, "github-pat"),
    ]
    urllib3 = findings[0]
    assert urllib3.severity is Severity.HIGH
    assert urllib3.component is not None
    assert urllib3.component.ecosystem == "pypi"
    assert urllib3.component.paths == ("requirements.txt",)
    assert urllib3.cwes == (400,)

    misconf = findings[2]
    assert misconf.title == "Image user should not be 'root'"
    assert misconf.severity is Severity.HIGH
    assert misconf.location == CodeLocation(path="Dockerfile")
    assert misconf.remediation == "Add 'USER <non root user name>' line to the Dockerfile"
    assert misconf.description.startswith(
        "Specify at least 1 USER command in Dockerfile with non-root user as argument\n\n"
        "Running containers with 'root' user"
    )
    assert misconf.references == (
        "https://avd.aquasec.com/misconfig/ds002",
        "https://docs.docker.com/develop/develop-images/dockerfile_best-practices/",
    )

    secret = findings[3]
    assert secret.title == "GitHub Personal Access Token"
    assert secret.severity is Severity.CRITICAL
    assert secret.location == CodeLocation(
        path="Dockerfile", start_line=24, end_line=24, snippet="ENV GITHUB_PAT=*****"
    )
    assert secret.secret_hash == hashlib.sha256(b"ENV GITHUB_PAT=*****").hexdigest()
    assert findings[4].location == CodeLocation(
        path="secret.txt", start_line=1, end_line=1, snippet="GITHUB_PAT=*****"
    )
    assert len(identify(findings)) == 5


def test_secret_context_lines_never_leak() -> None:
    """Trivy masks the match but not the lines around it, which here hold another token."""
    source = (SAMPLES / "secrets_golden.json").read_bytes()
    leaked = b"ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert leaked in source
    findings = _parse("secrets_golden.json")
    assert [(f.rule_id, f.severity, f.location) for f in findings] == [
        (
            "aws-access-key-id",
            Severity.CRITICAL,
            CodeLocation(
                "deploy.sh", 3, 3, snippet="export AWS_ACCESS_KEY_ID=********************"
            ),
        ),
        ("mysecret", Severity.HIGH, CodeLocation("deploy.sh", 7, 7, snippet="echo ********")),
    ]
    assert findings[0].tool == Tool("Trivy", "dev")
    assert findings[1].secret_hash == hashlib.sha256(b"echo ********").hexdigest()
    assert findings[1].raw["Code"] == {
        "Lines": [
            {
                "Number": 7,
                "Content": "echo ********",
                "IsCause": True,
                "Annotation": "",
                "Truncated": False,
                "FirstCause": True,
                "LastCause": True,
            }
        ]
    }
    for finding in findings:
        assert leaked.decode() not in repr(finding)
        assert "0123456789ABCDEF" not in repr(finding)


def test_kubernetes_cluster_report() -> None:
    findings = _parse("kubernetes.json")
    assert len(findings) == 20
    vulns = [f for f in findings if f.category is Category.CONTAINER]
    misconfs = [f for f in findings if f.category is Category.IAC]
    assert (len(vulns), len(misconfs)) == (10, 10)

    apt = vulns[0]
    assert apt.title == "CVE-2020-27350 in apt 1.8.2.1"
    assert apt.vulnerability_ids == ("CVE-2020-27350", "DSA-4808-1")
    assert apt.component is not None
    assert apt.component.paths == (
        "gcr.io/google_samples/gb-redis-follower:v2 (debian 10.4)",
        "default/Deployment/redis-follower",
    )

    ksv001 = misconfs[0]
    assert ksv001.rule_id == "KSV001"
    assert ksv001.title == "Process can elevate its own privileges"
    assert ksv001.severity is Severity.MEDIUM
    assert ksv001.location is not None
    assert ksv001.location.path == "default/Deployment/redis-follower"
    assert (ksv001.location.start_line, ksv001.location.end_line) == (132, 143)
    assert ksv001.location.snippet is not None
    assert ksv001.location.snippet.splitlines()[0] == (
        "                - image: gcr.io/google_samples/gb-redis-follower:v2"
    )
    assert ksv001.description.startswith(
        "Container 'follower' of Deployment 'redis-follower' should set "
        "'securityContext.allowPrivilegeEscalation' to false"
    )

    # JUSTIFIED 15: both workloads run Debian 10.4 with the same five vulnerable packages;
    # each package version + CVE is one finding that lists both images and workloads.
    groups = identify(findings)
    assert len(groups) == 15
    merged = [g for g in groups if len(g.sources) == 2]
    assert len(merged) == 5
    assert all(g.finding.category is Category.CONTAINER for g in merged)
    assert merged[0].finding.component is not None
    assert merged[0].finding.component.paths == (
        "gcr.io/google_samples/gb-redis-follower:v2 (debian 10.4)",
        "default/Deployment/redis-follower",
        "docker.io/redis:6.0.5 (debian 10.4)",
        "default/Deployment/redis-leader",
    )
    # The ten misconfigurations stay apart: the namespace/kind/name path tells them apart.
    assert sum(1 for g in groups if g.finding.category is Category.IAC) == 10


def test_kubernetes_resources_report_of_trivy_0_57() -> None:
    findings = _parse("k8s_resources.json")
    # 16 vulnerabilities; the resource whose scan failed (Error) and the empty ones add none.
    assert len(findings) == 16
    coredns = findings[0]
    assert coredns.title == "CVE-2022-1996 in github.com/emicklei/go-restful v2.9.5+incompatible"
    assert coredns.severity is Severity.CRITICAL
    assert coredns.category is Category.CONTAINER
    assert coredns.component is not None
    assert coredns.component.ecosystem == "golang"
    assert coredns.component.fixed_versions == ("2.16.0",)
    assert coredns.component.paths == ("coredns", "kube-system/Deployment/coredns")
    fetch = _by_title(findings, "GHSA-jmqm-f2gx-4fjv in npm-registry-fetch 4.0.4")
    assert fetch.component is not None
    assert fetch.component.fixed_versions == ("8.1.1", "4.0.5")
    assert fetch.component.ecosystem == "npm"
    dla = _by_title(findings, "DLA-3051-1 in tzdata 2019c-0+deb9u1")
    assert dla.severity is Severity.INFO  # Trivy: UNKNOWN
    assert dla.tags == ("status:fixed",)
    # app1 and app2 run the same sidecar image: its 4 findings are shared.
    groups = identify(findings)
    assert len(groups) == 12
    shared = [g for g in groups if len(g.sources) == 2]
    assert [g.finding.title for g in shared] == [
        "CVE-2022-4450 in libssl1.1 1.1.1s-r0",
        "CVE-2023-0286 in libssl1.1 1.1.1s-r0",
        "CVE-2022-4450 in libcrypto1.1 1.1.1s-r0",
        "CVE-2023-37920 in certifi 2022.12.7",
    ]
    assert shared[0].finding.component is not None
    assert shared[0].finding.component.paths == (
        "quay.io/kiwigrid/k8s-sidecar:1.22.0 (alpine 3.16.3)",
        "apps/Deployment/app1",
        "apps/Deployment/app2",
    )


def test_cvss_v4_and_vendor_ids() -> None:
    findings = _parse("cvssv4_severity_source.json")
    assert [f.rule_id for f in findings] == ["CVE-2025-66614", "CVE-2025-61795", "CVE-2026-24733"]
    tomcat = findings[0]
    assert tomcat.tool == Tool("Trivy", "0.69.1")
    assert tomcat.category is Category.SCA
    assert tomcat.vulnerability_ids == ("CVE-2025-66614", "GHSA-fpj8-gq4v-p354")
    assert tomcat.cvss == (
        Cvss("4.0", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 6.3),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", 5.3),
    )
    assert tomcat.best_cvss == tomcat.cvss[0]
    assert tomcat.component is not None
    assert tomcat.component.name == "org.apache.tomcat:tomcat-catalina"
    assert tomcat.component.purl == "pkg:maven/org.apache.tomcat/tomcat-catalina@9.0.109"
    assert tomcat.component.ecosystem == "maven"
    assert tomcat.component.fixed_versions == ("11.0.14", "10.1.49", "9.0.112")
    assert tomcat.component.paths == ("catalina.jar",)
    assert tomcat.tags == ("status:fixed",)
    # Several vendors rate CVE-2025-61795 high (3); Trivy chose its ghsa source: low.
    dos = findings[1]
    assert dos.raw["VendorSeverity"]["alma"] == 3
    assert dos.severity is Severity.LOW
    assert dos.cvss[0] == Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.3)


def test_license_findings() -> None:
    findings = _parse("license_scheme.json")
    assert len(findings) == 19
    baselayout = findings[0]
    assert baselayout.title == "GPL-2.0 license in alpine-baselayout"
    assert baselayout.rule_id == "license:GPL-2.0"
    assert baselayout.severity is Severity.HIGH
    assert baselayout.category is Category.SCA
    assert baselayout.confidence is Confidence.CERTAIN
    assert baselayout.tags == ("license-category:restricted",)
    assert baselayout.component is not None
    assert baselayout.component.name == "alpine-baselayout"
    assert baselayout.component.ecosystem == "apk"  # from the image's OS family
    assert baselayout.location is None
    loose = findings[17]
    assert loose.title == "OpenSSL license in /etc/ssl/misc/CA.pl"
    assert loose.severity is Severity.LOW
    assert loose.component is None
    assert loose.location == CodeLocation("/etc/ssl/misc/CA.pl")
    assert loose.references == ("https://spdx.org/licenses/OpenSSL.html",)
    # musl-utils is under three licenses: three findings.
    assert [f.rule_id for f in findings if f.title.endswith(" in musl-utils")] == [
        "license:MIT",
        "license:BSD-3-Clause",
        "license:GPL-2.0",
    ]
    assert len(identify(findings)) == 19


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"SchemaVersion": 2, "Results": [{"Target": "x", "Vulner', "not valid JSON"),
        (b'{"ArtifactName": "x"}', "not a Trivy report"),
        (b'"Results"', "expected the Trivy report to be an object"),
        (b'{"SchemaVersion": 2, "Results": {"Target": "x"}}', "expected Results to be a list"),
        (b'{"Results": [{"Target": "x", "Vulnerabilities": [7]}]}', "a vulnerability"),
        (b'{"ClusterName": "c", "Resources": {"Kind": "Pod"}}', "expected Resources"),
        (b"\x00\x01\x02\xff", "not valid JSON"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "trivy")
