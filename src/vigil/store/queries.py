"""Reading and triaging stored findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    exists,
    func,
    insert,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from vigil.errors import StoreError
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Endpoint,
    Finding,
    FindingRecord,
    Severity,
    Status,
    Tool,
)
from vigil.store.mapping import decode
from vigil.store.tables import finding_events, finding_sources, findings, products, scans
from vigil.triage.identity import tool_slug


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which stored findings to read; empty fields do not filter."""

    product: str | None = None
    branch: str | None = None
    min_severity: Severity | None = None
    severities: tuple[Severity, ...] = ()
    statuses: tuple[Status, ...] = ()
    categories: tuple[Category, ...] = ()
    tool: str | None = None
    new_since_scan: int | None = None
    open_only: bool = False
    limit: int | None = None
    gate: GateRelevance | None = None


@dataclass(frozen=True, slots=True)
class GateRelevance:
    """Read only unfixed findings that can change a gate verdict: triaged ones, those at or
    above ``floor`` (first seen in the latest scans, if ``new_only``), secrets (``secrets``)
    and those naming an advisory (``advisories``)."""

    floor: Severity | None
    new_only: bool
    secrets: bool
    advisories: bool


@dataclass(frozen=True, slots=True)
class Event:
    """One change in a finding's life."""

    at: datetime
    kind: str
    from_status: str | None
    to_status: str
    actor: str
    reason: str | None
    scan_id: int | None


#: Columns of every record, then the finding: summary columns (the gate) or the stored
#: document (everything else). Rows are unpacked by position: attribute access on a Row costs
#: microseconds, which 100,000 rows turn into seconds.
_RECORD_COLUMNS = (
    findings.c.id,
    findings.c.fingerprint,
    findings.c.status,
    findings.c.first_seen_scan_id,
    findings.c.first_seen_at,
    findings.c.last_seen_at,
    findings.c.triage_reason,
    findings.c.accepted_until,
)
_SUMMARY_COLUMNS = (
    findings.c.title,
    findings.c.severity,
    findings.c.category,
    findings.c.tool,
    findings.c.rule_id,
    findings.c.vulnerability_ids,
    findings.c.component_name,
    findings.c.component_version,
    findings.c.purl,
    findings.c.path,
    findings.c.line,
    findings.c.url,
)
# Enum lookups by value are a dict access, not an Enum call (100,000 rows add up).
_STATUS = {s.value: s for s in Status}
_SEVERITY = tuple(sorted(Severity))
_CATEGORY = {c.value: c for c in Category}


def _select(
    flt: FindingFilter, *, full: bool = True, latest: set[int] | None = None
) -> Select[Any]:
    if full:
        columns: tuple[Any, ...] = (*_RECORD_COLUMNS, findings.c.data)
    else:
        # The gate needs no dates, and parsing 200,000 of them is much of SQLite's read time.
        dateless = [null() if c.name.endswith("_at") else c for c in _RECORD_COLUMNS]
        columns = (*dateless, *_SUMMARY_COLUMNS)
    query = select(*columns).join(products, products.c.id == findings.c.product_id)
    if flt.gate is None:
        # Worst first for people; the gate sorts what fails itself.
        query = query.order_by(findings.c.severity.desc(), findings.c.id)
    if flt.product:
        query = query.where(products.c.name == flt.product)
    if flt.branch:
        query = query.where(findings.c.branch == flt.branch)
    if flt.min_severity is not None:
        query = query.where(findings.c.severity >= int(flt.min_severity))
    if flt.severities:
        query = query.where(findings.c.severity.in_([int(s) for s in flt.severities]))
    if flt.statuses:
        query = query.where(findings.c.status.in_([s.value for s in flt.statuses]))
    if flt.open_only:
        query = query.where(findings.c.status.in_([s.value for s in Status if s.is_open]))
    if flt.categories:
        query = query.where(findings.c.category.in_([c.value for c in flt.categories]))
    if flt.tool:
        query = query.where(
            exists().where(
                finding_sources.c.finding_id == findings.c.id,
                finding_sources.c.tool == flt.tool.strip().lower(),
            )
        )
    if flt.new_since_scan is not None:
        query = query.where(findings.c.first_seen_scan_id >= flt.new_since_scan)
    if flt.gate is not None:
        query = query.where(_relevant(flt.gate, latest or set()))
    if flt.limit:
        query = query.limit(flt.limit)
    return query


