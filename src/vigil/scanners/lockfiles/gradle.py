"""Gradle dependency locking: ``gradle.lockfile`` (Gradle 6+) and the older per-configuration
``gradle/dependency-locks/<configuration>.lockfile`` (Gradle 4.8 to 5).

A line is ``group:artifact:version=configuration,configuration`` (the older files have no
``=`` and name their one configuration in the file name); ``empty=…`` lists configurations
that resolved to nothing, ``#`` starts a comment. A module is dev when every configuration it
is locked in is a test one (``testCompileClasspath``, ``androidTestRuntimeClasspath``,
``integrationTestRuntimeClasspath``…). The lockfile flattens the graph, so direct and path are
unknown. Tested on a real Gradle 7 lockfile (JoseLion/maybe).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.interface import DependencyReader

_LINE = re.compile(r"^([^:\s=]+):([^:\s=]+):([^:\s=]+)(?:=([^\s=]*))?$")
_TEST_CONFIGURATION = re.compile(r"^test[A-Z]|Test[A-Z]|^test$")


def _is_test(configuration: str) -> bool:
    return bool(_TEST_CONFIGURATION.search(configuration))


class GradleLockReader(DependencyReader):
    """``gradle.lockfile``: Maven modules with purls; test-only ones are dev."""

    id: ClassVar[str] = "gradle-lockfile"
    label: ClassVar[str] = "gradle.lockfile"
    ecosystem: ClassVar[str] = "maven"
    patterns: ClassVar[tuple[str, ...]] = ("gradle.lockfile", "*.lockfile")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ScanError(str(path), f"not readable: {exc}") from exc
        source = path.relative_to(root).as_posix()
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#") or line.startswith("empty="):
                continue
            match = _LINE.match(line)
            if match is None:
                raise ScanError(str(path), f"line {number}: not 'group:artifact:version=…'")
            group, artifact, version, listed = match.groups()
            # Without "=" this is a per-configuration file named after its configuration.
            configurations = listed.split(",") if listed is not None else [path.stem]
            yield Dependency(
                ecosystem="maven",
                name=f"{group}:{artifact}",
                version=version,
                purl=PackageURL("maven", group, artifact, version).to_string(),
                source=source,
                dev=all(_is_test(c) for c in configurations if c),
            )
