"""ggshield secret scan JSON (commit-range) against real ggshield reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
import pytest

from vigil.errors import ParseError
from vigil.ingest.ggshield import GgshieldParser
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Confidence, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "ggshield"
ALL = sorted(p.name for p in SAMPLES.glob("*.json"))
IGNORE_SHA = "06b15f1d8c0095386c7bbc4f423f5ec30b41b22b1565a836e55b978202ba569b"
MATCH = "&dtzi36g3***************-*****+**********ljel3*ji5"


@pytest.mark.parametrize("name", ALL)
def test_sniffing_picks_ggshield(name: str) -> None:
    assert parse_file(SAMPLES / name).parser is GgshieldParser


@pytest.mark.parametrize("name", ALL)
def test_matches_never_kept(name: str) -> None:
    for finding in parse_file(SAMPLES / name).findings:
        kept = repr(finding) + orjson.dumps(dict(finding.raw)).decode()
        assert MATCH not in kept
        assert MATCH[:9] not in kept  # ggshield's mask shows 9 characters; vigil keeps 4


def test_no_finding() -> None:
    assert parse_file(SAMPLES / "no_finding.json").findings == ()


def test_one_finding() -> None:
    (finding,) = parse_file(SAMPLES / "one_finding.json").findings
    assert finding.title == "Hard-coded secret: Django Secret Key"
    assert finding.rule_id == "Django Secret Key"
    assert finding.severity is Severity.HIGH  # validity no_checker: not known to be live
    assert finding.confidence is Confidence.UNKNOWN
    assert finding.category is Category.SECRET
    assert finding.tool == Tool("ggshield")
    assert finding.cwes == (798,)
    # a MODIFY commit entry without line numbers
    assert finding.location == CodeLocation(path="wapf/settings.py")
    assert finding.secret_hash == IGNORE_SHA
    assert finding.tags == ("validity:no_checker",)
    assert finding.description == (
        "ggshield (Secrets detection) found a Django Secret Key in wapf/settings.py.\n"
        "Matches: apikey &dtz….\n"
        "Validity: no_checker.\n"
        "Commit 8f388be3452f8d9f20ed788c94ebc11faa8ae7b6 by iamnihal <infosec.nihal@gmail.com>"
        " on Mon Jul 5 12:54:43 2021 +0530."
    )
    assert finding.raw["mode"] == "MODIFY"
    assert finding.raw["scan"]["id"] == "8f388be3452f8d9f20ed788c94ebc11faa8ae7b6"
    assert finding.raw["incident"]["occurrences"][0]["match"] == "&dtz…"
    assert finding.raw["incident"]["occurrences"][0]["index_start"] == 31


def test_many_findings() -> None:
    findings = parse_file(SAMPLES / "many_findings.json").findings
    assert len(findings) == 2
    new, modified = findings
    # the NEW entry gives post-commit lines; the MODIFY one gives none
    assert new.location == CodeLocation(path="wapf/settings.py", start_line=23, end_line=23)
    assert "at line 23." in new.description
    assert new.raw["scan"]["id"] == "03a2bf6cba491559f8b760a2c9bf8dd9f53916a0"
    assert modified.location == CodeLocation(path="wapf/settings.py")
    assert modified.raw["scan"]["id"] == "8f388be3452f8d9f20ed788c94ebc11faa8ae7b6"


def test_one_secret_in_two_commits_is_one_finding() -> None:
    """DefectDojo counts 2 (its key includes the line, known in one commit only); both
    incidents carry the same ignore_sha for the same file: one leaked secret."""
    findings = parse_file(SAMPLES / "many_findings.json").findings
    raw = json.loads((SAMPLES / "many_findings.json").read_text())
    shas = {
        incident["ignore_sha"]
        for scan in raw["scans"]
        for entity in scan.get("entities_with_incidents", [])
        for incident in entity["incidents"]
    }
    assert shas == {IGNORE_SHA}
    (group,) = identify(findings)
    assert len(group.sources) == 2
    assert group.finding.secret_hash == IGNORE_SHA


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b"[]", "expected a ggshield JSON object"),
        (b'{"id": "x", "type": "path_scan"}', "not a ggshield secret scan report"),
        (b'{"total_incidents": 1, "scans": {}}', "expected 'scans' to be a list"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad.json", data), "ggshield")


def test_incident_without_occurrences_is_refused() -> None:
    """ggshield's IaC/SCA JSON shares the envelope but not the incidents."""
    raw = json.loads((SAMPLES / "one_finding.json").read_text())
    del raw["scans"][0]["entities_with_incidents"][0]["incidents"][0]["occurrences"]
    with pytest.raises(ParseError, match="not a secret scan"):
        parse_source(ReportSource("iac.json", json.dumps(raw).encode()), "ggshield")


def test_truncated_report() -> None:
    data = (SAMPLES / "many_findings.json").read_bytes()
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_source(ReportSource("cut.json", data[:1000]), "ggshield")
