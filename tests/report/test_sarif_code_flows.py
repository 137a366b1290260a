"""SARIF codeFlows: a dataflow finding from vigil's SAST engine carries its source-to-sink
steps as one thread flow, valid against the SARIF 2.1.0 schema and accepted by GitHub."""

from __future__ import annotations

from pathlib import Path

from tests.report.records import MIXED, record, records_from
from tests.report.test_sarif import VALIDATOR, github_problems, render
from vigil.scanners.interface import ScanRequest
from vigil.scanners.sast.scanner import PythonSastScanner

APP = Path(__file__).parents[1] / "data" / "sast" / "apps" / "fastapi_notes"


def test_sast_trace_becomes_a_thread_flow() -> None:
    findings = PythonSastScanner().scan(ScanRequest(root=APP)).findings
    sqli = next(f for f in findings if f.rule_id == "VIGIL-PY-SQLI")
    log = render([record(f, fingerprint=f"{i:040x}") for i, f in enumerate(findings)])
    VALIDATOR.validate(log)
    assert github_problems(log) == []
    results = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in
               log["runs"][0]["results"] if r["ruleId"] == "VIGIL-PY-SQLI"}  # fmt: skip
    flow = results[20]["codeFlows"][0]["threadFlows"][0]["locations"]
    steps = [
        (
            step["location"]["physicalLocation"]["artifactLocation"]["uri"],
            step["location"]["physicalLocation"]["region"]["startLine"],
        )
        for step in flow
    ]
    assert steps == [(t.path, t.line) for t in sqli.trace]
    assert steps[0] == ("notes/routers/notes.py", 19)
    assert steps[-1] == ("notes/storage.py", 18)
    assert all(step["location"]["message"]["text"] for step in flow)


def test_findings_without_a_trace_have_no_code_flows() -> None:
    # Every SAST finding has a trace, so the trace-less ones come from real tool reports.
    records = records_from(*MIXED)
    assert records and not any(r.finding.trace for r in records)
    results = [r for run in render(records)["runs"] for r in run["results"]]
    assert len(results) == len(records)
    assert all("codeFlows" not in r for r in results)


def test_json_report_carries_the_same_trace() -> None:
    from tests.report.test_json_report import render as render_json

    findings = PythonSastScanner().scan(ScanRequest(root=APP)).findings
    sqli = next(f for f in findings if f.rule_id == "VIGIL-PY-SQLI")
    document = render_json([record(sqli)])
    trace = document["findings"][0]["finding"]["trace"]
    assert [(t["path"], t["line"]) for t in trace] == [(t.path, t.line) for t in sqli.trace]
    assert trace[0]["path"] == "notes/routers/notes.py" and trace[0]["line"] == 19
    assert all(t["note"] for t in trace)
