"""Importing scans: the findings lifecycle applied to the store in one transaction.

Set-based on purpose: a 100,000-finding re-import is a handful of executemany statements, not
100,000 round trips. A crash anywhere rolls the whole import back.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, exists, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from vigil.errors import StoreError
from vigil.model import Severity, Status
from vigil.store._bulk import bulk_insert, bulk_update
from vigil.store.mapping import CONTENT_COLUMNS, content_row
from vigil.store.presence import mark_seen, record_presence
from vigil.store.tables import (
    finding_events,
    finding_keys,
    finding_sources,
    findings,
    products,
    scans,
    seen_ids,
)
from vigil.triage.identity import FindingGroup
from vigil.triage.lifecycle import status_when_missing, status_when_seen

OPEN = [s.value for s in Status if s.is_open]
_STATUS = {s.value: s for s in Status}
_SEVERITY = tuple(sorted(Severity))


@dataclass(frozen=True, slots=True)
class ScanInfo:
    """One tool's report in an import; findings missing from a complete one are fixed.

    ``tool`` is the scope's tool slug (see ``vigil.triage.identity.tool_slug``)."""

    tool: str
    tool_version: str = ""
    target: str = ""
    report_name: str = ""
    report_sha256: str = ""
    complete: bool = True


@dataclass(slots=True)
class ImportSummary:
    """What an import changed, per outcome and severity."""

    scan_ids: list[int] = field(default_factory=list)
    new: Counter[Severity] = field(default_factory=Counter)
    still_open: Counter[Severity] = field(default_factory=Counter)
    fixed: Counter[Severity] = field(default_factory=Counter)
    reopened: Counter[Severity] = field(default_factory=Counter)

    def rows(self) -> list[tuple[str, Counter[Severity]]]:
        return [
            ("new", self.new),
            ("still open", self.still_open),
            ("reopened", self.reopened),
            ("fixed", self.fixed),
        ]


@dataclass(slots=True)
class _Known:
    id: int
    status: Status
    accepted_until: date | None
    data_hash: str


def import_scans(
    engine: Engine,
    *,
    product: str,
    branch: str,
    commit: str,
    scans_in: Sequence[ScanInfo],
    groups: Sequence[FindingGroup],
    group_tools: Sequence[frozenset[str]],
    now: datetime,
) -> ImportSummary:
    """Record the scans and apply every finding group to the store, atomically.

    ``group_tools[i]`` names the scans (by ``ScanInfo.tool``) whose reports contain
    ``groups[i]``; one import has one scan per tool.
    """
    try:
        with engine.begin() as conn:
            return _Import(conn, product, branch, now).run(commit, scans_in, groups, group_tools)
    except SQLAlchemyError as exc:
        message = str(exc).splitlines()[0]
        raise StoreError(f"import failed, nothing was changed: {message}") from None


