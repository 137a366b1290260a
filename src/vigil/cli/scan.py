"""``vigil scan PATH``: vigil's own scanners over a source tree; the findings flow on like
imported ones (store, gate, reports)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vigil.cli.main import (
    AdvisoryDb,
    Branch,
    Database,
    OutputFile,
    Product,
    SkipTests,
    SkipVendored,
    _guard,
    app,
)
from vigil.scanners.registry import SCANNERS

if TYPE_CHECKING:
    from vigil.model import Finding, FindingRecord
    from vigil.scanners.interface import Scanner, ScanOutcome, ScanRequest, SilencedFinding


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="Folder or file to scan.")],
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            envvar="VIGIL_SCAN_ONLY",
            help=f"Scanners to run, comma-separated ({', '.join(SCANNERS)}); "
            "default: every one that applies.",
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            envvar="VIGIL_SCAN_FORMAT",
            help="Write a report (json, sarif, junit, html, markdown, csv, gitlab) "
            "instead of the table.",
        ),
    ] = None,
    output: OutputFile = None,
    gate: Annotated[
        Path | None,
        typer.Option(
            "--gate",
            envvar="VIGIL_GATE_POLICY",
            help="Apply this gate policy too (exit 1 when it fails).",
        ),
    ] = None,
    skip_vendored: SkipVendored = False,
    skip_tests: SkipTests = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            envvar="VIGIL_SCAN_EXCLUDE",
            help="Glob (relative to PATH) of files or folders not to read; repeatable.",
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            envvar="VIGIL_SCAN_HISTORY",
            help="Secrets: also scan every commit's added lines in the git history.",
        ),
    ] = False,
    image: Annotated[
        Path | None,
        typer.Option(
            "--image",
            envvar="VIGIL_SCAN_IMAGE",
            help="Container image to scan: a 'docker save' tarball, an OCI layout folder "
            "or an unpacked root filesystem.",
        ),
    ] = None,
    advisory_db: AdvisoryDb = None,
    semgrep_rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--semgrep-rules",
            envvar="VIGIL_SEMGREP_RULES",
            help="Semgrep rule file or folder to run beside vigil's own rules; repeatable.",
        ),
    ] = None,
    license_policy: Annotated[
        Path | None,
        typer.Option(
            "--license-policy",
            envvar="VIGIL_LICENSE_POLICY",
            help="Policy file whose 'licenses:' section the license scanner applies "
            "(default: the --gate file's, else deny AGPL-* and SSPL-*, unknown is low).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            envvar="VIGIL_BASELINE",
            help="Baseline file (vigil baseline or JSON report): findings in it are known, "
            "not new, so a new-only gate passes them (known secrets and KEV CVEs still fail "
            "unless the policy sets them to 'new').",
        ),
    ] = None,
    product: Product = None,
    branch: Branch = None,
    database: Database = None,
) -> None:
    """Run vigil's own scanners over PATH; the findings flow on like imported ones.

    With --product each scanner's findings are stored like an import of its report, and the
    store's triage (false positive, accepted) applies to them. Findings silenced by a
    'vigil: ignore[RULE] reason' comment are reported as suppressed, never stored or gated.
    Exit 0 clean, 1 gate failed, 2 bad usage or an input that could not be read (the rest
    is still scanned).
    """
    from vigil.scanners.interface import ScanRequest

    request = ScanRequest(
        root=path,
        skip_vendored=skip_vendored,
        skip_tests=skip_tests,
        exclude=tuple(exclude or ()),
        advisory_db=advisory_db,
        history=history,
        image=image,
        semgrep_rules=tuple(semgrep_rules or ()),
    )
    _guard(
        lambda: run_scan(
            with_license_policy(request, license_policy or gate),
            only,
            ScanOutput(output_format, output, gate, baseline),
            product,
            branch,
            database,
        )
    )


def with_license_policy(request: ScanRequest, policy_file: Path | None) -> ScanRequest:
    """``request`` with the ``licenses:`` section of ``policy_file``, if it has one."""
    if policy_file is None:
        return request
    from dataclasses import replace

    from vigil.policy.loader import load_policy

    return replace(request, license_policy=load_policy(policy_file).licenses)


@dataclass(frozen=True, slots=True)
class ScanOutput:
    """Where a scan's findings go after the scanners: a report, a gate, a baseline."""

    report_format: str | None = None
    report_file: Path | None = None
    gate: Path | None = None
    baseline: Path | None = None


