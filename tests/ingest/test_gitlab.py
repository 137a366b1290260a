"""GitLab security report parser over real reports of every type: SAST (schema 2.3 with Bandit,
ESLint and secret rules; 3.0 Find Security Bugs; 15.1 Semgrep), dependency scanning
(Gemnasium), container scanning (Trivy), secret detection (Gitleaks) and DAST (ZAP).
DefectDojo's fixtures and one Semgrep report of 2024 (see SOURCES.md)."""

from __future__ import annotations

import collections
import hashlib
import json
import re
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.gitlab import GitlabParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Component, Endpoint, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def _parse(name: str) -> tuple[Finding, ...]:
    report = parse_file(SAMPLES / name)
    assert report.parser is GitlabParser
    return report.findings


def test_empty_reports() -> None:
    assert _parse("gitlab_sast/gl-sast-report-0-vuln.json") == ()
    assert _parse("gitlab_dep_scan/gl-dependency-scanning-report-0-vuln.json") == ()


def test_sast_find_security_bugs_and_cwes() -> None:
    xss, sqli, nosqli = _parse("gitlab_sast/gl-sast-report-cwe_v15.json")
    assert xss.title == "Servlet reflected cross site scripting vulnerability"
    assert xss.rule_id == "XSS_REQUEST_PARAMETER_TO_SERVLET_WRITER"
    assert xss.tool == Tool("Find Security Bugs", "4.2.0")
    assert xss.category is Category.SAST
    assert xss.severity is Severity.HIGH
    assert xss.cwes == (79,)
    assert xss.location == CodeLocation(
        "src/main/java/servlets/module/lesson/XssLesson.java", start_line=96, end_line=96
    )
    assert xss.description == (
        "HTTP parameter written to Servlet output in "
        "servlets.module.lesson.XssLesson.doPost(HttpServletRequest, HttpServletResponse)"
    )
    assert xss.references == (
        "https://spotbugs.readthedocs.io/en/latest/bugDescriptions.html#xss-servlet-reflected-"
        "cross-site-scripting-vulnerability-xss-request-parameter-to-servlet-writer",
        "https://cwe.mitre.org/data/definitions/79.html",
    )
    assert (sqli.cwes, sqli.severity) == ((89,), Severity.MEDIUM)  # "value": 89, an int
    # njsscan writes its message as the value and its rule as the name; its CWE is in the name.
    assert nosqli.rule_id == "node_nosqli_injection"
    assert nosqli.cwes == (943,)
    assert nosqli.location == CodeLocation("routes/likeProductReviews.js", 13, 56)


def test_sast_semgrep_schema_15() -> None:
    findings = _parse("gitlab_sast/gl-sast-report-semgrep_v15.json")
    assert [(f.rule_id, f.location.start_line if f.location else 0) for f in findings] == [
        ("find_sec_bugs.COMMAND_INJECTION-1", 11),
        ("java_inject_rule-SqlInjection", 49),
        ("find_sec_bugs.WEAK_MESSAGE_DIGEST_MD5-1.WEAK_MESSAGE_DIGEST_SHA1-1", 67),
        ("java_csrf_rule-UnrestrictedRequestMapping", 11),
        ("java_csrf_rule-UnrestrictedRequestMapping", 15),
        ("java_csrf_rule-UnrestrictedRequestMapping", 19),
    ]
    command = findings[0]
    # The semgrep_id identifier, not the find_sec_bugs_type ones after it, is the rule.
    assert command.raw["identifiers"][0]["type"] == "semgrep_id"
    assert command.title == (
        "Improper neutralization of special elements used in an OS command ('OS Command Injection')"
    )
    assert command.tool == Tool("Semgrep", "1.74.0")
    assert command.severity is Severity.HIGH
    assert command.cwes == (78,)
    assert command.location == CodeLocation(
        "src/main/java/com/scalesec/vulnado/Cowsay.java", start_line=11
    )
    assert command.description.startswith(
        "OS command injection is a critical vulnerability that can lead to a full system\n"
    )
    assert command.references == ("https://cwe.mitre.org/data/definitions/78.html",)
    assert len(identify(findings)) == 6