class _Import:
    def __init__(self, conn: Connection, product: str, branch: str, now: datetime) -> None:
        self.conn = conn
        self.branch = branch
        self.now = now
        self.today = now.date()
        self.summary = ImportSummary()
        self.same_reports = False
        self.events: list[dict[str, Any]] = []
        self._lock(product, branch)
        self.product_id = self._ensure_product(product)

    def _lock(self, product: str, branch: str) -> None:
        # SQLite is already serialised by BEGIN IMMEDIATE; PostgreSQL needs an explicit lock so
        # two imports of one product and branch cannot both create the same finding.
        if self.conn.dialect.name == "postgresql":
            digest = hashlib.sha256(f"{product}\x1f{branch}".encode()).digest()
            key = int.from_bytes(digest[:8], "big", signed=True)
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def _ensure_product(self, name: str) -> int:
        # Imports of other branches may create the same product at the same moment.
        dialect_insert = (
            postgresql_insert if self.conn.dialect.name == "postgresql" else (sqlite_insert)
        )
        self.conn.execute(
            dialect_insert(products)
            .values(name=name, created_at=self.now)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return int(
            self.conn.execute(select(products.c.id).where(products.c.name == name)).scalar_one()
        )

    def run(
        self,
        commit: str,
        scans_in: Sequence[ScanInfo],
        groups: Sequence[FindingGroup],
        group_tools: Sequence[frozenset[str]],
    ) -> ImportSummary:
        tools_of = {g.fingerprint: t for g, t in zip(groups, group_tools, strict=True)}
        scan_ids = {
            s.tool: self._insert_scan(s, commit, sum(1 for t in group_tools if s.tool in t))
            for s in scans_in
        }
        self.summary.scan_ids = list(scan_ids.values())
        self.same_reports = self._same_reports_as_before(scans_in, min(scan_ids.values()))
        first_scan = self.summary.scan_ids[0]
        known, alias_owner = self._load_known()
        matched: dict[int, FindingGroup] = {}
        created: list[FindingGroup] = []
        for group in groups:
            finding_id = known[group.fingerprint].id if group.fingerprint in known else None
            if finding_id is None and (group.aliases or alias_owner):
                finding_id = self._match_alias(group, known, alias_owner)
            if finding_id is None:
                created.append(group)
            elif finding_id not in matched:
                matched[finding_id] = group
        new_ids = self._create(created, first_scan)
        by_id = {k.id: k for k in known.values()}
        self._update_seen(matched, by_id, first_scan)
        self._add_aliases({**dict(zip(new_ids, created, strict=True)), **matched}, alias_owner)
        present = [*zip(new_ids, created, strict=True), *matched.items()]
        for info in scans_in:
            seen = [fid for fid, g in present if info.tool in tools_of[g.fingerprint]]
            self._update_sources(info, scan_ids[info.tool], seen)
        self._fix_missing(first_scan)
        self._reopen_lapsed_acceptances()
        if self.events:
            self.conn.execute(insert(finding_events), self.events)
        return self.summary

    def _same_reports_as_before(self, scans_in: Sequence[ScanInfo], first_new: int) -> bool:
        """True when every report is byte for byte the one last imported in its scope, so no
        finding's content can have changed (re-imports then skip re-encoding findings)."""
        for info in scans_in:
            previous = self.conn.execute(
                select(scans.c.report_sha256)
                .where(
                    scans.c.product_id == self.product_id,
                    scans.c.branch == self.branch,
                    scans.c.tool == info.tool,
                    scans.c.target == info.target,
                    scans.c.id < first_new,
                )
                .order_by(scans.c.id.desc())
                .limit(1)
            ).scalar()
            if not info.report_sha256 or previous != info.report_sha256:
                return False
        return True

    def _insert_scan(self, info: ScanInfo, commit: str, count: int) -> int:
        return int(
            self.conn.execute(
                insert(scans)
                .values(
                    product_id=self.product_id,
                    branch=self.branch,
                    commit_sha=commit,
                    tool=info.tool,
                    tool_version=info.tool_version,
                    target=info.target,
                    report_name=info.report_name,
                    report_sha256=info.report_sha256,
                    complete=info.complete,
                    imported_at=self.now,
                    finding_count=count,
                )
                .returning(scans.c.id)
            ).scalar_one()
        )

    def _load_known(self) -> tuple[dict[str, _Known], dict[str, int]]:
        rows = self.conn.execute(
            select(
                findings.c.id,
                findings.c.fingerprint,
                findings.c.status,
                findings.c.accepted_until,
                findings.c.data_hash,
            ).where(findings.c.product_id == self.product_id, findings.c.branch == self.branch)
        )
        known = {
            fingerprint: _Known(finding_id, _STATUS[status], until, data_hash)
            for finding_id, fingerprint, status, until, data_hash in rows
        }
        keys = self.conn.execute(
            select(finding_keys.c.key, finding_keys.c.finding_id).where(
                finding_keys.c.product_id == self.product_id,
                finding_keys.c.branch == self.branch,
            )
        )
        return known, dict(keys.all())

    def _create(self, created: Sequence[FindingGroup], scan_id: int) -> list[int]:
        if not created:
            return []
        bulk_insert(
            self.conn,
            findings,
            [*CONTENT_COLUMNS, "fingerprint"],
            ((*content_row(g), g.fingerprint) for g in created),
            {
                "product_id": self.product_id,
                "branch": self.branch,
                "status": Status.NEW.value,
                "first_seen_scan_id": scan_id,
                "last_seen_scan_id": scan_id,
                "first_seen_at": self.now,
                "last_seen_at": self.now,
                "reopen_count": 0,
            },
        )
        # One query for the new ids: RETURNING with executemany makes SQLite go row by row.
        id_of = dict(
            self.conn.execute(
                select(findings.c.fingerprint, findings.c.id).where(
                    findings.c.product_id == self.product_id,
                    findings.c.branch == self.branch,
                    findings.c.first_seen_scan_id == scan_id,
                )
            ).all()
        )
        for group in created:
            self.summary.new[group.finding.severity] += 1
        return [id_of[g.fingerprint] for g in created]

    def _update_seen(
        self, matched: dict[int, FindingGroup], by_id: dict[int, _Known], scan_id: int
    ) -> None:
        if not matched:
            return
        mark_seen(self.conn, matched)
        self.conn.execute(
            update(findings)
            .where(findings.c.id.in_(select(seen_ids.c.id)))
            .values(last_seen_scan_id=scan_id, last_seen_at=self.now)
        )
        changed: list[dict[str, Any]] = []
        for finding_id, group in matched.items():
            old = by_id[finding_id]
            status = status_when_seen(old.status, old.accepted_until, self.today)
            if status is not old.status:
                self.summary.reopened[group.finding.severity] += 1
                self._event(finding_id, scan_id, "reopened", old.status, status)
            elif status.is_open:
                self.summary.still_open[group.finding.severity] += 1
            if status is old.status and self.same_reports:
                continue
            row = dict(zip(CONTENT_COLUMNS, content_row(group), strict=True))
            if status is not old.status or row["data_hash"] != old.data_hash:
                reopened = status is Status.REOPENED and old.status is not Status.REOPENED
                changed.append(
                    row
                    | {
                        "fid": finding_id,
                        "status": status.value,
                        "fixed_scan_id": None,
                        "fixed_at": None,
                        "reopen_count": findings.c.reopen_count + int(reopened),
                    }
                )
        for row in changed:
            values = {k: v for k, v in row.items() if k != "fid"}
            self.conn.execute(update(findings).where(findings.c.id == row["fid"]).values(values))

    @staticmethod
    def _match_alias(
        group: FindingGroup, known: dict[str, _Known], alias_owner: dict[str, int]
    ) -> int | None:
        """A stored finding that is this one under another advisory id: one whose fingerprint
        is one of this group's aliases, or one recorded with this group's fingerprint or an
        alias among its own."""
        for candidate in (group.fingerprint, *group.aliases):
            if candidate in alias_owner:
                return alias_owner[candidate]
            if candidate in known:
                return known[candidate].id
        return None

    def _add_aliases(self, owners: dict[int, FindingGroup], alias_owner: dict[str, int]) -> None:
        rows = []
        for finding_id, group in owners.items():
            for alias in group.aliases:
                if alias not in alias_owner:
                    alias_owner[alias] = finding_id
                    rows.append((alias, finding_id))
        bulk_insert(
            self.conn,
            finding_keys,
            ["key", "finding_id"],
            rows,
            {"product_id": self.product_id, "branch": self.branch},
        )

    def _update_sources(self, info: ScanInfo, scan_id: int, seen: list[int]) -> None:
        record_presence(
            self.conn,
            product_id=self.product_id,
            branch=self.branch,
            tool=info.tool,
            target=info.target,
            scan_id=scan_id,
            seen=seen,
            complete=info.complete,
        )

    def _fix_missing(self, scan_id: int) -> None:
        still_reported = exists().where(
            finding_sources.c.finding_id == findings.c.id, finding_sources.c.present
        )
        rows = self.conn.execute(
            select(findings.c.id, findings.c.status, findings.c.severity).where(
                findings.c.product_id == self.product_id,
                findings.c.branch == self.branch,
                findings.c.status.in_(OPEN),
                ~still_reported,
            )
        ).all()
        if not rows:
            return
        bulk_update(
            self.conn,
            findings,
            {"status": Status.FIXED.value, "fixed_scan_id": scan_id, "fixed_at": self.now},
            ["id"],
            ((r.id,) for r in rows),
        )
        for r in rows:
            old = Status(r.status)
            self.summary.fixed[_SEVERITY[r.severity]] += 1
            self._event(r.id, scan_id, "fixed", old, status_when_missing(old))

    def _reopen_lapsed_acceptances(self) -> None:
        rows = self.conn.execute(
            select(findings.c.id).where(
                findings.c.product_id == self.product_id,
                findings.c.branch == self.branch,
                findings.c.status == Status.ACCEPTED.value,
                findings.c.accepted_until < self.today,
            )
        ).all()
        for r in rows:
            self.conn.execute(
                update(findings)
                .where(findings.c.id == r.id)
                .values(status=Status.REOPENED.value, reopen_count=findings.c.reopen_count + 1)
            )
            self._event(r.id, None, "acceptance-lapsed", Status.ACCEPTED, Status.REOPENED)

    def _event(
        self, finding_id: int, scan_id: int | None, kind: str, old: Status | None, new: Status
    ) -> None:
        self.events.append(
            {
                "finding_id": finding_id,
                "scan_id": scan_id,
                "at": self.now,
                "kind": kind,
                "from_status": old.value if old else None,
                "to_status": new.value,
                "actor": "vigil",
                "reason": None,
            }
        )
