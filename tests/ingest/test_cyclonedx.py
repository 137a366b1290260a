"""CycloneDX parser over real BOMs with vulnerabilities: Grype 0.41 (1.4 JSON and XML), jake
(1.4 JSON; 1.1 XML without vulnerabilities), Trivy (1.5 and 1.6 JSON), the specification's
1.4-1.6 examples (JSON and XML) and a 1.2 BOM with the vulnerability extension (SOURCES.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.cyclonedx import CycloneDxParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "cyclonedx"

LOG4J = Component(
    "org.apache.logging.log4j:log4j-core",
    "2.13.2",
    "pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2",
    "maven",
)


def _parse(name: str) -> tuple[Finding, ...]:
    report = parse_file(SAMPLES / name)
    assert report.parser is CycloneDxParser
    return report.findings


def test_sbom_without_vulnerabilities() -> None:
    assert _parse("jake.xml") == ()  # CycloneDX 1.1, 204 components, no vulnerabilities


def test_grype_json() -> None:
    findings = _parse("log4j.json")
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("CVE-2021-44228", Severity.CRITICAL),
        ("CVE-2021-44832", Severity.MEDIUM),
        ("CVE-2021-45046", Severity.CRITICAL),
        ("CVE-2021-45105", Severity.MEDIUM),
        ("GHSA-7rjr-3q55-vv33", Severity.CRITICAL),
        ("GHSA-8489-44mv-ggj8", Severity.MEDIUM),
        ("GHSA-jfh8-c2jp-5v3q", Severity.CRITICAL),
        ("GHSA-p6xc-xr62-6r2g", Severity.HIGH),
    ]
    log4shell = findings[0]
    assert log4shell.title == "CVE-2021-44228 in org.apache.logging.log4j:log4j-core 2.13.2"
    assert log4shell.tool == Tool("grype", "0.41.0")
    assert log4shell.category is Category.SCA
    # bom-ref "…?package-id=5f39f8a11642bede" resolves to the component and its purl.
    assert log4shell.component == LOG4J
    assert log4shell.cvss == (
        Cvss("2.0", "AV:N/AC:M/Au:N/C:C/I:C/A:C", 10.0),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
    )
    assert log4shell.vulnerability_ids == ("CVE-2021-44228",)
    assert log4shell.tags == ("vex:in_triage",)
    assert log4shell.references[:2] == (
        "http://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2021-44228",
        "https://logging.apache.org/log4j/2.x/security.html",
    )
    assert len(log4shell.references) == 47
    assert log4shell.description.startswith("Apache Log4j2 2.0-beta9 through 2.15.0")
    # Grype's fix versions come as a property; they make the remediation.
    ghsa = findings[4]
    assert ghsa.component is not None
    assert ghsa.component.fixed_versions == ("2.16.0",)
    assert ghsa.remediation == "Upgrade org.apache.logging.log4j:log4j-core to 2.16.0."
    assert ghsa.cvss == ()
    # No alias in the BOM ties GHSA-jfh8 to CVE-2021-44228: eight findings (the manifest's 8).
    assert len(identify(findings)) == 8


def test_xml_and_nested_components_read_like_json() -> None:
    as_json = _parse("log4j.json")
    for other in (_parse("log4j.xml"), _parse("nested-component-log4j.json")):
        assert [(f.title, f.severity, f.cvss, f.component) for f in other] == [
            (f.title, f.severity, f.cvss, f.component) for f in as_json
        ]
    xml = _parse("log4j.xml")
    assert [f.references for f in xml] == [f.references for f in as_json]
    ref = "pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2?package-id=5f39f8a11642bede"
    assert xml[0].raw["affects"] == [{"ref": ref, "versions": []}]


def test_jake_oss_index() -> None:
    findings = _parse("jake2.json")
    assert [(f.title, f.severity) for f in findings] == [
        ("CVE-2021-33203 in django 2.0", Severity.HIGH),
        ("CVE-2018-7536 in django 2.0", Severity.MEDIUM),
        ("CVE-2018-7537 in django 2.0", Severity.MEDIUM),
        ("CVE-2018-14574 in django 2.0", Severity.MEDIUM),
        ("CVE-2019-3498 in django 2.0", Severity.MEDIUM),
        ("CVE-2019-6975 in django 2.0", Severity.HIGH),
        ("CVE-2018-6188 in django 2.0", Severity.HIGH),
    ]
    first = findings[0]
    # OSS Index's own id is the rule; the CVE named in references is an alias.
    assert first.rule_id == "c7129ff8-08bc-4afe-82ec-7d97b9491741"
    assert first.vulnerability_ids == ("c7129ff8-08bc-4afe-82ec-7d97b9491741", "CVE-2021-33203")
    assert first.component == Component("django", "2.0", "pkg:pypi/django@2.0", "pypi")
    assert first.cvss == (Cvss("3.0", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),)
    assert first.tool == Tool("cyclonedx-python-lib", "1.3.0")
    assert first.description.startswith(
        "[CVE-2021-33203] Django before 2.2.24, 3.x before 3.1.12, and 3.2.x before 3.2.4 has"
        " a potential ...\n\nDjango before 2.2.24"
    )


def test_trivy_1_5_and_1_6() -> None:
    pom = _parse("trivy-pom-1.5.json")
    assert [(f.title, f.severity) for f in pom] == [
        ("CVE-2020-9548 in com.fasterxml.jackson.core:jackson-databind 2.9.1", Severity.CRITICAL),
        ("CVE-2021-20190 in com.fasterxml.jackson.core:jackson-databind 2.9.1", Severity.HIGH),
    ]
    assert pom[0].tool == Tool("trivy", "dev")  # 1.5: tools.components
    # The rating of the advisory's source (ghsa) decides; every CVSS rating is kept.
    assert pom[0].cvss == (
        Cvss("2.0", "AV:N/AC:M/Au:N/C:P/I:P/A:P", 6.8),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1),
    )
    assert pom[0].cwes == (502,)
    assert pom[0].remediation == (
        "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.9.10.4"
    )

    fluentd = _parse("trivy-fluentd-1.6.json")
    libidn, bash, activesupport = fluentd
    assert libidn.title == "CVE-2019-18224 in libidn2-0 2.0.5-1"
    assert libidn.category is Category.CONTAINER  # a Debian package
    assert libidn.component == Component(
        "libidn2-0", "2.0.5-1", "pkg:deb/debian/libidn2-0@2.0.5-1?distro=debian-10.2", "deb"
    )
    # Its source (debian) gave no rating: NVD's newest CVSS rating decides.
    assert libidn.severity is Severity.CRITICAL
    # The Debian tracker rates bash low, whatever NVD says.
    assert (bash.title, bash.severity) == ("CVE-2019-18276 in bash 5.0-4", Severity.LOW)
    assert bash.remediation == ""
    assert activesupport.category is Category.SCA
    assert activesupport.component is not None
    assert activesupport.component.ecosystem == "gem"
    assert activesupport.severity is Severity.HIGH
    assert activesupport.remediation == "Upgrade activesupport to version 6.0.3.1, 5.2.4.3"


@pytest.mark.parametrize(
    "name",
    [
        "valid-vulnerability-1.4.json",
        "valid-vulnerability-1.4.xml",
        "valid-vulnerability-1.5.xml",
        "valid-vulnerability-1.6.json",
        "valid-vulnerability-1.6.xml",
    ],
)
def test_specification_examples_with_vex_analysis(name: str) -> None:
    (finding,) = _parse(name)
    assert finding.title == "CVE-2018-7489 in com.fasterxml.jackson.core:jackson-databind 2.9.4"
    assert finding.rule_id == "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111"
    assert finding.vulnerability_ids == ("SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111", "CVE-2018-7489")
    assert finding.severity is Severity.CRITICAL
    assert finding.cwes == (184, 502)
    assert finding.tool == Tool("Snyk CLI (Linux)", "1.729.0")  # the vulnerability's own tool
    assert finding.tags == ("vex:not_affected", "vex-justification:code_not_reachable")
    assert finding.references == (
        "https://snyk.io/vuln/SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111",
        "https://github.com/FasterXML/jackson-databind/commit/6799f8f10cc78e9af6d443ed6982d00a13f2e7d2",
        "https://github.com/FasterXML/jackson-databind/issues/1931",
        "https://nvd.nist.gov/vuln/detail/CVE-2019-9997",
    )
    assert finding.remediation.startswith(
        "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.6.7.5, 2.8.11.1, 2.9.5"
        " or higher."
    )
    assert finding.component == Component(
        "com.fasterxml.jackson.core:jackson-databind",
        "2.9.4",
        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4",
        "maven",
    )
    if name.endswith("1.5.xml"):  # the example's own vector lacks "V:" ("AN/AC:L…")
        assert finding.cvss == (Cvss("3.0", "AN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),)
    else:
        assert finding.cvss == (Cvss("3.0", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),)


def test_vulnerability_extension_of_bom_1_2() -> None:
    (finding,) = _parse("spec1.xml")
    assert finding.title == "CVE-2018-7489 in com.fasterxml.jackson.core:jackson-databind 2.9.9"
    assert finding.tool == Tool("CycloneDX")  # the BOM names no tool
    # A CVSSv3 rating (Critical) and an OWASP Risk rating (Low): the CVSS one decides.
    assert finding.severity is Severity.CRITICAL
    assert finding.cvss == (Cvss("3.0", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),)
    assert finding.cwes == (184, 502)
    assert finding.remediation == "Upgrade"
    assert finding.references == (
        "https://nvd.nist.gov/vuln/detail/CVE-2018-7489",
        "https://github.com/FasterXML/jackson-databind/issues/1931",
        "http://www.securityfocus.com/bid/103203",
        "http://www.securitytracker.com/id/1040693",
        "http://www.securitytracker.com/id/1041890",
    )


def test_unresolved_ref_and_score_without_severity() -> None:
    (finding,) = _parse("no-severity.json")
    # "gerbwetbqt" names no component of the BOM: it is all the BOM says.
    assert finding.component == Component("gerbwetbqt")
    assert finding.title == "CVE-2021-44228 in gerbwetbqt"
    assert finding.severity is Severity.CRITICAL  # from the CVSS score 10.0
    assert finding.tool == Tool("CycloneDX")


def test_sniffing() -> None:
    assert CycloneDxParser.sniff(b'{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6"')
    assert CycloneDxParser.sniff(b'<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">')
    assert not CycloneDxParser.sniff(b'{"bomFormat": "SPDX"}')
    assert not CycloneDxParser.sniff(b'<bom xmlns="http://example.com/bom">')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"   ", "report is empty"),
        (b'{"bomFormat": "CycloneDX", "vulnerabilities": [', "not valid JSON"),
        (b'{"spdxVersion": "SPDX-2.3"}', "not a CycloneDX BOM (no bomFormat CycloneDX)"),
        (b"<sbom/>", "not a CycloneDX BOM (root <sbom>)"),
        (b'{"bomFormat": "CycloneDX", "vulnerabilities": {"a": 1}}', "expected vulnerabilities"),
        (b'{"bomFormat": "CycloneDX", "vulnerabilities": ["x"]}', "expected a vulnerability"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad", data), "cyclonedx")