def _relevant(gate: GateRelevance, latest: set[int]) -> ColumnElement[bool]:
    triaged = [Status.FALSE_POSITIVE.value, Status.ACCEPTED.value]
    reasons: list[ColumnElement[bool]] = [findings.c.status.in_(triaged)]
    if gate.floor is not None:
        high = findings.c.severity >= int(gate.floor)
        reasons.append(
            and_(high, findings.c.first_seen_scan_id.in_(latest)) if gate.new_only else high
        )
    if gate.secrets:
        reasons.append(findings.c.category == Category.SECRET.value)
    if gate.advisories:
        reasons.append(findings.c.vulnerability_ids != "")
    return and_(findings.c.status != Status.FIXED.value, or_(*reasons))


def population(engine: Engine, flt: FindingFilter) -> tuple[dict[Severity, int], int]:
    """Unfixed findings matching ``flt`` (gate relevance aside) by severity, and how many of
    them are known (first seen before the latest scans)."""
    with engine.connect() as conn:
        latest = _latest_scans(conn, flt)
        known = case((findings.c.first_seen_scan_id.in_(latest), 0), else_=1)
        query = (
            select(findings.c.severity, func.count(), func.sum(known))
            .join(products, products.c.id == findings.c.product_id)
            .where(findings.c.status != Status.FIXED.value)
            .group_by(findings.c.severity)
        )
        if flt.product:
            query = query.where(products.c.name == flt.product)
        if flt.branch:
            query = query.where(findings.c.branch == flt.branch)
        rows = conn.execute(query).all()
    return {_SEVERITY[sev]: count for sev, count, _ in rows}, sum(int(k or 0) for *_, k in rows)


def iter_records(
    engine: Engine,
    flt: FindingFilter,
    *,
    new_scan_ids: Sequence[int] = (),
    full: bool = True,
) -> Iterator[FindingRecord]:
    """Stored findings as FindingRecords. ``is_new`` is true for findings first seen in one of
    ``new_scan_ids`` (or, when none are given, in the latest import of their product/branch).

    ``full=False`` reads only the indexed summary columns: enough for the gate (severity,
    category, ids, rule, package, location), several times faster than decoding every finding
    with its description and the tool's raw record.
    """
    try:
        with engine.connect() as conn:
            latest = set(new_scan_ids) or _latest_scans(conn, flt)
            rows = conn.execute(_select(flt, full=full, latest=latest)).all()
            sources = _sources(conn, [r[0] for r in rows]) if full else {}
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read findings: {str(exc).splitlines()[0]}") from None
    summarise = _Summariser()
    for (
        finding_id,
        fingerprint,
        status,
        first_scan,
        first_at,
        last_at,
        reason,
        until,
        *rest,
    ) in rows:
        if full:
            finding, tools = decode(rest[0]), tuple(sources.get(finding_id, ()))
        else:
            finding, tools = summarise(rest)
        yield FindingRecord(
            fingerprint=fingerprint,
            finding=finding,
            sources=tools,
            status=_STATUS[status],
            is_new=first_scan in latest,
            id=finding_id,
            first_seen=first_at,
            last_seen=last_at,
            triage_reason=reason,
            accepted_until=until,
        )


