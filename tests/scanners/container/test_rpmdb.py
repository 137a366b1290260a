"""rpmdb.sqlite read from a database built in the test with rpm's schema and header layout
(no real rpmdb is available offline; the header encoding follows rpm's headerExport), and a
BerkeleyDB ``Packages`` file written by Berkeley DB itself (tests/data/container/SOURCES.md)."""

from __future__ import annotations

import contextlib
import sqlite3
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.scanners.container._images import DATA
from vigil.errors import ScanError
from vigil.scanners.container.ospackages import Distro
from vigil.scanners.container.rpmdb import bdb_values, header_fields, rpm_packages

ROCKY = Distro("rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)")


def header(tags: dict[int, str | int]) -> bytes:
    """An rpm header blob: entry count, data size, 16-byte entries, then the data store."""
    entries, store = b"", b""
    for tag, value in tags.items():
        if isinstance(value, int):
            store += b"\x00" * (-len(store) % 4)  # INT32 data is 4-byte aligned
            entries += struct.pack(">iiii", tag, 4, len(store), 1)
            store += struct.pack(">i", value)
        else:
            entries += struct.pack(">iiii", tag, 6, len(store), 1)
            store += value.encode() + b"\x00"
    return struct.pack(">II", len(tags), len(store)) + entries + store


def rpmdb(path: Path, blobs: list[bytes], *, wal: bool) -> bytes:
    db = sqlite3.connect(path)
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)"
    )
    db.executemany("INSERT INTO Packages (blob) VALUES (?)", [(b,) for b in blobs])
    db.commit()
    db.close()
    return path.read_bytes()


OPENSSL = {
    1000: "openssl-libs",
    1001: "3.0.7",
    1002: "24.el9",
    1003: 1,
    1022: "x86_64",
    1014: "Apache-2.0",
    1044: "openssl-3.0.7-24.el9.src.rpm",
}
BASH = {1000: "bash", 1001: "5.1.8", 1002: "6.el9_1", 1022: "x86_64", 1014: "GPLv3+"}


@pytest.mark.parametrize("wal", [False, True])
def test_packages_with_epoch_version_release(tmp_path: Path, wal: bool) -> None:
    data = rpmdb(tmp_path / "rpmdb.sqlite", [header(OPENSSL), header(BASH)], wal=wal)
    found = list(rpm_packages(data, "var/lib/rpm/rpmdb.sqlite", ROCKY))
    assert [(d.name, d.version, d.purl, d.license) for d in found] == [
        (
            "openssl-libs",
            "1:3.0.7-24.el9",
            "pkg:rpm/rocky/openssl-libs@1:3.0.7-24.el9?distro=rocky-9.3",
            "Apache-2.0",
        ),
        ("bash", "5.1.8-6.el9_1", "pkg:rpm/rocky/bash@5.1.8-6.el9_1?distro=rocky-9.3", "GPLv3+"),
    ]


def test_header_fields_reads_strings_and_int32() -> None:
    assert header_fields(header(OPENSSL)) == OPENSSL


def test_a_broken_header_is_a_scan_error_naming_it(tmp_path: Path) -> None:
    broken = header(BASH)[:-3]
    data = rpmdb(tmp_path / "rpmdb.sqlite", [header(OPENSSL), broken], wal=False)
    with pytest.raises(ScanError) as caught:
        list(rpm_packages(data, "rpmdb.sqlite", ROCKY))
    assert caught.value.problem == "package header 2: header claims 5 entries and 33 data bytes"


def test_not_sqlite() -> None:
    with pytest.raises(ScanError) as caught:
        list(rpm_packages(b"\x00\x06\x15\x61" * 10, "var/lib/rpm/Packages", ROCKY))
    assert caught.value.problem == (
        "neither an SQLite nor a BerkeleyDB rpmdb (shorter than a BerkeleyDB meta page)"
    )


@given(st.binary(max_size=300))
def test_any_header_bytes_parse_or_raise_value_error(blob: bytes) -> None:
    with contextlib.suppress(ValueError):
        header_fields(blob)


BDB = DATA / "container" / "rpm-bdb-Packages"
CENTOS = Distro("centos", "7", "CentOS Linux 7 (Core)")


def test_berkeleydb_packages_inline_and_on_overflow_pages() -> None:
    # Written by Berkeley DB 5.3's db_load: the instance counter (4 bytes, key 0), two small
    # headers stored inline and one of 9 KB spread over overflow pages.
    assert sorted(len(v) for v in bdb_values(BDB.read_bytes())) == [4, 121, 128, 9216]
    found = list(rpm_packages(BDB.read_bytes(), "var/lib/rpm/Packages", CENTOS))
    assert sorted((d.name, d.version, d.purl) for d in found) == [
        ("bash", "5.1.8-6.el9_1", "pkg:rpm/centos/bash@5.1.8-6.el9_1?distro=centos-7"),
        (
            "openssl-libs",
            "1:3.0.7-24.el9",
            "pkg:rpm/centos/openssl-libs@1:3.0.7-24.el9?distro=centos-7",
        ),
        ("tzdata", "2024a-1.el9", "pkg:rpm/centos/tzdata@2024a-1.el9?distro=centos-7"),
    ]


def test_a_truncated_berkeleydb_is_a_scan_error() -> None:
    with pytest.raises(ScanError) as caught:
        list(rpm_packages(BDB.read_bytes()[:8192], "var/lib/rpm/Packages", CENTOS))
    assert caught.value.problem == (
        "neither an SQLite nor a BerkeleyDB rpmdb (page size 4096 and 6 pages do not fit the file)"
    )


@given(st.binary(min_size=512, max_size=4096), st.integers(0, 4096 - 4))
def test_any_bytes_in_a_berkeleydb_page_parse_or_raise_value_error(noise: bytes, at: int) -> None:
    data = bytearray(BDB.read_bytes())
    data[4096 + at : 4096 + at + len(noise)] = noise
    with contextlib.suppress(ValueError):
        bdb_values(bytes(data))
