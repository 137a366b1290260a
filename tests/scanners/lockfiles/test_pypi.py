"""The Python readers' shared parts, and every Python lockfile reader on files of valid syntax
but the wrong shape: each must raise ScanError, never a bare KeyError or TypeError."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles._pypi import canonical, shortest_paths
from vigil.scanners.lockfiles.interface import DependencyReader
from vigil.scanners.lockfiles.pdm import PdmLockReader
from vigil.scanners.lockfiles.pipfile import PipfileLockReader
from vigil.scanners.lockfiles.poetry import PoetryLockReader
from vigil.scanners.lockfiles.pylock import PylockReader
from vigil.scanners.lockfiles.uv import UvLockReader


@pytest.mark.parametrize(
    ("name", "normal"),
    [("Flask_Cors", "flask-cors"), ("zope.interface", "zope-interface"), ("A--_.b", "a-b")],
)
def test_pep_503_names(name: str, normal: str) -> None:
    assert canonical(name) == normal


def test_shortest_paths_survive_cycles_and_end_at_the_node() -> None:
    graph = {"a": ["b"], "b": ["c", "a"], "c": ["b"], "d": []}
    assert shortest_paths(graph, ["a", "missing"]) == {
        "a": (),
        "b": ("a", "b"),
        "c": ("a", "b", "c"),
    }


@pytest.mark.parametrize(
    ("reader", "name", "text"),
    [
        (UvLockReader, "uv.lock", 'version = 1\n[[package]]\nname = "x"\ndependencies = [1]\n'),
        (UvLockReader, "uv.lock", 'version = 1\npackage = "x"\n'),
        (UvLockReader, "uv.lock", 'version = "one"\n'),
        (PoetryLockReader, "poetry.lock", 'metadata = 3\n[[package]]\nname = "x"\n'),
        (
            PoetryLockReader,
            "poetry.lock",
            '[metadata]\nlock-version = "2.1"\n[[package]]\nname = "x"\nversion = "1"\n'
            "dependencies = 7\n",
        ),
        (PdmLockReader, "pdm.lock", 'package = [1, 2]\n[metadata]\nlock_version = "4.5"\n'),
        (
            PdmLockReader,
            "pdm.lock",
            '[metadata]\nlock_version = "4.5"\n[[package]]\nname = "x"\nversion = "1"\n'
            "dependencies = [3]\n",
        ),
        (PylockReader, "pylock.toml", 'lock-version = "1.0"\npackages = [1]\n'),
        (PipfileLockReader, "Pipfile.lock", '{"_meta": {"pipfile-spec": 6}, "default": 5}'),
        (PipfileLockReader, "Pipfile.lock", "[1, 2]"),
    ],
)
def test_wrong_shapes_are_scan_errors(
    tmp_path: Path, reader: type[DependencyReader], name: str, text: str
) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(ScanError) as caught:
        list(reader().read(tmp_path / name, tmp_path))
    assert caught.value.source == str(tmp_path / name)
