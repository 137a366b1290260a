"""A finding as the later stages see it: deduplicated, identified and (when stored) tracked."""

from __future__ import annotations

from datetime import date, datetime

from vigil.model._value import value
from vigil.model.finding import Finding
from vigil.model.status import Status


@value
class FindingRecord:
    """What the gate and the reports read, whether it came from a report file or the store.

    ``finding`` is the merged view of every tool report in ``sources``; ``is_new`` says the
    finding was not known before the scan being judged (first import, or absent from the
    baseline). ``id`` and the dates are set only for stored findings.
    """

    fingerprint: str
    finding: Finding
    sources: tuple[str, ...]
    status: Status = Status.NEW
    is_new: bool = True
    id: int | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    triage_reason: str | None = None
    accepted_until: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status.is_open
