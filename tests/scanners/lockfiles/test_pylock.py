"""PylockReader on a real PEP 751 pylock.toml written by uv 0.13.9 (requests + pytest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.pylock import PylockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"


def test_real_pylock() -> None:
    found = list(PylockReader().read(DATA / "pylock" / "pylock.toml", DATA))
    assert [(d.name, d.version) for d in found] == [
        ("certifi", "2026.10.19.post1"),
        ("charset-normalizer", "3.5.3"),
        ("colorama", "0.4.6"),
        ("idna", "3.20"),
        ("iniconfig", "2.3.1"),
        ("packaging", "26.4"),
        ("pluggy", "1.7.0"),
        ("pygments", "2.21.0"),
        ("pytest", "9.2.0"),
        ("requests", "2.34.2"),
        ("urllib3", "2.8.0"),
    ]
    assert {(d.source, d.direct, d.dev, d.path) for d in found} == {
        ("pylock/pylock.toml", None, False, ())
    }
    assert found[1].purl == "pkg:pypi/charset-normalizer@3.5.3"


def test_a_package_without_version(tmp_path: Path) -> None:
    (tmp_path / "pylock.toml").write_text(
        'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "My_Pkg"\n'
        '[packages.vcs]\ntype = "git"\nurl = "https://example.org/x.git"\ncommit-id = "abc"\n'
    )
    [found] = PylockReader().read(tmp_path / "pylock.toml", tmp_path)
    assert (found.name, found.version, found.purl) == ("My_Pkg", "", "pkg:pypi/my-pkg")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('lock-version = "2.0"\npackages = []\n', "newer than this reader knows"),
        ('created-by = "x"\npackages = []\n', "no readable lock format version"),
        ('lock-version = "1.0"\n', "no \\[\\[packages\\]\\] array"),
        ('lock-version = "1.0"\n[[packages]]\nname = "x', "not valid TOML"),
    ],
)
def test_bad_input(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "pylock.toml").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(PylockReader().read(tmp_path / "pylock.toml", tmp_path))
