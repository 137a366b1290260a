"""Baselines: exact file layout, round trips over real reports' records, a vigil JSON report
read as a baseline, what ``mark_known`` changes, and every malformed input refused."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.policy.records import TODAY, sample_records
from vigil.model import Status
from vigil.report.interface import ReportContext
from vigil.report.json_report import JsonRenderer
from vigil.triage.baseline import (
    Baseline,
    BaselineError,
    baseline_from_records,
    dump_baseline,
    load_baseline,
    mark_known,
    parse_baseline,
    read_baseline,
    write_baseline,
)


def test_file_layout_is_versioned_and_sorted() -> None:
    baseline = Baseline(frozenset({"bbb", "aaa", "ccc"}), date(2025, 6, 30))
    assert dump_baseline(baseline) == (
        b'{\n  "version": 1,\n  "created": "2025-06-30",\n'
        b'  "fingerprints": [\n    "aaa",\n    "bbb",\n    "ccc"\n  ]\n}\n'
    )
    assert parse_baseline(dump_baseline(baseline), "b.json") == baseline


def test_round_trip_of_a_real_report(tmp_path: Path) -> None:
    records = sample_records("trivy", "misconfigurations_and_secrets.json")
    path = tmp_path / "vigil-baseline.json"
    write_baseline(path, baseline_from_records(records, TODAY))
    document = json.loads(path.read_text())
    assert document["version"] == 1 and document["created"] == "2025-06-30"
    assert document["fingerprints"] == sorted(r.fingerprint for r in records)
    assert len(document["fingerprints"]) == 5
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["vigil-baseline.json"]
    assert read_baseline(path) == Baseline(frozenset(document["fingerprints"]), TODAY)
    assert load_baseline(path) == frozenset(document["fingerprints"])


def test_fixed_records_are_not_baselined() -> None:
    records = sample_records("gitleaks", "gitleaks8_many.json")
    fixed = replace(records[0], status=Status.FIXED)
    baseline = baseline_from_records([fixed, *records[1:]], TODAY)
    assert baseline.fingerprints == frozenset(r.fingerprint for r in records[1:])
    assert records[0].fingerprint not in baseline


def test_mark_known_only_ever_makes_records_old() -> None:
    records = sample_records("trivy", "scheme_2_many_vulns.json")
    old_by_store = replace(records[4], is_new=False)
    baseline = Baseline(frozenset({records[0].fingerprint, records[1].fingerprint}))
    marked = mark_known([*records[:4], old_by_store], baseline)
    assert [r.is_new for r in marked] == [False, False, True, True, False]
    assert marked[2] is records[2]
    assert [r.fingerprint for r in marked] == [r.fingerprint for r in records]


def test_a_vigil_json_report_serves_as_a_baseline(tmp_path: Path) -> None:
    records = sample_records("gitleaks", "gitleaks8_many.json")
    records[2] = replace(records[2], status=Status.FIXED)
    context = ReportContext(generated_at=datetime(2025, 6, 30, tzinfo=UTC))
    path = tmp_path / "report.json"
    path.write_bytes(JsonRenderer().render(records, context))
    baseline = read_baseline(path)
    # The fixed finding is left out: if it comes back, it is a regression and must be new.
    assert baseline == Baseline(frozenset({records[0].fingerprint, records[1].fingerprint}))
    assert baseline.created is None


def test_any_object_with_findings_and_fingerprints_is_accepted() -> None:
    data = b'{"findings": [{"fingerprint": " a1 "}, {"fingerprint": "b2", "status": "new"}]}'
    assert parse_baseline(data, "r.json").fingerprints == frozenset({"a1", "b2"})
    assert parse_baseline(b'{"findings": []}', "r.json") == Baseline(frozenset())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b" \n", "b.json: the baseline file is empty"),
        (b'{"version": 1, "fingerprints": [', "b.json: not valid JSON (unexpected end of data:"),
        (b"[]", "b.json: expected a JSON object (a baseline or a vigil JSON report)"),
        (
            b'{"version": 1}',
            "b.json: neither a baseline ('fingerprints') nor a report ('findings')",
        ),
        (
            b'{"version": 2, "fingerprints": []}',
            "b.json: unsupported baseline version 2 (expected 1)",
        ),
        (b'{"fingerprints": []}', "b.json: unsupported baseline version None (expected 1)"),
        (
            b'{"version": true, "fingerprints": []}',
            "b.json: unsupported baseline version True (expected 1)",
        ),
        (b'{"version": 1, "fingerprints": "abc"}', "b.json: 'fingerprints' must be a list"),
        (
            b'{"version": 1, "fingerprints": ["a", 7]}',
            "b.json: fingerprints[2] is not a fingerprint",
        ),
        (b'{"version": 1, "fingerprints": [""]}', "b.json: fingerprints[1] is not a fingerprint"),
        (
            b'{"version": 1, "created": "yesterday", "fingerprints": []}',
            "b.json: 'created' is not a date: 'yesterday'",
        ),
        (b'{"findings": [{"id": 3}]}', "b.json: findings[1] has no 'fingerprint'"),
        (b'{"findings": ["abc"]}', "b.json: findings[1] has no 'fingerprint'"),
    ],
)
def test_malformed_baselines_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(BaselineError) as caught:
        parse_baseline(data, "b.json")
    assert str(caught.value) == message or (
        message.endswith(":") and str(caught.value).startswith(message)
    )


def test_missing_and_unwritable_paths(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    with pytest.raises(BaselineError) as caught:
        read_baseline(missing)
    assert str(caught.value) == f"{missing}: cannot read the baseline (No such file or directory)"
    target = tmp_path / "no-such-dir" / "b.json"
    with pytest.raises(BaselineError) as caught:
        write_baseline(target, Baseline(frozenset({"a"}), TODAY))
    assert str(caught.value) == f"{target}: cannot write the baseline (No such file or directory)"
