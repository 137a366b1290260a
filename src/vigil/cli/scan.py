"""``vigil scan PATH``: vigil's own scanners over a source tree; the findings flow on like
imported ones (store, gate, reports)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vigil.cli.main import Branch, Database, Product, _guard, app

if TYPE_CHECKING:
    from vigil.advisories.database import AdvisoryDatabase

#: A scan whose advisory data is older than this warns that matches may be missing.
STALE_AFTER_DAYS = 7
SCANNERS = ("sca",)


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="Folder or file to scan.")],
    only: Annotated[
        str,
        typer.Option(
            "--only",
            envvar="VIGIL_SCAN_ONLY",
            help="Scanners to run, comma-separated: "
            "sca (dependencies against the offline advisory database).",
        ),
    ] = "sca",
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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", envvar="VIGIL_OUTPUT", help="Report file (default: stdout)."
        ),
    ] = None,
    gate: Annotated[
        Path | None,
        typer.Option(
            "--gate",
            envvar="VIGIL_GATE_POLICY",
            help="Apply this gate policy too (exit 1 when it fails).",
        ),
    ] = None,
    skip_vendored: Annotated[
        bool,
        typer.Option(
            "--skip-vendored",
            envvar="VIGIL_SKIP_VENDORED",
            help="Do not read vendor/ and third_party/ trees.",
        ),
    ] = False,
    skip_tests: Annotated[
        bool,
        typer.Option(
            "--skip-tests", envvar="VIGIL_SKIP_TESTS", help="Do not read test and fixture trees."
        ),
    ] = False,
    advisory_db: Annotated[
        Path | None,
        typer.Option(
            "--advisory-db",
            envvar="VIGIL_ADVISORY_DB",
            help="Offline advisory database (default: in the user data dir).",
        ),
    ] = None,
    product: Product = None,
    branch: Branch = None,
    database: Database = None,
) -> None:
    """Scan dependencies (every common lockfile) against the offline OSV database.

    With --product the findings are stored like an import. Exit 0 clean, 1 gate failed,
    2 bad usage or an input that could not be read (the rest is still scanned).
    """
    _guard(
        lambda: run_scan(
            path,
            only,
            output_format,
            output,
            gate,
            skip_vendored,
            skip_tests,
            advisory_db,
            product,
            branch,
            database,
        )
    )


def run_scan(
    path: Path,
    only: str,
    output_format: str | None,
    output: Path | None,
    gate: Path | None,
    skip_vendored: bool,
    skip_tests: bool,
    advisory_db: Path | None,
    product: str | None,
    branch: str | None,
    database: str | None,
) -> int:
    from vigil.advisories.database import AdvisoryDatabase
    from vigil.cli import commands
    from vigil.errors import UsageError
    from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
    from vigil.scanners.lockfiles.registry import all_readers
    from vigil.scanners.sca import vulnerable_dependencies

    wanted = {s.strip() for s in only.split(",") if s.strip()}
    if not wanted or wanted - set(SCANNERS):
        raise UsageError(f"--only takes {', '.join(SCANNERS)}, not {only!r}")
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    inventory = take_inventory(
        path, Discovery(all_readers(), skip_vendored=skip_vendored, skip_tests=skip_tests)
    )
    for error in inventory.errors:
        print(f"vigil: warning: {error}", file=sys.stderr)
    with AdvisoryDatabase.open(advisory_db) as advisories:
        _warn_if_stale(advisories)
        findings = list(vulnerable_dependencies(inventory.dependencies, advisories))
    print(
        f"scanned {len(inventory.files)} dependency files ({len(inventory.dependencies)} "
        f"dependencies): {len(findings)} vulnerable packages",
        file=sys.stderr,
    )
    records = commands.records_from_findings(findings)
    if product:
        commands.store_findings(
            findings,
            tool="vigil-sca",
            target=str(path),
            product=product,
            branch=branch,
            database=database,
        )
    if output_format:
        commands.write_report(records, output_format, output, product=product, branch=branch)
    elif not gate:
        from vigil.cli import output as out

        out.print_records(records, "table")
    failed = gate is not None and commands.judge(records, gate) != 0
    return 1 if failed else (2 if inventory.errors else 0)


def _warn_if_stale(advisories: AdvisoryDatabase) -> None:
    status = advisories.status()
    age = status.age_seconds
    if age is None:
        print(
            "vigil: warning: the advisory database is empty: run 'vigil db import' or "
            "'vigil db update' first",
            file=sys.stderr,
        )
    elif age > STALE_AFTER_DAYS * 86400:
        days = int(age // 86400)
        print(
            f"vigil: warning: advisory data is {days} days old (as of "
            f"{datetime.now(UTC).date()}): run 'vigil db update'",
            file=sys.stderr,
        )
