"""Every rule finds its true case and stays silent on its near miss (a wrong checksum, a
placeholder, a test-mode key, a look-alike), each in a realistic file."""

from __future__ import annotations

import pytest

from tests.scanners.secrets.fakes import Fakes, cases
from vigil.scanners.secrets.detector import Detector
from vigil.scanners.secrets.rules import RULES

CASES = cases(Fakes(seed=4))
DETECTOR = Detector()


def test_the_101_documented_rules_each_have_a_case() -> None:
    assert len(RULES) == 101  # the count docs/scanning/secrets.md gives
    assert sorted(f"VIGIL-SECRET-{name}" for name in CASES) == sorted(r.id for r in RULES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_true_case_is_found(name: str) -> None:
    path, positive, _ = CASES[name]
    found = [hit.rule.id for hit in DETECTOR.scan(positive.encode(), path)]
    assert found == [f"VIGIL-SECRET-{name}"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_near_miss_is_not_found(name: str) -> None:
    path, _, negative = CASES[name]
    assert [hit.rule.id for hit in DETECTOR.scan(negative.encode(), path)] == []
