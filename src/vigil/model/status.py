"""Where a finding stands in its life."""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """Lifecycle state of a stored finding.

    new, confirmed and reopened are open; fixed, false_positive, accepted and suppressed are
    closed. ``suppressed`` comes only from a scan: a ``vigil: ignore`` marker in the source
    silences the finding, and the marker's text is its reason (it is never stored).
    """

    NEW = "new"
    CONFIRMED = "confirmed"
    REOPENED = "reopened"
    FIXED = "fixed"
    FALSE_POSITIVE = "false-positive"
    ACCEPTED = "accepted"
    SUPPRESSED = "suppressed"

    @property
    def is_open(self) -> bool:
        return self in _OPEN

    @property
    def is_triaged(self) -> bool:
        """A human decision (a triage, or a marker in the source) that keeps the finding out
        of the gate and that imports must not overwrite."""
        return self in (Status.FALSE_POSITIVE, Status.ACCEPTED, Status.SUPPRESSED)


_OPEN = frozenset({Status.NEW, Status.CONFIRMED, Status.REOPENED})
