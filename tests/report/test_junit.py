"""JUnit XML: read back by junitparser and valid against Jenkins' JUnit schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xmlschema
from junitparser import Failure, JUnitXml, Skipped

from tests.report.records import MIXED, SCHEMAS, context, record, records_from, sast, with_lifecycle
from vigil.model import Severity, Status, Tool
from vigil.report.junit import JunitRenderer


def write(tmp_path: Path, records: list[Any], **overrides: object) -> Path:
    path = tmp_path / "junit.xml"
    path.write_bytes(JunitRenderer().render(records, context(**overrides)))
    return path


def assert_schema_valid(path: Path) -> None:
    xmlschema.XMLSchema(str(SCHEMAS / "jenkins-junit-10.xsd")).validate(str(path))


def test_real_samples_give_a_suite_per_tool_and_a_case_per_finding(tmp_path: Path) -> None:
    records = with_lifecycle(records_from(*MIXED))
    path = write(tmp_path, records)
    assert_schema_valid(path)
    xml = JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert sorted(suites) == ["Trivy", "ZAP", "bandit", "gitleaks"]
    assert sum(suite.tests for suite in suites.values()) == len(records) == 20
    closed = sum(not r.is_open for r in records)
    failing = sum(r.is_open and r.finding.severity >= Severity.LOW for r in records)
    assert sum(suite.skipped for suite in suites.values()) == closed
    assert sum(suite.failures for suite in suites.values()) == failing
    (case,) = list(suites["bandit"])
    assert case.classname == "sast.B101"
    assert case.name == (
        "Use of assert detected. The enclosed code will be removed when compiling to optimised"
        " byte code. [one/one.py:2]"
    )
    (failure,) = case.result
    assert isinstance(failure, Failure)
    assert failure.type == "low"
    assert failure.text.splitlines()[:6] == [
        "Severity: low",
        "Rule: B101",
        "Tool: bandit",
        "Status: new",
        f"Fingerprint: {records[0].fingerprint}",
        "Location: one/one.py:2",
    ]


def test_threshold_decides_failures_and_closed_findings_are_skipped(tmp_path: Path) -> None:
    records = [
        record(sast(severity=Severity.INFO, rule_id="info"), "1" * 40),
        record(sast(severity=Severity.MEDIUM, rule_id="medium"), "2" * 40),
        record(sast(severity=Severity.CRITICAL, rule_id="critical"), "3" * 40),
        record(sast(rule_id="accepted"), "4" * 40, status=Status.ACCEPTED, triage_reason="ok"),
        record(sast(rule_id="fixed"), "5" * 40, status=Status.FIXED),
    ]
    path = write(tmp_path, records, fail_threshold=Severity.HIGH)
    assert_schema_valid(path)
    (suite,) = JUnitXml.fromfile(str(path))
    outcome = {
        case.classname.split(".", 1)[1]: [type(r).__name__ for r in case.result] for case in suite
    }
    assert outcome == {
        "critical": ["Failure"],
        "medium": [],
        "info": [],
        "accepted": ["Skipped"],
        "fixed": ["Skipped"],
    }
    skipped = next(c for c in suite if c.classname == "sast.accepted").result[0]
    assert isinstance(skipped, Skipped)
    assert skipped.message == "accepted: ok"
    assert (suite.tests, suite.failures, suite.skipped) == (5, 1, 2)
    default = JUnitXml.fromfile(str(write(tmp_path, records)))
    assert next(iter(default)).failures == 2


def test_hostile_text_is_escaped_and_control_characters_dropped(tmp_path: Path) -> None:
    nasty = sast(
        title='<x> & "quotes" ]]> \x07bell',
        description="</failure><injected/>",
        tool=Tool('sem"grep'),
    )
    path = write(tmp_path, [record(nasty)])
    assert_schema_valid(path)
    (suite,) = JUnitXml.fromfile(str(path))
    assert suite.name == 'sem"grep'
    (case,) = suite
    assert case.name == '<x> & "quotes" ]]> bell [app/views.py:42]'
    assert "</failure><injected/>" in case.result[0].text


def test_empty_report_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, [])
    assert_schema_valid(path)
    xml = JUnitXml.fromfile(str(path))
    assert list(xml) == []
    assert path.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
