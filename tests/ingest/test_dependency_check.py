"""Dependency-Check parser over real reports: XML of schema 1.3 and 2.5 (Dependency-Check 6.5.3,
DefectDojo's fixtures) and JSON of Dependency-Check 8.4.3 and 12.1.9 (see SOURCES.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.dependency_check import DependencyCheckParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Confidence, Cvss, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "dependency_check"


def test_no_vulnerability_and_single_vulnerability() -> None:
    empty = parse_file(SAMPLES / "single_dependency_with_related_no_vulnerability.xml")
    assert empty.parser is DependencyCheckParser
    assert empty.findings == ()

    (finding,) = parse_file(SAMPLES / "single_vuln.xml").findings
    assert finding.title == "CVE-0000-0001 in org.owasp:library 6.7.8"
    assert finding.rule_id == "CVE-0000-0001"
    assert finding.vulnerability_ids == ("CVE-0000-0001",)
    assert finding.severity is Severity.MEDIUM  # "Moderate"
    assert finding.category is Category.SCA
    assert finding.tool == Tool("Dependency-Check")  # schema 1.3 has no engineVersion
    # Schema 1.x: Maven coordinates in an identifier, CVSS v2 in flat elements.
    assert finding.component == Component(
        "org.owasp:library",
        "6.7.8",
        "pkg:maven/org.owasp/library@6.7.8",
        "maven",
        paths=("C:\\\\Projectestproject\\\\libraries\\\\component2.dll",),
    )
    assert finding.cvss == (Cvss("2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),)
    assert finding.cwes == ()  # "CWE-00 Bad Vulnerability" names no weakness
    assert finding.description == "Description of a bad vulnerability."
    assert finding.references == (
        "http://localhost/badvulnerability.htm",
        "http://localhost2/reference_for_badvulnerability.pdf",
    )
    assert finding.remediation == (
        "Upgrade org.owasp:library to a version not affected by CVE-0000-0001."
    )
    assert finding.tags == ()
    assert finding.raw["dependency"]["fileName"] == "component2.dll"


def test_schema_2_5_of_dependency_check_6_5_3() -> None:
    (finding,) = parse_file(SAMPLES / "version-6.5.3.xml").findings
    assert finding.title == "CVE-2020-9488 in org.apache.logging.log4j:log4j-api 2.12.4"
    assert finding.tool == Tool("Dependency-Check", "6.5.3")
    assert finding.severity is Severity.LOW
    assert finding.cwes == (295,)
    assert finding.cvss == (
        Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", 3.7),
        Cvss("2.0", "AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3),
    )
    assert finding.component is not None
    assert finding.component.purl == "pkg:maven/org.apache.logging.log4j/log4j-api@2.12.4"
    assert finding.component.paths == (
        "/home/damien/vulnerabilities/apache-log4j-2.12.4-bin/log4j-api-2.12.4.jar",
    )
    assert finding.confidence is Confidence.HIGH  # the CPE (vulnerabilityIds) is HIGHEST
    assert finding.tags == ("source:nvd",)
    assert len(finding.references) == 48
    assert finding.references[0] == "https://www.oracle.com/security-alerts/cpuoct2020.html"
    # The CPE range Dependency-Check matched, not a package fix: said, not put in fixed_versions.
    assert finding.remediation == (
        "Upgrade org.apache.logging.log4j:log4j-api to a version not affected by CVE-2020-9488."
        " Matched: cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:* < 2.13.2."
    )
    assert finding.component.fixed_versions == ()


def test_many_sources_related_and_suppressed() -> None:
    findings = parse_file(SAMPLES / "multiple_vulnerabilities_has_multiple_findings.xml").findings
    assert [(f.title, f.severity, f.tags) for f in findings] == [
        ("CVE-0000-0001 in org.dom4j:dom4j 2.1.1.redhat-00001", Severity.HIGH, ()),
        ("1500 in yargs-parser 5.0.0", Severity.LOW, ("source:npm",)),
        ("CVE-2020-7608 in yargs-parser 5.0.0", Severity.HIGH, ("source:ossindex",)),
        (
            "CWE-400: Uncontrolled Resource Consumption ('Resource Exhaustion') in "
            "yargs-parser 5.0.0",
            Severity.HIGH,
            ("source:ossindex",),
        ),
        ("CVE-0000-0001 in org.dom4j:dom4j 2.1.1.redhat-00001", Severity.HIGH, ()),
        ("CVE-0000-0001 in dom4j 2.1.1", Severity.HIGH, ()),
        ("CVE-0000-0001 in jquery 3.1.1", Severity.HIGH, ()),
        ("CVE-2019-7238 in jquery 3.1.1", Severity.CRITICAL, ("suppressed", "source:nvd")),
        ("CVE-2017-1000487 in jquery 3.1.1", Severity.CRITICAL, ("suppressed", "source:nvd")),
    ]
    dom4j, npm, ossindex, cwe_only, dom4j_again, evidence_only, _, _, plexus = findings

    # relatedDependencies: the same jar in other archives, paths of one component.
    assert dom4j.component is not None
    assert dom4j.component.paths == (
        "/var/lib/adapter-ear1.ear/dom4j-2.1.1.jar",
        "/var/lib/adapter-ear8.ear/dom4j-2.1.1.jar",
        "/var/lib/adapter-ear1.ear/dom4j-extensions-2.1.1.jar",
    )
    # An NPM advisory number and an OSS Index weakness are rules, not advisory ids.
    assert (npm.rule_id, npm.vulnerability_ids) == ("1500", ())
    assert npm.references == ("https://snyk.io/vuln/SNYK-JS-YARGSPARSER-560381",)
    assert npm.description.startswith(
        "Affected versions of `yargs-parser` are vulnerable to prototype pollution. Arguments"
    )
    assert (cwe_only.rule_id, cwe_only.vulnerability_ids, cwe_only.cwes) == ("CWE-400", (), (400,))
    assert ossindex.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 7.5),)
    assert ossindex.component is not None and ossindex.component.ecosystem == "npm"
    # No package URL and no identifier: the file's product and version evidence.
    assert evidence_only.component == Component(
        "dom4j", "2.1.1", paths=("C:\\\\Projectestproject\\\\libraries\\\\component2.dll",)
    )
    assert plexus.remediation == (
        "Suppressed in Dependency-Check: This is our reason for not to upgrade it."
    )
    assert plexus.cwes == (78,)
    assert plexus.cvss[0] == Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)
    assert plexus.raw["suppressed"] is True

    # The contract's justified count: the same dom4j package URL with the same CVE, in
    # two EARs, is one finding with both paths (DefectDojo keys on the file name: 9).
    groups = identify(findings)
    assert len(groups) == 8
    assert dom4j_again.component is not None
    assert dom4j_again.component.purl == dom4j.component.purl
    (merged,) = [g for g in groups if len(g.sources) == 2]
    assert merged.sources == (dom4j, dom4j_again)
    assert merged.finding.component is not None
    assert "C:\\\\Projectestproject\\\\libraries\\\\component2.dll" in (
        merged.finding.component.paths
    )


def test_json_report_of_dependency_check_12() -> None:
    report = parse_file(SAMPLES / "dc-12.1.9-javascript.json")
    assert report.parser is DependencyCheckParser
    findings = report.findings
    assert len(findings) == 9
    moment = findings[0]
    assert moment.title == "CVE-2022-24785 in moment.js 2.24.0"
    assert moment.tool == Tool("Dependency-Check", "12.1.9")
    assert moment.severity is Severity.HIGH
    assert moment.cwes == (22, 27)
    assert moment.component == Component(
        "moment.js",
        "2.24.0",
        "pkg:javascript/moment.js@2.24.0",
        "javascript",
        paths=("/src/assets/vendor/chart.js/Chart.bundle.min.js",),
    )
    # The JSON report gives CVSS as metric words: vigil writes the vectors.
    assert moment.cvss == (
        Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 7.5),
        Cvss("2.0", "AV:N/AC:L/Au:N/C:N/I:P/A:N", 5.0),
    )
    assert moment.confidence is Confidence.HIGH
    kev = findings[4]
    assert kev.title == "CVE-2020-11023 in jquery 3.3.2-pre"
    assert kev.tags == ("source:nvd", "known-exploited")
    retire = findings[6]
    assert (retire.title, retire.rule_id, retire.severity) == (
        "possible XSS in jquery.datatables 1.10.24",
        "possible XSS",
        Severity.LOW,
    )
    assert retire.tags == ("source:retirejs",)
    assert retire.remediation == (
        "Upgrade jquery.datatables to a version not affected by this vulnerability."
    )
    # jquery.dataTables.js and .min.js are one package version: each advisory is one finding.
    groups = identify(findings)
    assert len(groups) == 7
    (datatables,) = [g for g in groups if g.finding.rule_id == "CVE-2021-23445"]
    assert datatables.finding.component is not None
    assert datatables.finding.component.paths == (
        "/src/assets/vendor/datatables/jquery.dataTables.js",
        "/src/assets/vendor/datatables/jquery.dataTables.min.js",
    )


def test_json_suppressed_vulnerabilities_are_kept_and_tagged() -> None:
    findings = parse_file(SAMPLES / "dc-8.4.3-suppressed.json").findings
    assert [(f.title, f.severity) for f in findings] == [
        ("CVE-2024-29857 in org.bouncycastle:bc-fips 1.0.2.4", Severity.HIGH),
        ("CVE-2023-33202 in org.bouncycastle:bc-fips 1.0.2.4", Severity.MEDIUM),
        ("CVE-2023-33202 in org.bouncycastle:bcpkix-fips 1.0.7", Severity.MEDIUM),
        ("CVE-2020-26939 in org.bouncycastle:bcpkix-fips 1.0.7", Severity.MEDIUM),
        ("CVE-2023-33202 in org.bouncycastle:bctls-fips 1.0.16", Severity.MEDIUM),
        ("CVE-2020-26939 in org.bouncycastle:bctls-fips 1.0.16", Severity.MEDIUM),
    ]
    assert all("suppressed" in f.tags for f in findings)
    first = findings[0]
    # No "severity" key on this suppressed entry: the CVSS v3 base severity decides.
    assert "severity" not in first.raw["vulnerability"]
    assert first.tool == Tool("Dependency-Check", "8.4.3")
    assert first.remediation == (
        "Suppressed in Dependency-Check: IZ Gateway only uses RSA certificates"
    )
    assert first.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),)
    assert first.tags == ("suppressed", "source:ossindex")
    assert first.component is not None
    assert first.component.paths == (
        "C:\\users\\boonek\\.m2\\repository\\org\\bouncycastle\\bc-fips\\1.0.2.4\\"
        "bc-fips-1.0.2.4.jar",
    )
    assert findings[2].remediation == "Suppressed."  # an empty suppression note
    assert findings[2].confidence is Confidence.LOW  # the CPE match was of LOW confidence
    assert "evidenceCollected" not in first.raw["dependency"]


def test_sniffing_both_formats() -> None:
    for name in ("single_vuln.xml", "version-6.5.3.xml", "dc-12.1.9-javascript.json"):
        head = ReportSource(name, (SAMPLES / name).read_bytes()).head
        assert DependencyCheckParser.sniff(head)
    assert not DependencyCheckParser.sniff(b'{"reportSchema": "1.1", "version": 2}')
    assert not DependencyCheckParser.sniff(b"<analysis><dependencies/></analysis>")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b"<analysis xmlns='https://jeremylong.github.io/DependencyCheck/", "not valid XML"),
        (b"<issues/>", "not a Dependency-Check report (root <issues>)"),
        (b'{"reportSchema": "1.1"}', "not a Dependency-Check report (no dependencies)"),
        (b"[1, 2]", "expected the Dependency-Check report to be an object"),
        (b'{"dependencies": {"a": 1}}', "expected dependencies to be a list"),
        (b'{"dependencies": [{"vulnerabilities": [7]}]}', "expected a vulnerability to be"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad", data), "dependency-check")
