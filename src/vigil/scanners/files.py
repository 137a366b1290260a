"""The one walk over a source tree that every scanner shares: the same folders are skipped
(version control, caches, and on request vendored and test trees) and the same excludes apply."""

from __future__ import annotations

import os
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigil.scanners.interface import ScanRequest

#: Never worth descending into: version control, caches, virtual environments' tooling.
ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox"}
)
#: Third-party code copied into a repository; skipped with ``skip_vendored``.
VENDORED = frozenset({"vendor", "vendored", "third_party", "third-party", "bower_components"})
#: Test data trees, whose files describe fixtures, not the product; ``skip_tests``.
TEST_TREES = frozenset({"test", "tests", "testdata", "fixtures", "__fixtures__", "spec"})
#: Installed third-party code: never the product's own source, but read by dependency scans.
INSTALLED = frozenset({"node_modules", "site-packages", ".venv", "venv", "env", ".eggs"})


def is_skipped_folder(name: str, *, skip_vendored: bool, skip_tests: bool) -> bool:
    """Whether a folder called ``name`` is left out of a walk."""
    return (
        name in ALWAYS_SKIPPED
        or (skip_vendored and name in VENDORED)
        or (skip_tests and name in TEST_TREES)
    )


def is_virtualenv(folder: Path) -> bool:
    """Whether ``folder`` is a Python virtual environment, whatever its name (``venv`` and
    ``python -m venv`` write ``pyvenv.cfg`` at its top)."""
    return (folder / "pyvenv.cfg").is_file()


def is_excluded(path: Path, root: Path, exclude: tuple[str, ...]) -> bool:
    """Whether ``path`` matches one of the ``exclude`` globs, relative to ``root``."""
    if not exclude:
        return False
    relative = path.relative_to(root).as_posix()
    return any(fnmatch(relative, pattern) for pattern in exclude)


def source_files(
    root: Path,
    *,
    skip_vendored: bool = False,
    skip_tests: bool = False,
    exclude: tuple[str, ...] = (),
    skip_installed: bool = True,
) -> Iterator[Path]:
    """Every regular file under ``root`` (or ``root`` itself when it is a file), in a stable
    order; symlinks are not followed, so a link can neither escape the tree nor loop."""
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            name
            for name in dirs
            if not is_skipped_folder(name, skip_vendored=skip_vendored, skip_tests=skip_tests)
            and not (skip_installed and (name in INSTALLED or is_virtualenv(here / name)))
            and not is_excluded(here / name, root, exclude)
        )
        for name in sorted(files):
            path = here / name
            if not path.is_symlink() and not is_excluded(path, root, exclude):
                yield path


def request_files(request: ScanRequest) -> Iterator[Path]:
    """The files of the shared walk over ``request.root``, with its skip and exclude options."""
    return source_files(
        request.root,
        skip_vendored=request.skip_vendored,
        skip_tests=request.skip_tests,
        exclude=request.exclude,
    )
