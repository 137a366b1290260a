"""PoetryLockReader on real poetry.lock files for requests + pytest (dev group)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.poetry import PoetryLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
REQ = ("requests@2.34.2",)
PYTEST = ("pytest@9.1.1",)
V2 = [
    ("certifi", "2026.10.19.post1", False, False, (*REQ, "certifi@2026.10.19.post1")),
    ("charset-normalizer", "3.5.3", False, False, (*REQ, "charset-normalizer@3.5.3")),
    ("colorama", "0.4.6", False, True, (*PYTEST, "colorama@0.4.6")),
    ("idna", "3.20", False, False, (*REQ, "idna@3.20")),
    ("iniconfig", "2.3.1", False, True, (*PYTEST, "iniconfig@2.3.1")),
    ("packaging", "26.4", False, True, (*PYTEST, "packaging@26.4")),
    ("pluggy", "1.7.0", False, True, (*PYTEST, "pluggy@1.7.0")),
    ("pygments", "2.21.0", False, True, (*PYTEST, "pygments@2.21.0")),
    ("pytest", "9.1.1", True, True, ()),
    ("requests", "2.34.2", True, False, ()),
    ("urllib3", "2.8.0", False, False, (*REQ, "urllib3@2.8.0")),
]


def rows(folder: str) -> list[tuple[str, str, bool | None, bool, tuple[str, ...]]]:
    found = list(PoetryLockReader().read(DATA / "poetry" / folder / "poetry.lock", DATA))
    assert {d.source for d in found} == {f"poetry/{folder}/poetry.lock"}
    return [(d.name, d.version, d.direct, d.dev, d.path) for d in found]


def test_poetry_2_lock_with_groups_and_pep_621_pyproject() -> None:
    assert rows("v2") == V2


def test_poetry_1_lock_with_categories_and_tool_poetry_groups() -> None:
    assert rows("v1") == V2


def test_without_pyproject_direct_is_unknown_and_paths_empty() -> None:
    assert rows("bare") == [(n, v, None, dev, ()) for n, v, _, dev, _ in V2]


def test_purl_is_pep_503() -> None:
    found = list(PoetryLockReader().read(DATA / "poetry" / "v2" / "poetry.lock", DATA))
    assert found[1].purl == "pkg:pypi/charset-normalizer@3.5.3"


def test_a_newer_lock_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "poetry.lock").write_text('[metadata]\nlock-version = "3.0"\n')
    with pytest.raises(ScanError, match="newer than this reader knows"):
        list(PoetryLockReader().read(tmp_path / "poetry.lock", tmp_path))


def test_a_truncated_lock_is_an_error(tmp_path: Path) -> None:
    text = (DATA / "poetry" / "v2" / "poetry.lock").read_text()
    (tmp_path / "poetry.lock").write_text(text[:300])
    with pytest.raises(ScanError):
        list(PoetryLockReader().read(tmp_path / "poetry.lock", tmp_path))
