"""Build info of Go executables built before Go 1.18, read from a single forward stream.

Go 1.13-1.17 wrote the same 32-byte ``\\xff Go buildinf:`` header (byte 14: pointer size;
byte 15: bit 0 set for big-endian) but, instead of inline strings, two pointers at offset 16:
the virtual addresses of the string headers (data address, length) of ``runtime.buildVersion``
and ``runtime.modinfo``. The headers sit in the data segment, after the build info; the bytes
they point to sit in ``.rodata``, before it. An image layer cannot be rewound, so while the
executable streams past, ``Seen`` remembers the ELF load segments (to turn addresses into file
offsets), where ``go1.N`` strings start, and the module list between its 16-byte sentinels;
the pointers are then checked against what was remembered.
"""

from __future__ import annotations

import re
import struct
from typing import IO

#: The sentinels cmd/go wraps the module list in (the same in every Go version).
INFO_START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
INFO_END = bytes.fromhex("f932433186182072008242104116d8f2")
_VERSION = re.compile(rb"go1\.\d+(?:\.\d+)?(?:beta\d+|rc\d+)?")
_MAX_VERSIONS = 20_000
_PT_LOAD = 1
_TAIL = 32


class Seen:
    """What an executable showed before its build info: load segments, version strings by
    file offset, and the sentinel-wrapped module list (its offset and bytes)."""

    def __init__(self, head: bytes, max_info: int) -> None:
        self.segments = load_segments(head)
        self.versions: dict[int, bytes] = {}
        self.max_info = max_info
        self.modinfo: tuple[int, bytes] | None = None
        self._partial: tuple[int, bytearray] | None = None
        self._tail = b""
        self._end = 0  # file offset just past the bytes fed so far

    def feed(self, chunk: bytes) -> None:
        start = self._end - len(self._tail)
        window = self._tail + chunk
        if len(self.versions) < _MAX_VERSIONS:
            for match in _VERSION.finditer(window):
                self.versions[start + match.start()] = match.group()
        self._module_list(window, start, len(self._tail))
        self._end += len(chunk)
        self._tail = window[-_TAIL:]

    def _module_list(self, window: bytes, start: int, old: int) -> None:
        if self.modinfo is not None:
            return
        if self._partial is None:
            at = window.find(INFO_START)
            if at < 0:
                return
            self._partial = (start + at, bytearray(window[at:]))
        else:
            self._partial[1].extend(window[old:])
        offset, data = self._partial
        end = data.find(INFO_END)
        if end >= 0:
            self.modinfo = (offset, bytes(data[: end + len(INFO_END)]))
        elif len(data) > self.max_info:
            self._partial = None  # not a module list: look for the next start

    def file_offset(self, address: int) -> int | None:
        for offset, vaddr, size in self.segments:
            if vaddr <= address < vaddr + size:
                return offset + address - vaddr
        return None


def load_segments(head: bytes) -> list[tuple[int, int, int]]:
    """(file offset, virtual address, file size) of each PT_LOAD segment, from the ELF header
    and program headers at the start of the file; empty when they are not there."""
    if len(head) < 52 or head[4] not in (1, 2) or head[5] not in (1, 2):
        return []
    order = "<" if head[5] == 1 else ">"
    wide = head[4] == 2
    if wide and len(head) < 64:
        return []
    phoff_at, counts_at, word = (32, 54, "Q") if wide else (28, 42, "I")
    (phoff,) = struct.unpack_from(order + word, head, phoff_at)
    entsize, count = struct.unpack_from(order + "HH", head, counts_at)
    layout = order + ("IIQQQQ" if wide else "IIIII")
    if entsize < struct.calcsize(layout) or phoff + count * entsize > len(head):
        return []
    segments = []
    for index in range(count):
        fields = struct.unpack_from(layout, head, phoff + index * entsize)
        if wide:
            kind, _, offset, vaddr, _, size = fields
        else:
            kind, offset, vaddr, _, size = fields
        if kind == _PT_LOAD:
            segments.append((offset, vaddr, size))
    return segments


def legacy_build_info(seen: Seen, blob: bytes, reader: Forward) -> tuple[str, str] | None:
    """(Go version, module list) from a pre-1.18 header ``blob``; None when its pointers lead
    nowhere known (``reader`` reads the string headers ahead of the stream)."""
    size = blob[14]
    if blob[15] not in (0, 1) or blob[16 + 2 * size : 32].strip(b"\x00"):
        return None  # the old header holds nothing else: ordinary data that has the magic
    order = ">" if blob[15] & 1 else "<"
    pointer = "Q" if size == 8 else "I"
    offsets = [seen.file_offset(p) for p in struct.unpack_from(order + 2 * pointer, blob, 16)]
    found: dict[int, bytes | None] = {}
    for offset in sorted({o for o in offsets if o is not None}):
        found[offset] = reader.read(offset, 2 * size)
    headers = []
    for wanted in offsets:
        raw = found.get(wanted) if wanted is not None else None
        if raw is None:
            return None
        headers.append(struct.unpack_from(order + 2 * pointer, raw))
    (version_at, version_len), (mod_at, mod_len) = headers
    version_off = seen.file_offset(version_at)
    text = seen.versions.get(version_off) if version_off is not None else None
    if text is None or not 0 < version_len <= len(text):
        return None
    version = text[:version_len].decode("ascii")
    if mod_len == 0:
        return version, ""  # built outside module mode
    if seen.modinfo is None or seen.file_offset(mod_at) != seen.modinfo[0]:
        return None
    modinfo = seen.modinfo[1]
    if mod_len != len(modinfo):
        return None
    return version, modinfo[len(INFO_START) : -len(INFO_END)].decode("utf-8", "replace")


class Forward:
    """Bytes at file offsets from the header on: from the header's ``blob``, else read ahead
    (offsets asked in increasing order); ``position`` is where the stream then stands."""

    def __init__(
        self, blob: bytes, at: int, stream: IO[bytes], limit: int, seen: Seen, position: int
    ) -> None:
        self.blob, self.at, self.stream, self.seen = blob, at, stream, seen
        self.position = position
        self.limit = limit  # the executable's size: never read past it

    def read(self, offset: int, length: int) -> bytes | None:
        if self.at <= offset and offset + length <= self.at + len(self.blob):
            return self.blob[offset - self.at : offset - self.at + length]
        if offset < self.position or offset + length > self.limit:
            return None  # behind the stream (already gone), or past the end
        while self.position < offset:
            skipped = self.stream.read(min(offset - self.position, 1 << 20))
            if not skipped:
                return None
            self.seen.feed(skipped)  # so offsets stay right if this was not the real header
            self.position += len(skipped)
        data = self.stream.read(length)
        self.seen.feed(data)
        self.position += len(data)
        return data if len(data) == length else None
