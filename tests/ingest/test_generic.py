"""Generic findings: DefectDojo's generic JSON and CSV samples, and the vigil generic JSON example
that docs/formats/generic.md gives tool authors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.generic import GenericParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Confidence,
    Cvss,
    Endpoint,
    Severity,
    Tool,
)
from vigil.triage.identity import identify

ROOT = Path(__file__).parent.parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples" / "generic"
VALID = sorted(p.name for p in SAMPLES.iterdir() if p.name != "generic_empty.json")
CVSS_31 = Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N")
DESCRIPTION = "Some very long description with\n\n some UTF-8 chars à qu'il est beau"


def doc_example() -> bytes:
    """The first JSON block of the format reference, byte for byte as tool authors see it."""
    doc = (ROOT / "docs" / "formats" / "generic.md").read_text()
    match = re.search(r"```json\n(.*?)\n```", doc, re.DOTALL)
    assert match, "docs/formats/generic.md lost its example"
    return match.group(1).encode()


@pytest.mark.parametrize("name", [*VALID, "generic_empty.json"])
def test_sniffing_picks_generic(name: str) -> None:
    head = (SAMPLES / name).read_bytes()
    assert GenericParser.sniff(head)


@pytest.mark.parametrize("name", VALID)
def test_every_valid_sample_is_read_by_sniffing(name: str) -> None:
    assert parse_file(SAMPLES / name).parser is GenericParser


def test_sniff_wants_a_top_level_findings_list() -> None:
    npm_audit = (SAMPLES.parent / "npm_audit" / "many_vuln.json").read_bytes()
    assert b'"findings": [' in npm_audit  # nested in npm audit's advisories
    assert not GenericParser.sniff(npm_audit)
    assert not GenericParser.sniff(b'{"findings": {"a": 1}}')
    assert GenericParser.sniff(b'{"tool": {"name": "x", "findings": 1}, "findings": [')


# --- vigil generic JSON -------------------------------------------------------------------------


def test_documented_example() -> None:
    report = parse_source(ReportSource("example.json", doc_example()))
    assert report.parser is GenericParser
    sca, sast, dast = report.findings
    tool = Tool("acme-scanner", "2.4.1")

    assert sca.tool == tool
    assert sca.title == "Prototype pollution in lodash"
    assert sca.severity is Severity.HIGH
    assert sca.category is Category.SCA
    assert sca.confidence is Confidence.HIGH
    assert sca.rule_id == "GHSA-p6mc-m468-83gw"
    assert sca.vulnerability_ids == ("GHSA-p6mc-m468-83gw", "CVE-2020-8203")
    assert sca.cwes == (1321,)
    assert sca.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4),)
    assert sca.component == Component(
        name="lodash",
        version="4.17.15",
        purl="pkg:npm/lodash@4.17.15",
        ecosystem="npm",
        fixed_versions=("4.17.19",),
        paths=("package-lock.json",),
    )
    assert sca.location is None
    assert sca.remediation == "Upgrade lodash to 4.17.19 or later."
    assert sca.references == ("https://github.com/advisories/GHSA-p6mc-m468-83gw",)
    assert sca.tags == ("production",)

    assert sast.severity is Severity.CRITICAL
    assert sast.category is Category.SAST
    assert sast.rule_id == "ACME-SQLI-001"
    assert sast.cwes == (89,)
    assert sast.location == CodeLocation(
        path="app/db/users.py",
        start_line=42,
        end_line=43,
        start_column=9,
        snippet="cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)",
    )
    assert sast.hint == "acme:sqli:app/db/users.py:find_user"

    assert dast.category is Category.DAST  # inferred from its endpoint
    assert dast.endpoints == (
        Endpoint(
            "https://shop.example.com/login",
            method="POST",
            parameter="session",
            evidence="Set-Cookie: session=…; Path=/; HttpOnly",
        ),
    )
    assert len(identify(report.findings)) == 3


def test_secret_hash_must_be_a_digest() -> None:
    example = json.loads(doc_example())
    example["findings"][1]["secret_hash"] = "hunter2"
    with pytest.raises(ParseError, match="finding 1: secret_hash must be a sha256 hex digest"):
        parse_source(ReportSource("x.json", json.dumps(example).encode()), "generic")
    example["findings"][1]["secret_hash"] = "A" * 64
    example["findings"][1].pop("category")
    finding = parse_source(ReportSource("x.json", json.dumps(example).encode())).findings[1]
    assert (finding.secret_hash, finding.category) == ("a" * 64, Category.SECRET)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("severity", "hihg", "finding 0: unknown severity 'hihg'"),
        ("category", "network", "finding 0: unknown category 'network'"),
        ("confidence", "sure", "finding 0: unknown confidence 'sure'"),
        ("title", "", "finding 0 has no title"),
    ],
)
def test_invalid_fields_are_refused(field: str, value: str, problem: str) -> None:
    example = json.loads(doc_example())
    example["findings"][0][field] = value
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("x.json", json.dumps(example).encode()), "generic")


def test_severity_from_cvss_score_when_absent() -> None:
    example = json.loads(doc_example())
    del example["findings"][0]["severity"]
    finding = parse_source(ReportSource("x.json", json.dumps(example).encode())).findings[0]
    assert finding.severity is Severity.HIGH  # 7.4


# --- DefectDojo generic JSON --------------------------------------------------------------------


def test_defectdojo_json() -> None:
    findings = parse_file(SAMPLES / "generic_report1.json").findings
    assert len(findings) == 2
    first = findings[0]
    assert first.title == "test title"
    assert first.severity is Severity.MEDIUM
    assert first.category is Category.OTHER
    assert first.tool == Tool("generic")
    assert first.rule_id == "TEST1"  # vuln_id_from_tool
    assert first.vulnerability_ids == ("CVE-2020-36234",)
    assert first.cwes == (261,)
    assert first.cvss == (CVSS_31,)
    assert first.hint == "3287f2d0-554f-491b-8516-3c349ead8ee5"  # unique_id_from_tool
    assert first.tags == ("security", "network", "verified")
    assert first.description == f"{DESCRIPTION}\n\nImpact: Some impact"
    assert first.location == CodeLocation(path=".")  # names no file, package or URL
    assert findings[1].tags == ("security", "network")  # verified: false
    assert len(identify(findings)) == 2


def test_defectdojo_json_test_type_is_the_tool() -> None:
    (finding,) = parse_file(SAMPLES / "generic_custom_test.json").findings
    assert finding.tool == Tool("Tool 1")
    assert finding.rule_id == "TEST1"


def test_defectdojo_json_locations_and_endpoints() -> None:
    findings = parse_file(SAMPLES / "generic_report3.json").findings
    assert len(findings) == 4
    host, urls, mitigated, mitigated_iso = findings
    assert host.endpoints == (Endpoint("exemple.com"),)
    assert host.location == CodeLocation(path="src/first.cpp", start_line=13)
    assert host.category is Category.DAST
    assert host.rule_id == "CVE-2020-36234"
    assert host.remediation == "Some mitigation"
    assert urls.severity is Severity.CRITICAL
    assert urls.endpoints == (
        Endpoint("http://urlfiltering.paloaltonetworks.com/test-command-and-control"),
        Endpoint("https://urlfiltering.paloaltonetworks.com:2345/test-pest"),
    )
    assert mitigated.category is Category.SAST
    assert mitigated.location == CodeLocation(path="src/threeeeeeeeee.cpp", start_line=1353)
    # mitigated findings are kept and tagged, as DefectDojo imports them (count 4)
    assert (mitigated.tags, mitigated_iso.tags) == (("mitigated",), ("mitigated",))
    assert len(identify(findings)) == 4


def test_defectdojo_json_component() -> None:
    fixed, plain = parse_file(SAMPLES / "generic_report_fix_version.json").findings
    assert fixed.category is Category.SCA
    assert fixed.component == Component(
        name="spring-core", version="6.1.0", fixed_versions=("2.1.3",)
    )
    assert fixed.vulnerability_ids == ("CVE-2025-12345",)
    assert fixed.cwes == (502,)
    assert fixed.severity is Severity.HIGH
    assert plain.component is None
    assert plain.cwes == (611,)


def test_defectdojo_json_placeholders_in_numeric_fields() -> None:
    placeholders, quoted, numbers = parse_file(SAMPLES / "generic_non_numeric_fields.json").findings
    assert placeholders.cwes == ()
    assert placeholders.cvss == ()  # "N/A" scores are no score
    assert (quoted.cwes, numbers.cwes) == ((79,), (79,))


def test_defectdojo_json_empty_finding_is_refused() -> None:
    with pytest.raises(ParseError, match="finding 0 has no title"):
        parse_file(SAMPLES / "generic_empty.json")


# --- DefectDojo generic CSV ---------------------------------------------------------------------


def test_defectdojo_csv_rows_are_findings() -> None:
    findings = parse_file(SAMPLES / "generic_report1.csv").findings
    assert [f.cwes for f in findings] == [(1,), (2,), (3,), (4,), (5,)]
    first = findings[0]
    assert first.title == "ASDF"
    assert first.severity is Severity.LOW
    assert first.category is Category.DAST
    assert first.tool == Tool("generic")
    assert first.rule_id == "asdf"
    assert first.endpoints == (Endpoint("https://vulnerable.endpoint.com/resource1/asdf"),)
    assert first.description == "Some description\n\nImpact: Some Impact"
    assert first.remediation == "Some mitigation advice"
    assert first.tags == ("verified",)
    assert first.raw["Date"] == "28/02/2021"


def test_defectdojo_csv_differs_from_defectdojo_as_justified() -> None:
    """DefectDojo merges the 5 rows (same title, severity, description) into 1 finding with 5
    endpoints; each row has its own URL and CWE, so vigil keeps 5."""
    findings = parse_file(SAMPLES / "generic_report1.csv").findings
    assert {(f.title, f.severity, f.description) for f in findings} == {
        ("ASDF", Severity.LOW, "Some description\n\nImpact: Some Impact")
    }
    assert len({f.endpoints for f in findings}) == len({f.cwes for f in findings}) == 5
    assert len(identify(findings)) == 5


def test_defectdojo_csv_mitigated_rows() -> None:
    findings = parse_file(SAMPLES / "generic_report3.csv").findings
    assert [(f.title, f.tags) for f in findings] == [
        ("Mitigated_ISO_Finding", ("mitigated", "verified")),
        ("Mitigated_Finding", ("mitigated", "verified")),
    ]
    assert findings[1].raw["MitigatedDate"] == "28/03/2021"


def test_defectdojo_csv_quoted_fields() -> None:
    findings = parse_file(SAMPLES / "generic_csv_defect_dojo.csv").findings
    assert len(findings) == 4
    etag = findings[0]
    assert etag.title == (
        "Server leaks inodes via ETags, header found with file /, fields: 0xW/109b "
        "0xpqG8TolgxCnpM/7cGOOI0GRS+rc"
    )
    assert etag.cwes == ()  # CweId 0
    assert etag.tags == ("inactive",)
    assert etag.endpoints == (Endpoint("https://192.168.1.1/"),)
    assert [f.title for f in findings[2:]] == [
        "Cookie connect.sid created without the secure flag",
        "Cookie connect.sid created without the httponly flag",
    ]


def test_defectdojo_csv_blank_severity_and_vulnerability_ids() -> None:
    findings = parse_file(SAMPLES / "generic_report4.csv").findings
    assert [f.severity for f in findings] == [Severity.INFO] * 4
    assert [f.vulnerability_ids for f in findings] == [
        ("CVE-2015-9235",),
        ("GHSA-5mrr-rgp6-x4gr",),
        (),
        (),
    ]
    assert [f.rule_id for f in findings] == [
        "CVE-2015-9235",
        "GHSA-5mrr-rgp6-x4gr",
        "title3",
        "title4",
    ]
    assert [f.endpoints[0].url for f in findings] == [
        "www.example.com",
        "localhost",
        "127.0.0.1:80",
        "foo.bar/path",
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"Title,Severity\nx,hihg\n", "CSV line 2: unknown severity 'hihg'"),
        (b"Title,Severity\nx,low,extra\n", "CSV line 2 has 3 cells, not 2"),
        (b"Name,Level\nx,low\n", "CSV header needs Title and Severity columns"),
        (b"Title,Severity\n\xff\xfe,low\n", "CSV is not UTF-8"),
        (b'Title,Severity\n"x,low\n', "CSV line 2 has 1 cells, not 2"),
    ],
)
def test_bad_csv(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad.csv", data), "generic")


def test_csv_bom_and_huge_field() -> None:
    description = "x" * (300 * 1024)  # over the csv module's 128 KiB default
    data = f'\ufeffTitle,Severity,Description\nBig,High,"{description}"\n'.encode()
    (finding,) = parse_source(ReportSource("big.csv", data)).findings
    assert (finding.title, finding.severity, len(finding.description)) == (
        "Big",
        Severity.HIGH,
        300 * 1024,
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b"[]", "expected a JSON object with a 'findings' list"),
        (b'{"findings": {}}', "expected 'findings' to be a list"),
        (b'{"findings": [1]}', "finding 0 is not an object"),
    ],
)
def test_bad_json(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad.json", data), "generic")


def test_truncated_json() -> None:
    data = (SAMPLES / "generic_report3.json").read_bytes()
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_source(ReportSource("cut.json", data[:700]), "generic")
