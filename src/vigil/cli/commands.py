"""Bodies of the CLI commands: build the stage objects, hand them over, print the outcome."""

from __future__ import annotations

import gc
import getpass
import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from vigil import __version__
from vigil.cli import output
from vigil.errors import UsageError
from vigil.model import Category, Finding, FindingRecord, Severity, Status
from vigil.triage.identity import FindingGroup, identify, tool_slug

if TYPE_CHECKING:
    from vigil.ingest.reader import ParsedReport
    from vigil.policy.model import Policy, Population

_E = TypeVar("_E", Status, Category)

#: CI variables that name the branch being built, most specific first.
_BRANCH_VARIABLES = (
    "GITHUB_HEAD_REF",
    "GITHUB_REF_NAME",
    "CI_COMMIT_REF_NAME",
    "BRANCH_NAME",
    "CODEBUILD_WEBHOOK_HEAD_REF",
    "GIT_BRANCH",
)
_COMMIT_VARIABLES = (
    "GITHUB_SHA",
    "CI_COMMIT_SHA",
    "GIT_COMMIT",
    "CODEBUILD_RESOLVED_SOURCE_VERSION",
)


def _now() -> datetime:
    return datetime.now(UTC)


def resolve_branch(branch: str | None) -> str:
    """The branch given, else the CI's, else 'main'."""
    if branch:
        return branch
    for name in _BRANCH_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value.removeprefix("refs/heads/")
    return "main"


def resolve_product(product: str | None) -> str:
    """The product given, else the name of the current folder."""
    return product or Path.cwd().name or "default"


def _resolve_commit(commit: str | None) -> str:
    if commit:
        return commit
    return next((os.environ[n] for n in _COMMIT_VARIABLES if os.environ.get(n)), "")


def _engine(database: str | None):  # type: ignore[no-untyped-def]
    from vigil.store.database import open_engine

    return open_engine(database)


def _many_objects_ahead() -> None:
    # Imports, gates and reports build hundreds of thousands of small objects and free almost
    # none before the process ends: the cyclic collector would rescan them again and again
    # for nothing (a third of a 100,000-finding gate's time).
    gc.disable()


def parse_reports(reports: Sequence[Path], tool: str | None) -> list[ParsedReport]:
    """Every report fully parsed before anything is written: one bad file stops it all."""
    from vigil.ingest.reader import parse_file  # the parsers load only when reports are read

    if not reports:
        raise UsageError("no report files given")
    _many_objects_ahead()
    return [parse_file(path, tool) for path in reports]


def _scope_tool(report: ParsedReport, tool_name: str) -> str:
    return tool_slug(tool_name) if report.parser.multi_tool else report.parser.id


def _group_scopes(
    parsed: Sequence[ParsedReport], slugs_of: Sequence[dict[str, str]], groups: list[FindingGroup]
) -> list[frozenset[str]]:
    """The scopes (tool slugs) whose reports contain each group."""
    every = {slug for slug_of in slugs_of for slug in slug_of.values()}
    if len(every) == 1:  # the usual single-tool import: no need to look at each finding
        return [frozenset(every)] * len(groups)
    scope_of = {
        id(finding): slug_of[finding.tool.name]
        for report, slug_of in zip(parsed, slugs_of, strict=True)
        for finding in report.findings
    }
    return [frozenset(scope_of[id(s)] for s in g.sources) for g in groups]


def import_reports(
    reports: Sequence[Path],
    *,
    product: str | None,
    branch: str | None,
    commit: str | None,
    tool: str | None,
    target: str,
    partial: bool,
    database: str | None,
) -> int:
    from vigil.store.importer import ScanInfo, import_scans

    parsed = parse_reports(reports, tool)
    scan_infos: dict[str, ScanInfo] = {}
    slugs_of: list[dict[str, str]] = []
    for path, report in zip(reports, parsed, strict=True):
        # The version is part of the digest: a newer vigil may read the same bytes differently.
        digest = hashlib.sha256(f"{__version__}:{report.sha256}".encode()).hexdigest()
        versions = {f.tool.name: f.tool.version or "" for f in report.findings}
        slug_of = {name: _scope_tool(report, name) for name in versions}
        slugs_of.append(slug_of)
        tools = {slug_of[name]: version for name, version in versions.items()}
        for slug, version in (tools or {report.parser.id: ""}).items():
            scan_infos.setdefault(
                slug,
                ScanInfo(
                    tool=slug,
                    tool_version=version,
                    target=target,
                    report_name=str(path),
                    report_sha256=digest,
                    complete=not partial,
                ),
            )
    groups = identify(f for r in parsed for f in r.findings)
    group_tools = _group_scopes(parsed, slugs_of, groups)
    engine = _engine(database)
    summary = import_scans(
        engine,
        product=resolve_product(product),
        branch=resolve_branch(branch),
        commit=_resolve_commit(commit),
        scans_in=list(scan_infos.values()),
        groups=groups,
        group_tools=group_tools,
        now=_now(),
    )
    output.print_import_summary(summary, sum(len(r.findings) for r in parsed), len(groups))
    return 0


