"""OS package databases read from real files: a Debian 12 dpkg status excerpt, an Alpine 3.15
apk database excerpt and their os-release files (tests/data/container/SOURCES.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.scanners.container._images import DATA
from vigil.errors import ScanError
from vigil.scanners.container.ospackages import (
    Distro,
    apk_packages,
    dpkg_packages,
    read_os_release,
)

CONTAINER = DATA / "container"
DEBIAN = read_os_release((CONTAINER / "debian-12-os-release").read_text())
ALPINE = read_os_release((CONTAINER / "alpine-3.15-os-release").read_text())


def test_os_release_names_the_distribution_and_release() -> None:
    assert Distro("debian", "12", "Debian GNU/Linux 12 (bookworm)") == DEBIAN
    assert DEBIAN.qualifier == "debian-12"
    assert Distro("alpine", "3.15.0", "Alpine Linux v3.15") == ALPINE
    assert ALPINE.qualifier == "alpine-3.15"  # advisories are per minor release
    assert read_os_release("# no ID here\nNAME=x\n") is None
    assert read_os_release("ID=ubuntu\nVERSION_ID='22.04'\n") == Distro("ubuntu", "22.04", "ubuntu")


def test_dpkg_status_gives_source_packages_at_source_versions() -> None:
    text = (CONTAINER / "debian-12-dpkg-status").read_text()
    found = [
        (d.name, d.version, d.path) for d in dpkg_packages(text, "var/lib/dpkg/status", DEBIAN)
    ]
    assert found == [
        ("base-files", "12.4+deb12u11", ()),
        # A binNMU: the binary is 5.2.15-2+b8, the source (what advisories name) 5.2.15-2.
        ("bash", "5.2.15-2", ("bash@5.2.15-2+b8",)),
        ("gzip", "1.12-1", ()),
        ("glibc", "2.36-9+deb12u14", ("libc6@2.36-9+deb12u14",)),
        ("openssl", "3.0.19-1~deb12u2", ("libssl3@3.0.19-1~deb12u2",)),
        ("util-linux", "2.38.1-5+deb12u3", ("libuuid1@2.38.1-5+deb12u3",)),
        ("openssl", "3.0.19-1~deb12u2", ()),
        ("tar", "1.34+dfsg-1.2+deb12u1", ()),
        ("util-linux", "2.38.1-5+deb12u3", ()),
        ("zlib", "1:1.2.13.dfsg-1", ("zlib1g@1:1.2.13.dfsg-1",)),
    ]
    glibc = next(d for d in dpkg_packages(text, "var/lib/dpkg/status", DEBIAN) if d.name == "glibc")
    assert glibc.purl == "pkg:deb/debian/glibc@2.36-9+deb12u14?distro=debian-12"
    assert glibc.ecosystem == "deb" and glibc.source == "var/lib/dpkg/status"


def test_dpkg_skips_packages_that_are_not_installed() -> None:
    text = (
        "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
        "Package: here\nStatus: install ok installed\nVersion: 2.0\n"
    )
    assert [d.name for d in dpkg_packages(text, "status", DEBIAN)] == ["here"]


def test_dpkg_status_d_entries_have_no_status_field() -> None:
    # distroless writes one paragraph per file under status.d/, without Status.
    text = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"
    (dep,) = dpkg_packages(text, "var/lib/dpkg/status.d/tzdata", DEBIAN)
    assert (dep.name, dep.version) == ("tzdata", "2024a-0+deb12u1")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Package: a\nnot a field line\n", "line 2: not a 'Field: value' line"),
        (" continuation first\n", "line 1: continuation line outside a field"),
        (
            "Package: a\nStatus: install ok installed\n",
            "a package paragraph without Package or Version",
        ),
    ],
)
def test_malformed_dpkg_status(text: str, problem: str) -> None:
    with pytest.raises(ScanError) as caught:
        list(dpkg_packages(text, "var/lib/dpkg/status", DEBIAN))
    assert caught.value.problem == problem


def test_apk_installed_gives_origin_packages() -> None:
    text = (CONTAINER / "alpine-3.15-apk-installed").read_text()
    found = [
        (d.name, d.version, d.path, d.license)
        for d in apk_packages(text, "lib/apk/db/installed", ALPINE)
    ]
    assert found == [
        ("musl", "1.2.2-r7", (), "MIT"),
        ("openssl", "1.1.1l-r7", ("libcrypto1.1@1.1.1l-r7",), "OpenSSL"),
        ("openssl", "1.1.1l-r7", ("libssl1.1@1.1.1l-r7",), "OpenSSL"),
        ("busybox", "1.34.1-r3", ("ssl_client@1.34.1-r3",), "GPL-2.0-only"),
        ("zlib", "1.2.11-r3", (), "Zlib"),
        ("musl", "1.2.2-r7", ("musl-utils@1.2.2-r7",), "MIT BSD GPL2+"),
        ("libc-dev", "0.7.2-r3", ("libc-utils@0.7.2-r3",), "BSD-2-Clause AND BSD-3-Clause"),
    ]
    musl = next(apk_packages(text, "lib/apk/db/installed", ALPINE))
    assert musl.purl == "pkg:apk/alpine/musl@1.2.2-r7?distro=alpine-3.15"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("P:musl\nnot apk\n", "line 2: not an apk 'X:value' line"),
        ("P:musl\nA:x86_64\n", "an apk record without P: (name) or V: (version)"),
    ],
)
def test_malformed_apk_database(text: str, problem: str) -> None:
    with pytest.raises(ScanError) as caught:
        list(apk_packages(text, "lib/apk/db/installed", ALPINE))
    assert caught.value.problem == problem


@given(st.text(max_size=400))
def test_any_text_is_packages_or_a_scan_error(text: str) -> None:
    for reader in (dpkg_packages, apk_packages):
        try:
            found = list(reader(text, "db", DEBIAN))
        except ScanError as exc:
            assert exc.source == "db" and exc.problem
            continue
        assert all(d.name and d.version for d in found)
    read_os_release(text)
