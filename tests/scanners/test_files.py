"""The one tree walk every scanner shares: what it skips and what it yields."""

from __future__ import annotations

import os
from pathlib import Path

from vigil.scanners.files import source_files


def tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def walk(root: Path, **options: object) -> list[str]:
    return [p.relative_to(root).as_posix() for p in source_files(root, **options)]  # type: ignore[arg-type]


def test_skips_version_control_caches_installed_code_and_any_virtualenv(tmp_path: Path) -> None:
    tree(
        tmp_path,
        "app/main.py",
        ".git/config",
        "app/__pycache__/main.cpython-311.pyc",
        "node_modules/left-pad/index.js",
        ".venv/lib/site.py",
        "ci-tools/pyvenv.cfg",  # a virtualenv under a name of its own choosing
        "ci-tools/bin/jp.py",
    )
    assert walk(tmp_path) == ["app/main.py"]
    assert "ci-tools/bin/jp.py" in walk(tmp_path, skip_installed=False)


def test_vendored_tests_and_excludes_on_request(tmp_path: Path) -> None:
    tree(tmp_path, "a.py", "vendor/lib.py", "tests/test_a.py", "docs/conf.py", "gen/x_pb2.py")
    assert walk(tmp_path) == [
        "a.py",
        "docs/conf.py",
        "gen/x_pb2.py",
        "tests/test_a.py",
        "vendor/lib.py",
    ]
    assert walk(tmp_path, skip_vendored=True, skip_tests=True, exclude=("gen", "docs/*")) == [
        "a.py"
    ]


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    tree(outside, "secret.py")
    root = tmp_path / "root"
    tree(root, "real.py")
    os.symlink(outside, root / "linked-dir")
    os.symlink(outside / "secret.py", root / "linked.py")
    assert walk(root) == ["real.py"]


def test_a_file_root_is_yielded_alone(tmp_path: Path) -> None:
    tree(tmp_path, "one.py")
    assert list(source_files(tmp_path / "one.py")) == [tmp_path / "one.py"]
