"""The life of a stored finding across imports and triage, as pure transition rules.

The store applies these rules; keeping them here keeps them testable without a database.
"""

from __future__ import annotations

from datetime import date

from vigil.model import Status


def status_when_seen(status: Status, accepted_until: date | None, today: date) -> Status:
    """A finding present in a new report: fixed ones reopen, lapsed risk acceptances reopen,
    every other decision (false positive, live acceptance, confirmation) is kept."""
    if status is Status.FIXED:
        return Status.REOPENED
    if status is Status.ACCEPTED and accepted_until is not None and accepted_until < today:
        return Status.REOPENED
    return status


def status_when_missing(status: Status) -> Status:
    """A finding absent from a complete report of its scope: open ones are fixed; triage
    decisions stay so they still apply if it comes back."""
    return Status.FIXED if status.is_open else status


def triage_target(requested: str) -> Status:
    """The status a person asks for with ``vigil triage``: confirmed, false-positive or
    accepted; ValueError naming those for anything else."""
    allowed = (Status.CONFIRMED, Status.FALSE_POSITIVE, Status.ACCEPTED)
    wanted = requested.strip().lower()
    for status in allowed:
        if status.value == wanted:
            return status
    names = ", ".join(s.value for s in allowed)
    raise ValueError(f"triage status must be one of {names}, not {requested!r}")