def test_sast_schema_2_3_many_tools_and_compare_keys() -> None:
    findings = _parse("gitlab_sast/gl-sast-report-many-vuln_v15.json")
    assert len(findings) == 467
    # No scanner is named: the rule identifier's type tells the tool; secret rules are secrets.
    assert collections.Counter((f.tool.name, f.category) for f in findings) == {
        ("eslint", Category.SAST): 266,
        ("bandit", Category.SAST): 188,
        ("trufflehog", Category.SECRET): 12,
        ("gitleaks", Category.SECRET): 1,
    }
    assert collections.Counter(f.severity for f in findings) == {
        Severity.INFO: 266,  # "Unknown"
        Severity.MEDIUM: 143,
        Severity.LOW: 41,
        Severity.CRITICAL: 13,
        Severity.HIGH: 4,
    }
    first = findings[0]
    assert (first.title, first.rule_id, first.severity) == (
        "Password in URL",
        "Password in URL",
        Severity.CRITICAL,
    )
    assert first.location == CodeLocation("docker-compose.override.unit_tests.yml", 19, 19)
    assert first.secret_hash is None  # the report does not hold the secret
    bandit = next(f for f in findings if f.tool.name == "bandit")
    assert (bandit.title, bandit.rule_id) == ("Bandit Test ID B501", "B501")

    # The contract's justified count. DefectDojo keys on the deprecated "cve" compare key
    # (file:sha256(code line):rule) and finds 219; that key is one for identical lines...
    keys = collections.Counter(f.raw["cve"] for f in findings)
    assert len(keys) == 219
    b501 = [f for f in findings if f.raw["cve"].startswith("tests/check_status.py:c8197e05")]
    assert sorted(f.location.start_line for f in b501 if f.location) == [51, 70, 79]
    # ...and for every line of a minified file, whose code hash is that of "" (e3b0c442…).
    empty = hashlib.sha256(b"").hexdigest()
    minified = [f for f in findings if f.raw["cve"].split(":")[1] == empty]
    assert {f.location.path for f in minified if f.location} == {
        "dojo/static/dojo/js/datatables.min.js",
        "dojo/static/dojo/js/index.js",
    }
    assert len(minified) == 233
    # vigil keeps each (file, line, rule) place: 467 findings, 467 identities.
    places = {(f.location.path, f.location.start_line, f.rule_id) for f in findings if f.location}
    assert len(places) == 467
    assert len(identify(findings)) == 467


def test_dependency_scanning() -> None:
    findings = _parse("gitlab_dep_scan/gl-dependency-scanning-report-many-vuln_v15.json")
    assert [(f.title, f.severity) for f in findings] == [
        ("CVE-2020-29652 in golang.org/x/crypto v0.0.0-20190219172222-a4c6cb3142f2", Severity.HIGH),
        ("CVE-2020-29652 in golang.org/x/crypto v0.0.0-20190308221718-c2843e01d9a2", Severity.HIGH),
        ("CVE-2020-29652 in golang.org/x/crypto v0.0.0-20200302210943-78000ba7a073", Severity.HIGH),
        ("CVE-2020-14040 in golang.org/x/text v0.3.0", Severity.HIGH),
        ("CVE-2020-14040 in golang.org/x/text v0.3.2", Severity.HIGH),
        ("XML Entity Expansion in gopkg.in/yaml.v2 v2.2.2", Severity.INFO),  # "Unknown"
    ]
    crypto = findings[0]
    assert crypto.rule_id == "ffb814a0-404c-11eb-b378-0242ac130002"  # the gemnasium identifier
    assert crypto.vulnerability_ids == ("CVE-2020-29652",)
    assert crypto.tool == Tool("Gemnasium", "2.24.1")
    assert crypto.category is Category.SCA
    # dependency_files say go.sum is managed by "go": Go module package URLs.
    assert crypto.component == Component(
        "golang.org/x/crypto",
        "v0.0.0-20190219172222-a4c6cb3142f2",
        "pkg:golang/golang.org/x/crypto@v0.0.0-20190219172222-a4c6cb3142f2",
        "golang",
        paths=("service/go.sum",),
    )
    assert crypto.location is None
    assert crypto.remediation == "Upgrade to version v0.0.0-20201216223049-8b5274cf687f or above."
    assert crypto.description.startswith(
        "Nil Pointer Dereference\n\nA nil pointer dereference in the `golang.org/x/crypto/ssh`"
    )
    yaml = findings[5]
    assert (yaml.rule_id, yaml.vulnerability_ids) == ("7368f513-0aa9-4e34-a08d-40ea81f48e0e", ())


def test_dependency_scanning_without_package() -> None:
    unnamed, crypto = _parse(
        "gitlab_dep_scan/gl-dependency-scanning-report-2-vuln-missing-component_v15.json"
    )
    # No package name: the finding is placed in its lock file instead.
    assert unnamed.component is None
    assert unnamed.location == CodeLocation("service/go.sum")
    assert unnamed.title == "XML Entity Expansion"
    assert crypto.component is not None and crypto.component.name == "golang.org/x/crypto"
    (one,) = _parse("gitlab_dep_scan/gl-dependency-scanning-report-1-vuln_v15.json")
    assert one.component is not None
    assert one.component.purl == "pkg:golang/gopkg.in/yaml.v2@v2.2.2"


