"""The report stage's contract: finding records in, one report file's bytes out.

A renderer is one class with its metadata as class attributes, registered in ``registry.py``.
It sees only the records and a ``ReportContext``: no store, no settings, no network, so
``vigil report`` runs straight from report files. Rendering is deterministic: the same
records and context give the same bytes (golden-file tests rely on it).
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar

from vigil.errors import UsageError
from vigil.model import FindingRecord, Severity

#: GitLab security report types a ``ReportContext`` may ask for.
GITLAB_REPORT_TYPES = (
    "sast",
    "dependency_scanning",
    "container_scanning",
    "secret_detection",
    "dast",
)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class ReportContext:
    """What a report says about itself, beside the findings.

    ``tool_versions`` maps a tool name to the version that produced its report (it wins over
    the version a parser read from the report). ``gate_lines`` are the gate verdict's reasons
    and ``gate_passed`` its outcome, shown by the human formats when set. ``fail_threshold``
    is the severity from which an open finding fails its JUnit test case.
    ``gitlab_report_type`` forces the GitLab report type (default: the dominant category).
    ``markdown_top`` caps the findings listed in the Markdown summary; ``include_raw`` adds
    each finding's raw tool record to the JSON report.
    """

    generated_at: datetime = field(default_factory=_now)
    product: str = ""
    branch: str = ""
    commit: str = ""
    title: str = "vigil findings report"
    tool_versions: Mapping[str, str] = field(default_factory=dict)
    gate_lines: tuple[str, ...] = ()
    gate_passed: bool | None = None
    fail_threshold: Severity = Severity.LOW
    gitlab_report_type: str | None = None
    markdown_top: int = 20
    include_raw: bool = False

    def __post_init__(self) -> None:
        if self.gitlab_report_type is not None and (
            self.gitlab_report_type not in GITLAB_REPORT_TYPES
        ):
            known = ", ".join(GITLAB_REPORT_TYPES)
            raise UsageError(
                f"unknown GitLab report type {self.gitlab_report_type!r}; known: {known}"
            )
        if self.markdown_top < 0:
            raise UsageError("the number of findings listed in Markdown cannot be negative")

    @property
    def timestamp(self) -> datetime:
        """``generated_at`` in UTC (a naive value is taken to be UTC already)."""
        if self.generated_at.tzinfo is None:
            return self.generated_at.replace(tzinfo=UTC)
        return self.generated_at.astimezone(UTC)

    def version_of(self, tool: str, reported: str | None) -> str | None:
        """The version to show for ``tool``: the context's, else the one the report gave."""
        return self.tool_versions.get(tool) or reported or None


class Renderer(abc.ABC):
    """One output format.

    ``id`` is the stable slug used by ``--format``; ``label`` is for people; ``media_type``
    and ``extension`` (without the dot) describe the bytes ``render`` returns.
    """

    id: ClassVar[str]
    label: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]

    @abc.abstractmethod
    def render(self, records: Sequence[FindingRecord], context: ReportContext) -> bytes:
        """The whole report for ``records``; never raises on any valid record."""
