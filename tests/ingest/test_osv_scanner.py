"""OSV-Scanner parser against real osv-scanner reports (tests/data/samples/osv_scanner)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.osv_scanner import OsvScannerParser, cvss3_base_score
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
OSV = SAMPLES / "osv_scanner"


def _parse(name: str) -> list[Finding]:
    report = parse_file(OSV / name)
    assert report.parser is OsvScannerParser
    return list(report.findings)


def _rule(findings: list[Finding], rule_id: str) -> Finding:
    return next(f for f in findings if f.rule_id == rule_id)


def test_empty_file_is_a_clean_scan_when_the_tool_is_named() -> None:
    path = OSV / "no_findings.json"
    assert path.read_bytes() == b""
    report = parse_source(ReportSource(str(path), b""), "osv-scanner")
    assert report.findings == ()
    # Without --tool nothing says it is an osv-scanner report: it stays an error.
    with pytest.raises(ParseError, match="report is empty"):
        parse_file(path)


def test_malicious_package() -> None:
    [finding] = _parse("some_findings.json")
    assert finding.title == "MAL-2023-1035 in flot-axis 0.0.0"
    assert finding.rule_id == "MAL-2023-1035"
    assert finding.tool == Tool("OSV-Scanner")
    assert finding.category is Category.SCA
    # No rating anywhere, but a MAL- record is a known malicious package.
    assert finding.severity is Severity.CRITICAL
    assert finding.tags == ("malicious",)
    assert finding.vulnerability_ids == ("MAL-2023-1035", "GHSA-8348-2q94-ffjx")
    assert finding.cwes == (506,)
    assert finding.description.startswith("Malicious code in flot-axis (npm)\n\n---")
    assert finding.component == Component(
        name="flot-axis",
        version="0.0.0",
        purl="pkg:npm/flot-axis@0.0.0",
        ecosystem="npm",
        paths=("/tmp/components/yarn.lock",),
    )
    assert finding.references == ("https://github.com/advisories/GHSA-8348-2q94-ffjx",)


def test_many_findings_one_per_alias_group() -> None:
    findings = _parse("many_findings.json")
    report = json.loads((OSV / "many_findings.json").read_bytes())
    packages = [p for r in report["results"] for p in r["packages"]]
    records = [v["id"] for p in packages for v in p["vulnerabilities"]]
    group_ids = [i for p in packages for g in p["groups"] for i in g["ids"]]
    # JUSTIFIED 37: DefectDojo counts the 66 OSV records; osv-scanner groups them by alias
    # into 37 groups (e.g. GHSA-2gwj-7jmv-h26r and PYSEC-2022-190 for django 3.2.4), and
    # every record is in exactly one group.
    assert len(records) == 66
    assert sorted(group_ids) == sorted(records)
    assert sum(len(p["groups"]) for p in packages) == 37
    assert len(findings) == 37
    assert sum(len(f.raw["vulnerabilities"]) for f in findings) == 66
    assert len(identify(findings)) == 37
    assert Counter(f.severity for f in findings) == {
        Severity.CRITICAL: 5,
        Severity.HIGH: 18,
        Severity.MEDIUM: 14,
    }

    guzzle = findings[0]
    assert guzzle.title == "GHSA-25mq-v84q-4j7r in guzzlehttp/guzzle 6.3.3"
    assert guzzle.severity is Severity.HIGH
    assert guzzle.vulnerability_ids == ("GHSA-25mq-v84q-4j7r", "CVE-2022-31090")
    assert guzzle.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:N", 7.7),)
    assert guzzle.cwes == (200, 212)
    assert guzzle.component == Component(
        name="guzzlehttp/guzzle",
        version="6.3.3",
        purl="pkg:composer/guzzlehttp/guzzle@6.3.3",
        ecosystem="composer",
        fixed_versions=("6.5.8", "7.4.5"),
        paths=("/tmpcardmarket-api/composer.lock",),
    )
    assert guzzle.remediation == "Upgrade guzzlehttp/guzzle to 6.5.8, 7.4.5."
    assert guzzle.description.startswith(
        "CURLOPT_HTTPAUTH option not cleared on change of origin\n\n### Impact"
    )

    urllib3 = _rule(findings, "GHSA-g4mx-q9vg-27p4")
    assert [r["id"] for r in urllib3.raw["vulnerabilities"]] == [
        "GHSA-g4mx-q9vg-27p4",
        "PYSEC-2023-212",
    ]
    assert urllib3.vulnerability_ids == (
        "GHSA-g4mx-q9vg-27p4",
        "PYSEC-2023-212",
        "CVE-2023-45803",
    )
    assert urllib3.severity is Severity.MEDIUM  # GitHub's MODERATE
    assert urllib3.tags == ("dependency-group:requirements",)

    # No GitHub rating: the CVSS v3.1 vector's base score (7.5) decides.
    selenium = _rule(findings, "PYSEC-2023-206")
    assert selenium.raw["vulnerabilities"][0].get("database_specific") is None
    assert selenium.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),)
    assert selenium.severity is Severity.HIGH
    assert selenium.component is not None
    assert selenium.component.fixed_versions == ("4.14.0",)

    # A git checkout matched by commit: the component is the advisory's repository.
    rengine = _rule(findings, "CVE-2023-50094")
    assert rengine.component == Component(
        name="https://github.com/yogeshojha/rengine",
        version="f5f3c22f3ed5a6804a2a8d9ee9fa43044cfa24a6",
        paths=("/tmprengine/",),
    )
    assert rengine.severity is Severity.HIGH


def test_v2_max_severity_and_unrated_go_advisories() -> None:
    findings = _parse("v2_golang.json")
    assert len(findings) == 21
    crypto = findings[0]
    assert crypto.title == "GO-2025-3487 in golang.org/x/crypto 0.32.0"
    assert crypto.vulnerability_ids == ("GO-2025-3487", "GHSA-hcg3-q754-cr77", "CVE-2025-22869")
    assert crypto.raw["group"]["max_severity"] == "7.5"
    assert crypto.severity is Severity.HIGH
    assert crypto.cwes == (770,)
    assert crypto.component is not None
    assert crypto.component.purl == "pkg:golang/golang.org/x/crypto@0.32.0"
    assert crypto.component.ecosystem == "golang"
    assert crypto.component.fixed_versions == ("0.35.0",)
    # The group names a GHSA record the report leaves out; osv-scanner's 4.4 still counts.
    proxy = _rule(findings, "GO-2025-3503")
    assert proxy.cvss == ()
    assert proxy.severity is Severity.MEDIUM
    # A CVSS v4 vector is kept but not scored.
    html = _rule(findings, "GO-2025-3595")
    assert html.cvss == (
        Cvss("4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", None),
    )
    # The Go database rates nothing and osv-scanner has no max_severity for them: medium.
    stdlib = [f for f in findings if f.component and f.component.name == "stdlib"]
    assert len(stdlib) == 18
    assert {f.raw["group"]["max_severity"] for f in stdlib} == {""}
    assert {f.severity for f in stdlib} == {Severity.MEDIUM}
    assert _rule(findings, "GO-2025-3373").component == Component(
        name="stdlib",
        version="1.23.4",
        purl="pkg:golang/stdlib@1.23.4",
        ecosystem="golang",
        fixed_versions=("1.22.11", "1.23.5", "1.24.0-rc.2"),
        paths=("./testdata/golang/go.mod",),
    )


def test_v2_npm_lockfile() -> None:
    findings = _parse("v2_javascript.json")
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("GHSA-3v6h-hqm4-2rg6", Severity.MEDIUM),
        ("GHSA-v88g-cgmw-v5xw", Severity.MEDIUM),
        ("GHSA-93q8-gq69-wqmw", Severity.HIGH),
        ("GHSA-fwr7-v2mv-hh25", Severity.HIGH),
        ("GHSA-67hx-6x53-jw92", Severity.CRITICAL),
        ("GHSA-pp7h-53gx-mx7r", Severity.MEDIUM),
    ]
    babel = findings[4]
    assert babel.vulnerability_ids == ("GHSA-67hx-6x53-jw92", "CVE-2023-45133")
    assert babel.component is not None
    assert babel.component.name == "babel-traverse"
    assert babel.component.paths == ("./testdata/javascript/package-lock.json",)


def _cvss_pairs(value: Any) -> set[tuple[str, float]]:
    """(v3 vector, score) pairs as Trivy and Grype report them."""
    found: set[tuple[str, float]] = set()
    if isinstance(value, dict):
        if "V3Vector" in value and "V3Score" in value:
            found.add((value["V3Vector"], value["V3Score"]))
        if str(value.get("version", "")).startswith("3") and "metrics" in value:
            found.add((value["vector"], value["metrics"]["baseScore"]))
        if isinstance(value.get("cvssV3"), dict) and value["cvssV3"].get("vector"):
            found.add((value["cvssV3"]["vector"], value["cvssV3"]["baseScore"]))  # Grype 0.7
        for item in value.values():
            found |= _cvss_pairs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _cvss_pairs(item)
    return found


def test_cvss3_base_score_agrees_with_the_scores_tools_report() -> None:
    pairs: set[tuple[str, float]] = set()
    for path in [*SAMPLES.glob("trivy/*.json"), *SAMPLES.glob("anchore_grype/*.json")]:
        pairs |= _cvss_pairs(json.loads(path.read_bytes()))
    assert len(pairs) >= 90
    assert {vector: cvss3_base_score(vector) for vector, _ in pairs} == dict(pairs)


def test_cvss3_base_score_matches_osv_scanner_max_severity() -> None:
    """Where a group's only rating is one v3 vector, osv-scanner computed the same score."""
    compared = 0
    for name in ("v2_javascript.json", "many_findings.json", "v2_golang.json"):
        for finding in _parse(name):
            top = finding.raw["group"].get("max_severity")
            if top and len(finding.cvss) == 1 and finding.cvss[0].version.startswith("3"):
                assert finding.cvss[0].score == float(top)
                compared += 1
    assert compared == 7


def test_cvss3_base_score_needs_every_base_metric() -> None:
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H") is None
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H") is None
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == 0.0


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"results": [{"source": {"path": "go.mod"', "not valid JSON"),
        (b'[{"results": []}]', "expected the OSV-Scanner report to be an object"),
        (b'{"experimental_config": {}}', "not an OSV-Scanner report"),
        (b'{"results": {"source": {}}}', "expected results to be a list"),
        (b'{"results": [{"source": {}, "packages": [{"vulnerabilities": [1]}]}]}', "a vuln"),
        (b"\xff\xfe\x00\x00binary", "not valid JSON"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "osv-scanner")
