"""RPM packages from ``rpmdb.sqlite`` (Fedora 33+, RHEL/Rocky/Alma 9+, openSUSE): the
``Packages`` table holds one rpm *header* blob per installed package.

A header blob (rpm's ``headerImport`` layout without the 8-byte magic) is: the entry count
and data size (big-endian int32s), that many 16-byte index entries (tag, type, offset, count)
and the data store. Read here: NAME (1000), VERSION (1001), RELEASE (1002), EPOCH (1003),
ARCH (1022), LICENSE (1014), SOURCERPM (1044).

The BerkeleyDB ``Packages`` file of older releases (RHEL/CentOS 7 and 8, Amazon Linux 2) is a
hash database: its pages are walked directly (``bdb_values``), taking every value item, inline
or on a chain of overflow pages. SUSE's ``Packages.db`` (ndb) is not read (a warning says so).
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.container.ospackages import Distro, purl

_NAME, _VERSION, _RELEASE, _EPOCH = 1000, 1001, 1002, 1003
_LICENSE, _ARCH, _SOURCERPM = 1014, 1022, 1044
_INT32, _STRING, _I18NSTRING = 4, 6, 9
_MAX_ENTRIES = 1 << 16
_SQLITE_MAGIC = b"SQLite format 3\x00"
_HASH_MAGIC = 0x061561
_PAGE_HEADER = 26
_P_HASH_UNSORTED, _P_OVERFLOW, _P_HASH = 2, 7, 13
_H_KEYDATA, _H_OFFPAGE = 1, 3


def header_fields(blob: bytes) -> dict[int, str | int]:
    """The tags this module reads from one header blob; ValueError when it is malformed."""
    if len(blob) < 8:
        raise ValueError("header shorter than its 8-byte preamble")
    count, size = struct.unpack_from(">II", blob, 0)
    store = 8 + 16 * count
    if count > _MAX_ENTRIES or store + size > len(blob):
        raise ValueError(f"header claims {count} entries and {size} data bytes")
    wanted = {_NAME, _VERSION, _RELEASE, _EPOCH, _LICENSE, _ARCH, _SOURCERPM}
    fields: dict[int, str | int] = {}
    for index in range(count):
        tag, kind, offset, _ = struct.unpack_from(">iiii", blob, 8 + 16 * index)
        if tag not in wanted:
            continue
        if not 0 <= offset < size:
            raise ValueError(f"tag {tag} points outside the data store")
        start = store + offset
        if kind == _INT32:
            if offset + 4 > size:
                raise ValueError(f"tag {tag} runs past the data store")
            fields[tag] = struct.unpack_from(">i", blob, start)[0]
        elif kind in (_STRING, _I18NSTRING):
            end = blob.find(b"\x00", start, store + size)
            if end < 0:
                raise ValueError(f"tag {tag}: string without its terminating NUL")
            fields[tag] = blob[start:end].decode("utf-8", "replace")
    return fields


def rpm_packages(data: bytes, source: str, distro: Distro | None) -> Iterator[Dependency]:
    """The packages of an ``rpmdb.sqlite`` file's bytes."""
    if not data.startswith(_SQLITE_MAGIC):
        try:
            # rpm keeps its next instance number as a 4-byte value beside the headers.
            blobs = list(enumerate((v for v in bdb_values(data) if len(v) >= 24), 1))
        except ValueError as exc:
            raise ScanError(source, f"neither an SQLite nor a BerkeleyDB rpmdb ({exc})") from None
        yield from _packages(blobs, source, distro)
        return
    # An rpmdb left in WAL mode cannot be opened from memory; the header bytes 18-19 select
    # the journal mode, and a rollback journal reads the same pages.
    image = bytearray(data)
    image[18:20] = b"\x01\x01"
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(bytes(image))
        rows = db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
    except sqlite3.Error as exc:
        raise ScanError(source, f"unreadable rpmdb ({exc})") from None
    finally:
        db.close()
    yield from _packages(rows, source, distro)


def _packages(
    rows: list[tuple[int, bytes]], source: str, distro: Distro | None
) -> Iterator[Dependency]:
    namespace = distro.id if distro else "rpm"
    for number, blob in rows:
        try:
            fields = header_fields(bytes(blob))
        except ValueError as exc:
            raise ScanError(source, f"package header {number}: {exc}") from None
        name, version = fields.get(_NAME), fields.get(_VERSION)
        if not isinstance(name, str) or not isinstance(version, str):
            continue  # a header without the two fields names no package to match
        release = fields.get(_RELEASE)
        epoch = fields.get(_EPOCH)
        full = f"{version}-{release}" if release else version
        if isinstance(epoch, int) and epoch > 0:
            full = f"{epoch}:{full}"
        license_ = fields.get(_LICENSE)
        yield Dependency(
            "rpm",
            name,
            full,
            purl("rpm", distro, name, full, namespace),
            source,
            license=license_ if isinstance(license_, str) else None,
        )


def bdb_values(data: bytes) -> list[bytes]:
    """Every value of a BerkeleyDB hash database file; ValueError when it is not one."""
    if len(data) < 512:
        raise ValueError("shorter than a BerkeleyDB meta page")
    order = "<"
    if struct.unpack_from("<I", data, 12)[0] != _HASH_MAGIC:
        order = ">"
        if struct.unpack_from(">I", data, 12)[0] != _HASH_MAGIC:
            raise ValueError("not a BerkeleyDB hash database")
    (page_size,) = struct.unpack_from(order + "I", data, 20)
    (last,) = struct.unpack_from(order + "I", data, 32)
    if page_size < 512 or page_size > 65536 or (last + 1) * page_size > len(data):
        raise ValueError(f"page size {page_size} and {last + 1} pages do not fit the file")
    values = []
    for number in range(1, last + 1):
        page = data[number * page_size : (number + 1) * page_size]
        entries, _ = struct.unpack_from(order + "HH", page, 20)
        if page[25] not in (_P_HASH, _P_HASH_UNSORTED):
            continue
        if _PAGE_HEADER + 2 * entries > page_size:
            raise ValueError(f"page {number}: {entries} items do not fit the page")
        offsets = struct.unpack_from(order + f"{entries}H", page, _PAGE_HEADER)
        for index in range(1, entries, 2):  # items alternate key, value
            start = offsets[index]
            end = offsets[index - 1]
            if not _PAGE_HEADER <= start < end <= page_size:
                raise ValueError(f"page {number}: item {index} out of the page")
            if page[start] == _H_KEYDATA:
                values.append(page[start + 1 : end])
            elif page[start] == _H_OFFPAGE:
                if start + 12 > page_size:
                    raise ValueError(f"page {number}: item {index} out of the page")
                first, length = struct.unpack_from(order + "II", page, start + 4)
                values.append(_overflow(data, first, length, page_size, order))
    return values


def _overflow(data: bytes, page: int, length: int, page_size: int, order: str) -> bytes:
    chunks: list[bytes] = []
    seen: set[int] = set()
    while page and sum(map(len, chunks)) < length:
        if page in seen or (page + 1) * page_size > len(data):
            raise ValueError(f"overflow chain broken at page {page}")
        seen.add(page)
        offset = page * page_size
        (next_page,) = struct.unpack_from(order + "I", data, offset + 16)
        (used,) = struct.unpack_from(order + "H", data, offset + 22)
        chunks.append(data[offset + _PAGE_HEADER : offset + _PAGE_HEADER + used])
        page = next_page
    value = b"".join(chunks)
    if len(value) != length:
        raise ValueError(f"overflow item of {len(value)} bytes, {length} expected")
    return value