def test_container_scanning() -> None:
    findings = _parse("gitlab_container_scan/gl-container-scanning-report-5-vuln_v15.json")
    assert [(f.title, f.severity) for f in findings] == [
        ("CVE-2020-1751 in libc6 2.28-10", Severity.HIGH),
        ("CVE-2020-1752 in libc6 2.28-10", Severity.HIGH),
        ("CVE-2021-3326 in libc6 2.28-10", Severity.HIGH),
        ("CVE-2021-33574 in libc6 2.28-10", Severity.HIGH),
        ("CVE-2019-25013 in libc6 2.28-10", Severity.MEDIUM),
    ]
    first = findings[0]
    assert first.category is Category.CONTAINER
    assert first.tool == Tool("Trivy", "0.16.0")
    assert first.component == Component(
        "libc6",
        "2.28-10",
        "pkg:deb/debian/libc6@2.28-10",  # "debian 10.9": a Debian package
        "deb",
        paths=("registry/vulnerable-project:latest",),
    )
    assert first.remediation == ""  # "No solution provided"
    assert first.references[0] == "https://bugzilla.redhat.com/show_bug.cgi?id=CVE-2020-1751"


def test_secret_detection_is_hashed_and_redacted() -> None:
    path = SAMPLES / "gitlab_secret_detection_report/gitlab_secret_detection_report_3_vuln_v15.json"
    secrets = [
        v["raw_source_code_extract"] for v in json.loads(path.read_bytes())["vulnerabilities"]
    ]
    findings = _parse(path.relative_to(SAMPLES).as_posix())
    assert [(f.title, f.rule_id, f.location) for f in findings] == [
        ("SSH private key", "SSH private key", CodeLocation("README.md", 20, 20, snippet="----…")),
        ("AWS", "AWS", CodeLocation("README.md", 7, 7, snippet="AKIA…")),
        ("Password in URL", "Password in URL", CodeLocation("README.md", 14, 14, snippet="http…")),
    ]
    for finding, secret in zip(findings, secrets, strict=True):
        assert finding.category is Category.SECRET
        assert finding.severity is Severity.CRITICAL
        assert finding.tool == Tool("Gitleaks", "v7.5.0")
        assert finding.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        # GitLab's own compare key hashes the same extract.
        assert finding.secret_hash in finding.raw["cve"]
        assert secret not in json.dumps(finding.raw, ensure_ascii=False)
        assert secret not in finding.title + finding.description
    assert findings[1].raw["raw_source_code_extract"] == "AKIA…"


def test_dast_zap() -> None:
    findings = _parse("gitlab_dast/gitlab_dast_many_vul_v15.json")
    assert len(findings) == 10
    pii, csp = findings[0], findings[1]
    assert (pii.title, pii.rule_id, pii.severity) == ("PII Disclosure", "10062", Severity.HIGH)
    assert pii.category is Category.DAST
    assert pii.tool == Tool("OWASP Zed Attack Proxy (ZAP)", "D-2020-08-26")
    assert pii.cwes == (359,)
    assert pii.location is None
    assert pii.endpoints == (
        Endpoint(
            "http://api-server/v1/trees",
            "GET",
            None,
            "378282246310005; Credit Card Type detected: American Express Bank Identification "
            "Number: 378282 Brand: AMERICAN EXPRESS Category: SMALL CORPORATE Issuer: AMERICAN "
            "EXPRESS COMPANY",
        ),
    )
    assert csp.title == "Content Security Policy (CSP) Header Not Set"
    assert csp.endpoints == (Endpoint("http://api-server/v1/tree/10", "DELETE"),)
    assert csp.remediation.startswith("Ensure that your web server, application server, load")
    assert csp.references[-2:] == (
        "https://github.com/zaproxy/zaproxy/blob/w2019-01-14/docs/scanners.md",
        "https://cwe.mitre.org/data/definitions/16.html",
    )
    header = findings[-1]
    assert header.endpoints[0].parameter == "X-Content-Type-Options"
    assert header.endpoints[0].method == "POST"
    # Six "Server" leaks on six method/URL pairs: six identities.
    assert len(identify(findings)) == 10


def test_sniffing() -> None:
    assert GitlabParser.sniff(b'{"version": "2.3", "vulnerabilities": [], "remediations": []}')
    assert GitlabParser.sniff(
        b'{"version":"15.0.4","vulnerabilities":[{"id":"1","category":"secret_detection"'
    )
    assert not GitlabParser.sniff(b'{"vulnerabilities": [{"id": "SNYK-JS-X", "title": "y"}]}')
    assert not GitlabParser.sniff(b'{"remediations": []}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"version": "15.0.0", "vulnerabilities": [{', "not valid JSON"),
        (b"[]", "expected the GitLab report to be an object"),
        (b'{"version": "15.0.0"}', "not a GitLab security report (no vulnerabilities)"),
        (b'{"vulnerabilities": {"a": 1}}', "expected vulnerabilities to be a list"),
        (b'{"vulnerabilities": [[]]}', "expected a vulnerability to be an object"),
        (b'{"vulnerabilities": [], "scan": [1]}', "expected scan to be an object"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad", data), "gitlab")
