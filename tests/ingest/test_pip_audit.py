"""pip-audit parser against real pip-audit reports (tests/data/samples/pip_audit)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.pip_audit import PipAuditParser
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, Component, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "pip_audit"

EXPECTED_IDS = [
    ("aiohttp", "PYSEC-2021-76"),
    ("django", "PYSEC-2021-439"),
    ("lxml", "PYSEC-2021-852"),
    ("twisted", "PYSEC-2019-128"),
    ("twisted", "PYSEC-2020-260"),
    ("twisted", "PYSEC-2019-129"),
    ("twisted", "PYSEC-2020-259"),
]


def _parse(name: str) -> list[Finding]:
    report = parse_file(SAMPLES / name)
    assert report.parser is PipAuditParser
    return list(report.findings)


@pytest.mark.parametrize("name", ["many_vulns.json", "many_vulns_new.json"])
def test_old_and_new_format(name: str) -> None:
    findings = _parse(name)
    assert [(f.component.name if f.component else "", f.rule_id) for f in findings] == (
        EXPECTED_IDS
    )
    aiohttp = findings[0]
    assert aiohttp.title == "PYSEC-2021-76 in aiohttp 3.6.2"
    assert aiohttp.tool == Tool("pip-audit")
    assert aiohttp.category is Category.SCA
    assert aiohttp.severity is Severity.MEDIUM
    assert aiohttp.tags == ("severity:unrated",)
    assert aiohttp.vulnerability_ids == ("PYSEC-2021-76",)
    assert aiohttp.component == Component(
        name="aiohttp",
        version="3.6.2",
        purl="pkg:pypi/aiohttp@3.6.2",
        ecosystem="pypi",
        fixed_versions=("3.7.4",),
    )
    assert aiohttp.remediation == "Upgrade aiohttp to 3.7.4."
    assert aiohttp.description.startswith(
        "aiohttp is an asynchronous HTTP client/server framework for asyncio and Python."
    )
    django = findings[1]
    assert django.component is not None
    assert django.component.fixed_versions == ("2.2.25", "3.1.14", "3.2.10")
    lxml = findings[2]
    assert lxml.component is not None
    assert lxml.component.fixed_versions == ()
    assert lxml.remediation == ""
    # raw is the dependency record narrowed to the one vulnerability.
    assert [v["id"] for v in findings[3].raw["vulns"]] == ["PYSEC-2019-128"]
    assert findings[3].raw["version"] == "18.9.0"
    assert len(identify(findings)) == 7


def test_both_formats_give_the_same_identities() -> None:
    old = identify(_parse("many_vulns.json"))
    new = identify(_parse("many_vulns_new.json"))
    assert [g.fingerprint for g in old] == [g.fingerprint for g in new]


@pytest.mark.parametrize("name", ["zero_vulns.json", "empty_new.json"])
def test_no_vulnerabilities(name: str) -> None:
    # zero_vulns.json also holds a dependency pip-audit skipped (skip_reason, no vulns).
    assert _parse(name) == []


def test_aliases_of_pip_audit_2() -> None:
    findings = _parse("readme_flask_aliases.json")
    assert [f.title for f in findings] == [
        "PYSEC-2019-179 in flask 0.5",
        "PYSEC-2018-66 in flask 0.5",
    ]
    assert findings[0].vulnerability_ids == (
        "PYSEC-2019-179",
        "CVE-2019-1010083",
        "GHSA-5wv5-4vpf-pj6m",
    )
    assert findings[1].vulnerability_ids == (
        "PYSEC-2018-66",
        "CVE-2018-1000656",
        "GHSA-562c-5r94-xh97",
    )
    assert findings[1].remediation == "Upgrade flask to 0.12.3."
    # Different alias sets: two findings.
    groups = identify(findings)
    assert len(groups) == 2
    # The same package reported under one of the other ids alone is the same finding.
    assert len(groups[0].aliases) == 2
    for alias in ("PYSEC-2019-179", "GHSA-5wv5-4vpf-pj6m"):
        alone = identify([replace(findings[0], vulnerability_ids=(alias,))])[0]
        assert alone.fingerprint in groups[0].aliases
    by_cve = identify([replace(findings[0], vulnerability_ids=("CVE-2019-1010083",))])[0]
    assert by_cve.fingerprint == groups[0].fingerprint


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"dependencies": [{"name": "x", "vulns": [', "not valid JSON"),
        (b'{"fixes": []}', "not a pip-audit report"),
        (b'"dependencies"', "expected the pip-audit dependencies to be a list"),
        (b'{"dependencies": {"name": "x"}}', "expected the pip-audit dependencies to be a list"),
        (b"[1, 2]", "expected a dependency to be an object"),
        (b'[{"name": "x", "version": "1", "vulns": ["PYSEC-1"]}]', "expected a vuln"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "pip-audit")
