"""vigil's JSON report: its documented schema, its values, its stability."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema

from tests.report.records import MIXED, context, record, records_from, sast, sca, with_lifecycle
from vigil.model import Status
from vigil.report.json_report import JsonRenderer

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "vigil-report-v1.schema.json").read_text()
)


def render(records: list[Any], **overrides: object) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(JsonRenderer().render(records, context(**overrides)))
    jsonschema.Draft7Validator(SCHEMA).validate(document)
    return document


def test_real_samples_follow_the_documented_schema() -> None:
    records = with_lifecycle(records_from(*MIXED))
    document = render(records, gate_lines=("1 new critical finding",), gate_passed=False)
    assert document["format"] == "vigil-report"
    assert document["version"] == 1
    assert document["generated_at"] == "2024-05-01T12:30:00Z"
    assert document["gate"] == {"passed": False, "reasons": ["1 new critical finding"]}
    assert document["tools"] == {"Trivy": None, "ZAP": "2.9.0", "bandit": None, "gitleaks": None}
    assert document["summary"]["total"] == 20
    assert sum(document["summary"]["by_severity"].values()) == 20
    assert document["summary"]["open"] == sum(r.is_open for r in records)
    severities = [f["finding"]["severity"] for f in document["findings"]]
    order = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index)


def test_bandit_record_in_full() -> None:
    (entry,) = render(records_from("bandit/one_vuln.json"))["findings"]
    assert entry == {
        "fingerprint": entry["fingerprint"],
        "id": None,
        "status": "new",
        "open": True,
        "is_new": True,
        "sources": ["bandit"],
        "first_seen": None,
        "last_seen": None,
        "triage_reason": None,
        "accepted_until": None,
        "finding": {
            "title": "Use of assert detected. The enclosed code will be removed when compiling"
            " to optimised byte code.",
            "severity": "low",
            "confidence": "high",
            "category": "sast",
            "tool": {"name": "bandit", "version": None},
            "rule_id": "B101",
            "description": "Use of assert detected. The enclosed code will be removed when"
            " compiling to optimised byte code.\n\nBandit test B101 (assert_used).",
            "cvss": [],
            "cwes": [],
            "vulnerability_ids": [],
            "component": None,
            "location": {
                "path": "one/one.py",
                "start_line": 2,
                "end_line": 2,
                "start_column": None,
                "end_column": None,
                "snippet": "assert False",
            },
            "endpoints": [],
            "remediation": "",
            "references": ["https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html"],
            "tags": ["assert_used"],
            "secret_hash": None,
            "hint": None,
            "trace": [],
        },
    }
    assert len(entry["fingerprint"]) == 40


def test_lifecycle_fields_and_raw_on_request() -> None:
    stored = record(
        sca(raw={"VulnerabilityID": "CVE-2021-23337"}),
        status=Status.ACCEPTED,
        id=7,
        is_new=False,
        first_seen=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        last_seen=datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC),
        triage_reason="no fix yet",
        accepted_until=date(2024, 9, 30),
    )
    (entry,) = render([stored])["findings"]
    assert {k: entry[k] for k in ("id", "status", "open", "is_new", "accepted_until")} == {
        "id": 7,
        "status": "accepted",
        "open": False,
        "is_new": False,
        "accepted_until": "2024-09-30",
    }
    assert entry["first_seen"] == "2024-01-02T03:04:05+00:00"
    assert entry["finding"]["component"]["fixed_versions"] == ["4.17.21"]
    assert entry["finding"]["cvss"] == [
        {"version": "3.1", "vector": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", "score": 7.2}
    ]
    assert "raw" not in entry["finding"]
    (with_raw,) = render([stored], include_raw=True)["findings"]
    assert with_raw["finding"]["raw"] == {"VulnerabilityID": "CVE-2021-23337"}


def test_same_records_in_any_order_give_the_same_bytes() -> None:
    records = [record(sast(rule_id=f"r{i}"), f"{i:040d}") for i in range(5)]
    forward = JsonRenderer().render(records, context())
    backward = JsonRenderer().render(list(reversed(records)), context())
    assert forward == backward
    assert render([], gate_lines=())["gate"] is None


def test_raw_records_with_values_json_cannot_hold_are_kept_as_text() -> None:
    odd = record(sast(raw={1: b"x", "seen": {"a"}}))
    (entry,) = render([odd], include_raw=True)["findings"]
    assert entry["finding"]["raw"] == {"1": "b'x'", "seen": "{'a'}"}
