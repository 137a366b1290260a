"""Burp parser over real XML issue exports (Burp 1.6.05 and 2020.12.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import ParsedReport, parse_file, parse_source
from vigil.model import Category, Confidence, Endpoint, Severity, Tool
from vigil.triage.identity import identify

BURP = Path(__file__).parent.parent / "data" / "samples" / "burp"


def _parse(name: str) -> ParsedReport:
    report = parse_file(BURP / name)
    assert report.parser.id == "burp"
    return report


def test_one_issue_per_insertion_point() -> None:
    """one_finding.xml holds three SQL injection issues, in a cookie and two parameters.
    DefectDojo merges issues of one type (its count is 1); vigil keeps Burp's issues, each
    with its own confidence and detail (the contract test's justified count of 3)."""
    findings = _parse("one_finding.xml").findings
    assert [(f.rule_id, f.title) for f in findings] == [("1049088", "SQL injection")] * 3
    assert [f.endpoints for f in findings] == [
        (Endpoint("http://bwa/bodgeit/basket.jsp", "POST", "b_id cookie"),),
        (Endpoint("http://bwa/bodgeit/login.jsp", "POST", "password parameter"),),
        (Endpoint("http://bwa/bodgeit/login.jsp", "POST", "username parameter"),),
    ]
    assert [f.confidence for f in findings] == [
        Confidence.HIGH,
        Confidence.LOW,
        Confidence.LOW,
    ]
    assert len(identify(findings)) == 3
    assert len({f.rule_id for f in findings}) == 1  # DefectDojo's count: one per type

    cookie = findings[0]
    assert cookie.severity is Severity.HIGH
    assert cookie.category is Category.DAST
    assert cookie.tool == Tool("Burp Suite", "1.6.05")
    assert cookie.description.startswith(
        "The b_id cookie appears to be vulnerable to SQL injection attacks. The payload ' was "
        "submitted in the b_id cookie, and a database error message was returned."
    )
    assert "\n\nThe database appears to be Microsoft SQL Server.\n\nSQL injection " in (
        cookie.description
    )
    assert cookie.remediation.startswith(
        "The application should handle errors gracefully and prevent SQL error messages from "
        "being returned in responses.\n\nThe most effective way to prevent SQL injection"
    )
    assert (cookie.cwes, cookie.references, cookie.tags) == ((), (), ())
    assert cookie.raw["serialNumber"] == "7121655797013284864"
    assert cookie.raw["ip"] == "192.168.187.137"
    (exchange,) = cookie.raw["requestresponse"]
    assert exchange["method"] == "POST"
    assert exchange["request"].startswith("POST /bodgeit/basket.jsp HTTP/1.1\r\nHost: bwa\r\n")
    assert exchange["response"].startswith("HTTP/1.1 500 Internal Server Error\r\n")
    assert exchange["responseRedirected"] == "false"


def test_blank_response_is_read() -> None:
    (finding,) = _parse("one_finding_with_blank_response.xml").findings
    assert finding.endpoints == (Endpoint("http://bwa/bodgeit/basket.jsp", "POST", "b_id cookie"),)
    assert finding.raw["requestresponse"][0]["response"] == ""


def test_seven_types_sixteen_issues() -> None:
    """DefectDojo's 7 are the issue types; Burp reported 16 issues, all at distinct
    (type, URL, insertion point) and so 16 findings."""
    findings = _parse("seven_findings.xml").findings
    assert len(findings) == 16
    assert len({f.rule_id for f in findings}) == 7
    assert len({(f.rule_id, f.endpoints) for f in findings}) == 16
    assert len(identify(findings)) == 16
    by_title = {f.title: f for f in findings}
    assert set(by_title) == {
        "Frameable response (potential Clickjacking)",
        "HTML does not specify charset",
        "Cross-site scripting (reflected)",
        "SQL injection",
        "Cleartext submission of password",
        "Password field with autocomplete enabled",
        "Cookie without HttpOnly flag set",
    }
    xss = by_title["Cross-site scripting (reflected)"]
    assert (xss.rule_id, xss.severity, xss.confidence) == (
        "2097920",
        Severity.HIGH,
        Confidence.CERTAIN,
    )
    assert xss.endpoints == (Endpoint("http://bwa/bodgeit/search.jsp", "GET", "q parameter"),)
    assert xss.description.startswith(
        "The value of the q request parameter is copied into the HTML document as plain text "
        "between tags. The payload 5d4ff<script>alert(1)</script>18327 was submitted"
    )
    charset = [f for f in findings if f.rule_id == "8389120"]
    assert [f.endpoints[0].url for f in charset] == [
        "http://bwa/bodgeit/login.jsp",
        "http://bwa/bodgeit/contact.jsp",
        "http://bwa/bodgeit/search.jsp",
        "http://bwa/bodgeit/basket.jsp",
        "http://bwa/bodgeit/product.jsp",
        "http://bwa/bodgeit/",
    ]
    assert {(f.severity, f.confidence) for f in charset} == {(Severity.INFO, Confidence.CERTAIN)}
    autocomplete = by_title["Password field with autocomplete enabled"]
    assert (autocomplete.rule_id, autocomplete.severity) == ("5244928", Severity.LOW)
    httponly = by_title["Cookie without HttpOnly flag set"]
    assert httponly.endpoints == (
        Endpoint(
            "http://bwa/bodgeit/",
            "GET",
            None,
            "JSESSIONID=AD00240A932835EDD60B3F7487A9D15D; Path=/",
        ),
    )
    assert httponly.confidence is Confidence.HIGH  # Firm


def test_burp_2_export_references_and_cwe() -> None:
    (finding,) = _parse("burp_2020.12.1_short_scan_base64.xml").findings
    assert finding.tool == Tool("Burp Suite", "2020.12.1")
    assert (finding.rule_id, finding.title, finding.severity, finding.confidence) == (
        "5244416",
        "Cookie without HttpOnly flag set",
        Severity.LOW,
        Confidence.HIGH,
    )
    assert finding.cwes == (16,)
    assert finding.references == (
        "https://www.owasp.org/index.php/HttpOnly",
        "https://cwe.mitre.org/data/definitions/16.html",
    )
    assert finding.endpoints == (
        Endpoint("http://dwa.turingpoint.de/", "GET", None, "Session: PHPSESSID"),
    )
    assert finding.remediation.startswith("There is usually no good reason not to set")
    request = finding.raw["requestresponse"][0]["request"]
    assert request.startswith("GET / HTTP/1.1\r\nHost: dwa.turingpoint.de\r\n")


def test_base64_and_plain_exports_agree() -> None:
    encoded = _parse("burp_2020.12.1_short_scan_base64.xml").findings
    plain = _parse("burp_2020.12.1_short_scan.xml").findings
    assert encoded == plain
    assert plain[0].raw["requestresponse"][0]["response"].startswith("HTTP/1.1 302 Found\n")


def test_internal_dtd_is_read_but_entities_are_refused() -> None:
    data = (BURP / "one_finding_with_blank_response.xml").read_bytes()
    assert b"<!DOCTYPE issues [" in data  # the real export carries an internal DTD
    external = data.replace(
        b"<!DOCTYPE issues [", b'<!DOCTYPE issues [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">', 1
    ).replace(b"<name>SQL injection</name>", b"<name>&xxe;</name>", 1)
    with pytest.raises(ParseError, match="refused hostile XML"):
        parse_source(ReportSource("xxe.xml", external))
    laughs = data.replace(
        b"<!DOCTYPE issues [",
        b'<!DOCTYPE issues [\n<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">',
        1,
    ).replace(b"<name>SQL injection</name>", b"<name>&b;</name>", 1)
    with pytest.raises(ParseError, match="refused hostile XML"):
        parse_source(ReportSource("laughs.xml", laughs))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<report/>", "not <issues>"),
        (b"<issues><issue><name>x</name></issue></issues>", "lacks its type, name or host"),
        (
            b"<issues><issue><type>1</type><name>x</name><host>http://h</host><requestresponse>"
            b'<request base64="true">not base64!</request></requestresponse></issue></issues>',
            "<request> is not valid base64",
        ),
        (b"{}", "not valid XML"),
    ],
)
def test_wrong_shape_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.xml", data), "burp")


def test_truncated_export_is_a_parse_error() -> None:
    data = (BURP / "seven_findings.xml").read_bytes()
    with pytest.raises(ParseError, match="not valid XML"):
        parse_source(ReportSource("cut.xml", data[:50_000]))
