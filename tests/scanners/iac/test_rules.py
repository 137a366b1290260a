"""Every rule against its failing and passing examples (tests/data/iac/<rule-id>/): the exact
rules and lines found, read from expected.yaml, and nothing at all on a passing example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vigil.model import Category
from vigil.scanners.iac.rules import BY_ID, RULES
from vigil.scanners.iac.scanner import IacScanner
from vigil.scanners.interface import ScanRequest

DATA = Path(__file__).parents[2] / "data" / "iac"
EXPECTED: dict[str, list[str]] = yaml.safe_load((DATA / "expected.yaml").read_text())
PASSING = sorted(
    p.relative_to(DATA).as_posix()
    for p in DATA.glob("VIGIL-*/*")
    if p.name.startswith("pass") and not p.name.startswith(".")
)


def found(relative: str) -> list[str]:
    outcome = IacScanner().scan(ScanRequest(root=DATA / relative))
    assert outcome.errors == []
    return sorted(f"{f.rule_id}:{f.location.start_line}" for f in outcome.findings if f.location)


def _order(entry: str) -> tuple[str, int]:
    rule, line = entry.rsplit(":", 1)
    return rule, int(line)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_failing_example_gives_exactly_the_expected_findings(relative: str) -> None:
    assert sorted(found(relative), key=_order) == sorted(EXPECTED[relative], key=_order)
    rule_id = relative.split("/", maxsplit=1)[0]
    assert any(entry.startswith(rule_id + ":") for entry in EXPECTED[relative])


@pytest.mark.parametrize("relative", PASSING)
def test_passing_example_gives_nothing(relative: str) -> None:
    assert found(relative) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_a_failing_and_a_passing_example(rule: object) -> None:
    rule_id = rule.id  # type: ignore[attr-defined]
    assert any(k.startswith(rule_id + "/") for k in EXPECTED), "no failing example"
    assert any(p.startswith(rule_id + "/") for p in PASSING), "no passing example"


def test_examples_name_only_known_rules() -> None:
    named = {e.rsplit(":", 1)[0] for entries in EXPECTED.values() for e in entries}
    assert named <= BY_ID.keys()
    assert {k.split("/")[0] for k in EXPECTED} <= BY_ID.keys()


def test_rule_ids_are_unique_and_well_formed() -> None:
    assert len(BY_ID) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"VIGIL-[A-Z0-9]+-\d{3}", rule.id)
        assert rule.title and rule.remediation and rule.reference.startswith("https://")


def test_docs_list_every_rule_with_its_severity() -> None:
    docs = (Path(__file__).parents[3] / "docs" / "scanning" / "iac.md").read_text()
    rows = dict(re.findall(r"^\| `(VIGIL-[A-Z0-9-]+)` \| (\w+) \|", docs, re.M))
    assert rows == {rule.id: rule.severity.label for rule in RULES}


def test_findings_carry_rule_metadata_and_relative_paths() -> None:
    outcome = IacScanner().scan(ScanRequest(root=DATA / "VIGIL-K8S-011"))
    (first, *_) = outcome.findings
    rule = BY_ID[first.rule_id]
    assert first.category is Category.IAC
    assert first.tool.name == "vigil-iac"
    assert (first.severity, first.cwes, first.remediation) == (
        rule.severity,
        (798,),
        rule.remediation,
    )
    assert first.references == (rule.reference,)
    assert first.location is not None and first.location.path == "fail.yaml"


def test_secret_values_never_reach_a_finding() -> None:
    secrets = {
        "VIGIL-DOCKER-005/fail.dockerfile": ["s3cr3t-Pr0d-pw", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"],
        "VIGIL-K8S-011/fail.yaml": ["Orders-Db-2024!", "pk_live_51HxFakeFakeFake"],
        "VIGIL-TF-010/fail.tf": ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI"],
        "VIGIL-GITLAB-002/fail.gitlab-ci.yml": ["squ_2b1f0c9e", "ci-postgres-pw-2024"],
        "VIGIL-JENKINS-003/fail.jenkinsfile": ["Jenk1ns-Registry-2024", "squ_4f3e2d1c"],
        "VIGIL-CODEBUILD-001/fail.buildspec.yml": ["hub-Passw0rd-2024", "npm_AbCdEf"],
        "VIGIL-CFN-010/fail.yaml": ["Adm1n-Passw0rd-2024"],
    }
    for relative, values in secrets.items():
        findings = IacScanner().scan(ScanRequest(root=DATA / relative)).findings
        assert relative.split("/")[0] in {f.rule_id for f in findings}
        text = repr(findings)
        assert not [v for v in values if v in text], relative
