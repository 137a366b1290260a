"""Rendering grows linearly with the number of records (no quadratic work), in every format.

Timing four times as many records must take well under the 16x a quadratic renderer needs;
the best of three runs absorbs a busy machine.
"""

from __future__ import annotations

import time

import pytest

from tests.report.records import context, dast, record, sast, sca
from vigil.model import CodeLocation, Component, FindingRecord, Severity, Status, Tool
from vigil.report.interface import Renderer
from vigil.report.registry import RENDERERS


def population(size: int) -> list[FindingRecord]:
    records = []
    for i in range(size):
        severity = Severity(i % 5)
        if i % 3 == 0:
            finding = sast(
                severity=severity,
                tool=Tool(f"tool{i % 4}", "1.0"),
                rule_id=f"rule-{i % 300}",
                location=CodeLocation(f"src/m{i % 1000}.py", i % 500 + 1, None, None, None, "x()"),
            )
        elif i % 3 == 1:
            finding = sca(
                severity=severity,
                title=f"CVE-2020-{i} in pkg{i % 700}",
                rule_id=f"CVE-2020-{i}",
                vulnerability_ids=(f"CVE-2020-{i}",),
                component=Component(f"pkg{i % 700}", "1.0", None, "pypi", ("1.1",), ("req.txt",)),
            )
        else:
            finding = dast(severity=severity, rule_id=str(40000 + i % 50))
        status = Status.ACCEPTED if i % 7 == 0 else Status.NEW
        records.append(record(finding, f"{i:040x}", status=status))
    return records


def best_time(renderer: type[Renderer], records: list[FindingRecord]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        renderer().render(records, context())
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.slow
@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.id)
def test_four_times_the_records_take_far_less_than_sixteen_times_as_long(
    renderer: type[Renderer],
) -> None:
    small, large = population(1_500), population(6_000)
    ratio = best_time(renderer, large) / best_time(renderer, small)
    assert ratio < 9, f"{renderer.id}: {ratio:.1f}x for 4x the records"
