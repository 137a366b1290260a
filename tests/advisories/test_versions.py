"""OSV range semantics and ecosystem orders, proven on the boundary versions of real records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.advisories._data import entry, record
from vigil.advisories.versions import Event, Range, in_range, is_affected, key_for, semver_key


def _affected(relative: str, name: str, version: str) -> bool:
    """Whether any affected entry of the record for ``name`` covers ``version``."""
    return any(
        is_affected(version, a.ecosystem, a.ranges, a.versions)
        for a in record(relative).affected
        if a.name == name
    )


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("2.0rc1", True),  # a PEP 440 prerelease below the fix
        ("2.10", True),
        ("2.10.0", True),  # PEP 440: 2.10 == 2.10.0
        ("2.10.1rc1", True),  # prerelease of the fix sorts below it
        ("2.10.1", False),  # fixed is not affected
        ("2.10.1.post1", False),
        ("2.11.0", False),
        ("3.1.4", False),
    ],
)
def test_pypi_fixed_boundary_jinja2(version: str, expected: bool) -> None:
    assert _affected("pypa/jinja2/PYSEC-2019-217.yaml", "jinja2", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.8.0-alpha2", True), ("1.10.0", True), ("1.11.0", True), ("1.11.1", False)],
)
def test_pypi_last_affected_is_affected(version: str, expected: bool) -> None:
    # PYSEC-2022-42969 (py): introduced 0, last_affected 1.11.0 — no fix exists.
    assert _affected("pypa/py/PYSEC-2022-42969.yaml", "py", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    # PYSEC-2021-104 lists its ECOSYSTEM events out of order (5.0, 5.2.1, 4.0, 4.6.1).
    [
        ("3.9", False),
        ("4.0", True),
        ("4.6", True),
        ("4.6.1", False),
        ("5.0", True),
        ("5.2", True),
        ("5.2.1", False),
        ("5.3", False),
    ],
)
def test_pypi_unsorted_events_are_sorted(version: str, expected: bool) -> None:
    assert _affected("pypa/zope/PYSEC-2021-104.yaml", "zope", version) is expected


def test_git_range_is_not_evaluated_but_versions_list_is() -> None:
    html5lib = entry("pypa/html5lib/PYSEC-2017-14.yaml", "html5lib")
    git = next(r for r in html5lib.ranges if r.type == "GIT")
    assert in_range("0.9999999", git, "PyPI") is False
    assert is_affected("0.99999999", "PyPI", (), html5lib.versions) is True
    assert is_affected("0.999999999", "PyPI", html5lib.ranges, html5lib.versions) is False
    assert is_affected("1.0b1", "PyPI", html5lib.ranges, html5lib.versions) is False


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.7.5", True),
        ("4.0.0", True),
        ("4.0.1-rc.1", True),  # SemVer: a prerelease of the fix is below the fix
        ("4.0.1", False),
        ("4.0.2", False),
        ("5.0.0-rc.1", False),  # below introduced 5.0.0
        ("5.0.0", True),
        ("5.0.1", False),
        ("6.0.0", True),
        ("6.0.1", False),
        ("7.0.0", False),
    ],
)
def test_crates_semver_ranges(version: str, expected: bool) -> None:
    # RUSTSEC-2023-0090: introduced 0.0.0-0 (every version, prereleases too), fixed 4.0.1,
    # introduced 5.0.0, fixed 5.0.1, introduced 6.0.0, fixed 6.0.1.
    assert _affected("rustsec/RUSTSEC-2023-0090.json", "wasmtime", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("v1.19.5", True),
        ("1.19.6", False),
        ("v1.20.0-rc.3", True),  # introduced 1.20.0-0: every 1.20 prerelease
        ("v1.20.0", True),
        ("v1.20.1", False),
        ("v1.19.99", False),
    ],
)
def test_go_stdlib_two_branches(version: str, expected: bool) -> None:
    assert _affected("golang/GO-2023-1571.json", "stdlib", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("v0.0.0-20260401000000-aaaaaaaaaaaa", True),  # older pseudo-version
        ("v0.0.0-20260501183844-112740bdd41d", False),  # the fix itself
        ("v0.0.0-20260601000000-bbbbbbbbbbbb", False),
        ("v1.0.0", False),
    ],
)
def test_go_pseudo_versions(version: str, expected: bool) -> None:
    name = "github.com/gtsteffaniak/filebrowser"
    assert _affected("golang/GO-2026-5383.json", name, version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("v2.2.4+incompatible", True),
        ("v2.2.5-rc5+incompatible", True),
        ("v2.2.5-rc6+incompatible", True),  # rc6 < rc6.0.<timestamp> pseudo-version
        ("v2.2.5+incompatible", False),
        ("v2.3.0+incompatible", False),
    ],
)
def test_go_incompatible_is_build_metadata(version: str, expected: bool) -> None:
    assert _affected("golang/GO-2022-0755.json", "github.com/rancher/rancher", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("4.19.2", True),
        ("4.20.0", False),
        ("5.0.0-alpha.1", True),  # introduced is affected
        ("5.0.0-beta.3", True),
        ("5.0.0", False),
        ("5.0.0-alpha.0", False),  # a prerelease below introduced
    ],
)
def test_npm_prereleases_follow_semver_precedence(version: str, expected: bool) -> None:
    assert _affected("ghsa-npm/GHSA-qw6h-vgh9-j6wx.json", "express", version) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("5.7.1", True),
        ("5.7.2", False),
        ("6.0.0", True),
        ("6.3.0", True),
        ("6.3.1", False),
        ("7.5.1", True),
        ("7.5.2", False),
        ("7.6.0", False),
    ],
)
def test_npm_semver_package(version: str, expected: bool) -> None:
    assert _affected("ghsa-npm/GHSA-c2qf-rxjj-qqgw.json", "semver", version) is expected


def test_limit_bounds_the_range() -> None:
    rng = Range("SEMVER", (Event("introduced", "1.0.0"), Event("limit", "2.0.0")))
    assert in_range("1.5.0", rng, "npm") is True
    assert in_range("2.0.0", rng, "npm") is False
    assert in_range("0.9.0", rng, "npm") is False


def test_unparseable_version_matches_versions_lists_only() -> None:
    jinja = entry("pypa/jinja2/PYSEC-2019-217.yaml", "jinja2")
    assert is_affected("not a version", "PyPI", jinja.ranges, jinja.versions) is False


@pytest.mark.parametrize(
    ("ecosystem", "lower", "higher"),
    [
        ("Maven", "1.0-alpha1", "1.0-beta1"),
        ("Maven", "1.0-rc1", "1.0-SNAPSHOT"),
        ("Maven", "1.0-SNAPSHOT", "1.0"),
        ("Maven", "1.0", "1.0-sp1"),
        ("Maven", "1.0-sp1", "1.0.1"),
        ("Maven", "2.9.10.7", "2.10.0"),
        ("Maven", "5.3.0.Final", "5.3.1.Final"),
        # ComparableVersion cases a flat token order gets wrong (checked against univers 32):
        ("Maven", "1.0.0", "1.0-sp"),  # trailing zeros are null: 1.0.0 is 1
        ("Maven", "1.0-1", "1.0.1"),  # '-' opens a nested list, which sorts below a number
        ("Maven", "1.0b1", "1.0"),  # b before a digit is beta ...
        ("Maven", "1.0-sp", "1.0b"),  # ... alone it is an unknown qualifier, above sp
        ("Maven", "1.0-rc1", "1.0.RC1"),
        ("RubyGems", "1.0.0.a", "1.0.a.1"),  # canonical segments drop the release's zeros
        ("RubyGems", "1.0.0.rc1", "1.0.0"),
        ("RubyGems", "1.0.0.a", "1.0.0.b"),
        ("RubyGems", "1.9", "1.10"),
        ("Packagist", "v1.0.0-dev", "1.0.0-alpha1"),
        ("Packagist", "1.0.0-RC1", "v1.0.0"),
        ("Packagist", "1.0.0", "1.0.0-p1"),
        ("npm", "1.0.0-alpha", "1.0.0-alpha.1"),
        ("npm", "1.0.0-alpha.beta", "1.0.0-beta.2"),
        ("npm", "1.0.0-beta.11", "1.0.0-rc.1"),
        ("npm", "1.0.0-2", "1.0.0-alpha"),  # numeric identifiers sort below alphanumeric
        # dpkg (Debian Policy 5.6.12): ~ sorts before everything, even the end of the string
        ("Debian:12", "1.0~rc1", "1.0"),
        ("Debian:12", "1.0", "1.0+b1"),
        ("Debian:12", "9.9", "1:0.1"),  # the epoch wins
        ("Debian:12", "1.0-1", "1.0-1ubuntu1"),
        ("Debian:12", "1.0-2", "1.0-10"),
        ("Debian:12", "2.36-9+deb12u3", "2.36-9+deb12u4"),
        ("Ubuntu:22.04:LTS", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12"),
        ("Debian:11", "1.1.1n-0+deb11u4", "1.1.1n-0+deb11u5"),
        # apk: pre-release suffixes below the bare version, post-release ones above
        ("Alpine:v3.19", "1.2.3_rc1-r0", "1.2.3-r0"),
        ("Alpine:v3.19", "1.2.3-r0", "1.2.3-r1"),
        ("Alpine:v3.19", "1.2.3-r1", "1.2.3_p1-r0"),
        ("Alpine:v3.19", "1.2.3_p1-r0", "1.2.4-r0"),
        ("Alpine:v3.19", "1.2.3_alpha2", "1.2.3_beta1"),
        ("Alpine:v3.19", "3.0.8-r0", "3.0.10-r0"),
        ("Alpine:v3.19", "1.1.1t-r0", "1.1.1u-r0"),
        ("PyPI", "1.0.dev1", "1.0a1"),
        ("PyPI", "1.0", "1.0.post1"),
    ],
)
def test_ecosystem_order(ecosystem: str, lower: str, higher: str) -> None:
    key = key_for(ecosystem, "ECOSYSTEM")
    assert key is not None
    assert key(lower) < key(higher)
    assert not key(higher) < key(lower)


@pytest.mark.parametrize(
    ("ecosystem", "a", "b"),
    [
        ("Maven", "1.0", "1.0.0"),
        ("Maven", "1.0.Final", "1.0"),
        ("PyPI", "2.10", "2.10.0"),
        ("RubyGems", "1.0", "1.0.0"),
        ("npm", "1.0.0+build.1", "1.0.0"),
    ],
)
def test_ecosystem_equal(ecosystem: str, a: str, b: str) -> None:
    key = key_for(ecosystem, "ECOSYSTEM")
    assert key is not None
    assert not key(a) < key(b) and not key(b) < key(a)


def test_dpkg_order_of_policy_example() -> None:
    # Debian Policy 5.6.12: "~~, ~~a, ~, the empty part, a" sort in this order.
    key = key_for("Debian", "ECOSYSTEM")
    assert key is not None
    ordered = ["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"]
    assert sorted(ordered[::-1], key=key) == ordered
    with pytest.raises(ValueError, match="not a Debian version"):
        key("not a version")


def test_unknown_ecosystem_and_git_have_no_order() -> None:
    assert key_for("NuGet", "ECOSYSTEM") is None
    assert key_for("PyPI", "GIT") is None
    semver = key_for("Anything", "SEMVER")  # SEMVER ranges use SemVer in every ecosystem
    assert semver is not None and semver("1.0.0-rc.1") < semver("1.0.0")
    with pytest.raises(ValueError, match="not a semantic version"):
        semver_key("1.x")


_IDENT = st.one_of(
    st.integers(min_value=0, max_value=30).map(str),
    st.sampled_from(["alpha", "beta", "rc", "x-y", "0a"]),
)
_SEMVERS = st.builds(
    lambda core, pre: ".".join(map(str, core)) + (f"-{'.'.join(pre)}" if pre else ""),
    st.tuples(*[st.integers(min_value=0, max_value=12)] * 3),
    st.lists(_IDENT, max_size=3),
)


@given(_SEMVERS, _SEMVERS)
def test_semver_precedence_is_total_and_antisymmetric(a: str, b: str) -> None:
    # Without build metadata two SemVer strings have equal precedence only when identical.
    assert (semver_key(a) < semver_key(b)) + (semver_key(b) < semver_key(a)) + (a == b) == 1


@given(_SEMVERS, _SEMVERS)
def test_range_membership_matches_the_interval(low: str, version: str) -> None:
    # introduced L, fixed F: affected exactly when L <= V < F, for any L, V (F = L's next major).
    fixed = f"{int(low.split('.', maxsplit=1)[0]) + 1}.0.0"
    rng = Range("SEMVER", (Event("introduced", low), Event("fixed", fixed)))
    expected = not semver_key(version) < semver_key(low) and semver_key(version) < semver_key(fixed)
    assert in_range(version, rng, "npm") is expected
