"""The ingest stage's contract: report bytes in, an iterator of Findings out.

A parser is one class with its metadata as class attributes, registered in ``registry.py``.
It must not touch the store, settings or the network: it sees only the report.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from vigil.errors import ParseError
from vigil.model import Category, Finding

#: Reports larger than this are refused before being read, so memory stays bounded.
DEFAULT_MAX_REPORT_BYTES = 256 * 1024 * 1024
#: How much of a report ``sniff`` sees.
SNIFF_BYTES = 64 * 1024


def max_report_bytes() -> int:
    """The size cap, overridable with ``VIGIL_MAX_REPORT_BYTES``."""
    raw = os.environ.get("VIGIL_MAX_REPORT_BYTES")
    return int(raw) if raw and raw.isdigit() else DEFAULT_MAX_REPORT_BYTES


@dataclass(frozen=True, slots=True)
class ReportSource:
    """A report's bytes and the name used in messages (usually its path)."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path, limit: int | None = None) -> ReportSource:
        """Read a report file, refusing one over the size cap without reading it."""
        limit = max_report_bytes() if limit is None else limit
        name = str(path)
        try:
            size = os.stat(path).st_size
            if size > limit:
                raise ParseError(
                    name,
                    f"report is {size:,} bytes, over the {limit:,}-byte limit"
                    " (set VIGIL_MAX_REPORT_BYTES to raise it)",
                )
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise ParseError(name, exc.strerror or str(exc)) from None
        if len(data) > limit:
            raise ParseError(name, f"report is over the {limit:,}-byte limit")
        return cls(name, data)

    @property
    def head(self) -> bytes:
        return self.data[:SNIFF_BYTES]


class Parser(abc.ABC):
    """One report format (or family of formats) of one tool.

    ``id`` is the stable slug used by ``--tool`` and stored with scans; ``label`` is for
    people; ``category`` is the default category of its findings.
    """

    id: ClassVar[str]
    label: ClassVar[str]
    category: ClassVar[Category] = Category.OTHER
    #: True for formats that carry the producing tool (SARIF, GitLab, CycloneDX, generic):
    #: scopes are then per producing tool, not per format.
    multi_tool: ClassVar[bool] = False

    @classmethod
    @abc.abstractmethod
    def sniff(cls, head: bytes) -> bool:
        """True when the first bytes of a report look like this parser's format."""

    @abc.abstractmethod
    def parse(self, source: ReportSource) -> Iterator[Finding]:
        """Yield the report's findings. Raise ParseError on input that is not this format."""
