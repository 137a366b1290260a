"""What the gate decided: pass or fail, each failing finding with the rule it broke in plain
words, what was suppressed or triaged and why, counts by severity and warnings."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vigil.model import Finding, FindingRecord, Severity, Status, value
from vigil.policy.suppression import Suppression


class Rule(enum.StrEnum):
    """The policy rules a finding can break, in the order they are reported."""

    KEV = "kev"
    SECRET = "secret"  # noqa: S105 - a rule name, not a credential
    LIMIT = "limit"
    SEVERITY = "severity"


@dataclass(frozen=True, slots=True)
class Breach:
    """One rule a finding broke, and why, in words a developer understands."""

    rule: Rule
    message: str


@value
class Violation:
    """A finding that fails the gate, with every rule it broke (most important first).

    A ``value`` rather than a frozen dataclass: a gate can build tens of thousands at once.
    """

    record: FindingRecord
    breaches: tuple[Breach, ...]
    #: Where the finding sits (``where(record.finding)``), worked out once: the verdict sorts
    #: and prints by it, for every one of possibly tens of thousands of violations.
    where: str

    @classmethod
    def of(cls, record: FindingRecord, breaches: tuple[Breach, ...]) -> Violation:
        """The violation of ``record``, with where it sits worked out."""
        return cls(record, breaches, where(record.finding))

    @property
    def rule(self) -> Rule:
        return self.breaches[0].rule

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(b.rule for b in self.breaches)

    @property
    def reason(self) -> str:
        return "; ".join(b.message for b in self.breaches)

    @property
    def severity(self) -> Severity:
        return self.record.finding.severity

    @property
    def fingerprint(self) -> str:
        return self.record.fingerprint


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A finding the policy's suppression ``suppression`` took out of the gate."""

    record: FindingRecord
    suppression: Suppression


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's decision. ``counts`` covers every record that is not fixed."""

    passed: bool
    policy: str
    violations: tuple[Violation, ...]
    suppressed: tuple[Suppressed, ...]
    triaged: tuple[FindingRecord, ...]
    counts: Mapping[Severity, int]
    warnings: tuple[str, ...]
    known: int = 0
    today: date | None = None

    @property
    def failing_counts(self) -> dict[Severity, int]:
        """How many failing findings there are at each severity (critical first)."""
        result = dict.fromkeys(sorted(Severity, reverse=True), 0)
        for violation in self.violations:
            result[violation.severity] += 1
        return result

    def summary(self) -> str:
        """One line: the decision and the numbers behind it."""
        total = sum(self.counts.values())
        spread = ", ".join(f"{s.label} {n}" for s, n in self.counts.items() if n)
        outcome = "PASSED" if self.passed else "FAILED"
        plural = "s" if total != 1 else ""
        return (
            f"gate {outcome}: {len(self.violations)} failing, {total} finding{plural}"
            f"{f' ({spread})' if spread else ''}, {len(self.suppressed)} suppressed,"
            f" {len(self.triaged)} triaged, {self.known} known before; policy: {self.policy}"
        )

    def lines(self) -> list[str]:
        """The verdict as plain text lines: failures, warnings, suppressions, then a summary."""
        out: list[str] = []
        for violation in self.violations:
            finding = violation.record.finding
            out.append(f"FAIL  {finding.severity.label:<8}  {finding.title}")
            out.append(f"      where: {violation.where}")
            out.extend(f"      why:   [{b.rule.value}] {b.message}" for b in violation.breaches)
            out.append(f"      fingerprint: {violation.fingerprint}")
        out.extend(f"warning: {w}" for w in self.warnings)
        for record in self.triaged:
            if record.status is Status.SUPPRESSED:
                finding = record.finding
                reason = record.triage_reason or "no reason given"
                out.append(
                    f"suppressed  {finding.severity.label:<8}  {finding.title} ({where(finding)})"
                    f" in the source [{finding.rule_id}]: {reason}"
                )
        for item in self.suppressed:
            finding = item.record.finding
            out.append(
                f"suppressed  {finding.severity.label:<8}  {finding.title} ({where(finding)})"
                f" by suppression {item.suppression.describe()} until"
                f" {item.suppression.expires.isoformat()}: {item.suppression.reason}"
            )
        out.append(self.summary())
        return out


def where(finding: Finding) -> str:
    """Where a finding sits, for people: package and version, file and line, or URL."""
    parts: list[str] = []
    if finding.component is not None:
        component = finding.component
        parts.append(
            f"{component.name} {component.version}" if component.version else component.name
        )
    if finding.location is not None:
        location = finding.location
        line = f":{location.start_line}" if location.start_line else ""
        parts.append(f"{location.path}{line}")
    elif finding.endpoints:
        endpoint = finding.endpoints[0]
        parts.append(f"{endpoint.method} {endpoint.url}" if endpoint.method else endpoint.url)
    return " at ".join(parts) if parts else f"rule {finding.rule_id}"
