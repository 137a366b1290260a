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
from vigil.scanners.files import is_excluded, is_skipped_folder
from vigil.scanners.lockfiles.interface import DependencyReader


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
                if self._excluded(here / name, root):
                    continue
                claimed = self._claims(name)
                if claimed:
                    yield from ((here / name, r) for r in claimed)
                elif not self._skipped(name):
                    kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                if not self._excluded(here / name, root):
                    yield from ((here / name, r) for r in self._claims(name))

    def _claims(self, name: str) -> list[type[DependencyReader]]:
        return [r for r in self.readers if any(fnmatch(name, p) for p in r.patterns)]

    def _skipped(self, name: str) -> bool:
        return is_skipped_folder(name, skip_vendored=self.skip_vendored, skip_tests=self.skip_tests)

    def _excluded(self, path: Path, root: Path) -> bool:
        return is_excluded(path, root, self.exclude)


def take_inventory(root: Path, discovery: Discovery) -> Inventory:
    """Read every dependency file under ``root``; unreadable files become errors."""
    inventory = Inventory()
    base = root if root.is_dir() else root.parent
    for path, reader in discovery.candidates(root):
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


def inventory_for(
    root: Path,
    *,
    skip_vendored: bool = False,
    skip_tests: bool = False,
    exclude: tuple[str, ...] = (),
) -> Inventory:
    """Every dependency file under ``root`` that any registered reader claims, read."""
    from vigil.scanners.lockfiles.registry import all_readers

    discovery = Discovery(
        all_readers(), skip_vendored=skip_vendored, skip_tests=skip_tests, exclude=exclude
    )
    return take_inventory(root, discovery)
