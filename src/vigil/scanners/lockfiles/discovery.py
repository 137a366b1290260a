"""Find every dependency file under a path and read it: the inventory a supply-chain scan
matches against advisories.

One bad file never stops the scan: its error is kept beside the dependencies of the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.interface import DependencyReader

#: Never worth descending into: version control, caches, virtual environments' tooling.
ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox"}
)
#: Third-party code copied into a repository; skipped with ``skip_vendored``.
VENDORED = frozenset({"vendor", "vendored", "third_party", "third-party", "bower_components"})
#: Test data trees, whose lockfiles describe fixtures, not the product; ``skip_tests``.
TEST_TREES = frozenset({"test", "tests", "testdata", "fixtures", "__fixtures__", "spec"})


@dataclass(slots=True)
class Inventory:
    """What a scan of a path found: dependencies, the files they came from, and the files that
    could not be read (each error names its file)."""

    dependencies: list[Dependency] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Discovery:
    """Which files to read under a root."""

    readers: Sequence[type[DependencyReader]]
    skip_vendored: bool = False
    skip_tests: bool = False
    exclude: tuple[str, ...] = ()

    def candidates(self, root: Path) -> Iterable[tuple[Path, type[DependencyReader]]]:
        """(file, reader) for every name under ``root`` that a reader claims, in a stable
        order. A claimed directory (``node_modules``, ``*.dist-info``) is not descended into."""
        if root.is_file():
            yield from ((root, r) for r in self._claims(root.name))
            return
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs.sort()
            kept = []
            for name in dirs:
                claimed = self._claims(name)
                if claimed and not self._excluded(here / name, root):
                    yield from ((here / name, r) for r in claimed)
                elif not self._skipped(name) and not self._excluded(here / name, root):
                    kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                if not self._excluded(here / name, root):
                    yield from ((here / name, r) for r in self._claims(name))

    def _claims(self, name: str) -> list[type[DependencyReader]]:
        return [r for r in self.readers if any(fnmatch(name, p) for p in r.patterns)]

    def _skipped(self, name: str) -> bool:
        return (
            name in ALWAYS_SKIPPED
            or (self.skip_vendored and name in VENDORED)
            or (self.skip_tests and name in TEST_TREES)
        )

    def _excluded(self, path: Path, root: Path) -> bool:
        relative = path.relative_to(root).as_posix()
        return any(fnmatch(relative, pattern) for pattern in self.exclude)


def take_inventory(root: Path, discovery: Discovery) -> Inventory:
    """Read every dependency file under ``root``; unreadable files become errors."""
    inventory = Inventory()
    for path, reader in discovery.candidates(root):
        base = root if root.is_dir() else root.parent
        try:
            found = list(reader().read(path, base))
        except ScanError as exc:
            inventory.errors.append(exc)
            continue
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            inventory.errors.append(ScanError(str(path), f"cannot read ({exc})"))
            continue
        inventory.files.append(path.relative_to(base).as_posix())
        inventory.dependencies.extend(found)
    return inventory
