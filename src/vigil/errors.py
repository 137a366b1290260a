"""vigil's error hierarchy: one base per stage, mapped to exit codes by the CLI."""

from __future__ import annotations


class VigilError(Exception):
    """Base of every error vigil raises on purpose. ``str()`` is a one-line user message."""

    exit_code = 2


class ParseError(VigilError):
    """A report could not be read: wrong format, truncated, hostile or too large."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ScanError(VigilError):
    """A scanner could not read one of its inputs (a malformed lockfile, a corrupt image)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[ScanError], tuple[str, str]]:
        # Scanners run in worker processes: their errors must survive pickling.
        return (ScanError, (self.source, self.problem))


class StoreError(VigilError):
    """The findings store could not be opened, migrated or written."""


class PolicyError(VigilError):
    """A gate policy file is invalid."""


class AdvisoryError(VigilError):
    """Vulnerability data (an advisory database, the KEV catalog) could not be read."""


class TriageError(VigilError):
    """Triage data (a baseline, a suppression file) could not be read or written."""


class UsageError(VigilError):
    """The command line or environment asks for something impossible."""
