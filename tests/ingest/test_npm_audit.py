"""npm audit parser over real ``npm audit --json`` reports: npm 6 (nodesecurity.io advisories,
and 2022 GitHub advisories) and npm 7+ (auditReportVersion 2), DefectDojo's fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.npm_audit import TRANSITIVE_RULE, NpmAuditParser
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Cvss, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
V6 = SAMPLES / "npm_audit"
V7 = SAMPLES / "npm_audit_7_plus"


def test_no_vulnerabilities() -> None:
    for path in (V6 / "no_vuln.json", V7 / "no_vuln.json"):
        report = parse_file(path)
        assert report.parser is NpmAuditParser
        assert report.findings == ()


def test_npm6_nodesecurity_advisories() -> None:
    findings = parse_file(V6 / "many_vuln.json").findings
    assert [(f.title, f.rule_id, f.severity) for f in findings] == [
        ("CVE-2016-10539 in negotiator 0.5.3", "106", Severity.HIGH),
        ("CVE-2017-16082 in pg 5.1.0", "521", Severity.HIGH),
        ("CVE-2017-16119 in fresh 0.3.0", "526", Severity.HIGH),
        ("CVE-2017-16137 in debug 2.2.0", "534", Severity.LOW),
        ("CVE-2017-16138 in mime 1.3.4", "535", Severity.MEDIUM),
    ]
    mime = findings[4]
    assert mime.tool == Tool("npm audit")
    assert mime.category is Category.SCA
    assert mime.vulnerability_ids == ("CVE-2017-16138",)
    assert mime.cwes == ()  # "CWE-" names no weakness
    # Fixed versions: the lower bounds of ">= 1.4.1 < 2.0.0 || >= 2.0.3".
    assert mime.component == Component(
        "mime", "1.3.4", "pkg:npm/mime@1.3.4", "npm", fixed_versions=("1.4.1", "2.0.3")
    )
    assert mime.description == (
        "Regular Expression Denial of Service\n\nAffected versions of `mime` are vulnerable to "
        "regular expression denial of service when a mime lookup is performed on untrusted user "
        "input.\n\nDependency paths:\n"
        "  c748e76b6a1b63450590f72e14f9b53ad357bc64632ff0bda73d00799c4a0a91>send>mime\n"
        "  express>serve-static>send>mime"
    )
    assert mime.remediation == "Update to version 2.0.3 or later.\nnpm install express@4.16.3"
    assert mime.references == (
        "https://nodesecurity.io/advisories/535",
        "https://github.com/broofa/node-mime/issues/167",
    )
    assert mime.tags == ()
    assert mime.raw["findings"][0]["version"] == "1.3.4"
    pg = findings[1]
    assert pg.component is not None
    assert pg.component.fixed_versions == (
        "2.11.2", "3.6.4", "4.5.7", "5.2.1", "6.0.5", "6.1.6", "6.2.5", "6.3.3", "6.4.2",
        "7.0.2", "7.1.2",
    )  # fmt: skip


def test_npm6_one_finding_per_installed_version() -> None:
    findings = parse_file(V6 / "multiple_cwes.json").findings
    assert len(findings) == 44
    # 41 advisories (DefectDojo's count); three of them reach two installed versions each:
    # ansi-regex 3.0.0 and 4.1.0, ajv 6.10.0 and 5.5.2, minimist 0.0.8 and 0.0.10.
    assert len({f.raw["id"] for f in findings}) == 41
    twice = [
        (f.title, f.remediation.splitlines()[1:])
        for f in findings
        if f.component and f.component.name in ("ansi-regex", "ajv", "minimist")
    ]
    assert twice == [
        (
            "GHSA-93q8-gq69-wqmw in ansi-regex 3.0.0",
            [
                "npm install @angular-devkit/build-angular@13.2.6 (a semver-major change)",
                "npm install @angular/cli@13.2.6 (a semver-major change)",
                "npm install @angular/compiler-cli@13.2.6 (a semver-major change)",
            ],
        ),
        (
            "GHSA-93q8-gq69-wqmw in ansi-regex 4.1.0",
            [
                "npm install @angular/cli@13.2.6 (a semver-major change)",
                "npm install @angular/compiler-cli@13.2.6 (a semver-major change)",
            ],
        ),
        (
            "GHSA-v88g-cgmw-v5xw in ajv 6.10.0",
            ["npm install @angular-devkit/build-angular@13.2.6 (a semver-major change)"],
        ),
        (
            "GHSA-v88g-cgmw-v5xw in ajv 5.5.2",
            ["npm install @angular-devkit/build-angular@13.2.6 (a semver-major change)"],
        ),
        (
            "GHSA-vh95-rmgr-6w4m in minimist 1.2.0",
            [
                "npm install @angular-devkit/build-angular@13.2.6 (a semver-major change)",
                "npm install @angular/compiler-cli@13.2.6 (a semver-major change)",
            ],
        ),
        (
            "GHSA-vh95-rmgr-6w4m in minimist 0.0.8",
            [
                "npm install @angular-devkit/build-angular@13.2.6 (a semver-major change)",
                "npm install @angular/compiler-cli@13.2.6 (a semver-major change)",
            ],
        ),
        (
            "GHSA-vh95-rmgr-6w4m in minimist 0.0.10",
            ["npm install karma@6.3.17 (a semver-major change)"],
        ),
    ]
    # The contract's justified count: distinct versions are distinct findings.
    assert len(identify(findings)) == 44

    ansi = findings[16]
    assert ansi.title == "GHSA-93q8-gq69-wqmw in ansi-regex 3.0.0"
    assert ansi.vulnerability_ids == ("GHSA-93q8-gq69-wqmw", "CVE-2021-3807")
    assert ansi.cwes == (918, 1333)  # from the JSON-in-a-string '["CWE-918","CWE-1333"]'
    assert ansi.cvss == (Cvss("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),)
    assert ansi.severity is Severity.MEDIUM
    assert ansi.tags == ("dev",)  # every path to it is a dev dependency
    assert ansi.references[:2] == (
        "https://github.com/advisories/GHSA-93q8-gq69-wqmw",
        "https://nvd.nist.gov/vuln/detail/CVE-2021-3807",
    )
    unrated = next(f for f in findings if f.rule_id == "GHSA-gf8q-jrpm-jvxq")
    assert (unrated.cwes, unrated.severity) == ((), Severity.LOW)


def test_npm7_one_package_two_advisories() -> None:
    findings = parse_file(V7 / "one_vuln.json").findings
    assert [(f.title, f.severity) for f in findings] == [
        ("GHSA-gxpj-cx7g-858c in debug", Severity.MEDIUM),
        ("GHSA-9vvw-cc9w-f27h in debug", Severity.HIGH),
    ]
    first, second = findings
    # npm 7+ does not say which version is installed: the component has none.
    assert first.component == Component(
        "debug", None, "pkg:npm/debug", "npm", ("2.6.9",), ("node_modules/debug",)
    )
    assert first.cvss == (Cvss("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3),)
    assert second.cwes == (1333,)
    assert first.description == (
        "Regular Expression Denial of Service in debug\n\nVulnerable versions: <2.6.9"
    )
    assert first.remediation == "Run `npm audit fix`: it installs express@4.18.3."
    assert first.tags == ("direct",)
    assert first.references == ("https://github.com/advisories/GHSA-gxpj-cx7g-858c",)
    assert first.raw["via"] == [first.raw["via"][0]] and first.raw["via"][0]["source"] == 1094222
    # The contract's justified count: two advisories are two findings (DefectDojo: 1).
    assert len(identify(findings)) == 2


def test_npm7_transitive_packages() -> None:
    findings = parse_file(V7 / "many_vulns.json").findings
    assert [(f.title, f.rule_id, f.severity, f.tags) for f in findings] == [
        (
            "@vercel/fun depends on vulnerable debug, semver",
            TRANSITIVE_RULE,
            Severity.MEDIUM,
            ("transitive",),
        ),
        (
            "@vercel/node depends on vulnerable undici",
            TRANSITIVE_RULE,
            Severity.LOW,
            ("transitive",),
        ),
        ("GHSA-gxpj-cx7g-858c in debug", "GHSA-gxpj-cx7g-858c", Severity.MEDIUM, ()),
        ("GHSA-c2qf-rxjj-qqgw in semver", "GHSA-c2qf-rxjj-qqgw", Severity.MEDIUM, ()),
        ("GHSA-3787-6prv-h9w3 in undici", "GHSA-3787-6prv-h9w3", Severity.LOW, ()),
        (
            "vercel depends on vulnerable @vercel/fun, @vercel/node",
            TRANSITIVE_RULE,
            Severity.MEDIUM,
            ("transitive", "direct"),
        ),
    ]
    fun, _, debug, semver, undici, vercel = findings
    assert fun.component == Component(
        "@vercel/fun", None, "pkg:npm/%40vercel/fun", "npm", (), ("node_modules/@vercel/fun",)
    )
    assert fun.vulnerability_ids == ()
    assert fun.description == (
        "@vercel/fun (<=1.1.0) is vulnerable through debug, semver. It makes vulnerable: vercel."
    )
    assert vercel.remediation == (
        "Run `npm audit fix --force`: it installs vercel@32.3.0 (a semver-major change)."
    )
    # Fixed versions come from the end of the vulnerable range; "<=5.28.2" names none.
    assert debug.component is not None and debug.component.fixed_versions == ("4.3.1",)
    assert debug.component.paths == ("node_modules/@vercel/fun/node_modules/debug",)
    assert semver.component is not None and semver.component.fixed_versions == ("7.5.2",)
    assert undici.component is not None and undici.component.fixed_versions == ()
    assert len(identify(findings)) == 6  # as npm itself counts: six vulnerable packages


def test_sniffing() -> None:
    assert NpmAuditParser.sniff(b'{\n  "auditReportVersion": 2,\n  "vulnerabilities": {')
    assert NpmAuditParser.sniff(b'{"actions": [], "advisories": {}, "muted": []}')
    assert not NpmAuditParser.sniff(b'{"advisories": {"1": {}}}')
    assert not NpmAuditParser.sniff(b'{"auditReportVersion": 3}')


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\n", "report is empty"),
        (b'{"advisories": ', "not valid JSON"),
        (b"[]", "expected the npm audit report to be an object"),
        (b'{"metadata": {}}', "not an npm audit report (no advisories)"),
        (b'{"auditReportVersion": 3}', "unknown npm audit auditReportVersion"),
        (b'{"error": {"code": "ENOLOCK", "summary": "no lockfile"}}', "npm audit failed"),
        (b'{"advisories": {"1": []}}', "expected advisory 1 to be an object"),
        (b'{"auditReportVersion": 2, "vulnerabilities": {"x": {"via": 5}}}', "expected"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad", data), "npm-audit")
