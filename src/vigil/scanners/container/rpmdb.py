"""RPM packages from ``rpmdb.sqlite`` (Fedora 33+, RHEL/Rocky/Alma 9+, openSUSE): the
``Packages`` table holds one rpm *header* blob per installed package.

A header blob (rpm's ``headerImport`` layout without the 8-byte magic) is: the entry count
and data size (big-endian int32s), that many 16-byte index entries (tag, type, offset, count)
and the data store. Read here: NAME (1000), VERSION (1001), RELEASE (1002), EPOCH (1003),
ARCH (1022), LICENSE (1014), SOURCERPM (1044). The BerkeleyDB ``Packages`` file of older
releases and the ``Packages.db`` ndb format of SUSE are not read (a warning says so).
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
        raise ScanError(source, "not an SQLite rpmdb")
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
