"""The license scanner on real lockfiles, and SPDX expressions under license policies."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.model import Category, Dependency, Severity
from vigil.model.license import DEFAULT_LICENSE_POLICY, LicensePolicy
from vigil.scanners.interface import ScanRequest
from vigil.scanners.licenses import Judgement, LicenseScanner, judge, licence_findings
from vigil.scanners.lockfiles._license import normalise

DATA = Path(__file__).parent.parent / "data"
COMPOSER = DATA / "lockfiles" / "composer" / "coarnotifyphp"
EXPRESS = DATA / "lockfiles" / "npm" / "express"
GOMOD = DATA / "lockfiles" / "gomod"

DENY_GPL3 = LicensePolicy(deny=("GPL-3.0*", "AGPL-*"))
ALLOW = LicensePolicy(deny=(), allow=("MIT", "Apache-2.0", "BSD-*"))


@pytest.mark.parametrize(
    ("expression", "policy", "expected"),
    [
        ("MIT", DEFAULT_LICENSE_POLICY, (Judgement.ALLOWED, ())),
        ("AGPL-3.0-only", DEFAULT_LICENSE_POLICY, (Judgement.REFUSED, ("AGPL-3.0-only",))),
        ("agpl-3.0-or-later", DEFAULT_LICENSE_POLICY, (Judgement.REFUSED, ("AGPL-3.0-or-later",))),
        ("SSPL-1.0", DEFAULT_LICENSE_POLICY, (Judgement.REFUSED, ("SSPL-1.0",))),
        # OR: acceptable when either side is; AND: only when both are
        ("MIT OR GPL-3.0-only", DENY_GPL3, (Judgement.ALLOWED, ("GPL-3.0-only",))),
        ("MIT AND GPL-3.0-or-later", DENY_GPL3, (Judgement.REFUSED, ("GPL-3.0-or-later",))),
        ("(MIT AND GPL-3.0-only) OR Apache-2.0", DENY_GPL3, (Judgement.ALLOWED, ("GPL-3.0-only",))),
        (
            "GPL-3.0-only OR AGPL-3.0-only",
            DENY_GPL3,
            (Judgement.REFUSED, ("GPL-3.0-only", "AGPL-3.0-only")),
        ),
        ("GPL-3.0-only WITH GCC-exception-3.1", DENY_GPL3, (Judgement.REFUSED, ("GPL-3.0-only",))),
        ("GPL-2.0-only WITH Classpath-exception-2.0", DENY_GPL3, (Judgement.ALLOWED, ())),
        # unknown: nothing, NOASSERTION, free text, a LicenseRef nobody allowed
        (None, DEFAULT_LICENSE_POLICY, (Judgement.UNKNOWN, ())),
        ("NOASSERTION", DEFAULT_LICENSE_POLICY, (Judgement.UNKNOWN, ())),
        ("SEE LICENSE IN LICENSE.md", DEFAULT_LICENSE_POLICY, (Judgement.UNKNOWN, ())),
        ("LicenseRef-acme", DEFAULT_LICENSE_POLICY, (Judgement.UNKNOWN, ())),
        ("MIT OR LicenseRef-acme", DEFAULT_LICENSE_POLICY, (Judgement.ALLOWED, ())),
        ("MIT AND LicenseRef-acme", DEFAULT_LICENSE_POLICY, (Judgement.UNKNOWN, ())),
        # an allow list refuses every known licence not on it
        ("BSD-3-Clause", ALLOW, (Judgement.ALLOWED, ())),
        ("ISC", ALLOW, (Judgement.REFUSED, ("ISC",))),
        ("ISC OR MIT", ALLOW, (Judgement.ALLOWED, ("ISC",))),
        ("LicenseRef-acme", LicensePolicy(allow=("LicenseRef-acme",)), (Judgement.ALLOWED, ())),
        # a deny glob can name free text too
        (
            "Proprietary",
            LicensePolicy(deny=("proprietary",)),
            (Judgement.REFUSED, ("Proprietary",)),
        ),
    ],
)
def test_expressions_under_policies(
    expression: str | None, policy: LicensePolicy, expected: tuple[Judgement, tuple[str, ...]]
) -> None:
    assert judge(expression, policy) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MIT", "MIT"),
        ("mit", "MIT"),
        ("MIT License", "MIT"),
        ("License :: OSI Approved :: MIT License", "MIT"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("apache-2.0 or mit", "Apache-2.0 OR MIT"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("License :: OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
        # which BSD? kept as written, less the classifier prefix
        ("License :: OSI Approved :: BSD License", "BSD License"),
        ("SEE LICENSE IN LICENSE.md", "SEE LICENSE IN LICENSE.md"),
        ("noassertion", "NOASSERTION"),
        ("  ", None),
        (None, None),
    ],
)
def test_normalised_to_spdx_only_when_unambiguous(text: str | None, expected: str | None) -> None:
    assert normalise(text) == expected


def _scan(root: Path, policy: LicensePolicy | None = None) -> tuple[list[tuple[str, str]], str]:
    outcome = LicenseScanner().scan(ScanRequest(root=root, license_policy=policy))
    assert outcome.errors == []
    return sorted((f.rule_id, f.title) for f in outcome.findings), outcome.summary


def test_default_policy_passes_a_permissive_project() -> None:
    assert _scan(COMPOSER) == ([], "1 dependency files with licenses: 0 license findings")


def test_denied_licences_of_a_real_composer_lock() -> None:
    outcome = LicenseScanner().scan(
        ScanRequest(root=COMPOSER, license_policy=LicensePolicy(deny=("BSD-*",)))
    )
    assert len(outcome.findings) == 27
    assert {(f.rule_id, f.severity, f.category) for f in outcome.findings} == {
        ("license-denied", Severity.HIGH, Category.OTHER)
    }
    [phpunit] = [
        f for f in outcome.findings if f.component and f.component.name == "phpunit/phpunit"
    ]
    assert (
        phpunit.title
        == "phpunit/phpunit 9.6.22: license BSD-3-Clause is denied by the license policy"
    )
    assert phpunit.component is not None
    assert phpunit.component.purl == "pkg:composer/phpunit/phpunit@9.6.22"
    assert phpunit.tags == ("license", "direct", "dev")


def test_an_allow_list_refuses_everything_else() -> None:
    findings, _ = _scan(EXPRESS, LicensePolicy(deny=(), allow=("MIT",), severity=Severity.MEDIUM))
    assert findings == [
        ("license-not-allowed", "inherits 2.0.4: license ISC is not allowed by the license policy"),
        (
            "license-not-allowed",
            "qs 6.13.0: license BSD-3-Clause is not allowed by the license policy",
        ),
        (
            "license-not-allowed",
            "setprototypeof 1.2.0: license ISC is not allowed by the license policy",
        ),
    ]


def test_unknown_licences_at_the_policy_level_or_ignored(tmp_path: Path) -> None:
    lock = tmp_path / "package-lock.json"
    lock.write_text(
        '{"name": "app", "lockfileVersion": 3, "packages": {'
        '"": {"dependencies": {"a": "1", "b": "1", "c": "1"}},'
        '"node_modules/a": {"version": "1.0.0", "license": "MIT"},'
        '"node_modules/b": {"version": "1.0.0"},'
        '"node_modules/c": {"version": "2.0.0", "license": "SEE LICENSE IN LICENSE"}}}'
    )
    outcome = LicenseScanner().scan(ScanRequest(root=tmp_path))
    assert sorted((f.title, f.severity) for f in outcome.findings) == [
        ("b 1.0.0: license unknown", Severity.LOW),
        ("c 2.0.0: license unknown (SEE LICENSE IN LICENSE)", Severity.LOW),
    ]
    ignored = LicensePolicy(unknown=None)
    assert LicenseScanner().scan(ScanRequest(root=tmp_path, license_policy=ignored)).findings == []


def test_files_that_record_no_licences_are_not_flagged() -> None:
    findings, summary = _scan(GOMOD)
    assert findings == []
    assert summary == (
        "0 dependency files with licenses: 0 license findings (3 files record no licenses, "
        "not checked)"
    )


def test_an_ecosystem_an_sbom_records_no_licence_for_is_not_flagged() -> None:
    # One SBOM: licences for its npm packages, none for its crates (like a Cargo.lock).
    def dep(ecosystem: str, name: str, licence: str | None) -> Dependency:
        purl = f"pkg:{ecosystem}/{name}@1.0.0"
        return Dependency(ecosystem, name, "1.0.0", purl, "bom.cdx.json", license=licence)

    bom = [
        dep("npm", "left-pad", "MIT"),
        dep("npm", "mystery", None),
        dep("cargo", "serde", None),
        dep("cargo", "rand", None),
    ]
    findings, judged, silent = licence_findings(bom, DEFAULT_LICENSE_POLICY)
    assert [(f.rule_id, f.component.name if f.component else "") for f in findings] == [
        ("license-unknown", "mystery")
    ]
    assert judged == ["bom.cdx.json"] and silent == []


_WORDS = st.sampled_from(
    [
        "MIT",
        "AND",
        "OR",
        "WITH",
        "(",
        ")",
        "GPL-3.0+",
        "LicenseRef-x",
        "Classpath-exception-2.0",
        "agpl-3.0",
        "NOASSERTION",
        "Apache 2.0",
        "License ::",
        "+",
        ",",
        "/",
        "and",
        "or",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.lists(_WORDS, max_size=8).map(" ".join)))
def test_any_licence_text_is_judged_without_raising(text: str) -> None:
    normalised = normalise(text)
    for candidate in (text, normalised):
        verdict, refused = judge(candidate, DEFAULT_LICENSE_POLICY)
        assert verdict in Judgement
        assert verdict is not Judgement.REFUSED or refused


def test_a_named_licence_wins_over_noassertion_from_another_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    lock = (
        '{"name": "x", "lockfileVersion": 3, "packages": {"": {"dependencies": {"m": "1"}},'
        '"node_modules/m": {"version": "1.0.0", "license": "%s"}}}'
    )
    (tmp_path / "a" / "package-lock.json").write_text(lock % "NOASSERTION")
    (tmp_path / "b" / "package-lock.json").write_text(lock % "AGPL-3.0-only")
    [finding] = LicenseScanner().scan(ScanRequest(root=tmp_path)).findings
    assert finding.rule_id == "license-denied"
    assert finding.component is not None
    assert finding.component.paths == ("a/package-lock.json", "b/package-lock.json")
