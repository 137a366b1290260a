"""Which tools still report a finding: one row per finding and scope (tool + target).

A finding is fixed when no scope reports it any more; these functions keep that presence up
to date set-based, so that re-importing 100,000 findings is a few statements.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, select, update

from vigil.store._bulk import bulk_insert, bulk_update
from vigil.store.tables import finding_sources, findings, seen_ids


def mark_seen(conn: Connection, ids: Iterable[int]) -> None:
    """Fill the connection's scratch table with ``ids`` (replacing what it held)."""
    seen_ids.create(conn, checkfirst=True)
    conn.execute(delete(seen_ids))
    bulk_insert(conn, seen_ids, ["id"], ((i,) for i in ids))


def record_presence(
    conn: Connection,
    *,
    product_id: int,
    branch: str,
    tool: str,
    target: str,
    scan_id: int,
    seen: list[int],
    complete: bool,
) -> None:
    """Scan ``scan_id`` of scope (tool, target) reported the findings ``seen``; when the report
    is ``complete``, every other finding of the scope is no longer reported by it."""
    in_scope = dict(
        conn.execute(
            select(finding_sources.c.finding_id, finding_sources.c.present)
            .join(findings, findings.c.id == finding_sources.c.finding_id)
            .where(
                finding_sources.c.tool == tool,
                finding_sources.c.target == target,
                findings.c.product_id == product_id,
                findings.c.branch == branch,
            )
        ).all()
    )
    bulk_insert(
        conn,
        finding_sources,
        ["finding_id"],
        ((f,) for f in seen if f not in in_scope),
        {"tool": tool, "target": target, "present": True, "last_seen_scan_id": scan_id},
    )
    mark_seen(conn, (f for f in seen if f in in_scope))
    conn.execute(
        update(finding_sources)
        .where(
            finding_sources.c.tool == tool,
            finding_sources.c.target == target,
            finding_sources.c.finding_id.in_(select(seen_ids.c.id)),
        )
        .values(present=True, last_seen_scan_id=scan_id)
    )
    if complete:
        seen_set = set(seen)
        bulk_update(
            conn,
            finding_sources,
            {"present": False},
            ["finding_id", "tool", "target"],
            ((f, tool, target) for f, present in in_scope.items() if present and f not in seen_set),
        )
