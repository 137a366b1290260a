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
from vigil.model.license import LicensePolicy
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
    #: The ``licenses:`` section, read by ``vigil scan``'s licence scanner; None when absent.
    licenses: LicensePolicy | None = None

    def threshold_for(self, category: Category) -> Severity | None:
        """The severity at which a finding of ``category`` fails, or None if it never does."""
        if category in self.category_thresholds:
            return self.category_thresholds[category]
        return self.threshold


@dataclass(frozen=True, slots=True)
class Relevance:
    """Which open findings can change a verdict, so a store can skip reading the rest.

    A finding matters when it is at or above ``floor`` (and new, if ``new_only``), when it is a
    secret (``secrets``), when it names an advisory (``advisories``: the KEV rule can fire),
    or when it is triaged. ``None`` from ``relevance`` means every finding matters (a
    suppression may match any of them, and the verdict lists what each one matched).
    """

    floor: Severity | None
    new_only: bool
    secrets: bool
    advisories: bool


@dataclass(frozen=True, slots=True)
class Population:
    """Counts over every unfixed finding, when the records judged are only the relevant ones."""

    counts: Mapping[Severity, int]
    known: int


def relevance(policy: Policy, *, kev_loaded: bool) -> Relevance | None:
    """What the store must read for ``policy``; None when it must read everything."""
    if policy.suppressions:
        return None
    levels = [policy.threshold, *policy.category_thresholds.values()]
    levels += [limit.severity for limit in policy.limits]
    present = [level for level in levels if level is not None]
    return Relevance(
        floor=min(present) if present else None,
        new_only=policy.new_only,
        secrets=policy.secrets is not AppliesTo.OFF,
        advisories=kev_loaded and policy.kev is not AppliesTo.OFF,
    )


DEFAULT_POLICY = Policy()
