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