def _severity_filter(values: Sequence[str]) -> tuple[Severity | None, tuple[Severity, ...]]:
    minimum = None
    exact: list[Severity] = []
    for value in values:
        try:
            if value.endswith("+"):
                minimum = Severity.parse(value[:-1])
            else:
                exact.append(Severity.parse(value))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return minimum, tuple(exact)


def _enum_values(kind: type[_E], values: Sequence[str]) -> tuple[_E, ...]:
    try:
        return tuple(kind(v.strip().lower()) for v in values)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise UsageError(f"unknown value in {', '.join(values)}; known: {known}") from None


def list_findings(
    *,
    product: str | None,
    branch: str | None,
    severity: Sequence[str],
    status: Sequence[str],
    category: Sequence[str],
    tool: str | None,
    new_since: int | None,
    output_format: str,
    limit: int | None,
    database: str | None,
) -> int:
    from vigil.store.queries import FindingFilter, iter_records

    minimum, exact = _severity_filter(severity)
    open_only = "open" in status
    flt = FindingFilter(
        product=product,
        branch=branch,
        min_severity=minimum,
        severities=exact,
        statuses=_enum_values(Status, [s for s in status if s != "open"]),
        categories=_enum_values(Category, category),
        tool=tool,
        new_since_scan=new_since,
        open_only=open_only,
        limit=limit,
    )
    records = list(iter_records(_engine(database), flt))
    output.print_records(records, output_format)
    return 0


def show_finding(finding_id: int, output_format: str, database: str | None) -> int:
    from vigil.store.queries import get_record

    record, events = get_record(_engine(database), finding_id)
    output.print_record_detail(record, events, output_format)
    return 0


def triage_finding(
    finding_id: int,
    status: str,
    reason: str,
    until: str | None,
    actor: str,
    database: str | None,
) -> int:
    from vigil.store.queries import triage
    from vigil.triage.lifecycle import triage_target

    try:
        target = triage_target(status)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    until_date = None
    if until:
        try:
            until_date = date.fromisoformat(until)
        except ValueError:
            raise UsageError(f"--until must be a date like 2027-01-31, not {until!r}") from None
    if target is Status.ACCEPTED and until_date is None:
        raise UsageError("accepting a risk needs --until DATE")
    if not reason.strip():
        raise UsageError("--reason must say why")
    old = triage(
        _engine(database),
        finding_id,
        target,
        reason=reason.strip(),
        until=until_date,
        actor=actor or getpass.getuser(),
        now=_now(),
    )
    print(f"finding {finding_id}: {old.value} -> {target.value}", file=sys.stderr)
    return 0


def records_from_reports(reports: Sequence[Path], tool: str | None) -> list[FindingRecord]:
    """Records straight from report files, no store: every finding is open and new."""
    return records_from_findings(f for r in parse_reports(reports, tool) for f in r.findings)


def _record(group: FindingGroup) -> FindingRecord:
    return FindingRecord(
        fingerprint=group.fingerprint,
        finding=group.finding,
        sources=group.tools,
        status=Status.NEW,
        is_new=True,
    )


def stored_records(
    product: str | None,
    branch: str | None,
    database: str | None,
    *,
    include_closed: bool,
    full: bool = True,
) -> list[FindingRecord]:
    from vigil.store.queries import FindingFilter, iter_records

    _many_objects_ahead()
    flt = FindingFilter(
        product=resolve_product(product),
        branch=resolve_branch(branch),
        open_only=not include_closed,
    )
    return list(iter_records(_engine(database), flt, full=full))


def _relevant_stored_records(
    rules: Policy,
    kev_loaded: bool,
    product: str | None,
    branch: str | None,
    database: str | None,
) -> tuple[list[FindingRecord], Population | None]:
    """Stored records for the gate: only those that can change the verdict when the policy
    allows it (no suppressions), with the counts of the rest; else all of them."""
    from vigil.policy.model import Population, relevance
    from vigil.store.queries import FindingFilter, GateRelevance, iter_records, population

    _many_objects_ahead()
    wanted = relevance(rules, kev_loaded=kev_loaded)
    if wanted is None:
        return stored_records(product, branch, database, include_closed=True, full=False), None
    engine = _engine(database)
    flt = FindingFilter(
        product=resolve_product(product),
        branch=resolve_branch(branch),
        gate=GateRelevance(wanted.floor, wanted.new_only, wanted.secrets, wanted.advisories),
    )
    counts, known = population(engine, flt)
    return list(iter_records(engine, flt, full=False)), Population(counts, known)


