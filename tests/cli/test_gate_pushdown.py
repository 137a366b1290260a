"""The store gate reads only findings that can change the verdict; the verdict must be the one
that judging every stored finding gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vigil.advisories.kev import load_kev
from vigil.cli.commands import _relevant_stored_records, stored_records
from vigil.cli.main import app
from vigil.policy.evaluate import evaluate
from vigil.policy.loader import policy_from_mapping
from vigil.policy.model import DEFAULT_POLICY, Policy

KEV = load_kev(
    Path(__file__).parent.parent / "data" / "kev" / "known_exploited_vulnerabilities.json"
)
REPORTS = [
    SAMPLES / "trivy" / "legacy_many_vulns.json",
    SAMPLES / "anchore_grype" / "many_vulns3.json",
    SAMPLES / "gitleaks" / "gitleaks8_many.json",
    SAMPLES / "bandit" / "dd.json",
]
POLICIES = {
    "default": DEFAULT_POLICY,
    "medium-all": policy_from_mapping(
        {"version": 1, "new_only": False, "fail_on": {"severity": "medium"}}, source="t"
    ),
    "limits": policy_from_mapping(
        {
            "version": 1,
            "fail_on": {"severity": "critical", "categories": {"sast": "low"}},
            "limits": [{"severity": "high", "max": 3}],
        },
        source="t",
    ),
    "nothing": policy_from_mapping(
        {"version": 1, "fail_on": {"severity": "none", "secrets": False, "kev": False}}, source="t"
    ),
}


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_relevant_records_give_the_full_verdict(store_url: str, name: str) -> None:
    env = {"VIGIL_DATABASE_URL": store_url}
    runner = CliRunner()
    for reports in (REPORTS[:2], REPORTS):  # the second import makes the first findings known
        result = runner.invoke(
            app, ["import", "-p", "shop", "-b", "main", *map(str, reports)], env=env
        )
        assert result.exit_code == 0, result.stderr
    rules: Policy = POLICIES[name]
    today = datetime.now(UTC).date()
    everything = stored_records("shop", "main", store_url, include_closed=True, full=False)
    full = evaluate(everything, rules, kev=KEV, today=today)
    records, population = _relevant_stored_records(rules, True, "shop", "main", store_url)
    assert population is not None
    assert len(records) <= len(everything)
    if name in ("default", "nothing"):
        assert len(records) < len(everything)
    pushed = evaluate(records, rules, kev=KEV, today=today, population=population)
    assert pushed.passed == full.passed
    assert [v.fingerprint for v in pushed.violations] == [v.fingerprint for v in full.violations]
    assert pushed.counts == full.counts and pushed.known == full.known
    assert pushed.lines() == full.lines()
