"""SnykParser over real Snyk CLI reports: Open Source (single and --all-projects), Container
(Debian and SLES images, with application dependencies) and Snyk Code (SARIF)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest import registry
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_source
from vigil.ingest.snyk import SnykParser
from vigil.model import Category, CodeLocation, Component, Confidence, Cvss, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "snyk"


def parse(name: str) -> list[Finding]:
    return list(SnykParser().parse(ReportSource.from_path(SAMPLES / name)))


def test_project_without_vulnerabilities() -> None:
    assert parse("single_project_no_vulns.json") == []


def test_maven_project_finding_fields() -> None:
    findings = parse("single_project_many_vulns.json")
    assert len(findings) == 41
    assert len(identify(findings)) == 41
    first = findings[0]
    assert first.tool == Tool("Snyk Open Source", None)
    assert first.category is Category.SCA
    assert first.rule_id == "SNYK-JAVA-COMBEUST-174815"
    assert first.title == "Unsafe Dependency Resolution in com.beust:jcommander 1.72"
    assert first.severity is Severity.MEDIUM
    assert first.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L", 5.6),)
    assert first.cwes == (494, 829)
    assert first.vulnerability_ids == ("SNYK-JAVA-COMBEUST-174815",)
    assert first.component == Component(
        name="com.beust:jcommander",
        version="1.72",
        purl="pkg:maven/com.beust/jcommander@1.72",
        ecosystem="maven",
        fixed_versions=("1.75",),
        paths=("pom.xml",),
    )
    assert first.remediation == (
        "Upgrade org.testng:testng to 7.3.0, which brings a fixed com.beust:jcommander."
    )
    assert first.description.endswith(
        "Introduced through: com.test:myframework@1.0.0-SNAPSHOT > org.testng:testng@6.13.1"
        " > com.beust:jcommander@1.72"
    )
    assert first.references[0] == "https://security.snyk.io/vuln/SNYK-JAVA-COMBEUST-174815"
    assert first.tags == ("transitive",)


def test_severity_is_snyks_own_rating_with_critical() -> None:
    findings = parse("single_project_many_vulns.json")
    critical = [f for f in findings if f.severity is Severity.CRITICAL]
    assert [f.rule_id for f in critical] == [
        "SNYK-JAVA-COMMONSFILEUPLOAD-30401",
        "SNYK-JAVA-LOG4J-572732",
        "SNYK-JAVA-ORGAPACHEMAVENSHARED-570592",
    ]
    log4j = critical[1]
    assert log4j.raw["severity"] == "high" and log4j.raw["severityWithCritical"] == "critical"
    assert log4j.vulnerability_ids == (
        "SNYK-JAVA-LOG4J-572732",
        "CVE-2019-17571",
        "GHSA-2qrg-x229-3v8q",
    )


def test_all_projects_same_package_version_in_two_projects_is_one_finding() -> None:
    """Justifies 3 (not DefectDojo's 4): guava 29.0-jre with CVE-2020-8908 is reported for the
    root project and for project-b; one package version with one advisory is one finding,
    whose component lists both manifests."""
    findings = parse("all-projects_many_vulns.json")
    assert [
        (f.rule_id, f.component.version, f.component.paths) for f in findings if f.component
    ] == [
        ("SNYK-JAVA-COMGOOGLEGUAVA-1015415", "29.0-jre", ("pom.xml",)),
        ("SNYK-JAVA-COMGOOGLEGUAVA-1015415", "22.0", ("project-a\\pom.xml",)),
        ("SNYK-JAVA-COMGOOGLEGUAVA-32236", "22.0", ("project-a\\pom.xml",)),
        ("SNYK-JAVA-COMGOOGLEGUAVA-1015415", "29.0-jre", ("project-b\\pom.xml",)),
    ]
    groups = identify(findings)
    assert len(groups) == 3
    merged = [g for g in groups if len(g.sources) == 2]
    assert len(merged) == 1
    assert merged[0].finding.component is not None
    assert merged[0].finding.component.paths == ("pom.xml", "project-b\\pom.xml")


def test_container_os_packages_and_applications() -> None:
    findings = parse("snykcontainer_issue_9270.json")
    assert len(findings) == 25 + 12
    assert {f.tool for f in findings} == {Tool("Snyk Container", None)}
    first = findings[0]
    assert first.category is Category.CONTAINER
    assert first.title == "CVE-2023-4039 in libgcc-s1 10.2.1-6"
    # Snyk rates it low for Debian although the NVD CVSS is 4.8 (medium): vigil keeps Snyk's.
    assert first.severity is Severity.LOW
    assert first.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", 4.8),)
    assert first.vulnerability_ids == ("SNYK-DEBIAN11-GCC10-5901313", "CVE-2023-4039")
    # "gcc-10/libgcc-s1": the installed binary package, as other scanners name it.
    assert first.component == Component(
        name="libgcc-s1",
        version="10.2.1-6",
        purl="pkg:deb/debian/libgcc-s1@10.2.1-6",
        ecosystem="deb",
    )
    app = findings[25]
    assert app.category is Category.SCA
    assert app.rule_id == "SNYK-JS-EXPRESSJWT-575022"
    assert app.severity is Severity.HIGH
    assert app.cwes == (285,)
    assert app.vulnerability_ids == (
        "SNYK-JS-EXPRESSJWT-575022",
        "CVE-2020-15084",
        "GHSA-6g6m-m6h5-w9gf",
    )
    assert app.component == Component(
        name="express-jwt",
        version="0.1.3",
        purl="pkg:npm/express-jwt@0.1.3",
        ecosystem="npm",
        fixed_versions=("6.0.0",),
        paths=("/juice-shop/package.json",),
    )
    assert app.remediation == "Upgrade express-jwt to 6.0.0."


def test_container_paths_merge_and_applications_count() -> None:
    """Justifies 30 (not DefectDojo's 25): the 25 OS entries are 18 package/advisory pairs
    reached through several dependency paths (libgcc-s1 via libstdc++6, libc6 via libssl…),
    and DefectDojo drops the 12 vulnerabilities of the image's npm application."""
    report = json.loads((SAMPLES / "snykcontainer_issue_9270.json").read_text())
    assert len(report["vulnerabilities"]) == 25
    assert len(report["applications"][0]["vulnerabilities"]) == 12
    findings = parse("snykcontainer_issue_9270.json")
    os_groups = identify(f for f in findings if f.category is Category.CONTAINER)
    assert len(os_groups) == 18
    assert max(len(g.sources) for g in os_groups) == 2
    for group in os_groups:
        paths = {tuple(s.raw["from"]) for s in group.sources}
        assert len(paths) == len(group.sources)  # merged entries differ only by path
    assert len(identify(f for f in findings if f.category is Category.SCA)) == 12
    assert len(identify(findings)) == 30


def test_sles_image_without_cvss() -> None:
    (finding,) = parse("single_project_None_cvss.json")
    assert finding.tool == Tool("Snyk Container", None)
    assert finding.severity is Severity.LOW
    assert finding.cvss == ()
    assert finding.vulnerability_ids == ("SNYK-SLES153-PERMISSIONS-2648113", "SUSE-SU-2022:0141-1")
    assert finding.component == Component(
        name="permissions",
        version="20181225-23.6.1",
        purl="pkg:rpm/suse/permissions@20181225-23.6.1",
        ecosystem="rpm",
        fixed_versions=("20181225-23.12.1",),
    )
    assert finding.remediation == "Upgrade permissions to 20181225-23.12.1."


def test_all_projects_list_of_pip_npm_and_nuget_projects() -> None:
    findings = parse("all_containers_target_output.json")
    assert len(findings) == 40
    ecosystems = {(f.component.ecosystem, f.component.paths) for f in findings if f.component}
    assert ecosystems == {
        ("pypi", ("Mobile-Security-Framework-MobSF/requirements.txt",)),
        ("npm", ("frontend/package-lock.json",)),
        ("nuget", ("sbom/SBOMTests/obj/project.assets.json",)),
    }
    django = findings[0]
    assert django.title == "SQL Injection in django 4.0.5"
    assert django.severity is Severity.CRITICAL  # "critical", CVSS 9.1
    assert django.component is not None
    assert django.component.purl == "pkg:pypi/django@4.0.5"
    assert django.component.fixed_versions == ("3.2.14", "4.0.6")
    # System.Text.RegularExpressions 4.3.0 is reached through 10 paths: one finding.
    groups = identify(findings)
    assert len(groups) == 17
    (widest,) = [g for g in groups if len(g.sources) == 10]
    assert widest.finding.rule_id == "SNYK-DOTNET-SYSTEMTEXTREGULAREXPRESSIONS-174708"


def test_snyk_code_is_read_as_sarif() -> None:
    findings = parse("snykcode_issue_9270.json")
    assert len(findings) == 39
    first = findings[0]
    assert first.tool == Tool("SnykCode", "1.0.0")
    assert first.category is Category.SAST
    assert first.rule_id == "javascript/XSS"
    assert first.title == "Cross-site Scripting (XSS)"
    assert first.severity is Severity.MEDIUM
    assert first.confidence is Confidence.HIGH
    assert first.cwes == (79,)  # rule properties.cwe
    assert first.description == (
        "Unsanitized input from data from a remote resource flows into bypassSecurityTrustHtml,"
        " where it is used to render an HTML page returned to the user. This may result in a"
        " Cross-Site Scripting attack (XSS)."
    )
    assert first.location == CodeLocation(
        path="frontend/src/app/score-board/score-board.component.ts",
        start_line=216,
        end_line=216,
        start_column=44,
        end_column=67,
    )


def test_snyk_code_two_results_on_one_line_are_one_finding() -> None:
    """Justifies 38 (not DefectDojo's 39): two NoHardcodedPasswords results on line 85 of
    oauth.component.spec.ts (columns 77 and 111); Snyk Code gives both the same primary
    fingerprint "0", and vigil's code identity (rule, file, context, line) agrees."""
    groups = identify(parse("snykcode_issue_9270.json"))
    assert len(groups) == 38
    (pair,) = [g for g in groups if len(g.sources) == 2]
    first, second = pair.sources
    assert first.rule_id == second.rule_id == "javascript/NoHardcodedPasswords"
    assert first.location and second.location
    assert (
        first.location.path
        == second.location.path
        == ("frontend/src/app/oauth/oauth.component.spec.ts")
    )
    assert (first.location.start_line, second.location.start_line) == (85, 85)
    assert (first.location.start_column, second.location.start_column) == (77, 111)
    assert first.raw["fingerprints"]["0"] == second.raw["fingerprints"]["0"]


def test_sniffing_chooses_snyk_for_every_kind() -> None:
    for name in (
        "single_project_no_vulns.json",
        "all_containers_target_output.json",
        "snykcontainer_issue_9270.json",
        "snykcode_issue_9270.json",
    ):
        source = ReportSource.from_path(SAMPLES / name)
        assert registry.detect(source).id == "snyk", name


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"vulnerabilities": [', "not valid JSON"),
        (b'{"ok": false, "error": "Could not detect supported target files"}', "Could not detect"),
        (b"[1]", "expected project 0 to be an object"),
        (b'{"vulnerabilities": {}}', "expected vulnerabilities to be a list"),
        (b'{"vulnerabilities": [[]]}', "expected a vulnerability to be an object"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "snyk")
