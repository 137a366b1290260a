"""Suppression matchers: whole-path globs, path spellings, purl prefixes on segment bounds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.policy.records import finding, record, sca
from vigil.model import Component, Severity
from vigil.policy import Suppression
from vigil.policy.suppression import glob_regex, normalise_path


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("tests/**", "tests/unit/test_a.py", True),
        ("tests/**", "tests", False),
        ("tests/**", "src/tests/a.py", False),
        ("**/tests/**", "src/tests/a.py", True),
        ("**/tests/**", "tests/a.py", True),
        ("src/**/*.py", "src/a.py", True),
        ("src/**/*.py", "src/x/y/a.py", True),
        ("src/**/*.py", "src/x/y/a.pyc", False),
        ("*.py", "a.py", True),
        ("*.py", "src/a.py", False),
        ("**/*.min.js", "static/js/app.min.js", True),
        ("conf/?.tf", "conf/a.tf", True),
        ("conf/?.tf", "conf/ab.tf", False),
        ("conf/[ab].tf", "conf/[ab].tf", True),
        ("conf/[ab].tf", "conf/a.tf", False),
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("./src/a.py", "src/a.py"),
        ("/conf/aws.tf", "conf/aws.tf"),
        ("src\\win\\a.cs", "src/win/a.cs"),
        (" ././lib/x ", "lib/x"),
    ],
)
def test_normalise_path(raw: str, normal: str) -> None:
    assert normalise_path(raw) == normal


def _suppression(**matchers: str) -> Suppression:
    return Suppression(reason="r", expires=date(2026, 1, 1), number=4, **matchers)  # type: ignore[arg-type]


LODASH = record(
    sca("lodash", "4.17.20", "CVE-2021-23337", Severity.HIGH, purl="pkg:npm/lodash@4.17.20"),
    "f1",
)
LODASH_MERGE = record(
    sca("lodash.merge", "4.6.1", "CVE-2020-8203", Severity.HIGH, purl="pkg:npm/lodash.merge@4.6.1"),
    "f2",
)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("pkg:npm/lodash", [True, False]),
        ("pkg:npm/lodash@4.17.20", [True, False]),
        ("pkg:npm/lodash@4.17", [False, False]),
        ("pkg:npm/", [True, True]),
        ("pkg:npm/lodash.merge", [False, True]),
        ("pkg:pypi/lodash", [False, False]),
        ("lodash", [True, False]),
        ("Lodash.Merge", [False, True]),
    ],
)
def test_component_matcher(prefix: str, expected: list[bool]) -> None:
    suppression = _suppression(component=prefix)
    assert [suppression.matches(r) for r in (LODASH, LODASH_MERGE)] == expected


def test_path_matcher_reads_component_paths_too() -> None:
    in_lockfile = replace(
        LODASH,
        finding=replace(
            LODASH.finding,
            component=Component("lodash", "4.17.20", paths=("web/package-lock.json",)),
        ),
    )
    assert _suppression(path="web/**").matches(in_lockfile)
    assert not _suppression(path="api/**").matches(in_lockfile)
    assert not _suppression(path="**").matches(LODASH)  # no path at all: nothing to match


def test_component_matcher_needs_a_component() -> None:
    assert not _suppression(component="lodash").matches(record(finding(), "f3"))


def test_describe_lists_matchers_in_a_fixed_order() -> None:
    suppression = _suppression(path="tests/**", rule_id="B101", vulnerability_id="CVE-1")
    assert suppression.describe() == "#4 (rule_id=B101, vulnerability_id=CVE-1, path=tests/**)"
    assert suppression.is_active(date(2026, 1, 1))
    assert not suppression.is_active(date(2026, 1, 2))
