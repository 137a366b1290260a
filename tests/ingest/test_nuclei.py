"""Nuclei parser over real output: JSON lines of nuclei 2.x and 3.x, the JSON array export."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import ParsedReport, parse_file, parse_source
from vigil.model import Category, Confidence, Cvss, Endpoint, Severity, Tool
from vigil.triage.identity import identify

NUCLEI = Path(__file__).parent.parent / "data" / "samples" / "nuclei"


def _parse(name: str) -> ParsedReport:
    report = parse_file(NUCLEI / name)
    assert report.parser.id == "nuclei"
    return report


def test_nuclei_2_jsonl() -> None:
    findings = _parse("many_findings.json").findings
    assert len(findings) == 18
    ssh = findings[0]
    assert (ssh.rule_id, ssh.title, ssh.severity) == (
        "openssh5.3-detect",
        "OpenSSH 5.3 Detection",
        Severity.LOW,
    )
    assert ssh.category is Category.DAST
    assert ssh.tool == Tool("Nuclei")
    assert ssh.confidence is Confidence.UNKNOWN
    assert ssh.description == (
        "OpenSSH 5.3 is vulnerable to username enumeraiton and DoS vulnerabilities."
    )
    # A network result names host:port; the protocol becomes the scheme.
    assert ssh.endpoints == (Endpoint("tcp://nuclei-example.com:22"),)
    # nuclei 2.x: references in one markdown list string, tags comma-separated.
    assert ssh.references == (
        "http://seclists.org/fulldisclosure/2016/Jul/51",
        "https://security-tracker.debian.org/tracker/CVE-2016-6210",
        "http://openwall.com/lists/oss-security/2016/08/01/2",
    )
    assert ssh.tags == ("network", "openssh")
    nginx = findings[1]
    assert (nginx.rule_id, nginx.severity) == ("nginx-version", Severity.INFO)
    assert nginx.endpoints == (Endpoint("https://nuclei-example.com", None, None, "nginx/1.14.2"),)
    assert findings[2].endpoints == (
        Endpoint("https://nuclei-example.com/phpmyadmin/setup/index.php"),
    )
    assert (findings[2].severity, findings[2].references) == (
        Severity.MEDIUM,
        ("https://hackerone.com/reports/297339",),
    )
    bootstrap = findings[4]
    assert (bootstrap.rule_id, bootstrap.title) == (
        "tech-detect:bootstrap",
        "Wappalyzer Technology Detection: bootstrap",
    )
    assert findings[17].endpoints == (Endpoint("tcp://nuclei-example.com:3306"),)


def test_results_on_other_ports_stay_apart() -> None:
    """DefectDojo keys nuclei results by template, type, matcher and host *name*, so
    tech-detect at 127.0.0.1:8080 (WebGoat) and 127.0.0.1:9090 (WebWolf) merge and it counts
    16; they are two services, and vigil keeps all 18 (the contract test's justified count)."""
    findings = _parse("many_findings.json").findings
    assert len(identify(findings)) == 18
    by_host_name = Counter(
        (f.rule_id, urlsplit(f.endpoints[0].url).hostname or "") for f in findings
    )
    assert sum(by_host_name.values()) - len(by_host_name) == 2
    assert sorted(k for k, n in by_host_name.items() if n > 1) == [
        ("tech-detect:bootstrap", "127.0.0.1"),
        ("tech-detect:font-awesome", "127.0.0.1"),
    ]
    webgoat_and_webwolf = [
        f.endpoints[0].url for f in findings if f.rule_id == "tech-detect:bootstrap"
    ]
    assert webgoat_and_webwolf == [
        "http://127.0.0.1:8080/WebGoat",
        "http://127.0.0.1:9090/WebWolf",
        "https://nuclei-example.com",
    ]


def test_classification_cve_cwe_cvss() -> None:
    ssh, prometheus = _parse("many_findings_new.json").findings
    assert (ssh.rule_id, ssh.title, ssh.severity) == (
        "CVE-2018-15473",
        "OpenSSH Username Enumeration v7.7",
        Severity.MEDIUM,
    )
    assert ssh.vulnerability_ids == ("CVE-2018-15473",)  # nuclei writes "cve-2018-15473"
    assert ssh.cwes == (362,)
    assert ssh.cvss == (Cvss("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),)
    assert ssh.endpoints == (
        Endpoint(
            "tcp://nuclei-example.com:22", None, None, "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7"
        ),
    )
    assert ssh.tags == ("network", "openssh", "cve", "cve2018")
    assert ssh.references == ("https://nvd.nist.gov/vuln/detail/cve-2018-15473",)
    assert (prometheus.rule_id, prometheus.severity, prometheus.description) == (
        "prometheus-metrics",
        Severity.LOW,
        "",
    )
    assert prometheus.endpoints == (Endpoint("https://nuclei-example.com/metrics"),)
    assert prometheus.references == (
        "https://github.com/prometheus/prometheus",
        "https://hackerone.com/reports/1026196",
    )
    assert prometheus.vulnerability_ids == ()


def test_nuclei_3_json_array() -> None:
    findings = _parse("multiple_v3.json").findings
    assert [f.rule_id for f in findings] == [
        "dns-saas-service-detection:wix",
        "caa-fingerprint",
        "ssl-issuer",
        "ssl-dns-names",
        "tls-version",
        "tls-version",
    ]
    wix = findings[0]
    assert wix.title == "DNS SaaS Service Detection: wix"
    assert wix.endpoints == (Endpoint("dns://www.asdf.de", None, None, "pointing.wixdns.net"),)
    assert wix.references == (
        "https://ns1.com/resources/cname",
        "https://www.theregister.com/2021/02/24/dns_cname_tracking/",
        "https://www.ionos.com/digitalguide/hosting/technical-matters/cname-record/",
    )
    assert findings[1].cwes == (200,)  # "cwe-200"; "cve-id": null gives no id
    assert findings[1].vulnerability_ids == ()
    assert findings[3].endpoints == (
        Endpoint("ssl://www.asdf.de:443", None, None, "asdf.de, www.asdf.de"),
    )
    # Two tls-version results at one endpoint are one finding listing both versions.
    groups = identify(findings)
    assert len(groups) == 5
    assert groups[4].finding.endpoints == (
        Endpoint("ssl://www.asdf.de:443", None, None, "tls12"),
        Endpoint("ssl://www.asdf.de:443", None, None, "tls13"),
    )


def test_jsonl_and_array_forms_agree() -> None:
    array = (NUCLEI / "multiple_v3.json").read_bytes()
    lines = "\n".join(json.dumps(r) for r in json.loads(array)).encode()
    as_lines = parse_source(ReportSource("multiple_v3.jsonl", lines))
    assert as_lines.parser.id == "nuclei"
    assert as_lines.findings == _parse("multiple_v3.json").findings


def test_nuclei_3_targets_without_matched_at() -> None:
    findings = _parse("issue_14071.json").findings
    assert len(findings) == 27
    assert len(identify(findings)) == 27
    login = findings[0]
    assert (login.rule_id, login.title, login.severity, login.cwes) == (
        "dvwa-default-login",
        "DVWA Default Login",
        Severity.CRITICAL,
        (798,),
    )
    assert login.endpoints == (Endpoint("http://dvwa_dvwa_1/index.php"),)
    # A javascript template has no matched-at; its url reads "/http://dvwa_dvwa_1/".
    httponly = findings[2]
    assert httponly.raw["url"] == "/http://dvwa_dvwa_1/"
    assert httponly.endpoints == (
        Endpoint("http://dvwa_dvwa_1/", None, None, "security, PHPSESSID"),
    )
    assert httponly.cvss == (Cvss("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"),)
    assert httponly.remediation == (
        "Ensure that all cookies are set with the HttpOnly attribute to prevent client-side access."
    )
    assert httponly.description.endswith(
        "\n\nLack of HttpOnly flag on cookies increases the risk of client-side attacks, "
        "compromising user session security and data privacy."
    )
    git = findings[5]
    assert (git.rule_id, git.severity) == ("git-config", Severity.MEDIUM)
    assert git.cvss == (Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),)
    assert git.endpoints == (Endpoint("http://dvwa_dvwa_1/.git/config"),)
    headers = [f.rule_id for f in findings if f.rule_id.startswith("http-missing-security-headers")]
    assert len(headers) == 11
    assert headers[0] == "http-missing-security-headers:strict-transport-security"
    # A dns result without any target: the name asked in its request (here the root zone).
    ns = findings[26]
    assert ns.rule_id == "nameserver-fingerprint"
    assert ns.endpoints[0].url == "dns://."
    assert ns.endpoints[0].evidence is not None
    assert ns.endpoints[0].evidence.startswith("j.root-servers.net., a.root-servers.net.")


def test_empty_output_is_clean_when_chosen() -> None:
    data = (NUCLEI / "empty.jsonl").read_bytes()
    assert data == b""
    assert parse_source(ReportSource("empty.jsonl", data), "nuclei").findings == ()
    with pytest.raises(ParseError, match="empty"):
        parse_source(ReportSource("empty.jsonl", data))  # nothing to sniff


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'{"template-id": "x", "info": {}, "matched-at": "http://h/"}\nnot json\n',
            "line 2 is not valid JSON",
        ),
        (b'{"info": {"name": "x"}}', "result 1 has no template-id or no info"),
        (b'{"template-id": "x", "info": "y"}', "result 1 has no template-id or no info"),
        (b"[1, 2]", "result 1 is not an object"),
        (b'"text"', "result 1 is not an object"),
        (b'{"template-id": "x", "info": {"name": "x"}}', "result 1 names no target"),
    ],
)
def test_wrong_shape_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.jsonl", data), "nuclei")


def test_truncated_output_is_a_parse_error() -> None:
    for name in ("multiple_v3.json", "issue_14071.json"):
        data = (NUCLEI / name).read_bytes()
        with pytest.raises(ParseError, match="not valid JSON"):
            parse_source(ReportSource(name, data[: len(data) // 2]), "nuclei")
