"""evaluate() on records built from model values: every rule, its boundary and its message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tests.policy.records import TODAY, finding, record, sca
from vigil.model import Category, Component, Severity, Status
from vigil.policy import (
    DEFAULT_POLICY,
    AppliesTo,
    Breach,
    Limit,
    Policy,
    Rule,
    Suppression,
    evaluate,
)

NO_KEV: frozenset[str] = frozenset()
KEV = frozenset({"CVE-2021-44228", "CVE-2020-15999"})

CRITICAL = record(finding("Command injection", Severity.CRITICAL), "f-crit")
HIGH = record(finding("SQL injection", Severity.HIGH), "f-high")
MEDIUM = record(finding("Weak hash", Severity.MEDIUM), "f-med")
LOW = record(finding("Debug enabled", Severity.LOW), "f-low")
INFO = record(finding("Banner", Severity.INFO), "f-info")
ALL_LEVELS = [CRITICAL, HIGH, MEDIUM, LOW, INFO]


def failing(records: list, policy: Policy = DEFAULT_POLICY, kev: frozenset[str] = KEV) -> list:
    return [v.fingerprint for v in evaluate(records, policy, kev=kev, today=TODAY).violations]


def test_default_policy_fails_new_critical_and_high() -> None:
    verdict = evaluate(ALL_LEVELS, DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert not verdict.passed
    assert [v.fingerprint for v in verdict.violations] == ["f-crit", "f-high"]
    assert verdict.violations[1].breaches == (
        Breach(
            Rule.SEVERITY,
            "the policy fails new findings of severity high or above, and this one is high",
        ),
    )
    assert verdict.violations[0].where == "app/db.py:12"
    assert verdict.counts == {
        Severity.CRITICAL: 1,
        Severity.HIGH: 1,
        Severity.MEDIUM: 1,
        Severity.LOW: 1,
        Severity.INFO: 1,
    }
    assert verdict.failing_counts == {
        Severity.CRITICAL: 1,
        Severity.HIGH: 1,
        Severity.MEDIUM: 0,
        Severity.LOW: 0,
        Severity.INFO: 0,
    }
    assert verdict.warnings == ()


def test_no_records_pass() -> None:
    verdict = evaluate([], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert verdict.passed and verdict.violations == () and sum(verdict.counts.values()) == 0


def test_new_only_ignores_known_findings_and_can_be_turned_off() -> None:
    known = [replace(r, is_new=False) for r in ALL_LEVELS]
    assert failing(known) == []
    strict = replace(DEFAULT_POLICY, new_only=False)
    assert failing(known, strict) == ["f-crit", "f-high"]
    message = evaluate(known, strict, kev=KEV, today=TODAY).violations[0].reason
    assert (
        message == "the policy fails findings of severity high or above, and this one is critical"
    )


def test_threshold_is_inclusive_and_none_disables_it() -> None:
    assert failing(ALL_LEVELS, replace(DEFAULT_POLICY, threshold=Severity.MEDIUM)) == [
        "f-crit",
        "f-high",
        "f-med",
    ]
    assert failing(ALL_LEVELS, replace(DEFAULT_POLICY, threshold=Severity.INFO)) == [
        "f-crit",
        "f-high",
        "f-med",
        "f-low",
        "f-info",
    ]
    assert failing(ALL_LEVELS, replace(DEFAULT_POLICY, threshold=None)) == []


def test_category_thresholds_override_the_default() -> None:
    dast_high = record(finding("XSS", Severity.HIGH, Category.DAST, rule_id="40012"), "f-dast")
    sca_medium = record(sca("lodash", "4.17.20", "CVE-2021-23337", Severity.MEDIUM), "f-sca")
    policy = replace(
        DEFAULT_POLICY,
        category_thresholds={
            Category.SAST: Severity.CRITICAL,
            Category.DAST: None,
            Category.SCA: Severity.MEDIUM,
        },
    )
    verdict = evaluate([*ALL_LEVELS, dast_high, sca_medium], policy, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["f-crit", "f-sca"]
    assert verdict.violations[1].reason == (
        "the policy fails new sca findings of severity medium or above, and this one is medium"
    )
    assert verdict.violations[1].where == "lodash 4.17.20"


def test_limits_allow_up_to_max_then_fail_every_counted_finding() -> None:
    highs = [record(finding(f"SQLi {n}", Severity.HIGH, line=n), f"h{n}") for n in range(1, 4)]
    policy = replace(DEFAULT_POLICY, limits=(Limit(Severity.HIGH, 3),))
    assert failing([CRITICAL, *highs], policy) == ["f-crit"]
    fourth = record(finding("SQLi 4", Severity.HIGH, line=4), "h4")
    verdict = evaluate([CRITICAL, *highs, fourth], policy, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["h1", "h2", "h3", "h4", "f-crit"]
    assert verdict.violations[0].breaches == (
        Breach(Rule.LIMIT, "there are 4 new high findings and the policy allows at most 3"),
    )


def test_limits_count_only_judged_findings() -> None:
    highs = [record(finding(f"SQLi {n}", Severity.HIGH, line=n), f"h{n}") for n in range(1, 4)]
    old = replace(highs[0], is_new=False)
    policy = replace(DEFAULT_POLICY, limits=(Limit(Severity.HIGH, 2),))
    # A known finding is not counted while new_only holds, so two new highs stay within 2.
    assert failing([old, *highs[1:]], policy) == []
    assert failing([old, *highs[1:]], replace(policy, new_only=False)) == ["h1", "h2", "h3"]


def test_limit_below_the_threshold_caps_a_flood() -> None:
    mediums = [record(finding(f"Weak {n}", Severity.MEDIUM, line=n), f"m{n}") for n in (1, 2)]
    policy = replace(DEFAULT_POLICY, limits=(Limit(Severity.MEDIUM, 1),))
    assert failing(mediums, policy) == ["m1", "m2"]
    assert failing(mediums[:1], policy) == []
    zero = replace(DEFAULT_POLICY, limits=(Limit(Severity.LOW, 0),))
    assert failing([LOW], zero) == ["f-low"]


def test_category_limit_and_global_limit_both_apply() -> None:
    container = [
        record(
            sca(f"pkg{n}", "1.0", f"CVE-2024-000{n}", Severity.HIGH, category=Category.CONTAINER),
            f"c{n}",
        )
        for n in (1, 2)
    ]
    policy = replace(
        DEFAULT_POLICY,
        limits=(Limit(Severity.HIGH, 5), Limit(Severity.HIGH, 1, Category.CONTAINER)),
    )
    verdict = evaluate([HIGH, *container], policy, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["c1", "c2"]
    assert verdict.violations[0].reason == (
        "there are 2 new high container findings and the policy allows at most 1"
    )
    both = replace(
        policy, limits=(Limit(Severity.HIGH, 1), Limit(Severity.HIGH, 1, Category.CONTAINER))
    )
    verdict = evaluate([HIGH, *container], both, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["f-high", "c1", "c2"]
    assert [v.rules for v in verdict.violations] == [
        (Rule.LIMIT,),
        (Rule.LIMIT, Rule.LIMIT),
        (Rule.LIMIT, Rule.LIMIT),
    ]


def test_any_secret_fails_whatever_its_severity() -> None:
    secret = record(
        finding("Hard-coded secret: AWS", Severity.LOW, Category.SECRET, rule_id="aws"),
        "f-secret",
        is_new=False,
    )
    hashed = record(
        finding("Token in SARIF", Severity.INFO, Category.OTHER, secret_hash="ab" * 32),
        "f-hashed",
    )
    verdict = evaluate([secret, hashed], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["f-secret", "f-hashed"]
    assert verdict.violations[0].breaches == (
        Breach(
            Rule.SECRET,
            "a secret is exposed here; secrets fail whatever their severity: revoke and rotate"
            " it, then remove it from the code and history",
        ),
    )
    assert failing([secret, hashed], replace(DEFAULT_POLICY, secrets=AppliesTo.NEW)) == ["f-hashed"]
    assert failing([secret, hashed], replace(DEFAULT_POLICY, secrets=AppliesTo.OFF)) == []


def test_kev_listed_cve_fails_whatever_its_severity() -> None:
    log4j = record(
        sca(
            "log4j-core", "2.14.1", "GHSA-jfh8-c2jp-5v3q", Severity.LOW, aliases=("cve-2021-44228",)
        ),
        "f-log4j",
        is_new=False,
    )
    verdict = evaluate([log4j, MEDIUM], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["f-log4j"]
    assert verdict.violations[0].breaches == (
        Breach(
            Rule.KEV,
            "CVE-2021-44228 is in CISA's Known Exploited Vulnerabilities catalog: attackers"
            " exploit it now, so it fails whatever its severity",
        ),
    )
    assert failing([log4j], replace(DEFAULT_POLICY, kev=AppliesTo.NEW)) == []
    assert failing([replace(log4j, is_new=True)], replace(DEFAULT_POLICY, kev=AppliesTo.NEW)) == [
        "f-log4j"
    ]
    assert failing([log4j], replace(DEFAULT_POLICY, kev=AppliesTo.OFF)) == []


def test_two_kev_ids_and_rule_order() -> None:
    both = record(
        sca("x", "1", "CVE-2021-44228", Severity.CRITICAL, aliases=("CVE-2020-15999",)), "f-two"
    )
    verdict = evaluate([both], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert verdict.violations[0].rules == (Rule.KEV, Rule.SEVERITY)
    assert (
        verdict.violations[0]
        .breaches[0]
        .message.startswith("CVE-2021-44228 and CVE-2020-15999 are in CISA's")
    )


def test_missing_kev_catalog_is_a_warning_while_the_rule_is_on() -> None:
    warning = (
        "the KEV rule is on but no KEV catalog was loaded, so it checked nothing"
        " (set kev_catalog in the policy or VIGIL_KEV_CATALOG)"
    )
    assert evaluate([LOW], DEFAULT_POLICY, kev=NO_KEV, today=TODAY).warnings == (warning,)
    off = replace(DEFAULT_POLICY, kev=AppliesTo.OFF)
    assert evaluate([LOW], off, kev=NO_KEV, today=TODAY).warnings == ()


def test_triaged_records_do_not_fail_and_fixed_ones_are_ignored() -> None:
    false_positive = replace(CRITICAL, status=Status.FALSE_POSITIVE)
    accepted = replace(HIGH, status=Status.ACCEPTED, accepted_until=TODAY)
    fixed = replace(
        MEDIUM, status=Status.FIXED, finding=replace(MEDIUM.finding, severity=Severity.CRITICAL)
    )
    confirmed = replace(
        LOW, status=Status.CONFIRMED, finding=replace(LOW.finding, severity=Severity.HIGH)
    )
    verdict = evaluate(
        [false_positive, accepted, fixed, confirmed], DEFAULT_POLICY, kev=KEV, today=TODAY
    )
    assert [v.fingerprint for v in verdict.violations] == ["f-low"]
    assert verdict.triaged == (false_positive, accepted)
    assert verdict.counts[Severity.CRITICAL] == 1  # the fixed critical is not counted
    assert sum(verdict.counts.values()) == 3


def test_acceptance_expires_the_day_after_accepted_until() -> None:
    accepted = replace(HIGH, status=Status.ACCEPTED, accepted_until=TODAY - timedelta(days=1))
    verdict = evaluate([accepted], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert [v.fingerprint for v in verdict.violations] == ["f-high"]
    assert verdict.warnings == (
        "acceptance of 'SQL injection' (f-high) expired on 2025-06-29, so it is judged like an"
        " open one",
    )
    undated = replace(HIGH, status=Status.ACCEPTED)
    verdict = evaluate([undated], DEFAULT_POLICY, kev=KEV, today=TODAY)
    assert not verdict.passed
    assert verdict.warnings == (
        "accepted finding 'SQL injection' (f-high) has no expiry date, so it is judged like an"
        " open one",
    )


def _suppression(**matchers: str) -> Suppression:
    return Suppression(reason="reviewed", expires=TODAY, number=1, **matchers)  # type: ignore[arg-type]


def test_suppression_applies_through_its_expiry_day() -> None:
    on_the_day = replace(DEFAULT_POLICY, suppressions=(_suppression(fingerprint="f-high"),))
    verdict = evaluate([HIGH], on_the_day, kev=KEV, today=TODAY)
    assert verdict.passed
    assert [(s.record.fingerprint, s.suppression.number) for s in verdict.suppressed] == [
        ("f-high", 1)
    ]
    assert verdict.warnings == (
        "suppression #1 (fingerprint=f-high) expires on 2025-06-30 (last day)",
    )
    next_day = evaluate([HIGH], on_the_day, kev=KEV, today=TODAY + timedelta(days=1))
    assert not next_day.passed and next_day.suppressed == ()
    assert next_day.warnings == (
        "suppression #1 (fingerprint=f-high) expired on 2025-06-30 and no longer applies"
        " (1 finding it matches count again)",
    )


def test_expiry_notice_starts_two_weeks_ahead() -> None:
    policy = replace(DEFAULT_POLICY, suppressions=(_suppression(fingerprint="f-high"),))
    assert evaluate([HIGH], policy, kev=KEV, today=TODAY - timedelta(days=14)).warnings == ()
    assert evaluate([HIGH], policy, kev=KEV, today=TODAY - timedelta(days=13)).warnings == (
        "suppression #1 (fingerprint=f-high) expires on 2025-06-30 (13 days left)",
    )


def test_unused_suppressions_are_noted_once() -> None:
    policy = replace(
        DEFAULT_POLICY,
        suppressions=(
            replace(_suppression(rule_id="nope"), number=1, expires=date(2026, 1, 1)),
            replace(_suppression(rule_id="gone"), number=2, expires=date(2026, 1, 1)),
        ),
    )
    assert evaluate([LOW], policy, kev=KEV, today=TODAY).warnings == (
        "suppressions #1, #2 match no finding here (remove them once fixed)",
    )


def test_each_matcher_and_their_conjunction() -> None:
    log4j = record(
        sca(
            "org.apache.logging.log4j:log4j-core",
            "2.14.1",
            "CVE-2021-44228",
            Severity.CRITICAL,
            purl="pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            aliases=("GHSA-jfh8-c2jp-5v3q",),
        ),
        "f-log4j",
    )
    records = [log4j, HIGH, CRITICAL]
    cases = {
        "fingerprint": (_suppression(fingerprint="f-log4j"), ["f-log4j"]),
        "rule": (_suppression(rule_id="python.sqli"), ["f-high", "f-crit"]),
        "alias": (_suppression(vulnerability_id="ghsa-jfh8-c2jp-5v3q"), ["f-log4j"]),
        "path": (_suppression(path="app/*.py"), ["f-high", "f-crit"]),
        "no path": (_suppression(path="tests/**"), []),
        "purl": (_suppression(component="pkg:maven/org.apache.logging.log4j/"), ["f-log4j"]),
        "name": (_suppression(component="ORG.apache.logging.log4j:log4j-core"), ["f-log4j"]),
        "both": (_suppression(rule_id="python.sqli", path="lib/**"), []),
    }
    for name, (suppression, expected) in cases.items():
        policy = replace(DEFAULT_POLICY, suppressions=(suppression,))
        verdict = evaluate(records, policy, kev=KEV, today=TODAY)
        assert [s.record.fingerprint for s in verdict.suppressed] == expected, name


def test_suppression_also_covers_secrets_and_kev() -> None:
    secret = record(finding("Key", Severity.HIGH, Category.SECRET, path="conf/aws.tf"), "f-secret")
    log4j = record(sca("log4j-core", "2.14.1", "CVE-2021-44228", Severity.CRITICAL), "f-log4j")
    policy = replace(
        DEFAULT_POLICY,
        suppressions=(
            _suppression(path="/conf/**"),
            replace(_suppression(vulnerability_id="CVE-2021-44228"), number=2),
        ),
    )
    verdict = evaluate([secret, log4j], policy, kev=KEV, today=TODAY)
    assert verdict.passed
    assert [(s.record.fingerprint, s.suppression.number) for s in verdict.suppressed] == [
        ("f-secret", 1),
        ("f-log4j", 2),
    ]


def test_first_matching_suppression_wins() -> None:
    first = replace(_suppression(rule_id="python.sqli"), number=1, expires=date(2026, 1, 1))
    second = replace(_suppression(fingerprint="f-high"), number=2, expires=date(2026, 1, 1))
    policy = replace(DEFAULT_POLICY, suppressions=(first, second))
    verdict = evaluate([HIGH], policy, kev=KEV, today=TODAY)
    assert [s.suppression.number for s in verdict.suppressed] == [1]
    assert verdict.warnings == ("suppressions #2 match no finding here (remove them once fixed)",)


def test_lines_and_summary() -> None:
    log4j = record(
        sca("log4j-core", "2.14.1", "CVE-2021-44228", Severity.CRITICAL),
        "f-log4j",
    )
    suppressed = replace(_suppression(fingerprint="f-high"), expires=date(2026, 1, 1))
    policy = replace(DEFAULT_POLICY, source="ci/policy.yaml", suppressions=(suppressed,))
    known_low = replace(LOW, is_new=False)
    verdict = evaluate([log4j, HIGH, known_low], policy, kev=KEV, today=TODAY)
    assert verdict.lines() == [
        "FAIL  critical  CVE-2021-44228 in log4j-core 2.14.1",
        "      where: log4j-core 2.14.1",
        "      why:   [kev] CVE-2021-44228 is in CISA's Known Exploited Vulnerabilities catalog:"
        " attackers exploit it now, so it fails whatever its severity",
        "      why:   [severity] the policy fails new findings of severity high or above, and"
        " this one is critical",
        "      fingerprint: f-log4j",
        "suppressed  high      SQL injection (app/db.py:12) by suppression #1"
        " (fingerprint=f-high) until 2026-01-01: reviewed",
        "gate FAILED: 1 failing, 3 findings (critical 1, high 1, low 1), 1 suppressed,"
        " 0 triaged, 1 known before; policy: ci/policy.yaml",
    ]
    passed = evaluate([known_low], policy, kev=KEV, today=TODAY)
    assert passed.lines()[-1] == (
        "gate PASSED: 0 failing, 1 finding (low 1), 0 suppressed, 0 triaged, 1 known before;"
        " policy: ci/policy.yaml"
    )


def test_where_for_endpoints_components_and_bare_rules() -> None:
    from vigil.model import Endpoint, Finding, Tool

    web = Finding(
        title="Missing CSP",
        severity=Severity.MEDIUM,
        category=Category.DAST,
        tool=Tool("zap"),
        rule_id="10038",
        endpoints=(Endpoint("http://shop.local/cart", method="GET"),),
    )
    placed = replace(
        finding("Outdated lodash", path="package-lock.json", line=None),
        component=Component("lodash", "4.17.20"),
    )
    bare = replace(finding(), location=None)
    from vigil.policy.verdict import where

    assert where(web) == "GET http://shop.local/cart"
    assert where(placed) == "lodash 4.17.20 at package-lock.json"
    assert where(bare) == "rule python.sqli"