def run_gate(
    reports: Sequence[Path],
    *,
    policy: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    tool: str | None,
    product: str | None,
    branch: str | None,
    database: str | None,
) -> int:
    """Judge report files (no store) or the stored findings; print the verdict."""
    from vigil.advisories.kev import catalog_path, load_kev
    from vigil.policy.evaluate import evaluate
    from vigil.policy.loader import load_policy
    from vigil.policy.model import DEFAULT_POLICY
    from vigil.triage.baseline import baseline_from_records, mark_known, read_baseline
    from vigil.triage.baseline import write_baseline as save_baseline

    rules = load_policy(policy) if policy else DEFAULT_POLICY
    catalog = catalog_path(rules.kev_catalog)
    kev = load_kev(catalog) if catalog else frozenset()
    population = None
    if reports:
        records = records_from_reports(reports, tool)
    elif baseline is None and write_baseline is None:
        records, population = _relevant_stored_records(rules, bool(kev), product, branch, database)
    else:
        records = stored_records(product, branch, database, include_closed=True, full=False)
    if write_baseline is not None:
        save_baseline(write_baseline, baseline_from_records(records, _now().date()))
        print(f"wrote a baseline of {len(records)} findings to {write_baseline}", file=sys.stderr)
        return 0
    if baseline is not None:
        records = mark_known(records, read_baseline(baseline))
    verdict = evaluate(records, rules, kev=kev, today=_now().date(), population=population)
    sys.stdout.write("".join(line + "\n" for line in verdict.lines()))
    return 0 if verdict.passed else 1


def _tool_versions(records: Sequence[FindingRecord]) -> dict[str, str]:
    """Tool name → version, for the reports that name the tools (SARIF runs, HTML header)."""
    versions: dict[str, str] = {}
    for record in records:
        tool = record.finding.tool
        if tool.version and tool.name not in versions:
            versions[tool.name] = tool.version
    return versions


def render_report(
    reports: Sequence[Path],
    *,
    output_format: str,
    output: Path | None,
    tool: str | None,
    product: str | None,
    branch: str | None,
    include_closed: bool,
    database: str | None,
) -> int:
    """Render report files (no store) or stored findings in a CI-native format."""
    if reports:
        records = records_from_reports(reports, tool)
        write_report(records, output_format, output, product=product or "", branch=branch or "")
    else:
        records = stored_records(product, branch, database, include_closed=include_closed)
        write_report(
            records,
            output_format,
            output,
            product=resolve_product(product),
            branch=resolve_branch(branch),
        )
    return 0


def write_report(
    records: Sequence[FindingRecord],
    output_format: str,
    output: Path | None,
    *,
    product: str | None,
    branch: str | None,
) -> None:
    """Render ``records`` and write them to ``output`` (atomically) or stdout."""
    from vigil.report.interface import ReportContext
    from vigil.report.registry import by_id

    renderer = by_id(output_format)
    context = ReportContext(
        product=product or "",
        branch=branch or "",
        commit=_resolve_commit(None),
        generated_at=_now(),
        tool_versions=_tool_versions(records),
    )
    body = renderer().render(records, context)
    if output is None:
        sys.stdout.buffer.write(body)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".tmp")
    temporary.write_bytes(body)
    temporary.replace(output)
    print(f"wrote {renderer.label} report of {len(records)} findings to {output}", file=sys.stderr)


def judge(records: Sequence[FindingRecord], policy: Path | None) -> int:
    """Apply a gate policy to records and print the verdict; 0 passed, 1 failed."""
    from vigil.advisories.kev import catalog_path, load_kev
    from vigil.policy.evaluate import evaluate
    from vigil.policy.loader import load_policy
    from vigil.policy.model import DEFAULT_POLICY

    rules = load_policy(policy) if policy else DEFAULT_POLICY
    catalog = catalog_path(rules.kev_catalog)
    kev = load_kev(catalog) if catalog else frozenset()
    verdict = evaluate(records, rules, kev=kev, today=_now().date())
    sys.stdout.write("".join(line + "\n" for line in verdict.lines()))
    return 0 if verdict.passed else 1


def records_from_findings(findings: Iterable[Finding]) -> list[FindingRecord]:
    """Records of freshly found findings (no store): all open and new."""
    return [_record(g) for g in identify(findings)]


def store_findings(
    findings: Sequence[Finding],
    *,
    tool: str,
    target: str,
    product: str | None,
    branch: str | None,
    database: str | None,
) -> None:
    """Store one scanner's complete findings as one scan, like an import of its report."""
    from vigil.store.importer import ScanInfo, import_scans

    groups = identify(findings)
    summary = import_scans(
        _engine(database),
        product=resolve_product(product),
        branch=resolve_branch(branch),
        commit=_resolve_commit(None),
        scans_in=[ScanInfo(tool=tool, target=target)],
        groups=groups,
        group_tools=[frozenset({tool})] * len(groups),
        now=_now(),
    )
    output.print_stored_line(tool, summary)
