"""PipfileLockReader on a real Pipfile.lock made by pipenv for requests + pytest (dev)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.pipfile import PipfileLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"

EXPECTED = [
    ("certifi", "2026.10.19.post1", False, False),
    ("charset-normalizer", "3.5.3", False, False),
    ("idna", "3.20", False, False),
    ("requests", "2.34.2", True, False),
    ("urllib3", "2.8.0", False, False),
    ("iniconfig", "2.3.1", False, True),
    ("packaging", "26.4", False, True),
    ("pluggy", "1.7.0", False, True),
    ("pygments", "2.21.0", False, True),
    ("pytest", "9.2.0", True, True),
]


def test_real_lock_with_its_pipfile() -> None:
    found = list(PipfileLockReader().read(DATA / "pipfile" / "Pipfile.lock", DATA))
    assert [(d.name, d.version, d.direct, d.dev) for d in found] == EXPECTED
    assert {(d.source, d.path) for d in found} == {("pipfile/Pipfile.lock", ())}
    assert found[1].purl == "pkg:pypi/charset-normalizer@3.5.3"


def test_without_a_pipfile_direct_is_unknown() -> None:
    found = list(PipfileLockReader().read(DATA / "pipfile" / "bare" / "Pipfile.lock", DATA))
    assert [(d.name, d.direct, d.dev) for d in found] == [
        (n, None, dev) for n, _, _, dev in EXPECTED
    ]


def test_unpinned_entries_are_skipped_and_runtime_wins(tmp_path: Path) -> None:
    (tmp_path / "Pipfile.lock").write_text(
        '{"_meta": {"pipfile-spec": 6}, "default": {"six": {"version": "==1.16.0"},'
        ' "demo": {"git": "https://example.org/demo.git", "ref": "abc"}},'
        ' "develop": {"six": {"version": "==1.16.0"}}}'
    )
    found = list(PipfileLockReader().read(tmp_path / "Pipfile.lock", tmp_path))
    assert [(d.name, d.version, d.dev) for d in found] == [("six", "1.16.0", False)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"_meta": {"pipfile-spec": 7}, "default": {}}', "newer than this reader knows"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"x"', "not valid JSON"),
        ('{"default": {}}', "no _meta"),
        ('{"_meta": {"pipfile-spec": 6}, "default": []}', "default is not an object"),
    ],
)
def test_bad_input(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "Pipfile.lock").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(PipfileLockReader().read(tmp_path / "Pipfile.lock", tmp_path))


def test_public_project_lock_with_only_dev_packages() -> None:
    # 540/gilded-rose-python at 542cbf3: an empty [packages] and six [dev-packages].
    lock = DATA / "pipfile" / "gilded-rose" / "Pipfile.lock"
    found = list(PipfileLockReader().read(lock, DATA))
    assert len(found) == 22
    assert all(d.dev and d.source == "pipfile/gilded-rose/Pipfile.lock" for d in found)
    assert sorted(f"{d.name}@{d.version}" for d in found if d.direct) == [
        "black@23.10.1",
        "pyhamcrest@2.1.0",
        "pylint@3.0.2",
        "pytest-cov@4.1.0",
        "pytest-watch@4.2.0",
        "pytest@7.4.3",
    ]
    assert {d.purl for d in found} >= {"pkg:pypi/mypy-extensions@1.0.0", "pkg:pypi/docopt@0.6.2"}
