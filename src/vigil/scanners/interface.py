"""What every scanner run by ``vigil scan`` is: a named producer of findings over a target.

A scanner never stops the scan for one bad input: it returns its findings together with the
inputs it could not read (``ScanError``), and the CLI reports both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from vigil.errors import ScanError
from vigil.model import Finding, Tool
from vigil.model.license import LicensePolicy


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """What to scan and how; every scanner reads only the fields it needs."""

    root: Path
    skip_vendored: bool = False
    skip_tests: bool = False
    #: Glob patterns (relative to ``root``, posix) of files and folders never read.
    exclude: tuple[str, ...] = ()
    #: The offline advisory database (default: the user's data directory).
    advisory_db: Path | None = None
    #: Secrets: also read every commit's added lines in the git history of ``root``.
    history: bool = False
    #: Container: a ``docker save`` tarball, an OCI layout or an unpacked root filesystem.
    image: Path | None = None
    #: Semgrep: the user's rule files or folders, run beside vigil's own rule pack.
    semgrep_rules: tuple[Path, ...] = ()
    #: Licences: the policy's ``licenses:`` section (None: the default licence policy).
    license_policy: LicensePolicy | None = None


@dataclass(frozen=True, slots=True)
class SilencedFinding:
    """A finding that a ``vigil: ignore`` marker in the source silences, and the marker's
    reason: kept out of the gate and the store, but shown in reports as suppressed."""

    finding: Finding
    reason: str


@dataclass(slots=True)
class ScanOutcome:
    """What one scanner found: findings, those inline markers silence, inputs it could not
    read, warnings, and a one-line summary for stderr (``"12 files: 3 findings"``)."""

    findings: list[Finding] = field(default_factory=list)
    silenced: list[SilencedFinding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""


class Scanner(Protocol):
    """One of vigil's own scanners. ``id`` is what ``--only`` names; ``tool`` is what its
    findings carry and the scope they are stored under."""

    id: ClassVar[str]
    tool: ClassVar[Tool]
    #: One line for ``vigil scan --help``.
    description: ClassVar[str]
    #: Run when ``--only`` is not given.
    default: ClassVar[bool]

    def applies(self, request: ScanRequest) -> bool:
        """Whether this scanner has anything to do for ``request`` (an image scanner without
        ``--image`` has not)."""
        ...

    def scan(self, request: ScanRequest) -> ScanOutcome:
        """Scan; raise only when the scan as a whole cannot run (missing database…)."""
        ...
