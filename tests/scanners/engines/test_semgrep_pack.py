"""vigil's JavaScript/TypeScript Semgrep rules, each proven by a labelled vulnerable case and
a safe twin (``tests/data/semgrep-js/<rule>/``). The labels are Semgrep's own test
annotations: ``// ruleid: ID`` marks the next line as a finding of rule ID, ``// ok: ID`` as
a line that rule must not report. Every rule runs over every case, so a rule that fires on
another rule's case (unlabelled) fails too."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from vigil.model import Category
from vigil.scanners.engines.semgrep import JAVASCRIPT_RULES, SemgrepScanner
from vigil.scanners.interface import ScanOutcome, ScanRequest

CASES = Path(__file__).parents[2] / "data" / "semgrep-js"
RULE_FILES = sorted(JAVASCRIPT_RULES.glob("*.yaml"))
RULE_NAMES = [p.stem for p in RULE_FILES]
_ANNOTATION = re.compile(r"//\s*(ruleid|ok):\s*([\w.,-]+)\s*$")


def annotations(kind: str) -> set[tuple[str, int, str]]:
    """(path, line, rule id) of every ``kind`` label in the cases: the line after it."""
    found = set()
    for path in sorted(CASES.rglob("*")):
        if path.suffix not in {".js", ".jsx", ".ts", ".tsx"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = _ANNOTATION.search(line)
            if match and match.group(1) == kind:
                for rule in match.group(2).split(","):
                    found.add((path.relative_to(CASES).as_posix(), number + 1, rule))
    return found


@cache
def scanned() -> ScanOutcome:
    return SemgrepScanner().scan(ScanRequest(root=CASES))


def reported() -> set[tuple[str, int, str]]:
    return {
        (f.location.path, f.location.start_line or 0, f.rule_id)
        for f in scanned().findings
        if f.location is not None
    }


def test_there_is_a_rule_for_every_family_the_pack_promises() -> None:
    assert RULE_NAMES == [
        "code-injection",
        "command-injection",
        "cors-credentials-any-origin",
        "insecure-cookie",
        "insecure-random",
        "jwt-hardcoded-secret",
        "jwt-none-algorithm",
        "jwt-verify-without-algorithms",
        "nosql-injection",
        "open-redirect",
        "path-traversal",
        "prototype-pollution",
        "react-dangerous-html",
        "regexp-injection",
        "sql-injection",
        "ssrf",
        "tls-verification-disabled",
        "weak-hash",
        "xss-dom",
        "xss-response",
    ]


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=RULE_NAMES)
def test_each_rule_is_well_formed_and_has_a_vulnerable_case_and_a_safe_twin(
    rule_file: Path,
) -> None:
    (rule,) = yaml.safe_load(rule_file.read_text())["rules"]
    rule_id = f"vigil.js.{rule_file.stem}"
    assert rule["id"] == rule_id
    assert rule["severity"] in {"ERROR", "WARNING", "INFO"}
    assert rule["languages"] == ["javascript", "typescript"]
    assert len(rule["message"]) > 80
    assert 10 < len(rule["metadata"]["display-name"]) <= 70
    assert all(re.match(r"CWE-\d+: ", cwe) for cwe in rule["metadata"]["cwe"])
    cases = {p.stem for p in (CASES / rule_file.stem).iterdir()}
    assert cases == {"vulnerable", "safe"}
    folder = f"{rule_file.stem}/"
    vulnerable = {r for p, _, r in annotations("ruleid") if p.startswith(folder + "vulnerable.")}
    safe = {r for p, _, r in annotations("ok") if p.startswith(folder + "safe.")}
    assert rule_id in vulnerable
    assert rule_id in safe


@pytest.mark.usefixtures("semgrep_installed")
def test_the_pack_reports_exactly_the_labelled_lines() -> None:
    outcome = scanned()
    assert outcome.errors == []
    expected = annotations("ruleid")
    assert len(expected) >= 2 * len(RULE_FILES)
    assert reported() == expected


@pytest.mark.usefixtures("semgrep_installed")
def test_no_safe_twin_is_reported() -> None:
    assert reported() & annotations("ok") == set()


@pytest.mark.usefixtures("semgrep_installed")
@pytest.mark.parametrize("rule", RULE_NAMES)
def test_each_rule_reports_its_labelled_lines_and_nothing_else(rule: str) -> None:
    rule_id = f"vigil.js.{rule}"
    labelled = {(p, line) for p, line, r in annotations("ruleid") if r == rule_id}
    assert any(p.startswith(f"{rule}/vulnerable.") for p, _ in labelled)
    assert {(p, line) for p, line, r in reported() if r == rule_id} == labelled


@pytest.mark.usefixtures("semgrep_installed")
def test_findings_carry_the_rules_metadata_and_the_source_line() -> None:
    (sql,) = [
        f
        for f in scanned().findings
        if f.location
        and (f.location.path, f.location.start_line) == ("sql-injection/vulnerable.js", 10)
    ]
    assert sql.category is Category.SAST
    assert sql.cwes == (89,)
    assert sql.severity.name == "HIGH"
    assert sql.location is not None
    assert sql.location.snippet == "  db.query(sql, (err, rows) => res.json(rows));"
    assert sql.title == "SQL injection: request data in an SQL statement"
    assert sql.description.startswith("An SQL statement is built from request data")


@pytest.mark.usefixtures("semgrep_installed")
def test_a_hard_coded_jwt_secret_is_a_secret_finding_and_never_shown() -> None:
    secrets = [f for f in scanned().findings if f.rule_id == "vigil.js.jwt-hardcoded-secret"]
    assert len(secrets) == 2
    for finding in secrets:
        assert finding.category is Category.SECRET
        assert finding.secret_hash
        text = repr(finding)
        assert "vigil-test-signing-key-1234" not in text
        assert "another-test-key-5678" not in text
    hashes = {f.secret_hash for f in secrets}
    assert len(hashes) == 2
