"""Go build info read from the real ``.go.buildinfo`` blob of kubectl 1.32.4 (go1.23.8), placed
inside an ELF-headed stream the way the linker places it in the data segment."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from tests.scanners.container._images import DATA
from vigil.scanners.container.gobinary import MAGIC, go_packages, parse_build_info

BLOB = (DATA / "container" / "kubectl-1.32.4-buildinfo.bin").read_bytes()


def elf(padding: int) -> bytes:
    return b"\x7fELF" + b"\x00" * padding + BLOB + b"\x00" * 4096


def test_kubectl_build_info_names_its_modules_and_go_version() -> None:
    parsed = parse_build_info(BLOB)
    assert parsed is not None
    version, modinfo = parsed
    assert version == "go1.23.8"
    assert modinfo.startswith("path\tk8s.io/kubernetes/cmd/kubectl-sdk\n")
    found = go_packages("usr/bin/kubectl", io.BytesIO(elf(1000)), 0)
    # 82 dep lines, of which 8 are k8s.io staging modules built at "(devel)": not versions.
    assert len(found) == 75
    by_name = {d.name: d for d in found}
    assert by_name["golang.org/x/net"].version == "v0.30.0"
    assert by_name["golang.org/x/net"].purl == "pkg:golang/golang.org/x/net@v0.30.0"
    assert by_name["stdlib"].version == "1.23.8"
    assert "k8s.io/api" not in by_name
    assert {d.source for d in found} == {"usr/bin/kubectl"}
    assert {d.ecosystem for d in found} == {"golang"}


def test_the_magic_may_straddle_two_read_chunks() -> None:
    for padding in (2**20 - 10, 2**20 - 4, 2**20 + 3):
        assert len(go_packages("b", io.BytesIO(elf(padding)), 0)) == 75


def test_non_elf_and_non_go_files_yield_nothing() -> None:
    assert go_packages("s", io.BytesIO(b"#!/bin/sh\n" + BLOB), 0) == ()
    assert go_packages("c", io.BytesIO(b"\x7fELF" + b"\x01" * 5000), 0) == ()


def test_old_pointer_format_build_info_is_not_inline() -> None:
    # Before Go 1.18 the flags byte lacks bit 2 and the header holds pointers (golegacy).
    old = MAGIC + bytes([8, 0]) + BLOB[16:]
    assert parse_build_info(old) is None


@given(st.binary(max_size=200))
def test_any_bytes_after_the_magic_parse_or_are_refused(tail: bytes) -> None:
    parsed = parse_build_info(MAGIC + tail)
    assert parsed is None or parsed[0].startswith("go")
    go_packages("x", io.BytesIO(b"\x7fELF" + MAGIC + tail), 0)
