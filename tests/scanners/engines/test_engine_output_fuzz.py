"""Whatever an engine prints, reading it ends in findings or one-line errors, never a crash."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.scanners.engines import bandit, semgrep

# Within 64 bits: the reports come from orjson, which refuses larger integers.
_SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=12)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "results",
                    "errors",
                    "check_id",
                    "path",
                    "start",
                    "end",
                    "extra",
                    "lines",
                    "line",
                    "col",
                    "message",
                    "severity",
                    "metadata",
                    "filename",
                    "test_id",
                    "spans",
                    "file",
                    "reason",
                    "line_number",
                    "issue_text",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_bandit_output(value: object) -> None:
    findings, errors = bandit.read_report(orjson.dumps(value))
    assert all(str(e) for e in errors)
    assert isinstance(findings, list)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_bandit_bytes(data: bytes) -> None:
    _, errors = bandit.read_report(data)
    assert all(str(e) for e in errors)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["results", "errors", "version"]), _JSON, max_size=3))
def test_semgrep_output(report: dict[str, object]) -> None:
    findings, errors = semgrep.read_report(report, Path("/nonexistent"))
    assert all(str(e) for e in errors)
    assert isinstance(findings, list)
