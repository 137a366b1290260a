"""RequirementsReader on a real ``uv export`` file and a hand-written one that uses every
requirements-file feature (includes, constraints, markers, extras, hashes, URLs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.requirements import RequirementsReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
HERE = DATA / "requirements"


def rows(name: str) -> list[tuple[str, str, str, str]]:
    found = RequirementsReader().read(HERE / name, DATA)
    assert all(d.direct is True and not d.dev and d.path == () for d in found)
    return [
        (d.name, d.version, d.purl, d.source) for d in RequirementsReader().read(HERE / name, DATA)
    ]


R = "requirements/requirements.txt"
RUNTIME = [
    (
        "certifi",
        "2026.10.19.post1",
        "pkg:pypi/certifi@2026.10.19.post1",
        "requirements/requirements.txt",
    ),
    (
        "charset-normalizer",
        "3.5.3",
        "pkg:pypi/charset-normalizer@3.5.3",
        "requirements/requirements.txt",
    ),
    ("idna", "3.20", "pkg:pypi/idna@3.20", R),
    ("requests", "2.34.2", "pkg:pypi/requests@2.34.2", R),
    ("urllib3", "2.8.0", "pkg:pypi/urllib3@2.8.0", R),
]


def test_uv_export_with_hashes_and_via_comments() -> None:
    assert rows("requirements.txt") == RUNTIME


def test_includes_constraints_markers_extras_and_skipped_lines() -> None:
    dev = "requirements/requirements-dev.txt"
    assert rows("requirements-dev.txt") == [
        *RUNTIME,
        ("pytest", "8.2.0", "pkg:pypi/pytest@8.2.0", dev),  # unpinned; constraints.txt pins it
        ("coverage", "", "pkg:pypi/coverage", dev),  # a range, not a pin
        ("tomli", "2.0.1", "pkg:pypi/tomli@2.0.1", dev),  # kept whatever its marker
        ("Flask_Cors", "4.0.1", "pkg:pypi/flask-cors@4.0.1", dev),  # === and a PEP 503 purl
        ("mypy", "", "pkg:pypi/mypy", dev),  # ==1.* is a range
        ("black", "24.4.2", "pkg:pypi/black@24.4.2", dev),  # continued over lines, with a hash
    ]


def test_constrained_files_add_nothing_and_cycles_end() -> None:
    # Read on its own, constraints.txt names two packages; the files it constrains (which
    # include each other and requirements-dev.txt itself) add none, and the cycle ends.
    src = "requirements/constraints.txt"
    assert rows("constraints.txt") == [
        ("pytest", "8.2.0", "pkg:pypi/pytest@8.2.0", src),
        ("attrs", "23.2.0", "pkg:pypi/attrs@23.2.0", src),
    ]


def test_an_include_outside_the_root_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("leaked==1.0\n")
    inner = tmp_path / "app"
    inner.mkdir()
    (inner / "requirements.txt").write_text("-r ../secret.txt\nflask==3.0.0\n")
    found = list(RequirementsReader().read(inner / "requirements.txt", inner))
    assert [(d.name, d.source) for d in found] == [("flask", "requirements.txt")]


def test_a_line_that_is_not_a_requirement_is_an_error() -> None:
    with pytest.raises(ScanError, match="line 2: not a requirement"):
        list(RequirementsReader().read(HERE / "requirements-bad.txt", DATA))


def test_binary_content_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(ScanError):
        list(RequirementsReader().read(tmp_path / "requirements.txt", tmp_path))


def test_pip_compile_output_with_hashes() -> None:
    # pip-compile 7.6.2 --generate-hashes --strip-extras of requirements.in
    # ("requests[socks]>=2.31", and colorama only on Windows, so not in the output).
    locked = "requirements/requirements-locked.txt"
    assert [(n, v, s) for n, v, _, s in rows("requirements-locked.txt")] == [
        ("certifi", "2026.10.19.post1", locked),
        ("charset-normalizer", "3.5.3", locked),
        ("idna", "3.20", locked),
        ("pysocks", "1.7.1", locked),
        ("requests", "2.34.2", locked),
        ("urllib3", "2.8.0", locked),
    ]


def test_an_unpinned_input_file_gives_empty_versions() -> None:
    assert rows("requirements.in") == [
        ("requests", "", "pkg:pypi/requests", "requirements/requirements.in"),
        ("colorama", "", "pkg:pypi/colorama", "requirements/requirements.in"),
    ]
