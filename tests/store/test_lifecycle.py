"""The findings lifecycle across imports, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, func, select

from vigil.model import Category, CodeLocation, Component, Finding, Severity, Status, Tool
from vigil.store.importer import ImportSummary, ScanInfo, import_scans
from vigil.store.queries import FindingFilter, get_record, iter_records, triage
from vigil.store.tables import finding_events, findings
from vigil.triage.identity import identify, tool_slug

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def sast(rule: str, path: str, line: int, snippet: str, tool: str = "Bandit") -> Finding:
    return Finding(
        title=f"{rule} in {path}",
        severity=Severity.HIGH,
        category=Category.SAST,
        tool=Tool(tool),
        rule_id=rule,
        location=CodeLocation(path, line, line, snippet=snippet),
    )


def sca(
    tool: str,
    ids: tuple[str, ...],
    name: str = "log4j-core",
    version: str = "2.14.1",
    severity: Severity = Severity.CRITICAL,
) -> Finding:
    return Finding(
        title=f"{ids[0]} in {name}",
        severity=severity,
        category=Category.SCA,
        tool=Tool(tool),
        rule_id=ids[0],
        vulnerability_ids=ids,
        component=Component(name, version, ecosystem="maven"),
    )


def run_import(
    engine: Engine,
    found: list[Finding],
    *,
    at: datetime = T0,
    tool: str = "bandit",
    complete: bool = True,
    branch: str = "main",
) -> ImportSummary:
    groups = identify(found)
    tools = [frozenset(tool_slug(s.tool.name) for s in g.sources) for g in groups]
    scan_tools = sorted({t for ts in tools for t in ts} | {tool})
    return import_scans(
        engine,
        product="shop",
        branch=branch,
        commit="abc",
        scans_in=[ScanInfo(tool=t, complete=complete) for t in scan_tools],
        groups=groups,
        group_tools=tools,
        now=at,
    )


def statuses(engine: Engine) -> dict[str, str]:
    return {r.finding.title: r.status.value for r in iter_records(engine, FindingFilter())}


BASE = [
    sast("B602", "app/run.py", 10, "subprocess.call(cmd, shell=True)"),
    sast("B608", "app/db.py", 20, 'cur.execute("SELECT * FROM t WHERE id=" + uid)'),
    sast("B303", "app/hash.py", 5, "hashlib.md5(data)"),
]


def test_first_import_opens_everything_as_new(store: Engine) -> None:
    summary = run_import(store, BASE)
    assert summary.new[Severity.HIGH] == 3
    assert set(statuses(store).values()) == {"new"}


def test_identical_reimport_changes_nothing_but_last_seen(store: Engine) -> None:
    run_import(store, BASE)
    with store.connect() as conn:
        before = [
            tuple(r)
            for r in conn.execute(
                select(
                    findings.c.id, findings.c.status, findings.c.data_hash, findings.c.first_seen_at
                ).order_by(findings.c.id)
            )
        ]
        events_before = conn.execute(select(func.count()).select_from(finding_events)).scalar()
    summary = run_import(store, BASE, at=T0 + timedelta(days=1))
    assert (sum(summary.new.values()), sum(summary.fixed.values())) == (0, 0)
    assert summary.still_open[Severity.HIGH] == 3
    with store.connect() as conn:
        after = [
            tuple(r)
            for r in conn.execute(
                select(
                    findings.c.id, findings.c.status, findings.c.data_hash, findings.c.first_seen_at
                ).order_by(findings.c.id)
            )
        ]
        events_after = conn.execute(select(func.count()).select_from(finding_events)).scalar()
        last_seen = set(conn.execute(select(findings.c.last_seen_at)).scalars())
    assert after == before
    assert events_after == events_before
    assert {d.replace(tzinfo=UTC) if d.tzinfo is None else d for d in last_seen} == {
        T0 + timedelta(days=1)
    }


def test_moved_code_keeps_its_identity(store: Engine) -> None:
    run_import(store, BASE)
    shifted = [
        replace(
            f,
            location=replace(
                f.location,
                start_line=f.location.start_line + 40,
                end_line=f.location.start_line + 40,
            ),
        )
        for f in BASE
        if f.location
    ]
    summary = run_import(store, shifted, at=T0 + timedelta(hours=1))
    assert sum(summary.new.values()) == 0 and sum(summary.fixed.values()) == 0
    assert set(statuses(store).values()) == {"new"}


def test_missing_finding_is_fixed_then_reopened_with_history(store: Engine) -> None:
    run_import(store, BASE)
    summary = run_import(store, BASE[:2], at=T0 + timedelta(days=1))
    assert summary.fixed[Severity.HIGH] == 1
    assert statuses(store)["B303 in app/hash.py"] == "fixed"
    summary = run_import(store, BASE, at=T0 + timedelta(days=2))
    assert summary.reopened[Severity.HIGH] == 1
    record = next(r for r in iter_records(store, FindingFilter()) if r.finding.rule_id == "B303")
    assert record.status is Status.REOPENED
    _, events = get_record(store, record.id or 0)
    assert [(e.kind, e.to_status) for e in events] == [
        ("created", "new"),
        ("fixed", "fixed"),
        ("reopened", "reopened"),
    ]


def test_partial_report_closes_nothing(store: Engine) -> None:
    run_import(store, BASE)
    summary = run_import(store, BASE[:1], complete=False, at=T0 + timedelta(days=1))
    assert sum(summary.fixed.values()) == 0
    assert set(statuses(store).values()) == {"new"}


def test_triage_decisions_survive_imports_and_lapsed_acceptance_reopens(store: Engine) -> None:
    run_import(store, BASE)
    ids = {r.finding.rule_id: r.id or 0 for r in iter_records(store, FindingFilter())}
    triage(
        store,
        ids["B602"],
        Status.FALSE_POSITIVE,
        reason="constant command",
        until=None,
        actor="alice",
        now=T0,
    )
    triage(
        store,
        ids["B303"],
        Status.ACCEPTED,
        reason="checksum only",
        until=date(2026, 11, 10),
        actor="alice",
        now=T0,
    )
    run_import(store, BASE, at=T0 + timedelta(days=2))
    assert statuses(store) == {
        "B602 in app/run.py": "false-positive",
        "B608 in app/db.py": "new",
        "B303 in app/hash.py": "accepted",
    }
    summary = run_import(store, BASE, at=datetime(2026, 11, 11, tzinfo=UTC))
    assert summary.reopened[Severity.HIGH] == 1
    assert statuses(store)["B303 in app/hash.py"] == "reopened"
    assert statuses(store)["B602 in app/run.py"] == "false-positive"


def test_same_cve_from_two_tools_is_one_finding_with_both_sources(store: Engine) -> None:
    run_import(store, [sca("Trivy", ("CVE-2021-44228",))], tool="trivy")
    summary = run_import(
        store,
        [sca("Grype", ("GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"))],
        tool="grype",
        at=T0 + timedelta(hours=1),
    )
    assert sum(summary.new.values()) == 0
    records = list(iter_records(store, FindingFilter()))
    assert len(records) == 1
    assert records[0].sources == ("grype", "trivy")


def test_one_tool_dropping_a_cve_does_not_fix_what_another_still_reports(store: Engine) -> None:
    both = [sca("Trivy", ("CVE-2021-44228",)), sca("Grype", ("CVE-2021-44228",))]
    run_import(store, both)
    summary = run_import(store, [], tool="trivy", at=T0 + timedelta(days=1))
    assert sum(summary.fixed.values()) == 0
    summary = run_import(store, [], tool="grype", at=T0 + timedelta(days=2))
    assert summary.fixed[Severity.CRITICAL] == 1


def test_branches_are_separate_scopes(store: Engine) -> None:
    run_import(store, BASE)
    summary = run_import(store, BASE[:1], branch="feature-x", at=T0 + timedelta(hours=1))
    assert summary.new[Severity.HIGH] == 1
    assert sum(summary.fixed.values()) == 0
    assert len(list(iter_records(store, FindingFilter(branch="main")))) == 3


def test_an_alias_alone_finds_the_finding_stored_under_both_ids(store: Engine) -> None:
    run_import(store, [sca("Grype", ("GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"))], tool="grype")
    summary = run_import(
        store,
        [sca("npm-audit", ("GHSA-jfh8-c2jp-5v3q",))],
        tool="npm-audit",
        at=T0 + timedelta(hours=1),
    )
    assert sum(summary.new.values()) == 0
    records = list(iter_records(store, FindingFilter()))
    assert [r.sources for r in records] == [("grype", "npm-audit")]
