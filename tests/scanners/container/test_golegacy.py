"""Go 1.13-1.17 build info (pointers, not inline strings) in ELF executables built here byte by
byte after Go's documented layout (debug/buildinfo): ELF header, one PT_LOAD segment, the
version and module list in ``.rodata``, the 32-byte header, and the two string headers it points
at further on in the data segment."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.scanners.container.gobinary import MAGIC, go_packages
from vigil.scanners.container.golegacy import INFO_END, INFO_START, load_segments

BASE = 0x400000
MODINFO = (
    "path\texample.com/app\n"
    "mod\texample.com/app\t(devel)\t\n"
    "dep\tgolang.org/x/text\tv0.3.6\th1:aetOU8OyJpWfLm9rJ+v5wp3+YP6OFqRVzsTnGlz/o/g=\n"
    "dep\tgithub.com/gorilla/mux\tv1.8.0\th1:i40aqfkR1h2SlN9hojwV5ZA91wcXFOvkdNIeFDP5koI=\n"
)


def executable(
    wide: bool = True,
    big: bool = False,
    rodata_at: int = 0x1000,
    data_gap: int = 2 * 2**20,
    version: bytes = b"go1.16.15",
    modinfo: str = MODINFO,
) -> bytes:
    """An ELF executable whose one load segment maps file offset 0 at ``BASE``."""
    order = ">" if big else "<"
    ptr = order + ("Q" if wide else "I")
    size = 8 if wide else 4
    mod = INFO_START + modinfo.encode() + INFO_END if modinfo else b""
    version_at, mod_at = rodata_at, rodata_at + 64
    buildinfo_at = max(mod_at + len(mod), 0x3000) + 0x100
    headers_at = buildinfo_at + 32 + data_gap
    header = MAGIC + bytes([size, 1 if big else 0])
    header += struct.pack(ptr, BASE + headers_at) + struct.pack(ptr, BASE + headers_at + 2 * size)
    strings = struct.pack(ptr, BASE + version_at) + struct.pack(ptr, len(version))
    strings += struct.pack(ptr, BASE + mod_at) + struct.pack(ptr, len(mod))
    total = headers_at + len(strings) + 4096
    body = bytearray(total)
    body[version_at : version_at + len(version)] = version
    body[version_at + len(version) : version_at + len(version) + 5] = b"go1.2"  # its neighbour
    body[mod_at : mod_at + len(mod)] = mod
    body[buildinfo_at : buildinfo_at + 32] = header.ljust(32, b"\x00")
    body[headers_at : headers_at + len(strings)] = strings
    elf = _elf(order, wide, total)
    body[: len(elf)] = elf
    return bytes(body)


def _elf(order: str, wide: bool, total: int) -> bytes:
    ident = b"\x7fELF" + bytes([2 if wide else 1, 2 if order == ">" else 1, 1]) + b"\x00" * 9
    if wide:
        head = ident + struct.pack(
            order + "HHIQQQIHHHHHH", 2, 62, 1, 0, 64, 0, 0, 64, 56, 1, 0, 0, 0
        )
        phdr = struct.pack(order + "IIQQQQQQ", 1, 5, 0, BASE, BASE, total, total, 0x1000)
    else:
        head = ident + struct.pack(
            order + "HHIIIIIHHHHHH", 2, 8, 1, 0, 52, 0, 0, 52, 32, 1, 0, 0, 0
        )
        phdr = struct.pack(order + "IIIIIIII", 1, 0, BASE, BASE, total, total, 5, 0x1000)
    return head + phdr


def names(data: bytes) -> dict[str, str]:
    return {d.name: d.version for d in go_packages("app", io.BytesIO(data), len(data))}


EXPECTED = {"golang.org/x/text": "v0.3.6", "github.com/gorilla/mux": "v1.8.0", "stdlib": "1.16.15"}


@pytest.mark.parametrize(("wide", "big"), [(True, False), (False, True), (False, False)])
def test_a_pre_1_18_executable_names_its_modules_and_go_version(wide: bool, big: bool) -> None:
    assert names(executable(wide=wide, big=big)) == EXPECTED


def test_the_strings_may_straddle_read_chunks_and_the_headers_sit_close() -> None:
    for rodata_at in (2**20 - 70, 2**20 - 4, 2**20 + 3):
        assert names(executable(rodata_at=rodata_at, data_gap=0)) == EXPECTED
    assert names(executable(data_gap=100)) == EXPECTED


def test_a_binary_built_outside_module_mode_has_only_the_standard_library() -> None:
    assert names(executable(version=b"go1.13", modinfo="")) == {"stdlib": "1.13"}


def test_pointers_that_lead_nowhere_known_yield_nothing() -> None:
    data = bytearray(executable())
    at = data.find(MAGIC)
    data[at + 16 : at + 24] = struct.pack("<Q", 0x10)  # outside every load segment
    assert names(bytes(data)) == {}
    data = bytearray(executable())
    data[0x1000:0x1002] = b"xx"  # the version pointer no longer lands on a go1.N string
    assert names(bytes(data)) == {}


def test_program_headers_are_read_for_both_word_sizes_and_byte_orders() -> None:
    assert load_segments(_elf(">", False, 100)) == [(0, BASE, 100)]
    assert load_segments(_elf("<", True, 100)) == [(0, BASE, 100)]
    assert load_segments(b"\x7fELF") == []


@given(st.binary(max_size=300), st.integers(min_value=0, max_value=400))
def test_any_bytes_around_an_old_header_parse_or_yield_nothing(tail: bytes, cut: int) -> None:
    data = executable(data_gap=0)[:cut] + MAGIC + bytes([8, 0]) + tail
    found = go_packages("x", io.BytesIO(data), len(data))
    assert all(d.ecosystem == "golang" for d in found)


def test_a_false_old_header_in_ordinary_data_does_not_hide_the_real_one() -> None:
    # The magic as a string constant, followed by bytes that look like an old header whose
    # pointers lead into the file but to nothing: the real header further on is still read.
    data = bytearray(executable())
    decoy = MAGIC + bytes([8, 0]) + struct.pack("<QQ", BASE + 0x20, BASE + 0x30)
    data[0x800 : 0x800 + len(decoy)] = decoy
    assert names(bytes(data)) == EXPECTED
