"""Properties of the gate that must hold for every input, not just the ones we thought of:
adding a suppression never makes the gate stricter, nor does raising a threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.policy.records import TODAY
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Finding,
    FindingRecord,
    Severity,
    Status,
    Tool,
)
from vigil.policy import AppliesTo, Limit, Policy, Suppression, evaluate

ADVISORIES = ("CVE-2021-44228", "CVE-2020-15999", "CVE-2022-0001", "GHSA-jfh8-c2jp-5v3q")
RULES = ("B101", "aws-access-token", "CVE-2021-44228", "DS002")
PATHS = ("src/app.py", "tests/test_app.py", "conf/aws.tf", "Dockerfile")
PACKAGES = (
    ("log4j-core", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
    ("freetype", None),
)

severities = st.sampled_from(Severity)
categories = st.sampled_from(Category)
thresholds = st.one_of(st.none(), severities)
days = st.integers(min_value=-5, max_value=5).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    package = draw(st.one_of(st.none(), st.sampled_from(PACKAGES)))
    component = Component(package[0], "1.0", purl=package[1]) if package else None
    path = draw(st.one_of(st.none(), st.sampled_from(PATHS)))
    return Finding(
        title=draw(st.sampled_from(("a", "b", "c"))),
        severity=draw(severities),
        category=draw(categories),
        tool=Tool("t"),
        rule_id=draw(st.sampled_from(RULES)),
        vulnerability_ids=tuple(draw(st.lists(st.sampled_from(ADVISORIES), max_size=2))),
        component=component,
        location=CodeLocation(path) if path else None,
        secret_hash=draw(st.one_of(st.none(), st.just("ab" * 32))),
    )


@st.composite
def record_lists(draw: st.DrawFn) -> list[FindingRecord]:
    items = draw(st.lists(findings(), max_size=12))
    return [
        FindingRecord(
            fingerprint=f"fp{index}",
            finding=item,
            sources=("t",),
            status=draw(st.sampled_from(Status)),
            is_new=draw(st.booleans()),
            accepted_until=draw(st.one_of(st.none(), days)),
        )
        for index, item in enumerate(items)
    ]


@st.composite
def suppressions(draw: st.DrawFn, number: int = 1) -> Suppression:
    matchers = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "fingerprint": st.sampled_from([f"fp{i}" for i in range(12)]),
                "rule_id": st.sampled_from(RULES),
                "vulnerability_id": st.sampled_from(ADVISORIES),
                "path": st.sampled_from(("src/**", "**/*.tf", "*", "Dockerfile")),
                "component": st.sampled_from(("log4j-core", "pkg:maven/", "freetype")),
            },
        ).filter(bool)
    )
    return Suppression(reason="r", expires=draw(days), number=number, **matchers)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    limit_keys = draw(
        st.lists(st.tuples(severities, st.one_of(st.none(), categories)), unique=True, max_size=3)
    )
    return Policy(
        new_only=draw(st.booleans()),
        threshold=draw(thresholds),
        category_thresholds=draw(st.dictionaries(categories, thresholds, max_size=3)),
        secrets=draw(st.sampled_from(AppliesTo)),
        kev=draw(st.sampled_from(AppliesTo)),
        limits=tuple(
            Limit(s, draw(st.integers(min_value=0, max_value=3)), c) for s, c in limit_keys
        ),
        suppressions=tuple(
            draw(
                st.lists(
                    st.integers(min_value=1, max_value=9).flatmap(suppressions),
                    max_size=3,
                )
            )
        ),
    )


kev_sets = st.frozensets(st.sampled_from(ADVISORIES[:3]))


def _failing(
    records: list[FindingRecord], policy: Policy, kev: frozenset[str], today: date
) -> set[str]:
    verdict = evaluate(records, policy, kev=kev, today=today)
    fingerprints = [v.fingerprint for v in verdict.violations]
    assert len(fingerprints) == len(set(fingerprints))
    assert verdict.passed is (not fingerprints)
    return set(fingerprints)


@settings(max_examples=200, deadline=None)
@given(record_lists(), policies(), suppressions(), st.integers(0, 3), kev_sets, days)
def test_adding_a_suppression_never_adds_a_failure(
    records: list[FindingRecord],
    policy: Policy,
    extra: Suppression,
    position: int,
    kev: frozenset[str],
    today: date,
) -> None:
    before = _failing(records, policy, kev, today)
    listed = list(policy.suppressions)
    listed.insert(min(position, len(listed)), extra)
    after = _failing(records, replace(policy, suppressions=tuple(listed)), kev, today)
    assert after <= before


def _rank(threshold: Severity | None) -> int:
    return len(Severity) if threshold is None else int(threshold)


@settings(max_examples=200, deadline=None)
@given(record_lists(), policies(), thresholds, st.one_of(st.none(), categories), kev_sets)
def test_raising_a_threshold_never_adds_a_failure(
    records: list[FindingRecord],
    policy: Policy,
    raised: Severity | None,
    category: Category | None,
    kev: frozenset[str],
) -> None:
    if category is None:
        if _rank(raised) < _rank(policy.threshold):
            raised = policy.threshold
        stricter, looser = policy, replace(policy, threshold=raised)
    else:
        current = policy.threshold_for(category)
        if _rank(raised) < _rank(current):
            raised = current
        table = dict(policy.category_thresholds)
        table[category] = raised
        stricter, looser = policy, replace(policy, category_thresholds=table)
    assert _failing(records, looser, kev, TODAY) <= _failing(records, stricter, kev, TODAY)


@given(record_lists(), policies(), kev_sets, days)
def test_evaluation_is_deterministic_and_ignores_fixed_records(
    records: list[FindingRecord], policy: Policy, kev: frozenset[str], today: date
) -> None:
    first = evaluate(records, policy, kev=kev, today=today)
    assert evaluate(records, policy, kev=kev, today=today) == first
    fixed = {r.fingerprint for r in records if r.status is Status.FIXED}
    assert not fixed & {v.fingerprint for v in first.violations}
    assert sum(first.counts.values()) == len(records) - len(fixed)
