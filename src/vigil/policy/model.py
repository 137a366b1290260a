"""The gate policy as values: thresholds, always-fail rules, count limits and suppressions.

``DEFAULT_POLICY`` is what ``vigil gate`` applies when no policy file is given: fail on new
critical and high findings, on any open secret and on any finding whose CVE is in CISA's Known
Exploited Vulnerabilities catalog.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vigil.model import Category, Severity
from vigil.policy.suppression import Suppression

#: The only policy file format version this code reads.
POLICY_VERSION = 1


class AppliesTo(enum.StrEnum):
    """Which open records an always-fail rule (secrets, KEV) looks at."""

    ALL = "all"
    NEW = "new"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``max`` judged findings of exactly ``severity`` (in ``category``, if set).

    Up to ``max`` such findings pass even above the threshold; one more and all of them fail.
    """

    severity: Severity
    max: int
    category: Category | None = None

    def counts(self, severity: Severity, category: Category) -> bool:
        return severity is self.severity and self.category in (None, category)

    def describe(self) -> str:
        scope = f" {self.category.value}" if self.category else ""
        return f"at most {self.max} {self.severity.label}{scope}"


@dataclass(frozen=True, slots=True)
class Policy:
    """A parsed gate policy. ``source`` names the file in messages.

    ``threshold`` fails judged findings at or above it (None: no threshold);
    ``category_thresholds`` overrides it per category. ``new_only`` limits the threshold and
    the limits to records with ``is_new``; ``secrets`` and ``kev`` have their own reach.
    ``kev_catalog`` is resolved against the policy file's folder.
    """

    source: str = "default policy"
    new_only: bool = True
    threshold: Severity | None = Severity.HIGH
    category_thresholds: Mapping[Category, Severity | None] = field(default_factory=dict)
    secrets: AppliesTo = AppliesTo.ALL
    kev: AppliesTo = AppliesTo.ALL
    limits: tuple[Limit, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    kev_catalog: Path | None = None

    def threshold_for(self, category: Category) -> Severity | None:
        """The severity at which a finding of ``category`` fails, or None if it never does."""
        if category in self.category_thresholds:
            return self.category_thresholds[category]
        return self.threshold


DEFAULT_POLICY = Policy()