class _Summariser:
    """Rebuilds findings from the summary columns, sharing the Tool of each tool list."""

    def __init__(self) -> None:
        self._tools: dict[str, tuple[Tool, tuple[str, ...]]] = {}

    def _tool(self, joined: str) -> tuple[Tool, tuple[str, ...]]:
        if joined not in self._tools:
            names = joined.split(", ")
            self._tools[joined] = (Tool(names[0]), tuple(sorted(tool_slug(n) for n in names)))
        return self._tools[joined]

    def __call__(self, columns: Sequence[Any]) -> tuple[Finding, tuple[str, ...]]:
        (title, severity, category, tool, rule_id, ids, name, version, purl, path, line, url) = (
            columns
        )
        first_tool, slugs = self._tool(tool)
        finding = Finding(
            title=title,
            severity=_SEVERITY[severity],
            category=_CATEGORY[category],
            tool=first_tool,
            rule_id=rule_id,
            vulnerability_ids=tuple(ids.split()),
            component=Component(name, version or None, purl or None) if name else None,
            location=CodeLocation(path, line) if path else None,
            endpoints=(Endpoint(url),) if url else (),
        )
        return finding, slugs


def _sources(conn: Any, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    chunk = 10_000
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        for row in conn.execute(
            select(finding_sources.c.finding_id, finding_sources.c.tool)
            .where(finding_sources.c.finding_id.in_(part))
            .order_by(finding_sources.c.finding_id, finding_sources.c.tool)
        ):
            found[row.finding_id].append(row.tool)
    return found


def _latest_scans(conn: Any, flt: FindingFilter) -> set[int]:
    """The scans of the newest import per product, branch, tool and target."""
    query = (
        select(scans.c.product_id, scans.c.branch, scans.c.tool, scans.c.target, scans.c.id)
        .join(products, products.c.id == scans.c.product_id)
        .order_by(scans.c.id)
    )
    if flt.product:
        query = query.where(products.c.name == flt.product)
    if flt.branch:
        query = query.where(scans.c.branch == flt.branch)
    newest: dict[tuple[Any, ...], int] = {}
    for product_id, branch, tool, target, scan_id in conn.execute(query):
        newest[(product_id, branch, tool, target)] = scan_id
    return set(newest.values())


def get_record(engine: Engine, finding_id: int) -> tuple[FindingRecord, list[Event]]:
    """One stored finding with its history, oldest event first."""
    with engine.connect() as conn:
        row = conn.execute(select(findings).where(findings.c.id == finding_id)).first()
        if row is None:
            raise StoreError(f"no finding with id {finding_id}")
        sources = _sources(conn, [finding_id]).get(finding_id, [])
        # Creation is not stored as an event (imports create findings by the hundred
        # thousand); the finding's first-seen columns say it.
        created = Event(
            row.first_seen_at,
            "created",
            None,
            Status.NEW.value,
            "vigil",
            None,
            row.first_seen_scan_id,
        )
        events = [created] + [
            Event(e.at, e.kind, e.from_status, e.to_status, e.actor, e.reason, e.scan_id)
            for e in conn.execute(
                select(finding_events)
                .where(finding_events.c.finding_id == finding_id)
                .order_by(finding_events.c.id)
            )
        ]
    record = FindingRecord(
        fingerprint=row.fingerprint,
        finding=decode(row.data),
        sources=tuple(sources),
        status=Status(row.status),
        is_new=False,
        id=row.id,
        first_seen=row.first_seen_at,
        last_seen=row.last_seen_at,
        triage_reason=row.triage_reason,
        accepted_until=row.accepted_until,
    )
    return record, events


def triage(
    engine: Engine,
    finding_id: int,
    status: Status,
    *,
    reason: str,
    until: date | None,
    actor: str,
    now: datetime,
) -> Status:
    """Record a person's decision on a finding; returns the previous status."""
    with engine.begin() as conn:
        row = conn.execute(select(findings.c.status).where(findings.c.id == finding_id)).first()
        if row is None:
            raise StoreError(f"no finding with id {finding_id}")
        old = Status(row.status)
        conn.execute(
            update(findings)
            .where(findings.c.id == finding_id)
            .values(
                status=status.value,
                triage_reason=reason,
                accepted_until=until if status is Status.ACCEPTED else None,
            )
        )
        conn.execute(
            insert(finding_events).values(
                finding_id=finding_id,
                scan_id=None,
                at=now,
                kind="triaged",
                from_status=old.value,
                to_status=status.value,
                actor=actor,
                reason=reason,
            )
        )
    return old
