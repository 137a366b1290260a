"""RPM version order: comparisons whose results rpm itself gives (the behaviour its
rpmvercmp test suite pins down), and Rocky/Alma packages reaching their release's advisories."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.advisories._rpm import RpmVersion, rpmvercmp
from vigil.advisories.osv import osv_ecosystem
from vigil.advisories.versions import Event, Range, is_affected

# (a, b, rpmvercmp(a, b))
RPM_ORDER = [
    ("1.0", "1.0", 0),
    ("1.0", "2.0", -1),
    ("2.0.1", "2.0", 1),
    ("2.0.1a", "2.0.1", 1),
    ("5.5p1", "5.5p2", -1),
    ("5.5p10", "5.5p1", 1),
    ("10xyz", "10.1xyz", -1),
    ("xyz10", "xyz10.1", -1),
    ("xyz.4", "8", -1),  # a number is newer than letters
    ("6.0.rc1", "6.0", 1),  # no tilde: the extra run makes it newer
    ("10b2", "10a1", 1),
    ("1.0a", "1.0aa", -1),
    ("10.0001", "10.1", 0),  # leading zeros do not count
    ("4.999.9", "5.0", -1),
    ("20101122", "20101121", 1),
    ("2_0", "2.0", 0),  # every non-alphanumeric character only separates
    ("a+", "a_", 0),
    ("1.0~rc1", "1.0", -1),  # tilde sorts before the end
    ("1.0~rc1", "1.0~rc2", -1),
    ("1.0~rc1~git123", "1.0~rc1", -1),
    ("1.0^", "1.0", 1),  # caret sorts after the end
    ("1.0^git1", "1.0^git2", -1),
    ("1.0^git1", "1.01", -1),  # but before any further run
    ("1.0^20160101", "1.0.1", -1),
    ("1.0~rc1^git1", "1.0~rc1", 1),
    ("1.0^git1~pre", "1.0^git1", -1),
]


@pytest.mark.parametrize(("a", "b", "expected"), RPM_ORDER)
def test_rpmvercmp_agrees_with_rpm(a: str, b: str, expected: int) -> None:
    assert rpmvercmp(a, b) == expected
    assert rpmvercmp(b, a) == -expected


def test_epoch_version_release() -> None:
    assert RpmVersion("1:1.0-1.el9") > RpmVersion("9.9-9.el9")  # the epoch decides first
    assert RpmVersion("0:3.0.7-24.el9") == RpmVersion("3.0.7-24.el9")  # epoch 0 is no epoch
    assert RpmVersion("3.0.7-24.el9") < RpmVersion("3.0.7-25.el9")
    assert RpmVersion("3.0.7-24.el9_2") > RpmVersion("3.0.7-24.el9")
    assert RpmVersion("3.0.7") == RpmVersion("3.0.7-24.el9")  # no release: versions only
    with pytest.raises(ValueError, match="not an RPM version"):
        RpmVersion("1.0 beta")


def test_rocky_and_alma_packages_meet_their_release() -> None:
    assert osv_ecosystem("rpm", "pkg:rpm/rocky/openssl@1:3.0.7-24.el9?distro=rocky-9.3") == (
        "Rocky Linux:9"
    )
    assert osv_ecosystem("rpm", "pkg:rpm/almalinux/bash@5.1.8-6.el9?distro=almalinux-8.9") == (
        "AlmaLinux:8"
    )
    assert osv_ecosystem("rpm", "pkg:rpm/centos/bash@4.2.46-35.el7_9?distro=centos-7") is None
    fixed = Range("ECOSYSTEM", (Event("introduced", "0"), Event("fixed", "1:3.0.7-25.el9_3")))
    assert is_affected("1:3.0.7-24.el9", "Rocky Linux:9", [fixed], [])
    assert not is_affected("1:3.0.7-25.el9_3", "Rocky Linux:9", [fixed], [])
    assert not is_affected("1:3.0.7-27.el9", "AlmaLinux:9", [fixed], [])


_PART = st.text(alphabet="0123456789abz.~^_", min_size=0, max_size=8)


@given(_PART, _PART, _PART)
def test_rpmvercmp_is_a_consistent_order(a: str, b: str, c: str) -> None:
    assert rpmvercmp(a, a) == 0
    assert rpmvercmp(a, b) == -rpmvercmp(b, a)
    if rpmvercmp(a, b) <= 0 and rpmvercmp(b, c) <= 0:
        assert rpmvercmp(a, c) <= 0
