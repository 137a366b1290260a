"""The ``licenses:`` section of a gate policy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import PolicyError
from vigil.model import Severity
from vigil.model.license import DEFAULT_LICENSE_POLICY, LicensePolicy
from vigil.policy.loader import load_policy


def _load(tmp_path: Path, text: str, name: str = "policy.yaml") -> LicensePolicy | None:
    path = tmp_path / name
    path.write_text(text)
    return load_policy(path).licenses


def test_a_full_section(tmp_path: Path) -> None:
    text = (
        "version: 1\nlicenses:\n  deny: [AGPL-*, GPL-3.0*]\n  allow: [MIT, Apache-2.0]\n"
        "  unknown: medium\n  severity: critical\n"
    )
    assert _load(tmp_path, text) == LicensePolicy(
        deny=("AGPL-*", "GPL-3.0*"),
        allow=("MIT", "Apache-2.0"),
        unknown=Severity.MEDIUM,
        severity=Severity.CRITICAL,
    )


def test_defaults_fill_what_is_missing_and_ignore_turns_unknown_off(tmp_path: Path) -> None:
    assert _load(tmp_path, "version: 1\nlicenses: {}\n") == DEFAULT_LICENSE_POLICY
    assert _load(tmp_path, "version: 1\nlicenses:\n  unknown: ignore\n") == LicensePolicy(
        unknown=None
    )
    assert _load(tmp_path, "version: 1\n") is None
    toml = 'version = 1\n[licenses]\ndeny = ["SSPL-*"]\nunknown = "off"\n'
    assert _load(tmp_path, toml, "policy.toml") == LicensePolicy(deny=("SSPL-*",), unknown=None)


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("  denny: [MIT]\n", "licenses.denny: unknown key (did you mean 'deny'?)"),
        ("  deny: MIT\n", "licenses.deny: expected a list, not a text"),
        ("  deny: ['']\n", "licenses.deny[1]: expected a non-empty text"),
        ("  unknown: loud\n", "licenses.unknown: unknown severity 'loud'"),
        ("  severity: none\n", "licenses.severity: unknown severity 'none'"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, section: str, problem: str) -> None:
    with pytest.raises(PolicyError, match=r"policy\.yaml: ") as caught:
        _load(tmp_path, "version: 1\nlicenses:\n" + section)
    assert problem in str(caught.value)
