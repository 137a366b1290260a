"""The gate on real scanner reports: Trivy (container CVEs, one of them KEV-listed; secrets and
misconfigurations), Gitleaks (secrets) and Grype (purls, GHSA with CVE alias), with the real
KEV catalog excerpt, policy files on disk and a baseline written and read back."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.policy.records import KEV_EXCERPT, TODAY, by_title, sample_records
from vigil.advisories.kev import load_kev
from vigil.model import Category, Severity
from vigil.policy import DEFAULT_POLICY, AppliesTo, Rule, evaluate, load_policy
from vigil.triage.baseline import baseline_from_records, mark_known, read_baseline, write_baseline

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


@pytest.fixture(scope="module")
def kev() -> frozenset[str]:
    return load_kev(KEV_EXCERPT)


@pytest.fixture(scope="module")
def trivy() -> list:
    return sample_records("trivy", "scheme_2_many_vulns.json")


def _policy(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\n" + text)
    return load_policy(path)


def test_trivy_default_policy_fails_kev_critical_and_high(trivy: list, kev: frozenset[str]) -> None:
    verdict = evaluate(trivy, DEFAULT_POLICY, kev=kev, today=TODAY)
    assert not verdict.passed
    summary = [(v.rules, v.severity, v.record.finding.title, v.where) for v in verdict.violations]
    assert summary == [
        ((Rule.KEV,), Severity.MEDIUM, "CVE-2020-15999 in freetype 2.9.1-r2", "freetype 2.9.1-r2"),
        (
            (Rule.SEVERITY,),
            Severity.CRITICAL,
            "CVE-2019-12900 in libbz2 1.0.6-r6",
            "libbz2 1.0.6-r6",
        ),
        (
            (Rule.SEVERITY,),
            Severity.HIGH,
            "CVE-2020-28196 in krb5-libs 1.15.5-r0",
            "krb5-libs 1.15.5-r0",
        ),
    ]
    assert verdict.violations[0].reason == (
        "CVE-2020-15999 is in CISA's Known Exploited Vulnerabilities catalog: attackers exploit"
        " it now, so it fails whatever its severity"
    )
    assert verdict.counts == {
        Severity.CRITICAL: 1,
        Severity.HIGH: 1,
        Severity.MEDIUM: 3,
        Severity.LOW: 0,
        Severity.INFO: 0,
    }
    assert verdict.warnings == ()
    assert verdict.lines()[-1] == (
        "gate FAILED: 3 failing, 5 findings (critical 1, high 1, medium 3), 0 suppressed,"
        " 0 triaged, 0 known before; policy: default policy"
    )


def test_trivy_without_a_kev_catalog_misses_the_exploited_medium(trivy: list) -> None:
    verdict = evaluate(trivy, DEFAULT_POLICY, kev=frozenset(), today=TODAY)
    assert [v.record.finding.vulnerability_ids for v in verdict.violations] == [
        ("CVE-2019-12900",),
        ("CVE-2020-28196",),
    ]
    assert len(verdict.warnings) == 1 and verdict.warnings[0].startswith("the KEV rule is on")


def test_example_policy_on_trivy(trivy: list, kev: frozenset[str]) -> None:
    """Limits let the one high container finding through, the commons-compress suppression
    takes CVE-2018-1324 out, and the KEV medium and the critical still fail."""
    policy = load_policy(EXAMPLES / "policy.yaml")
    verdict = evaluate(trivy, policy, kev=kev, today=TODAY)
    assert [(v.rule, v.record.finding.vulnerability_ids[0]) for v in verdict.violations] == [
        (Rule.KEV, "CVE-2020-15999"),
        (Rule.SEVERITY, "CVE-2019-12900"),
    ]
    assert [(s.record.finding.title, s.suppression.number) for s in verdict.suppressed] == [
        ("CVE-2018-1324 in org.apache.commons:commons-compress 1.14", 1)
    ]
    assert verdict.warnings == (
        "suppressions #2, #3, #4 match no finding here (remove them once fixed)",
    )
    toml = evaluate(trivy, load_policy(EXAMPLES / "policy.toml"), kev=kev, today=TODAY)
    assert toml.violations == verdict.violations and toml.suppressed == verdict.suppressed


def test_trivy_baseline_round_trip_leaves_only_kev(
    trivy: list, kev: frozenset[str], tmp_path: Path
) -> None:
    path = tmp_path / "vigil-baseline.json"
    write_baseline(path, baseline_from_records(trivy, TODAY))
    baseline = read_baseline(path)
    assert len(baseline) == 5 and baseline.created == TODAY
    known = mark_known(trivy, baseline)
    assert [r.is_new for r in known] == [False] * 5
    verdict = evaluate(known, DEFAULT_POLICY, kev=kev, today=TODAY)
    # Known findings no longer fail on severity, but an exploited CVE fails even when known.
    assert [v.record.finding.title for v in verdict.violations] == [
        "CVE-2020-15999 in freetype 2.9.1-r2"
    ]
    assert verdict.known == 5
    assert evaluate(known, replace(DEFAULT_POLICY, kev=AppliesTo.NEW), kev=kev, today=TODAY).passed


def test_trivy_suppression_of_the_kev_cve_until_its_expiry(
    trivy: list, kev: frozenset[str], tmp_path: Path
) -> None:
    policy = _policy(
        tmp_path,
        "fail_on: {severity: critical}\n"
        "suppressions:\n"
        "  - vulnerability_id: cve-2020-15999\n"
        "    component: freetype\n"
        "    reason: fonts come only from our own bundle\n"
        "    expires: 2025-06-30\n",
    )
    verdict = evaluate(trivy, policy, kev=kev, today=TODAY)
    assert [v.record.finding.title for v in verdict.violations] == [
        "CVE-2019-12900 in libbz2 1.0.6-r6"
    ]
    assert [s.record.finding.title for s in verdict.suppressed] == [
        "CVE-2020-15999 in freetype 2.9.1-r2"
    ]
    later = evaluate(trivy, policy, kev=kev, today=TODAY + timedelta(days=1))
    assert [v.rule for v in later.violations] == [Rule.KEV, Rule.SEVERITY]
    assert later.warnings == (
        "suppression #1 (vulnerability_id=cve-2020-15999, component=freetype) expired on"
        " 2025-06-30 and no longer applies (1 finding it matches count again)",
    )


def test_trivy_secrets_fail_even_with_no_threshold(kev: frozenset[str], tmp_path: Path) -> None:
    records = sample_records("trivy", "misconfigurations_and_secrets.json")
    policy = _policy(tmp_path, "fail_on: {severity: none, categories: {iac: high}}\n")
    verdict = evaluate(records, policy, kev=kev, today=TODAY)
    failing = [(v.rule, v.record.finding.rule_id, v.where) for v in verdict.violations]
    assert failing == [
        (Rule.SECRET, "github-pat", "Dockerfile:24"),
        (Rule.SECRET, "github-pat", "secret.txt:1"),
        (Rule.SEVERITY, "DS002", "Dockerfile"),
    ]
    assert verdict.violations[0].rules == (Rule.SECRET,)  # no threshold, so only the secret rule
    suppressed = _policy(
        tmp_path,
        "suppressions: [{path: secret.txt, rule_id: github-pat, reason: revoked token,"
        " expires: 2025-07-31}]\n",
    )
    verdict = evaluate(records, suppressed, kev=kev, today=TODAY)
    assert [v.where for v in verdict.violations if v.rule is Rule.SECRET] == ["Dockerfile:24"]


def test_gitleaks_secrets_fail_and_never_leak_into_the_verdict(
    kev: frozenset[str], tmp_path: Path
) -> None:
    records = sample_records("gitleaks", "gitleaks8_many.json")
    policy = _policy(tmp_path, "fail_on: {severity: critical}\n")
    verdict = evaluate(records, policy, kev=kev, today=TODAY)
    assert [(v.rule, v.where) for v in verdict.violations] == [
        (Rule.SECRET, "/conf/aws.tf:2"),
        (Rule.SECRET, "conf/rsa.pk:57"),
        (Rule.SECRET, "tests/api.py:21"),
    ]
    assert all(r.finding.category is Category.SECRET for r in records)
    text = "\n".join(verdict.lines())
    assert "secretAWSsecret" not in text and "dfjksdjfs3294dfjlsdaf213" not in text
    # "/conf/aws.tf" and "conf/rsa.pk" are both under conf/ once the leading slash is dropped.
    conf = _policy(
        tmp_path, "suppressions: [{path: 'conf/**', reason: sample keys, expires: 2025-12-31}]\n"
    )
    verdict = evaluate(records, conf, kev=kev, today=TODAY)
    assert [v.where for v in verdict.violations] == ["tests/api.py:21"]
    assert len(verdict.suppressed) == 2


def test_grype_purl_prefixes_aliases_and_category_limits(
    kev: frozenset[str], tmp_path: Path
) -> None:
    records = sample_records("anchore_grype", "check_all_fields.json")
    django = by_title(records, "GHSA-v6rh-hp5x-86rv in Django 3.2.9")
    assert django.finding.vulnerability_ids == ("GHSA-v6rh-hp5x-86rv", "CVE-2021-44420")
    policy = _policy(
        tmp_path,
        "limits: [{severity: high, category: container, max: 1}]\n"
        "suppressions:\n"
        "  - {component: 'pkg:deb/debian/libc6', reason: r, expires: 2025-12-31}\n"
        "  - {component: 'pkg:deb/debian/libc', reason: r, expires: 2025-12-31}\n",
    )
    verdict = evaluate(records, policy, kev=kev, today=TODAY)
    assert [s.record.finding.title for s in verdict.suppressed] == [
        "CVE-2021-33574 in libc6 2.28-10"
    ]
    assert [(v.rule, v.record.finding.title) for v in verdict.violations] == [
        (Rule.LIMIT, "GHSA-v6rh-hp5x-86rv in Django 3.2.9"),
        (Rule.LIMIT, "CVE-2021-32626 in redis 4.0.2"),
        (Rule.SEVERITY, "CVE-2021-33574 in libc-bin 2.28-10"),
    ]
    assert verdict.violations[0].reason == (
        "there are 2 new high container findings and the policy allows at most 1"
    )
    assert verdict.warnings == ("suppressions #2 match no finding here (remove them once fixed)",)
    alias = _policy(
        tmp_path,
        "suppressions: [{vulnerability_id: CVE-2021-44420, reason: r, expires: 2025-12-31}]\n",
    )
    verdict = evaluate(records, alias, kev=kev, today=TODAY)
    assert [s.record for s in verdict.suppressed] == [django]


def _doc_block(heading: str) -> str:
    text = (EXAMPLES.parent / "docs" / "policy.md").read_text()
    section = text.split(f"## {heading}\n", 1)[1]
    return section.split("```", 2)[1].split("\n", 1)[1]


def test_docs_output_is_what_the_gate_prints(
    trivy: list, kev: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)  # the policy is named as given: examples/policy.yaml
    policy = load_policy(Path("examples") / "policy.yaml")
    lines = evaluate(trivy, policy, kev=kev, today=TODAY).lines()
    # Fingerprints come from the identity recipe, which the policy stage does not own.
    masked = [re.sub(r"fingerprint: \w+", "fingerprint: …", line) for line in lines]
    documented = [
        re.sub(r"fingerprint: \w+", "fingerprint: …", line)
        for line in _doc_block("Output").splitlines()
    ]
    assert masked == documented


def test_docs_full_example_is_the_example_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(_doc_block("Full example"))
    documented = load_policy(path)
    example = load_policy(EXAMPLES / "policy.yaml")
    assert replace(documented, source="", kev_catalog=None) == replace(
        example, source="", kev_catalog=None
    )
