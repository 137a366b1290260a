"""Every registered parser over every real sample report: the finding count DefectDojo's own
tests assert (MANIFEST.md), or a justified difference, and the shared parser contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.ingest import registry
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Severity
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"

#: sample folder → the parser that must be chosen for it by sniffing.
PARSER_OF_FOLDER = {
    "anchore_grype": "grype",
    "bandit": "bandit",
    "burp": "burp",
    "checkov": "checkov",
    "cyclonedx": "cyclonedx",
    "dependency_check": "dependency-check",
    "generic": "generic",
    "ggshield": "ggshield",
    "github_vulnerability": "github-vulnerability",
    "gitlab_dep_scan": "gitlab",
    "gitlab_sast": "gitlab",
    "gitleaks": "gitleaks",
    "hadolint": "hadolint",
    "kics": "kics",
    "mobsf": "mobsf",
    "npm_audit": "npm-audit",
    "npm_audit_7_plus": "npm-audit",
    "nuclei": "nuclei",
    "osv_scanner": "osv-scanner",
    "pip_audit": "pip-audit",
    "sarif": "sarif",
    "semgrep": "semgrep",
    "snyk": "snyk",
    "sonarqube": "sonarqube",
    "tfsec": "tfsec",
    "trivy": "trivy",
    "wapiti": "wapiti",
    "zap": "zap",
}

#: "folder/file" → (vigil's count, why it differs from DefectDojo's). Each entry is a claim
#: about the sample that the parser's own test module checks in detail.
JUSTIFIED: dict[str, tuple[int, str]] = {
    "trivy/kubernetes.json": (15, "a package+CVE shared by 2 workloads' images is 1 finding"),
    "osv_scanner/many_findings.json": (37, "one per alias group: 66 OSV records in 37 groups"),
    "bandit/many_vulns.json": (212, "an exact duplicate B608; one B105 secret twice in a file"),
    "kics/many_findings.json": (15, "4 RBAC results share 1 KICS similarity_id, KICS's identity"),
    "burp/one_finding.xml": (3, "3 SQL injection issues at 3 insertion points; DD merges by type"),
    "burp/seven_findings.xml": (16, "16 Burp issues of 7 types; DD merges issues by type"),
    "nuclei/many_findings.json": (18, "DD merges 127.0.0.1:8080 and :9090 results by host name"),
    "wapiti/example.xml": (2, "Wapiti 3.0 files 4 header checks in 1 category; DD splits"),
    "wapiti/juicyshop.xml": (2, "Wapiti 3.0 files 2 header checks in 1 category; DD splits"),
    "mobsf/report1.json": (54, "dangerous perms, code per file, failed binary checks, secrets"),
    "mobsf/mobsf_3_7_9.json": (4, "also the 2 failing Mach-O hardening checks DD does not read"),
    "ggshield/many_findings.json": (1, "one secret (same ignore_sha, same file) in two commits"),
    "sarif/gitleaks_7.5.0.sarif": (4, "each of 4 leaks is found in 2 commits: 1 per secret+file"),
    "snyk/all-projects_many_vulns.json": (3, "guava 29.0-jre+CVE in 2 projects is 1 finding"),
    "snyk/snykcontainer_issue_9270.json": (30, "25 paths: 18 pkg+advisory; +12 app vulns DD skips"),
    "snyk/snykcode_issue_9270.json": (38, "2 results on 1 line with the same Snyk fingerprint"),
    "semgrep/sca-deployments-vulns.json": (7, "22 rows: 7 package version+advisory; DD: by line"),
    "generic/generic_report1.csv": (5, "5 rows with own URL and CWE; DD merges same title/text"),
    "dependency_check/multiple_vulnerabilities_has_multiple_findings.xml": (8, "dom4j in 2 EARs"),
    "npm_audit/multiple_cwes.json": (44, "41 advisories; 3 reach 2 installed versions each"),
    "npm_audit_7_plus/one_vuln.json": (2, "debug has 2 distinct GHSA advisories; DD: 1 per pkg"),
    "github_vulnerability/github_search.json": (1, "2 alerts, same package+GHSA, nothing differs"),
    "gitlab_sast/gl-sast-report-many-vuln_v15.json": (467, "467 places; DD keys on a line hash"),
}

#: Files vigil deliberately does not read, with the reason.
UNSUPPORTED: dict[str, str] = {
    "sonarqube/sonar-6-findings.html": "HTML rendering of a report; vigil reads SonarQube JSON",
}

#: Empty files are a valid "nothing found" for these tools (they write nothing when clean).
EMPTY_MEANS_CLEAN = {"osv_scanner/no_findings.json", "nuclei/empty.jsonl"}


def _manifest() -> list[tuple[str, int]]:
    rows = []
    for line in (SAMPLES / "MANIFEST.md").read_text().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 7 or not cells[4].startswith("`"):
            continue
        folder, file, expected = cells[1], cells[4].strip("`"), cells[5]
        if re.fullmatch(r"\d+", expected):
            rows.append((f"{folder}/{file}", int(expected)))
    return rows


MANIFEST = _manifest()


def test_manifest_is_complete() -> None:
    assert len(MANIFEST) == 113


@pytest.mark.parametrize(("sample", "expected"), MANIFEST, ids=[m[0] for m in MANIFEST])
def test_sample_count_and_contract(sample: str, expected: int) -> None:
    if sample in UNSUPPORTED:
        pytest.skip(UNSUPPORTED[sample])
    path = SAMPLES / sample
    folder = sample.split("/", maxsplit=1)[0]
    if sample in EMPTY_MEANS_CLEAN:
        report = parse_source(ReportSource(str(path), path.read_bytes()), PARSER_OF_FOLDER[folder])
    else:
        report = parse_file(path)
        assert report.parser.id == PARSER_OF_FOLDER[folder], "sniffing chose the wrong parser"
    groups = identify(report.findings)
    want, _why = JUSTIFIED.get(sample, (expected, ""))
    assert len(groups) == want

    for finding in report.findings:
        assert isinstance(finding.severity, Severity)
        assert isinstance(finding.category, Category)
        assert finding.rule_id.strip(), "every finding needs a rule id"
        assert finding.title.strip(), "every finding needs a title"
        assert finding.tool.name.strip()
        assert finding.location or finding.component or finding.endpoints, (
            "a finding must say where: location, component or endpoint"
        )
    again = identify(parse_file(path, report.parser.id).findings)
    assert [g.fingerprint for g in again] == [g.fingerprint for g in groups]


def test_every_parser_has_a_sample() -> None:
    assert set(PARSER_OF_FOLDER.values()) <= {p.id for p in registry.all_parsers()}
