"""Bandit JSON against real Bandit reports: DefectDojo's (before 1.7.3) and a 1.8.3 one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest.bandit import BanditParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Confidence, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "bandit"


def test_no_and_one_finding() -> None:
    empty = parse_file(SAMPLES / "no_vuln.json")
    assert empty.parser is BanditParser
    assert empty.findings == ()
    (finding,) = parse_file(SAMPLES / "one_vuln.json").findings
    assert finding.rule_id == "B101"
    assert finding.title == (
        "Use of assert detected. The enclosed code will be removed when compiling to "
        "optimised byte code."
    )
    assert finding.severity is Severity.LOW
    assert finding.confidence is Confidence.HIGH
    assert finding.category is Category.SAST
    assert finding.tool == Tool("bandit")  # "en/latest" docs: no version
    # The snippet is the flagged line only, without "2 " nor the context line "1 import os".
    assert finding.location == CodeLocation(
        path="one/one.py", start_line=2, end_line=2, snippet="assert False"
    )
    assert finding.references == (
        "https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html",
    )
    assert finding.tags == ("assert_used",)
    assert finding.cwes == ()


def test_many_vulns() -> None:
    findings = parse_file(SAMPLES / "many_vulns.json").findings
    assert len(findings) == 214
    first = findings[0]
    assert first.rule_id == "B110"
    assert first.title == "Try, Except, Pass detected."
    assert first.location == CodeLocation(
        path="dojo/benchmark\\views.py",
        start_line=26,
        end_line=27,
        snippet="    except:\n        pass",
    )
    severities = [f.severity for f in findings]
    assert severities.count(Severity.LOW) == 59
    assert severities.count(Severity.MEDIUM) == 155
    confidences = [f.confidence for f in findings]
    assert confidences.count(Confidence.HIGH) == 205
    assert confidences.count(Confidence.MEDIUM) == 6
    assert confidences.count(Confidence.LOW) == 3
    md5 = next(f for f in findings if f.rule_id == "B303")
    assert md5.title == "Use of insecure MD2, MD4, MD5, or SHA1 hash function."
    assert md5.tags == ("blacklist",)


def test_identical_code_on_different_lines_stays_apart() -> None:
    """mark_safe(popup_plus) is flagged three times in dojo/forms.py, on three lines."""
    findings = parse_file(SAMPLES / "many_vulns.json").findings
    same = [
        f
        for f in findings
        if f.rule_id == "B703"
        and f.location
        and f.location.path == "dojo/forms.py"
        and f.location.snippet == "        return mark_safe(popup_plus)"
    ]
    assert len(same) == 3
    assert len({f.location.start_line for f in same if f.location}) == 3
    groups = [g for g in identify(same)]
    assert len(groups) == 3
    assert len({g.fingerprint for g in groups}) == 3


def test_many_vulns_count_is_justified() -> None:
    """214 results, 212 findings: (1) Bandit reports B608 twice for one expression at
    migrate_surveys.py:51, identical in every field (this Bandit gives no column to tell
    them apart); (2) B105 flags the same literal in dojo/okta.py on lines 36 and 69, one
    hard-coded secret in one file."""
    raw = json.loads((SAMPLES / "many_vulns.json").read_bytes())["results"]
    sql = [r for r in raw if r["test_id"] == "B608" and r["line_number"] == 51]
    assert len(sql) == 2
    assert sql[0] == sql[1]

    findings = parse_file(SAMPLES / "many_vulns.json").findings
    okta = [
        f
        for f in findings
        if f.rule_id == "B105" and f.location and f.location.path == "dojo/okta.py"
    ]
    assert [f.location.start_line for f in okta if f.location] == [36, 69]
    assert {f.secret_hash for f in okta} == {hashlib.sha256(b"POST").hexdigest()}

    groups = identify(findings)
    assert len(groups) == 212
    merged = sorted(len(g.sources) for g in groups if len(g.sources) > 1)
    assert merged == [2, 2]
    (dup,) = [g for g in groups if g.finding.rule_id == "B608" and len(g.sources) == 2]
    assert dup.finding.location is not None
    assert dup.finding.location.path == "dojo/management\\commands\\migrate_surveys.py"


def test_recent_report() -> None:
    findings = parse_file(SAMPLES / "dd.json").findings
    assert len(findings) == 47
    assert len(identify(findings)) == 47
    first = findings[0]
    assert first.rule_id == "B303"
    assert first.severity is Severity.MEDIUM
    assert first.location is not None
    assert first.location.path == "dojo/tools/acunetix/parser.py"
    assert first.location.start_line == 39
    assert first.location.snippet is not None
    assert first.location.snippet.startswith("            dupe_key = hashlib.md5(")
    assert first.references == (
        "https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b303-md5",
    )


def test_bandit_1_8_cwe_columns_and_version() -> None:
    first, second = parse_file(SAMPLES / "spotifyscraper_1.8.3.json").findings
    assert first.tool == Tool("bandit", "1.8.3")
    assert first.rule_id == "B105"
    assert first.cwes == (259,)
    assert first.references == (
        "https://bandit.readthedocs.io/en/1.8.3/plugins/b105_hardcoded_password_string.html",
        "https://cwe.mitre.org/data/definitions/259.html",
    )
    assert first.confidence is Confidence.MEDIUM
    assert first.severity is Severity.LOW
    assert first.location == CodeLocation(
        path="src/spotify_scraper/core/constants.py",
        start_line=12,
        end_line=12,
        start_column=13,
        end_column=53,
        snippet='TOKEN_URL = "http…"',
    )
    assert second.location is not None
    assert (second.location.start_line, second.location.start_column) == (34, 24)


def test_hardcoded_password_is_a_redacted_secret() -> None:
    sample = SAMPLES / "spotifyscraper_1.8.3.json"
    secret = "https://accounts.spotify.com/api/token"
    assert secret in sample.read_text()
    first, second = parse_file(sample).findings
    assert first.category is Category.SECRET
    assert first.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert first.title == "Possible hardcoded password: 'http…'"
    assert second.title == "Possible hardcoded password: 'prop…'"
    for finding in (first, second):
        dumped = repr(finding) + json.dumps(dict(finding.raw))
        assert secret not in dumped
        assert "props.pageProps.state.settings.session.accessToken" not in dumped
    # Context lines that do not hold the secret are left alone.
    assert second.raw["code"].startswith(
        '33 PLAYLIST_JSON_PATH = "props.pageProps.state.data.entity"'
    )


def test_short_password_is_redacted_only_where_quoted() -> None:
    findings = parse_file(SAMPLES / "many_vulns.json").findings
    passes = next(f for f in findings if f.rule_id == "B105" and "'P…'" in f.title)
    assert passes.location is not None
    assert passes.location.path == "dojo/models.py"
    assert passes.location.snippet == "        if pass_fail == 'P…':"
    # "pass_fail" and "Pass" outside quotes are not mangled.
    assert "def get_status(pass_fail):" in passes.raw["code"]
    assert "'Pass'" not in passes.raw["code"]


def test_sniff_even_when_metrics_push_results_out_of_the_head() -> None:
    head = (SAMPLES / "many_vulns.json").read_bytes()[:65536]
    assert b'"results"' not in head
    assert BanditParser.sniff(head)
    for path in SAMPLES.glob("*.json"):
        assert BanditParser.sniff(path.read_bytes()[:65536]), path.name


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b'{"errors": [], "results": [{"code": "1 import', "not valid JSON"),
        (b"[]", "expected the Bandit report to be an object"),
        (b'{"errors": [], "metrics": {}}', "no 'results' key"),
        (b'{"results": {"test_id": "B101"}}', "expected 'results' to be a list"),
        (b'{"results": [{"test_id": "B101"}]}', "result 0 has no 'test_id' or 'filename'"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_source(ReportSource("bad.json", data), "bandit")
