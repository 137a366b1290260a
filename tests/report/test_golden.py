"""Golden files: real sample reports rendered in every format, compared byte for byte.

The records come from real reports parsed and identified as ``vigil report`` does. When a
renderer (or a parser feeding it) changes on purpose, regenerate and review the diff:

    VIGIL_UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/report/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tests.report.records import MIXED, context, records_from, with_lifecycle
from vigil.model import FindingRecord
from vigil.report.interface import Renderer, ReportContext
from vigil.report.registry import RENDERERS, by_id

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("VIGIL_UPDATE_GOLDEN") == "1"

#: Per-type GitLab reports, each from the sample that exercises that type.
GITLAB_CASES = {
    "sast": ("bandit/one_vuln.json", "trivy/misconfigurations_and_secrets.json"),
    "dependency_scanning": ("trivy/misconfigurations_and_secrets.json",),
    "container_scanning": ("trivy/scheme_2_many_vulns.json",),
    "secret_detection": ("gitleaks/data_many.json",),
}


def _mixed() -> tuple[list[FindingRecord], ReportContext]:
    records = with_lifecycle(records_from(*MIXED))
    return records, context(
        title="shop-api security report",
        gate_passed=False,
        gate_lines=("2 new high findings (limit 0)", "1 secret found"),
        tool_versions={"bandit": "1.7.5"},
    )


def _check(name: str, renderer: type[Renderer], body: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(body)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with VIGIL_UPDATE_GOLDEN=1")
    expected = path.read_bytes()
    if body != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            body.decode("utf-8").splitlines(),
            "golden",
            "rendered",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"{renderer.label} output differs from {path.name}:\n{shown}")


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.id)
def test_mixed_samples_in_every_format(renderer: type[Renderer]) -> None:
    records, ctx = _mixed()
    _check(f"mixed-{renderer.id}.{renderer.extension}", renderer, renderer().render(records, ctx))


@pytest.mark.parametrize("kind", sorted(GITLAB_CASES))
def test_gitlab_report_of_each_type(kind: str) -> None:
    renderer = by_id("gitlab")
    records = records_from(*GITLAB_CASES[kind])
    body = renderer().render(records, context(gitlab_report_type=kind))
    _check(f"gitlab-{kind.replace('_', '-')}.json", renderer, body)
