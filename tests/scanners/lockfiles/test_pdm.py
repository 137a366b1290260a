"""PdmLockReader on a real pdm.lock (lock_version 4.4.1) from a public project whose
pyproject.toml declares only dev dependencies (tool.pdm.dev-dependencies)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.pdm import PdmLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
LOCK = DATA / "pdm" / "pdm.lock"
BLACK, PYLINT, PYTEST = ("black@24.4.0",), ("pylint@3.1.0",), ("pytest@8.1.1",)
EXPECTED = [
    ("astroid", "3.1.0", False, (*PYLINT, "astroid@3.1.0")),
    ("black", "24.4.0", True, ()),
    ("click", "8.1.7", False, (*BLACK, "click@8.1.7")),
    (
        "colorama",
        "0.4.6",
        False,
        (*PYLINT, "colorama@0.4.6"),
    ),  # also via black -> click, but that is longer
    (
        "coverage",
        "7.4.4",
        False,
        ("pytest-cov@5.0.0", "coverage@7.4.4"),
    ),  # its [toml] entry is the same package
    ("dill", "0.3.8", False, (*PYLINT, "dill@0.3.8")),
    ("iniconfig", "2.0.0", False, (*PYTEST, "iniconfig@2.0.0")),
    ("isort", "5.13.2", False, (*PYLINT, "isort@5.13.2")),
    ("mccabe", "0.7.0", False, (*PYLINT, "mccabe@0.7.0")),
    ("mypy-extensions", "1.0.0", False, (*BLACK, "mypy-extensions@1.0.0")),
    ("packaging", "24.0", False, (*BLACK, "packaging@24.0")),
    ("pathspec", "0.12.1", False, (*BLACK, "pathspec@0.12.1")),
    ("platformdirs", "4.2.0", False, (*BLACK, "platformdirs@4.2.0")),
    ("pluggy", "1.4.0", False, (*PYTEST, "pluggy@1.4.0")),
    ("pyhamcrest", "2.1.0", True, ()),
    ("pylint", "3.1.0", True, ()),
    ("pytest", "8.1.1", True, ()),
    ("pytest-cov", "5.0.0", True, ()),
    ("pytest-watcher", "0.4.2", True, ()),
    ("tomlkit", "0.12.4", False, (*PYLINT, "tomlkit@0.12.4")),
    ("watchdog", "4.0.0", False, ("pytest-watcher@0.4.2", "watchdog@4.0.0")),
]


def test_real_lock_direct_paths_and_dev() -> None:
    found = list(PdmLockReader().read(LOCK, DATA))
    assert [(d.name, d.version, d.direct, d.path) for d in found] == EXPECTED
    assert all(d.dev and d.source == "pdm/pdm.lock" for d in found)
    assert found[9].purl == "pkg:pypi/mypy-extensions@1.0.0"


def test_without_pyproject_direct_is_unknown(tmp_path: Path) -> None:
    shutil.copy(LOCK, tmp_path / "pdm.lock")
    found = list(PdmLockReader().read(tmp_path / "pdm.lock", tmp_path))
    assert [(d.name, d.direct, d.path) for d in found] == [(n, None, ()) for n, *_ in EXPECTED]


def test_default_group_is_not_dev(tmp_path: Path) -> None:
    (tmp_path / "pdm.lock").write_text(
        '[metadata]\nlock_version = "4.5.0"\ngroups = ["default"]\n'
        '[[package]]\nname = "Six"\nversion = "1.16.0"\ngroups = ["default"]\n'
    )
    [found] = PdmLockReader().read(tmp_path / "pdm.lock", tmp_path)
    assert (found.purl, found.dev, found.direct) == ("pkg:pypi/six@1.16.0", False, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[metadata]\nlock_version = "5.0"\n', "newer than this reader knows"),
        ('[[package]]\nname = "x"\nversion = "1"\n', "no readable lock format version"),
        ('[metadata]\nlock_version = "4.4"\n[[package]]\nname = "x"\n', "no name or version"),
        ('[metadata]\nlock_version = "4.4"\n[[package]\n', "not valid TOML"),
    ],
)
def test_bad_input(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "pdm.lock").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(PdmLockReader().read(tmp_path / "pdm.lock", tmp_path))
