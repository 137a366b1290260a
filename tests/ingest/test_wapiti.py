"""Wapiti parser over real XML reports of Wapiti 3.0.4 and 3.2.10."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import ParsedReport, parse_file, parse_source
from vigil.model import Category, Confidence, Endpoint, Severity, Tool
from vigil.triage.identity import identify

WAPITI = Path(__file__).parent.parent / "data" / "samples" / "wapiti"


def _parse(name: str) -> ParsedReport:
    report = parse_file(WAPITI / name)
    assert report.parser.id == "wapiti"
    return report


def test_wapiti_3_0_4_one_finding_per_category() -> None:
    """example.xml: Wapiti 3.0.4 files four header checks under its "HTTP Secure Headers"
    category. DefectDojo splits them by message (5 findings); vigil keeps the category as
    the rule and the messages as endpoint evidence (the contract test's count of 2)."""
    csp, headers = _parse("example.xml").findings
    assert (csp.rule_id, csp.title, csp.severity) == (
        "content-security-policy-configuration",
        "Content Security Policy Configuration",
        Severity.LOW,
    )
    assert csp.category is Category.DAST
    assert csp.tool == Tool("Wapiti", "3.0.4")
    assert csp.confidence is Confidence.UNKNOWN
    assert csp.endpoints == (Endpoint("https://example.org/", "GET", None, "CSP is not set"),)
    assert csp.description.startswith(
        "Content Security Policy (CSP) is an added layer of security that helps to detect"
    )
    assert csp.remediation.startswith("Configuring Content Security Policy involves adding")
    assert csp.references == (
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP",
        "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
        "https://owasp.org/www-pdf-archive/2019-02-22_-_How_do_I_Content_Security_Policy_-_Print.pdf",
    )
    assert (csp.cwes, csp.tags) == ((), ())
    assert (headers.rule_id, headers.title) == ("http-secure-headers", "HTTP Secure Headers")
    assert headers.endpoints == (
        Endpoint("https://example.org/", "GET", None, "X-Frame-Options is not set"),
        Endpoint("https://example.org/", "GET", None, "X-XSS-Protection is not set"),
        Endpoint("https://example.org/", "GET", None, "X-Content-Type-Options is not set"),
        Endpoint("https://example.org/", "GET", None, "Strict-Transport-Security is not set"),
    )
    assert headers.references == (
        "https://www.netsparker.com/blog/web-security/http-security-headers/",
        "https://www.keycdn.com/blog/http-security-headers",
        "https://owasp.org/www-chapter-ghana/assets/slides/HTTP_Header_Security.pdf",
    )
    assert len(identify([csp, headers])) == 2
    # DefectDojo's five are the distinct (category, message) pairs.
    messages = {(f.title, e.evidence) for f in (csp, headers) for e in f.endpoints}
    assert len(messages) == 5


def test_repeated_entries_are_one_endpoint() -> None:
    """juicyshop.xml repeats each entry: 5 CSP and 10 header entries, two header messages."""
    csp, headers = _parse("juicyshop.xml").findings
    assert len(csp.raw["entries"]) == 5
    # The target is "https://juice-shop.herokuapp.com/#/"; the entry's curl command is exact.
    assert csp.endpoints == (
        Endpoint("https://juice-shop.herokuapp.com/", "GET", None, "CSP is not set"),
    )
    assert len(headers.raw["entries"]) == 10
    assert [e.evidence for e in headers.endpoints] == [
        "X-XSS-Protection is not set",
        "Strict-Transport-Security is not set",
    ]
    assert headers.raw["entries"][0] == {
        "method": "GET",
        "path": "/",
        "level": "1",
        "parameter": "",
        "info": "X-XSS-Protection is not set",
        "http_request": "GET / HTTP/1.1\nHost: juice-shop.herokuapp.com",
        "curl_command": 'curl "https://juice-shop.herokuapp.com/"',
    }
    assert {e.evidence for f in (csp, headers) for e in f.endpoints} == {
        "CSP is not set",
        "X-XSS-Protection is not set",
        "Strict-Transport-Security is not set",
    }  # DefectDojo's 3


def test_cookie_category() -> None:
    findings = _parse("demo.xml").findings
    assert [f.rule_id for f in findings] == [
        "content-security-policy-configuration",
        "http-secure-headers",
        "secure-flag-cookie",
    ]
    cookie = findings[2]
    assert (cookie.title, cookie.severity) == ("Secure Flag cookie", Severity.LOW)
    assert cookie.endpoints == (
        Endpoint(
            "https://demo.defectdojo.org/dashboard",
            "GET",
            None,
            "Secure flag is not set in the cookie : csrftoken",
        ),
    )
    assert cookie.references == (
        "https://owasp.org/www-project-web-security-testing-guide/stable/4-Web_Application_"
        "Security_Testing/06-Session_Management_Testing/02-Testing_for_Cookies_Attributes.html",
        "https://owasp.org/www-community/controls/SecureCookieAttribute",
    )


def test_levels_of_wapiti_before_3_0_4_count_down() -> None:
    """Up to 3.0.3 Wapiti wrote level 1 for its worst findings (vulnerability.py)."""
    data = (WAPITI / "example.xml").read_bytes()
    older = data.replace(b"Wapiti 3.0.4", b"Wapiti 3.0.3", 1)
    findings = parse_source(ReportSource("example-3.0.3.xml", older)).findings
    assert [f.severity for f in findings] == [Severity.HIGH, Severity.HIGH]
    assert findings[0].tool == Tool("Wapiti", "3.0.3")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<issues/>", "not a Wapiti report"),
        (b'<report type="security"><report_infos/></report>', "not a Wapiti report"),
        (
            b'<report type="security"><vulnerabilities><vulnerability><entries><entry>'
            b"<path>/</path></entry></entries></vulnerability></vulnerabilities></report>",
            "a category has no name",
        ),
        (
            b'<report type="security"><vulnerabilities><vulnerability name="X"><entries><entry>'
            b"<path>/</path></entry></entries></vulnerability></vulnerabilities></report>",
            "has no URL and the report no target",
        ),
        (b"{}", "not valid XML"),
    ],
)
def test_wrong_shape_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.xml", data), "wapiti")


def test_truncated_report_is_a_parse_error() -> None:
    data = (WAPITI / "demo.xml").read_bytes()
    with pytest.raises(ParseError, match="not valid XML"):
        parse_source(ReportSource("cut.xml", data[:10_000]))