def run_scan(
    request: ScanRequest,
    only: str | None,
    outputs: ScanOutput,
    product: str | None,
    branch: str | None,
    database: str | None,
) -> int:
    from vigil.cli import commands
    from vigil.errors import UsageError
    from vigil.scanners.suppressions import silence_marked

    if not request.root.exists():
        raise UsageError(f"{request.root}: no such file or folder")
    if request.image is not None and not request.image.exists():
        raise UsageError(f"{request.image}: no such image file or folder")
    scanners = chosen_scanners(only, request)
    outcomes = run_scanners(scanners, request)
    failed_inputs = False
    findings: list[Finding] = []
    silenced: list[SilencedFinding] = []
    reported: set[str] = set()  # sca and license read the same files: name a bad one once
    for scanner, outcome in zip(scanners, outcomes, strict=True):
        for warning in outcome.warnings:
            print(f"vigil: warning: {scanner.id}: {warning}", file=sys.stderr)
        for error in outcome.errors:
            if str(error) not in reported:
                reported.add(str(error))
                print(f"vigil: error: {error} (the rest is scanned)", file=sys.stderr)
        failed_inputs = failed_inputs or bool(outcome.errors)
        # Markers apply to every scanner alike, whether or not the scanner reads them itself.
        kept, marked = silence_marked(outcome.findings, request.root)
        quiet = [*outcome.silenced, *marked]
        note = f", {len(quiet)} suppressed in the source" if quiet else ""
        print(f"{scanner.id}: scanned {outcome.summary}{note}", file=sys.stderr)
        findings.extend(kept)
        silenced.extend(quiet)
        if product:
            commands.store_findings(
                kept,
                tool=scanner.tool.name,
                target=str(request.root),
                product=product,
                branch=branch,
                database=database,
            )
    if product:
        records = stored_view(scanners, product, branch, database)
    else:
        records = commands.records_from_findings(findings)
    if outputs.baseline is not None:
        from vigil.triage.baseline import mark_known, read_baseline

        records = mark_known(records, read_baseline(outputs.baseline))
    records.extend(silenced_records(silenced))
    if outputs.report_format:
        commands.write_report(
            records, outputs.report_format, outputs.report_file, product=product, branch=branch
        )
    elif not outputs.gate:
        from vigil.cli import output as out

        out.print_records(records, "table")
    failed = outputs.gate is not None and commands.judge(records, outputs.gate) != 0
    return 1 if failed else (2 if failed_inputs else 0)


def stored_view(
    scanners: Sequence[Scanner], product: str, branch: str | None, database: str | None
) -> list[FindingRecord]:
    """The store's records of what ``scanners`` just found, with their triage: false
    positives and accepted risks stay out of the gate, as they do for imports."""
    from vigil.cli import commands
    from vigil.model import Status
    from vigil.triage.identity import tool_slug

    slugs = {tool_slug(s.tool.name) for s in scanners}
    return [
        r
        for r in commands.stored_records(product, branch, database, include_closed=True)
        if r.status is not Status.FIXED and slugs.intersection(r.sources)
    ]


def silenced_records(silenced: Sequence[SilencedFinding]) -> list[FindingRecord]:
    """Records of the findings inline markers silence: status suppressed, the marker's text
    as the reason, so every report says what was suppressed and why."""
    from dataclasses import replace

    from vigil.cli import commands
    from vigil.model import Status

    return [
        replace(record, status=Status.SUPPRESSED, triage_reason=item.reason or None)
        for item in silenced
        for record in commands.records_from_findings([item.finding])
    ]


def chosen_scanners(only: str | None, request: ScanRequest) -> list[Scanner]:
    """The scanners ``--only`` names, else every default scanner that applies."""
    from vigil.errors import UsageError
    from vigil.scanners.registry import all_scanners, by_id

    if only is None:
        defaults = [s() for s in all_scanners() if s.default]
        return [scanner for scanner in defaults if scanner.applies(request)]
    wanted = [s.strip() for s in only.split(",") if s.strip()]
    if not wanted:
        raise UsageError("--only names no scanner")
    chosen = [by_id(name)() for name in dict.fromkeys(wanted)]
    for scanner in chosen:
        if not scanner.applies(request):
            # The description says what the scanner needs (--image, Checkov on PATH…).
            raise UsageError(f"scanner {scanner.id!r} does not apply here: {scanner.description}")
    return chosen


def run_scanners(scanners: Sequence[Scanner], request: ScanRequest) -> list[ScanOutcome]:
    """Each scanner's outcome, in order. Several scanners run in separate processes, since
    they are CPU-bound Python; progress shows only on a terminal."""
    show_progress = sys.stderr.isatty()
    if len(scanners) < 2 or (os.cpu_count() or 1) < 2:
        return [_run_one(s, request, show_progress) for s in scanners]
    from concurrent.futures import ProcessPoolExecutor

    workers = min(len(scanners), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run_one, s, request, False) for s in scanners]
        if show_progress:
            from rich.console import Console

            with Console(stderr=True).status(f"scanning with {', '.join(s.id for s in scanners)}…"):
                return [f.result() for f in futures]
        return [f.result() for f in futures]


def _run_one(scanner: Scanner, request: ScanRequest, show_progress: bool) -> ScanOutcome:
    if not show_progress:
        return scanner.scan(request)
    from rich.console import Console

    with Console(stderr=True).status(f"scanning with {scanner.id}…"):
        return scanner.scan(request)
