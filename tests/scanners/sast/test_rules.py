"""Every rule on its labelled cases: a vulnerable file and its safe twin, which differs only
in dataflow (an overwritten value, a constant branch, a sanitiser, another dict key). The
vulnerable file must give exactly the marked (rule, line) pairs; the safe twin nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scanners.sast.conftest import DATA, expected_in
from vigil.scanners.sast.engine import analyse
from vigil.scanners.sast.rules import RULES

RULE_FOLDERS = sorted(p for p in DATA.iterdir() if p.is_dir() and p.name != "apps")
CASES = sorted(p for folder in RULE_FOLDERS for p in folder.glob("*.py"))


def findings_of(path: Path) -> set[tuple[str, str, int]]:
    result = analyse([path], path.parent)
    assert result.errors == []
    return {(f.rule, f.path, f.line) for f in result.findings}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_labelled_case(path: Path) -> None:
    expected = expected_in([path], path.parent)
    if path.name.startswith("vulnerable"):
        assert expected, "a vulnerable case marks at least one finding"
    else:
        assert path.name.startswith("safe")
        assert expected == set()
    assert findings_of(path) == expected


def test_every_vulnerable_case_has_a_safe_twin() -> None:
    for path in CASES:
        if path.name.startswith("vulnerable"):
            assert path.with_name(path.name.replace("vulnerable", "safe", 1)).exists()


def test_every_rule_has_a_labelled_case() -> None:
    marked = {rule for path in CASES for rule, _, _ in expected_in([path], path.parent)}
    assert marked == set(RULES)
