"""A SAST finding's trace survives the trip into stored bytes and back; findings without a
trace keep the layout (and so the bytes and content hash) they had before traces existed."""

from __future__ import annotations

from pathlib import Path

import orjson

from vigil.scanners.interface import ScanRequest
from vigil.scanners.sast.scanner import PythonSastScanner
from vigil.store.mapping import decode, encode

APP = Path(__file__).parents[1] / "data" / "sast" / "apps" / "flask_shop"


def test_traces_round_trip() -> None:
    findings = PythonSastScanner().scan(ScanRequest(root=APP)).findings
    traced = [f for f in findings if f.trace]
    assert len(traced) > 5
    for finding in findings:
        data, digest = encode(finding)
        again = decode(data)
        assert again == finding
        assert again.trace == finding.trace
        assert encode(again) == (data, digest)
        assert orjson.loads(data)[0] == (2 if finding.trace else 1)


def test_findings_without_a_trace_keep_layout_1() -> None:
    # Every SAST finding has a trace, so the trace-less ones come from a real tool report.
    from tests.ingest.test_contract import SAMPLES
    from vigil.ingest.reader import parse_file

    findings = parse_file(SAMPLES / "bandit/one_vuln.json").findings
    assert findings and not any(f.trace for f in findings)
    for finding in findings:
        stored = orjson.loads(encode(finding)[0])
        assert (stored[0], len(stored)) == (1, 21)
