# ruff: noqa: I001, RUF100 - imports follow the order of READERS below, on purpose
"""Every built-in dependency-file reader. Adding a format is one module and one line here;
third-party readers register through the ``vigil.dependency_readers`` entry-point group."""

from __future__ import annotations

import functools
from fnmatch import fnmatch

from vigil.plugins import find, with_plugins
from vigil.scanners.lockfiles.interface import DependencyReader

from vigil.scanners.lockfiles.requirements import RequirementsReader
from vigil.scanners.lockfiles.poetry import PoetryLockReader
from vigil.scanners.lockfiles.pipfile import PipfileLockReader
from vigil.scanners.lockfiles.uv import UvLockReader
from vigil.scanners.lockfiles.pdm import PdmLockReader
from vigil.scanners.lockfiles.pylock import PylockReader
from vigil.scanners.lockfiles.dist_info import DistInfoReader
from vigil.scanners.lockfiles.npm_lock import NpmLockReader
from vigil.scanners.lockfiles.yarn import YarnLockReader
from vigil.scanners.lockfiles.pnpm import PnpmLockReader
from vigil.scanners.lockfiles.node_modules import NodeModulesReader
from vigil.scanners.lockfiles.gomod import GoModReader
from vigil.scanners.lockfiles.cargo import CargoLockReader
from vigil.scanners.lockfiles.maven import PomReader
from vigil.scanners.lockfiles.gradle import GradleLockReader
from vigil.scanners.lockfiles.gemfile import GemfileLockReader
from vigil.scanners.lockfiles.composer import ComposerLockReader
from vigil.scanners.lockfiles.cyclonedx_sbom import CycloneDxSbomReader
from vigil.scanners.lockfiles.spdx_sbom import SpdxSbomReader

READERS: tuple[type[DependencyReader], ...] = (
    RequirementsReader,
    PoetryLockReader,
    PipfileLockReader,
    UvLockReader,
    PdmLockReader,
    PylockReader,
    DistInfoReader,
    NpmLockReader,
    YarnLockReader,
    PnpmLockReader,
    NodeModulesReader,
    GoModReader,
    CargoLockReader,
    PomReader,
    GradleLockReader,
    GemfileLockReader,
    ComposerLockReader,
    CycloneDxSbomReader,
    SpdxSbomReader,
)


@functools.cache
def all_readers() -> tuple[type[DependencyReader], ...]:
    """Built-in readers followed by those from the ``vigil.dependency_readers`` entry points."""
    return with_plugins(READERS, "vigil.dependency_readers", "dependency readers")


def by_id(reader_id: str) -> type[DependencyReader]:
    """The reader whose id is ``reader_id``."""
    return find(all_readers(), reader_id, "dependency reader")


def for_file(name: str) -> list[type[DependencyReader]]:
    """The readers whose patterns match a file name."""
    return [r for r in all_readers() if any(fnmatch(name, p) for p in r.patterns)]
