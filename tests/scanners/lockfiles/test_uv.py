"""UvLockReader on a real uv.lock made by uv 0.13.9 for requests + pytest (dev group)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.uv import UvLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"

REQ = ("requests@2.34.2",)
PYTEST = ("pytest@9.2.0",)
EXPECTED = [
    ("certifi", "2026.10.19.post1", False, False, (*REQ, "certifi@2026.10.19.post1")),
    ("charset-normalizer", "3.5.3", False, False, (*REQ, "charset-normalizer@3.5.3")),
    ("colorama", "0.4.6", False, True, (*PYTEST, "colorama@0.4.6")),
    ("idna", "3.20", False, False, (*REQ, "idna@3.20")),
    ("iniconfig", "2.3.1", False, True, (*PYTEST, "iniconfig@2.3.1")),
    ("packaging", "26.4", False, True, (*PYTEST, "packaging@26.4")),
    ("pluggy", "1.7.0", False, True, (*PYTEST, "pluggy@1.7.0")),
    ("pygments", "2.21.0", False, True, (*PYTEST, "pygments@2.21.0")),
    ("pytest", "9.2.0", True, True, ()),
    ("requests", "2.34.2", True, False, ()),
    ("urllib3", "2.8.0", False, False, (*REQ, "urllib3@2.8.0")),
]


def test_real_lock_graph_direct_dev_and_paths() -> None:
    found = list(UvLockReader().read(DATA / "uv" / "uv.lock", DATA))
    assert [(d.name, d.version, d.direct, d.dev, d.path) for d in found] == EXPECTED
    assert {d.source for d in found} == {"uv/uv.lock"}
    assert found[0].purl == "pkg:pypi/certifi@2026.10.19.post1"
    assert "demo" not in {d.name for d in found}  # the project itself is the root


def test_forked_versions_extras_and_a_dev_group_that_repeats_a_runtime_package() -> None:
    # uv 0.13.9 locked urllib3 twice (1.26.20 below Python 3.12, 2.8.0 from 3.12); the
    # "socks" extra asks for pysocks; the dev group asks for idna, which requests needs anyway.
    found = list(UvLockReader().read(DATA / "uv" / "fork" / "uv.lock", DATA))
    pt = "pytest@9.2.0"
    assert [(d.name, d.version, d.direct, d.dev, d.path) for d in found] == [
        ("certifi", "2026.10.19.post1", False, False, (*REQ, "certifi@2026.10.19.post1")),
        ("charset-normalizer", "3.5.3", False, False, (*REQ, "charset-normalizer@3.5.3")),
        ("colorama", "0.4.6", False, True, (pt, "colorama@0.4.6")),
        ("idna", "3.20", True, False, ()),  # direct in dev, needed at run time: not dev
        ("iniconfig", "2.3.1", False, True, (pt, "iniconfig@2.3.1")),
        ("packaging", "26.4", False, True, (pt, "packaging@26.4")),
        ("pluggy", "1.7.0", False, True, (pt, "pluggy@1.7.0")),
        ("pygments", "2.21.0", False, True, (pt, "pygments@2.21.0")),
        ("pysocks", "1.7.1", True, False, ()),
        ("pytest", "9.2.0", True, True, ()),
        ("requests", "2.34.2", True, False, ()),
        ("urllib3", "1.26.20", True, False, ()),
        ("urllib3", "2.8.0", True, False, ()),
    ]


def test_a_newer_lock_version_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "uv.lock"
    lock.write_text('version = 2\nrevision = 1\n\n[[package]]\nname = "x"\nversion = "1"\n')
    with pytest.raises(ScanError, match="newer than this reader knows"):
        list(UvLockReader().read(lock, tmp_path))


def test_a_truncated_lock_is_an_error(tmp_path: Path) -> None:
    text = (DATA / "uv" / "uv.lock").read_text()
    lock = tmp_path / "uv.lock"
    lock.write_text(text[: len(text) // 3])
    with pytest.raises(ScanError):
        list(UvLockReader().read(lock, tmp_path))
