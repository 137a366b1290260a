"""The Finding: one normalised observation of a security problem, as a tool reported it.

Pure values: no I/O, no ORM, no validation framework. Parsers build these; triage gives them
an identity; the store persists them; policy and reports read them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from vigil.model._value import value


class Severity(enum.IntEnum):
    """Ordered impact level; compare with ``>=`` to apply thresholds."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        # A table lookup: Enum.name is a descriptor call, and labels are read per finding.
        return _SEVERITY_LABELS[self._value_]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity name (case-insensitive); raises ValueError on anything else."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None

    @classmethod
    def from_score(cls, score: float) -> Severity:
        """CVSS v3/v4 qualitative rating of a base score (FIRST's table)."""
        if score >= 9.0:
            return cls.CRITICAL
        if score >= 7.0:
            return cls.HIGH
        if score >= 4.0:
            return cls.MEDIUM
        if score > 0.0:
            return cls.LOW
        return cls.INFO


class Confidence(enum.IntEnum):
    """How sure the tool is that the finding is real; independent of severity."""

    UNKNOWN = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CERTAIN = 4

    @property
    def label(self) -> str:
        return _CONFIDENCE_LABELS[self._value_]


_SEVERITY_LABELS = tuple(s.name.lower() for s in sorted(Severity))
_CONFIDENCE_LABELS = tuple(c.name.lower() for c in sorted(Confidence))


class Category(enum.StrEnum):
    """The kind of analysis that produced a finding; drives identity and gate rules."""

    SAST = "sast"
    SCA = "sca"
    SECRET = "secret"  # noqa: S105 - a category name, not a credential
    IAC = "iac"
    CONTAINER = "container"
    DAST = "dast"
    OTHER = "other"


@value
class Tool:
    """The scanner that produced a report."""

    name: str
    version: str | None = None


@value
class Cvss:
    """A CVSS rating as the tool gave it: version ("2.0", "3.0", "3.1", "4.0"), vector, score."""

    version: str
    vector: str | None = None
    score: float | None = None


@value
class Component:
    """A third-party package (SCA / container findings)."""

    name: str
    version: str | None = None
    purl: str | None = None
    ecosystem: str | None = None
    fixed_versions: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


@value
class CodeLocation:
    """Where in the source tree a finding sits. Lines and columns are 1-based."""

    path: str
    start_line: int | None = None
    end_line: int | None = None
    start_column: int | None = None
    end_column: int | None = None
    snippet: str | None = None


@value
class Endpoint:
    """Where in a running web application a finding sits (DAST)."""

    url: str
    method: str | None = None
    parameter: str | None = None
    evidence: str | None = None


@value
class TraceStep:
    """One hop of a source-to-sink path (SARIF ``codeFlows``): where, and what happens there."""

    path: str
    line: int
    note: str = ""


@value
class Finding:
    """One problem as reported by one tool, normalised.

    ``vulnerability_ids`` lists advisory ids (CVE, GHSA, OSV, vendor) including aliases; the
    first is the tool's primary id. ``raw`` keeps the tool's own record for audit and export.
    ``hint`` is an identity the tool itself supplies (e.g. SARIF partialFingerprints), used by
    triage when present. ``secret_hash`` carries a hash of a detected secret, never the secret.
    """

    title: str
    severity: Severity
    category: Category
    tool: Tool
    rule_id: str
    description: str = ""
    confidence: Confidence = Confidence.UNKNOWN
    cvss: tuple[Cvss, ...] = ()
    cwes: tuple[int, ...] = ()
    vulnerability_ids: tuple[str, ...] = ()
    component: Component | None = None
    location: CodeLocation | None = None
    endpoints: tuple[Endpoint, ...] = ()
    remediation: str = ""
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    secret_hash: str | None = None
    hint: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: For dataflow findings: the steps from the untrusted source to the sink, in order.
    #: Last, so parsers that build findings positionally (up to ``raw``) are unaffected.
    trace: tuple[TraceStep, ...] = ()

    @property
    def endpoint(self) -> Endpoint | None:
        """The first endpoint, for single-endpoint consumers."""
        return self.endpoints[0] if self.endpoints else None

    @property
    def best_cvss(self) -> Cvss | None:
        """The newest CVSS version that carries a score."""
        if len(self.cvss) == 1:
            only = self.cvss[0]
            return only if only.score is not None else None
        scored = [c for c in self.cvss if c.score is not None]
        return max(scored, key=lambda c: c.version) if scored else None
