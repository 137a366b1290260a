"""ZAP parser over real reports: traditional XML (2.9.0 to 2.16.1, "XML plus") and JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import ParsedReport, parse_file, parse_source
from vigil.model import Category, Confidence, Endpoint, Finding, Severity, Tool
from vigil.triage.identity import identify

ZAP = Path(__file__).parent.parent / "data" / "samples" / "zap"


def _parse(name: str) -> ParsedReport:
    report = parse_file(ZAP / name)
    assert report.parser.id == "zap"
    return report


def test_zap_2_9_0_xml_alerts() -> None:
    findings = _parse("some_2.9.0.xml").findings
    assert [f.rule_id for f in findings] == [
        "10011",
        "10054",
        "10055",
        "10010",
        "10096",
        "10017",
        "10015",
    ]
    cookie = findings[0]
    assert cookie.title == "Cookie Without Secure Flag"
    assert cookie.severity is Severity.LOW
    assert cookie.confidence is Confidence.MEDIUM
    assert cookie.category is Category.DAST
    assert cookie.tool == Tool("ZAP", "2.9.0")
    assert cookie.cwes == (614,)
    assert cookie.tags == ("WASC-13",)
    assert cookie.description == (
        "A cookie has been set without the secure flag, which means that the cookie can be "
        "accessed via unencrypted connections."
    )
    assert cookie.remediation.startswith("Whenever a cookie contains sensitive information")
    assert cookie.references == (
        "http://www.owasp.org/index.php/Testing_for_cookies_attributes_(OWASP-SM-002)",
    )
    assert cookie.endpoints == (
        Endpoint("https://mainsite.com", "GET", "opvc", "Set-Cookie: opvc"),
        Endpoint("https://mainsite.com", "GET", "dmid", "Set-Cookie: dmid"),
        Endpoint("https://mainsite.com", "GET", "sitevisitscookie", "Set-Cookie: sitevisitscookie"),
    )
    assert cookie.raw["pluginid"] == "10011"
    assert cookie.raw["site"] == "https://mainsite.com"

    csp = findings[2]
    assert (csp.title, csp.severity, csp.cwes) == (
        "CSP Scanner: Wildcard Directive",
        Severity.MEDIUM,
        (16,),
    )
    assert csp.references == (
        "http://www.w3.org/TR/CSP2/",
        "http://www.w3.org/TR/CSP/",
        "http://caniuse.com/#search=content+security+policy",
        "http://content-security-policy.com/",
        "https://github.com/shapesecurity/salvation",
    )
    assert csp.endpoints == (
        Endpoint(
            "https://mainsite.com", "GET", "Content-Security-Policy", "frame-ancestors 'self';"
        ),
    )

    timestamp = findings[4]
    assert timestamp.severity is Severity.INFO
    assert timestamp.confidence is Confidence.LOW
    assert timestamp.description == (
        "A timestamp was disclosed by the application/web server - Unix\n\n"
        "Other info: 265151019, which evaluates to: 1978-05-27 22:03:39"
    )
    assert [e.evidence for e in timestamp.endpoints] == [
        "265151019",
        "398525181",
        "153792000",
        "1028274645",
    ]
    assert all(e.parameter is None for e in timestamp.endpoints)
    # An empty <reference> paragraph gives no reference at all.
    assert findings[5].references == ()


def test_empty_xml_report_has_no_findings() -> None:
    assert _parse("empty_2.9.0.xml").findings == ()


def test_dvwa_baseline_keeps_one_finding_per_alert() -> None:
    findings = _parse("dvwa_baseline_dojo.xml").findings
    assert len(findings) == 19
    assert findings[0].tool == Tool("ZAP", "D-2021-03-29")
    frame = findings[0]
    assert (frame.rule_id, frame.title, frame.severity) == (
        "10020",
        "X-Frame-Options Header Not Set",
        Severity.MEDIUM,
    )
    assert len(frame.endpoints) == 11
    assert frame.endpoints[0] == Endpoint(
        "http://172.17.0.2/vulnerabilities/brute/", "GET", "X-Frame-Options"
    )
    # ZAP lists 20 of the 67 timestamp instances (<count>67</count>); all 20 are endpoints.
    timestamp = findings[3]
    assert timestamp.raw["count"] == "67"
    assert len(timestamp.endpoints) == 20
    # ZAP splits one rule into two alerts when the confidence differs: two findings.
    comments = [f for f in findings if f.rule_id == "10027"]
    assert [(f.confidence, len(f.endpoints)) for f in comments] == [
        (Confidence.MEDIUM, 1),
        (Confidence.LOW, 2),
    ]
    assert comments[0].endpoints == (Endpoint("http://172.17.0.2/setup.php", "GET", None, "db"),)
    private_ip = findings[18]
    assert (private_ip.rule_id, private_ip.title, private_ip.cwes) == (
        "2",
        "Private IP Disclosure",
        (200,),
    )
    assert private_ip.references == ("https://tools.ietf.org/html/rfc1918",)
    assert len(identify(findings)) == 19


def test_xml_plus_keeps_request_and_response_in_raw() -> None:
    (finding,) = _parse("zap-xml-plus-format.xml").findings
    assert finding.tool == Tool("ZAP", "2.11.1")
    assert (finding.rule_id, finding.title, finding.severity, finding.cwes) == (
        "90028",
        "Insecure HTTP Method - PUT",
        Severity.MEDIUM,
        (200,),
    )
    assert finding.endpoints == (
        Endpoint(
            "http://localhost:8080/bodgeit/js/qndto7n63d",
            "PUT",
            None,
            "response code 403 for potentially insecure HTTP METHOD",
        ),
    )
    assert finding.references == ("http://projects.webappsec.org/Fingerprinting",)
    assert finding.tags == ("WASC-45",)
    instance = finding.raw["instances"][0]
    assert instance["requestheader"].startswith(
        "PUT http://localhost:8080/bodgeit/js/qndto7n63d HTTP/1.1"
    )
    assert instance["responseheader"].startswith("HTTP/1.1 403 Forbidden")


def test_zap_2_16_1_xml_tags_and_plain_text_fields() -> None:
    findings = _parse("zap_2.16.1_with_req_resp.xml").findings
    assert [(f.rule_id, f.title) for f in findings] == [
        ("10111", "Authentication Request Identified"),
        ("10029", "Cookie Poisoning"),
        ("10024", "Information Disclosure - Sensitive Information in URL"),
        ("10015", "Re-examine Cache-control Directives"),
    ]
    auth = findings[0]
    assert auth.tool == Tool("ZAP", "2.16.1")
    assert auth.cwes == ()  # cweid -1
    assert auth.tags == ()  # wascid -1, <tags />
    assert auth.endpoints == (
        Endpoint(
            "https://example-domain.com/cpapi/api/account/verifypasswordless",
            "POST",
            "user_identifier",
            "passwordless_code",
        ),
    )
    cookie = findings[1]
    assert cookie.cwes == (565,)
    assert cookie.tags == (
        "WASC-20",
        "CWE-565",
        "OWASP_2021_A03",
        "POLICY_QA_STD",
        "POLICY_PENTEST",
        "OWASP_2017_A01",
        "POLICY_DEV_STD",
    )
    # "XML plus" writes references one per line, without HTML.
    assert cookie.references == (
        "https://en.wikipedia.org/wiki/HTTP_cookie",
        "https://cwe.mitre.org/data/definitions/565.html",
    )
    assert len(cookie.endpoints) == 5
    url_leak = findings[2]
    assert url_leak.description.endswith(
        "Other info: The URL contains potentially sensitive information. The following string "
        "was found via the pattern: token\naccessToken"
    )
    cache = findings[3]
    assert cache.endpoints[0] == Endpoint(
        "https://example-domain.com/cpapi/api/workflow/config/json/tenant/product/topic/key"
        "?persistence=0",
        "DELETE",
        "cache-control",
        "no-store, no-cache",
    )


def test_zap_2_15_0_json_report() -> None:
    findings = _parse("zap_2.15.0_traditional.json").findings
    assert len(findings) == 19
    xss = findings[0]
    assert xss.tool == Tool("ZAP", "2.15.0")
    assert (xss.rule_id, xss.title, xss.severity, xss.confidence) == (
        "40012",
        "Cross Site Scripting (Reflected)",
        Severity.HIGH,
        Confidence.MEDIUM,
    )
    assert xss.cwes == (79,)
    assert xss.tags == ("WASC-8",)
    assert xss.description.startswith("Cross-site Scripting (XSS) is an attack technique")
    assert xss.remediation.startswith(
        "Phase: Architecture and Design\nUse a vetted library or framework"
    )
    assert xss.references == (
        "https://owasp.org/www-community/attacks/xss/",
        "https://cwe.mitre.org/data/definitions/79.html",
    )
    assert xss.endpoints == (
        Endpoint(
            "http://localhost:3000/search?q=%3C%2Fh1%3E%3CscrIpt%3Ealert%281%29%3B%3C%2FscRipt%3E%3Ch1%3E",
            "GET",
            "q",
            "</h1><scrIpt>alert(1);</scRipt><h1>",
        ),
        Endpoint(
            "http://localhost:3000/login", "POST", "username", "</h1><scrIpt>alert(1);</scRipt><h1>"
        ),
    )
    wildcard = findings[4]
    assert (wildcard.rule_id, wildcard.title, wildcard.confidence, wildcard.cwes) == (
        "10055-4",
        "CSP: Wildcard Directive",
        Confidence.HIGH,
        (693,),
    )
    assert len(wildcard.endpoints) == 5
    fuzzer = findings[18]
    assert (fuzzer.rule_id, fuzzer.cwes, fuzzer.tags) == ("10104", (), ())  # cweid/wascid 0
    assert len(fuzzer.endpoints) == 36
    # ZAP writes no evidence for the fuzzer; the attack (the user agent sent) stands in.
    assert fuzzer.endpoints[0] == Endpoint(
        "http://localhost:3000/debug/info",
        "GET",
        "Header User-Agent",
        "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
    )
    assert {f.severity for f in findings} == {
        Severity.HIGH,
        Severity.MEDIUM,
        Severity.LOW,
        Severity.INFO,
    }


def test_crawl_changes_behind_the_first_endpoint_keep_the_fingerprint() -> None:
    """One finding per alert: a page that drops out of the crawl (not the first in sort
    order) does not turn the alert into a new finding."""
    path = ZAP / "zap_2.15.0_traditional.json"
    report = json.loads(path.read_bytes())
    alert = report["site"][0]["alerts"][13]
    assert alert["name"] == "X-Content-Type-Options Header Missing"
    assert len(alert["instances"]) == 26
    before = identify(_parse("zap_2.15.0_traditional.json").findings)
    del alert["instances"][-1]
    smaller = ReportSource("crawl.json", json.dumps(report).encode())
    after = identify(parse_source(smaller, "zap").findings)
    assert [g.fingerprint for g in after] == [g.fingerprint for g in before]
    assert len(after[13].finding.endpoints) == 25


def test_two_scans_of_one_app_keep_most_fingerprints() -> None:
    """Two real ZAP 2.10.0 scans of one app: one finding per alert carries 12 of the 14
    alerts both scans raise to the same fingerprint. One finding per instance would report
    14 instances as new and 22 as gone, for the crawl alone."""
    first = _parse("zap-results-first-scan.xml").findings
    second = _parse("zap-results-second-scan.xml").findings
    assert (len(first), len(second)) == (15, 18)  # DefectDojo asserts 15 for the first
    before = {g.finding.rule_id: g.fingerprint for g in identify(first)}
    after = {g.finding.rule_id: g.fingerprint for g in identify(second)}
    both = before.keys() & after.keys()
    assert len(both) == 14
    assert sorted(r for r in both if before[r] != after[r]) == ["10109", "30001"]

    def per_instance(findings: tuple[Finding, ...]) -> set[str]:
        split = [replace(f, endpoints=(e,)) for f in findings for e in f.endpoints]
        return {g.fingerprint for g in identify(split)}

    one, two = per_instance(first), per_instance(second)
    assert (len(two - one), len(one - two)) == (14, 22)

    sqli = next(f for f in first if f.rule_id == "40018")
    assert (sqli.title, sqli.severity, sqli.cwes, sqli.tool) == (
        "SQL Injection",
        Severity.HIGH,
        (89,),
        Tool("ZAP", "2.10.0"),
    )
    assert sqli.endpoints == (
        Endpoint(
            "http://bodgeit.securecodebox-demo.svc:8080/bodgeit/basket.jsp",
            "POST",
            "productid",
            "23-2",
        ),
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"[]", "expected the report to be an object"),
        (b'{"@version": "2.15.0"}', 'no "site" key'),
        (b'{"@version": "2.15.0", "site": "x"}', 'expected "site" to be a list'),
        (b'{"site": [{"alerts": [{"name": "x"}]}]}', "no pluginid or no name"),
        (b"<issues></issues>", "not <OWASPZAPReport>"),
        (b"\x00\x01\x02", "not valid JSON"),
    ],
)
def test_wrong_shape_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad", data), "zap")


@pytest.mark.parametrize(
    "name", ["some_2.9.0.xml", "zap_2.15.0_traditional.json", "zap-results-first-scan.xml"]
)
def test_truncated_report_is_a_parse_error(name: str) -> None:
    data = (ZAP / name).read_bytes()
    with pytest.raises(ParseError, match="not valid"):
        parse_source(ReportSource(name, data[: len(data) // 2]), "zap")


def test_empty_input_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_source(ReportSource("empty.json", b"  \n"), "zap")


# ZAP's reports add-on renders one set of alerts through each of its templates and checks the
# outputs in (ExtensionReportsUnitTest.shouldGenerateExpectedReport): the same alerts as
# traditional XML, JSON, "XML plus" and "JSON plus".
_SAME_ALERTS = [
    ("zap_dev_basic_traditional.xml", "zap_dev_basic_traditional.json"),
    ("zap_dev_basic_traditional_plus.xml", "zap_dev_basic_traditional_plus.json"),
]


@pytest.mark.parametrize(("xml_name", "json_name"), _SAME_ALERTS)
def test_xml_and_json_reports_of_the_same_alerts_agree(xml_name: str, json_name: str) -> None:
    from_xml = _parse(xml_name).findings
    from_json = _parse(json_name).findings
    assert len(from_xml) == len(from_json) == 1
    (xml,), (json_,) = from_xml, from_json
    for finding in (xml, json_):
        assert finding.tool == Tool("ZAP", "Dev Build")
        assert (finding.rule_id, finding.title, finding.severity, finding.confidence) == (
            "1",
            "XSS",
            Severity.HIGH,
            Confidence.MEDIUM,
        )
        assert finding.cwes == (123,)
        assert finding.description == "XSS Description\n\nOther info: Test 'Other\\\nSecond line"
        assert finding.remediation == "Test Solution"
        # "Test Reference" names no URL.
        assert finding.references == ()
        assert finding.vulnerability_ids == ()
        # ZAP lists two instances that differ only in their own "other info", which vigil
        # does not keep per endpoint: one endpoint.
        assert finding.endpoints == (
            Endpoint("http://example.com/example_3", "GET", "Test Param", "Test <p>Evidence"),
        )
        assert len(finding.raw["instances"]) == 2
        assert finding.raw["site"] == "http://example.com"
    # Field by field (every field but raw takes part in Finding's equality).
    assert xml == json_
    assert [g.fingerprint for g in identify(from_xml)] == [
        g.fingerprint for g in identify(from_json)
    ]


def test_xml_and_json_keep_their_own_raw_spelling() -> None:
    """Where the two forms genuinely differ: only in raw, which is the tool's own record."""
    xml = _parse("zap_dev_basic_traditional.xml").findings[0].raw
    json_ = _parse("zap_dev_basic_traditional.json").findings[0].raw
    assert (xml["systemic"], json_["systemic"]) == ("false", False)
    assert ("confidencedesc" in xml, "confidencedesc" in json_) == (True, False)
    assert (xml["instances"][0]["nodeName"], json_["instances"][0]["nodeName"]) == ("", None)
    assert ("id" in xml["instances"][0], json_["instances"][0]["id"]) == (False, "-1")
    plus_xml = _parse("zap_dev_basic_traditional_plus.xml").findings[0].raw["instances"][0]
    plus_json = _parse("zap_dev_basic_traditional_plus.json").findings[0].raw["instances"][0]
    assert plus_xml["requestbody"] == plus_json["request-body"] == "Test Request Body"
    # The JSON escapes the header block's CRLF; the XML sample has LF (ZAP's repository keeps
    # XML as LF text, and an XML reader turns a written CRLF into LF anyway).
    assert plus_json["response-header"] == "HTTP/1.0 0\r\n\r\n"
    assert plus_xml["responseheader"] == "HTTP/1.0 0\n\n"


