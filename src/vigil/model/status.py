"""Where a finding stands in its life."""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """Lifecycle state of a stored finding.

    new, confirmed and reopened are open; fixed, false_positive and accepted are closed.
    """

    NEW = "new"
    CONFIRMED = "confirmed"
    REOPENED = "reopened"
    FIXED = "fixed"
    FALSE_POSITIVE = "false-positive"
    ACCEPTED = "accepted"

    @property
    def is_open(self) -> bool:
        return self in _OPEN

    @property
    def is_triaged(self) -> bool:
        """A human decision that imports must not overwrite."""
        return self in (Status.FALSE_POSITIVE, Status.ACCEPTED)


_OPEN = frozenset({Status.NEW, Status.CONFIRMED, Status.REOPENED})
