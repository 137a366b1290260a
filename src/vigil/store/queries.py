"""Reading and triaging stored findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, Select, exists, insert, select, update
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


#: What the gate needs, read without decoding the stored finding (see ``_summary``).
_SUMMARY_COLUMNS = (
    findings.c.id,
    findings.c.fingerprint,
    findings.c.title,
    findings.c.severity,
    findings.c.category,
    findings.c.tool,
    findings.c.rule_id,
    findings.c.status,
    findings.c.vulnerability_ids,
    findings.c.component_name,
    findings.c.component_version,
    findings.c.purl,
    findings.c.path,
    findings.c.line,
    findings.c.url,
    findings.c.first_seen_scan_id,
    findings.c.first_seen_at,
    findings.c.last_seen_at,
    findings.c.triage_reason,
    findings.c.accepted_until,
)
# Enum lookups by value are a dict access, not an Enum call (100,000 rows add up).
_STATUS = {s.value: s for s in Status}
_SEVERITY = tuple(sorted(Severity))
_CATEGORY = {c.value: c for c in Category}


def _select(flt: FindingFilter, *, full: bool = True) -> Select[Any]:
    columns = (findings,) if full else _SUMMARY_COLUMNS
    query = (
        select(*columns, products.c.name.label("product_name"))
        .join(products, products.c.id == findings.c.product_id)
        .order_by(findings.c.severity.desc(), findings.c.id)
    )
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
    if flt.limit:
        query = query.limit(flt.limit)
    return query


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
            rows = conn.execute(_select(flt, full=full)).all()
            sources = _sources(conn, [r.id for r in rows]) if full else {}
            latest = set(new_scan_ids) or _latest_scans(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read findings: {str(exc).splitlines()[0]}") from None
    for r in rows:
        if full:
            finding, tools = decode(r.data), tuple(sources.get(r.id, ()))
        else:
            finding, tools = _summary(r)
        yield FindingRecord(
            fingerprint=r.fingerprint,
            finding=finding,
            sources=tools,
            status=_STATUS[r.status],
            is_new=r.first_seen_scan_id in latest,
            id=r.id,
            first_seen=r.first_seen_at,
            last_seen=r.last_seen_at,
            triage_reason=r.triage_reason,
            accepted_until=r.accepted_until,
        )


def _summary(row: Any) -> tuple[Finding, tuple[str, ...]]:
    """A finding rebuilt from the summary columns, and the slugs of the tools that saw it."""
    names = row.tool.split(", ")
    finding = Finding(
        title=row.title,
        severity=_SEVERITY[row.severity],
        category=_CATEGORY[row.category],
        tool=Tool(names[0]),
        rule_id=row.rule_id,
        vulnerability_ids=tuple(row.vulnerability_ids.split()),
        component=Component(row.component_name, row.component_version or None, row.purl or None)
        if row.component_name
        else None,
        location=CodeLocation(row.path, row.line) if row.path else None,
        endpoints=(Endpoint(row.url),) if row.url else (),
    )
    return finding, tuple(sorted(tool_slug(n) for n in names))


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


def _latest_scans(conn: Any) -> set[int]:
    """The scans of the newest import per product, branch, tool and target."""
    rows = conn.execute(
        select(
            scans.c.product_id, scans.c.branch, scans.c.tool, scans.c.target, scans.c.id
        ).order_by(scans.c.id)
    )
    newest: dict[tuple[Any, ...], int] = {}
    for r in rows:
        newest[(r.product_id, r.branch, r.tool, r.target)] = r.id
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


def latest_scan_id(engine: Engine, product: str, branch: str) -> int | None:
    """The id of the newest scan of a product and branch."""
    with engine.connect() as conn:
        value = conn.execute(
            select(scans.c.id)
            .join(products, products.c.id == scans.c.product_id)
            .where(products.c.name == product, scans.c.branch == branch)
            .order_by(scans.c.id.desc())
            .limit(1)
        ).scalar()
    return int(value) if value is not None else None