def test_plus_reports_add_only_the_tags_and_keep_the_fingerprint() -> None:
    traditional = _parse("zap_dev_basic_traditional.json").findings
    plus = _parse("zap_dev_basic_traditional_plus.json").findings
    assert traditional[0].tags == ("WASC-456",)
    assert plus[0].tags == ("WASC-456", "tagkey")
    assert replace(plus[0], tags=traditional[0].tags) == traditional[0]
    # "XML plus" writes desc, solution and otherinfo as plain text, "JSON plus" as HTML.
    assert _parse("zap_dev_basic_traditional_plus.xml").findings[0].raw["desc"] == (
        "XSS Description"
    )
    assert plus[0].raw["desc"] == "<p>XSS Description</p>"
    assert [g.fingerprint for g in identify(plus)] == [g.fingerprint for g in identify(traditional)]


def test_systemic_alert_is_tagged_from_the_xml_text_and_the_json_boolean() -> None:
    # ZAP writes systemic as an XML text and a JSON boolean; the sample has it false.
    xml = (ZAP / "zap_dev_basic_traditional.xml").read_bytes()
    json_ = (ZAP / "zap_dev_basic_traditional.json").read_bytes()
    assert xml.count(b"<systemic>false</systemic>") == json_.count(b'"systemic": false') == 1
    tagged = [
        parse_source(ReportSource("systemic.xml", xml.replace(b">false<", b">true<"))),
        parse_source(ReportSource("systemic.json", json_.replace(b": false", b": true"))),
    ]
    assert [r.findings[0].tags for r in tagged] == [("WASC-456", "systemic")] * 2
