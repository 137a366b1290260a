"""Policy files: the examples load to exactly the intended policy, in YAML and TOML alike, and
every kind of invalid content fails with one line naming the file and the key."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vigil.errors import PolicyError
from vigil.model import Category, Severity
from vigil.policy import (
    DEFAULT_POLICY,
    AppliesTo,
    Limit,
    Policy,
    Suppression,
    load_policy,
    policy_from_mapping,
)

EXAMPLES = Path(__file__).parent.parent.parent / "examples"

EXPECTED_EXAMPLE: dict[str, Any] = dict(
    new_only=True,
    threshold=Severity.HIGH,
    category_thresholds={
        Category.SAST: Severity.CRITICAL,
        Category.SECRET: Severity.LOW,
        Category.DAST: None,
    },
    secrets=AppliesTo.ALL,
    kev=AppliesTo.ALL,
    limits=(
        Limit(Severity.HIGH, 5),
        Limit(Severity.HIGH, 2, Category.CONTAINER),
        Limit(Severity.MEDIUM, 20),
    ),
    suppressions=(
        Suppression(
            reason="Only used to read archives we build ourselves (ticket SEC-142)",
            expires=date(2026, 3, 31),
            number=1,
            vulnerability_id="CVE-2018-1324",
            component="org.apache.commons:commons-compress",
        ),
        Suppression(
            reason="assert is how pytest tests are written",
            expires=date(2026, 12, 31),
            number=2,
            rule_id="B101",
            path="tests/**",
        ),
        Suppression(
            reason="No POSIX message queues in our services; base image update in OPS-77",
            expires=date(2025, 12, 31),
            number=3,
            component="pkg:deb/debian/libc6",
            vulnerability_id="CVE-2021-33574",
        ),
        Suppression(
            reason="Test fixture key, not a live credential; rotated anyway",
            expires=date(2026, 1, 15),
            number=4,
            fingerprint="0f8f2d8e6c1b4a7d9e3f5a2b6c8d0e1f3a5b7c9d",
        ),
    ),
)


@pytest.mark.parametrize("name", ["policy.yaml", "policy.toml"])
def test_example_policies_load_exactly(name: str) -> None:
    path = EXAMPLES / name
    policy = load_policy(path)
    assert policy == Policy(
        source=str(path),
        kev_catalog=EXAMPLES / ".vigil" / "known_exploited_vulnerabilities.json",
        **EXPECTED_EXAMPLE,
    )
    assert policy.threshold_for(Category.SAST) is Severity.CRITICAL
    assert policy.threshold_for(Category.DAST) is None
    assert policy.threshold_for(Category.SCA) is Severity.HIGH


def test_default_policy_is_new_high_any_secret_any_kev() -> None:
    assert DEFAULT_POLICY.new_only is True
    assert DEFAULT_POLICY.threshold is Severity.HIGH
    assert DEFAULT_POLICY.category_thresholds == {}
    assert DEFAULT_POLICY.secrets is AppliesTo.ALL
    assert DEFAULT_POLICY.kev is AppliesTo.ALL
    assert DEFAULT_POLICY.limits == () and DEFAULT_POLICY.suppressions == ()
    assert DEFAULT_POLICY.source == "default policy"


def test_minimal_file_is_the_default_policy(tmp_path: Path) -> None:
    path = tmp_path / "gate.yml"
    path.write_text("version: 1\n")
    assert load_policy(path) == Policy(source=str(path))


def test_yaml_spellings_of_booleans_dates_and_none(tmp_path: Path) -> None:
    # YAML 1.1 reads bare `off` as false and bare dates as dates; both must mean what they say.
    path = tmp_path / "p.yaml"
    path.write_text(
        "version: 1\nnew_only: false\nfail_on:\n  severity: off\n  secrets: new\n  kev: false\n"
        "  categories: {iac: MEDIUM}\n"
        "suppressions:\n  - {rule_id: X1, reason: ok, expires: '2025-07-01'}\n"
        "kev_catalog: /srv/kev.json\n"
    )
    policy = load_policy(path)
    assert policy.new_only is False
    assert policy.threshold is None
    assert policy.secrets is AppliesTo.NEW
    assert policy.kev is AppliesTo.OFF
    assert policy.category_thresholds == {Category.IAC: Severity.MEDIUM}
    assert policy.suppressions[0].expires == date(2025, 7, 1)
    assert policy.kev_catalog == Path("/srv/kev.json")


def _error(tmp_path: Path, text: str, name: str = "policy.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert "\n" not in message
    prefix = f"{path}: "
    assert message.startswith(prefix)
    return message[len(prefix) :]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the policy file is empty (it needs at least: version: 1)"),
        ("- version: 1\n", "expected a mapping of keys, not a list"),
        ("new_only: true\n", "missing required key 'version' (add: version: 1)"),
        ("version: 2\n", "version: unsupported policy version 2 (this vigil reads 1)"),
        ("version: '1'\n", "version: unsupported policy version '1' (this vigil reads 1)"),
        ("version: 1\nnew_onyl: true\n", "new_onyl: unknown key (did you mean 'new_only'?)"),
        (
            "version: 1\nfail_on: {severty: low}\n",
            "fail_on.severty: unknown key (did you mean 'severity'?)",
        ),
        (
            "version: 1\nwhatever: 3\n",
            "whatever: unknown key (known: version, new_only, kev_catalog, fail_on, limits,"
            " suppressions, licenses)",
        ),
        (
            "version: 1\nnew_only: yes please\n",
            "new_only: expected true or false, not 'yes please'",
        ),
        (
            "version: 1\nfail_on: {severity: hihg}\n",
            "fail_on.severity: unknown severity 'hihg' (use info, low, medium, high, critical"
            " or none)",
        ),
        (
            "version: 1\nfail_on: {severity: 3}\n",
            "fail_on.severity: unknown severity 3 (use info, low, medium, high, critical or none)",
        ),
        (
            "version: 1\nfail_on: {categories: {sca: high, web: low}}\n",
            "fail_on.categories.web: unknown key (known: sast, sca, secret, iac, container,"
            " dast, other)",
        ),
        (
            "version: 1\nfail_on: {secrets: always}\n",
            "fail_on.secrets: expected true, false or 'new', not 'always'",
        ),
        ("version: 1\nfail_on: high\n", "fail_on: expected a mapping of keys, not a text"),
        ("version: 1\nlimits: {high: 5}\n", "limits: expected a list, not a mapping"),
        ("version: 1\nlimits: [{severity: high}]\n", "limits[1]: missing required key 'max'"),
        (
            "version: 1\nlimits: [{severity: high, max: -1}]\n",
            "limits[1].max: must be a whole number of findings, 0 or more, not -1",
        ),
        (
            "version: 1\nlimits: [{severity: high, max: true}]\n",
            "limits[1].max: must be a whole number of findings, 0 or more, not True",
        ),
        (
            "version: 1\nlimits: [{severity: none, max: 1}]\n",
            "limits[1].severity: unknown severity 'none' (use info, low, medium, high, critical)",
        ),
        (
            "version: 1\nlimits: [{severity: low, max: 1, category: web}]\n",
            "limits[1].category: unknown category 'web' (use sast, sca, secret, iac, container,"
            " dast, other)",
        ),
        (
            "version: 1\nlimits:\n- {severity: low, max: 1}\n- {severity: LOW, max: 2}\n",
            "limits[2]: repeats limits[1] (same severity and category)",
        ),
        (
            "version: 1\nsuppressions: [{rule_id: B101, expires: 2026-01-01}]\n",
            "suppressions[1]: missing required key 'reason' (say why this is acceptable)",
        ),
        (
            "version: 1\nsuppressions: [{rule_id: B101, reason: tests}]\n",
            "suppressions[1]: missing required key 'expires' (YYYY-MM-DD, when to look again)",
        ),
        (
            "version: 1\nsuppressions: [{reason: tests, expires: 2026-01-01}]\n",
            "suppressions[1]: needs at least one matcher (fingerprint, rule_id, vulnerability_id,"
            " path, component)",
        ),
        (
            "version: 1\nsuppressions: [{rule_id: B1, reason: '  ', expires: 2026-01-01}]\n",
            "suppressions[1].reason: expected a non-empty text, not '  ' (quote it)",
        ),
        (
            "version: 1\nsuppressions: [{fingerprint: 1234, reason: x, expires: 2026-01-01}]\n",
            "suppressions[1].fingerprint: expected a non-empty text, not 1234 (quote it)",
        ),
        (
            "version: 1\nsuppressions: [{rule_id: B1, reason: x, expires: next week}]\n",
            "suppressions[1].expires: expected a date (YYYY-MM-DD), not 'next week'",
        ),
        (
            "version: 1\nsuppressions: [{rule_id: B1, reason: x, expires: 2026-01-01 10:00:00}]\n",
            "suppressions[1].expires: expected a date without a time (YYYY-MM-DD), not"
            " '2026-01-01T10:00:00'",
        ),
        (
            "version: 1\nsuppressions:\n- {rule_id: B1, reason: x, expires: 2026-01-01}\n"
            "- {rule: B2, reason: x, expires: 2026-01-01}\n",
            "suppressions[2].rule: unknown key (did you mean 'rule_id'?)",
        ),
        (
            "version: 1\nkev_catalog: ''\n",
            "kev_catalog: expected a non-empty text, not '' (quote it)",
        ),
        (
            "version: 1\nfail_on:\n  severity: low\n  severity: critical\n",
            "not valid YAML at line 4: duplicate key 'severity' (line 4)",
        ),
        (
            "version: 1\nfail_on: [high\n",
            "not valid YAML at line 3: expected ',' or ']', but got '<stream end>'",
        ),
    ],
)
def test_invalid_yaml_policies(tmp_path: Path, text: str, message: str) -> None:
    assert _error(tmp_path, text) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('version = 1\nnew_only = "true"\n', "new_only: expected true or false, not 'true'"),
        (
            "version = 1\n[[suppressions]]\nrule_id = 'B1'\nreason = 'x'\n"
            "expires = 2026-01-01T10:00:00\n",
            "suppressions[1].expires: expected a date without a time (YYYY-MM-DD), not"
            " '2026-01-01T10:00:00'",
        ),
    ],
)
def test_invalid_toml_policies(tmp_path: Path, text: str, message: str) -> None:
    assert _error(tmp_path, text, "policy.toml") == message


def test_duplicate_toml_key_names_the_line(tmp_path: Path) -> None:
    # tomllib's column count has changed between Python releases; the line is what matters.
    message = _error(
        tmp_path, "version = 1\n[fail_on]\nseverity = 'high'\nseverity = 'low'\n", "p.toml"
    )
    assert message.startswith("not valid TOML: Cannot overwrite a value (at line 4, column ")


def test_unknown_file_type_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"policy\.json: unknown policy file type '\.json'"):
        load_policy(tmp_path / "policy.json")
    missing = tmp_path / "absent.yaml"
    with pytest.raises(PolicyError) as caught:
        load_policy(missing)
    assert (
        str(caught.value) == f"{missing}: cannot read the policy file (No such file or directory)"
    )


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}: the policy file is not UTF-8 text"


def test_relative_kev_catalog_is_resolved_against_the_policy_folder(tmp_path: Path) -> None:
    policy = policy_from_mapping(
        {"version": 1, "kev_catalog": "data/kev.json"}, source="p.yaml", base=tmp_path
    )
    assert policy.kev_catalog == tmp_path / "data" / "kev.json"
