"""``vigil sbom PATH``: a CycloneDX 1.6 SBOM of every dependency file under PATH, and with
``--vex`` the known vulnerabilities and their triage state."""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from datetime import UTC, datetime
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

if TYPE_CHECKING:
    from vigil.advisories.database import AdvisoryDatabase
    from vigil.advisories.osv import Advisory
    from vigil.model import Dependency, Finding, FindingRecord


@app.command()
def sbom(
    path: Annotated[Path, typer.Argument(help="Folder or dependency file to describe.")],
    output: OutputFile = None,
    vex: Annotated[
        bool,
        typer.Option(
            "--vex",
            envvar="VIGIL_SBOM_VEX",
            help="Add the vulnerabilities the advisory database knows, with their triage "
            "state from the store when --product is given.",
        ),
    ] = False,
    advisory_db: AdvisoryDb = None,
    skip_vendored: SkipVendored = False,
    skip_tests: SkipTests = False,
    product: Product = None,
    branch: Branch = None,
    database: Database = None,
) -> None:
    """Write a CycloneDX 1.6 JSON SBOM: components, licenses, dependency graph; with --vex
    also the vulnerabilities. Exit 0, or 2 when an input could not be read (the rest is
    still described)."""
    _guard(
        lambda: write_sbom(
            path,
            output,
            vex=vex,
            advisory_db=advisory_db,
            skip_vendored=skip_vendored,
            skip_tests=skip_tests,
            store=(product, branch, database) if product else None,
        )
    )


def write_sbom(
    path: Path,
    output: Path | None,
    *,
    vex: bool,
    advisory_db: Path | None,
    skip_vendored: bool,
    skip_tests: bool,
    store: tuple[str | None, str | None, str | None] | None,
) -> int:
    from vigil import __version__
    from vigil.errors import UsageError
    from vigil.report.cyclonedx import render_bom
    from vigil.scanners.lockfiles.discovery import inventory_for

    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    inventory = inventory_for(path, skip_vendored=skip_vendored, skip_tests=skip_tests)
    for error in inventory.errors:
        print(f"vigil: error: {error} (the rest is described)", file=sys.stderr)
    records = _vex_records(inventory.dependencies, advisory_db, store) if vex else None
    subject = path.resolve().name or str(path)
    generated_at, serial = _reproducible(inventory.dependencies, records)
    data = render_bom(
        inventory.dependencies,
        subject=subject,
        tool_version=__version__,
        records=records,
        generated_at=generated_at,
        serial=serial,
    )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
    print(
        f"sbom: {len(inventory.files)} dependency files, "
        f"{len({d.purl for d in inventory.dependencies})} components"
        + (f", {len(records)} vulnerabilities" if records is not None else ""),
        file=sys.stderr,
    )
    return 2 if inventory.errors else 0


def _reproducible(
    dependencies: list[Dependency], records: list[FindingRecord] | None
) -> tuple[datetime | None, uuid.UUID | None]:
    """With SOURCE_DATE_EPOCH set (the reproducible-builds convention), that time and a serial
    number derived from the content, so the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None, None
    content = sorted({(d.purl, d.license or "", d.direct, d.path) for d in dependencies}, key=repr)
    vex = sorted((r.fingerprint, r.status.value) for r in records or ())
    digest = hashlib.sha256(repr((content, vex)).encode()).hexdigest()
    return datetime.fromtimestamp(int(epoch), UTC), uuid.uuid5(uuid.NAMESPACE_URL, digest)


def _vex_records(
    dependencies: list[Dependency],
    advisory_db: Path | None,
    store: tuple[str | None, str | None, str | None] | None,
) -> list[FindingRecord]:
    """One record per (advisory, vulnerable package version), carrying the triage of the
    package's finding: VEX speaks of each vulnerability, vigil's findings of each package."""
    from dataclasses import replace

    from vigil.advisories.database import AdvisoryDatabase
    from vigil.cli import commands
    from vigil.scanners.sca import advisory_data_problems, vulnerable_dependencies

    with AdvisoryDatabase.open(advisory_db) as advisories:
        # The BOM itself stands without advisory data: its problems are only warnings here.
        errors, warnings = advisory_data_problems(advisories)
        for problem in (*map(str, errors), *warnings):
            print(f"vigil: warning: {problem}", file=sys.stderr)
        findings = list(vulnerable_dependencies(dependencies, advisories))
        by_package = _packages(dependencies)
        split = {id(f): _per_advisory(f, by_package, advisories) for f in findings}
    stored: dict[str, FindingRecord] = {}
    if store is not None:
        # Triage lives on the stored findings; the same finding has the same fingerprint.
        product, branch, database = store
        stored = {
            r.fingerprint: r
            for r in commands.stored_records(product, branch, database, include_closed=True)
        }
    result = []
    for finding in findings:
        for fresh in commands.records_from_findings([finding]):
            known = stored.get(fresh.fingerprint)
            status = known.status if known else fresh.status
            reason = known.triage_reason if known else None
            result += [
                replace(fresh, finding=one, status=status, triage_reason=reason)
                for one in split[id(finding)]
            ]
    return result


def _per_advisory(
    finding: Finding, by_package: dict[tuple[str, str, str], list[Dependency]], db: AdvisoryDatabase
) -> list[Finding]:
    """The package finding split into one finding per advisory, built by the SCA scanner
    itself (ratings, fixed versions and upgrade of that advisory alone)."""
    from vigil.scanners.sca import vulnerable_dependencies

    component = finding.component
    if component is None:
        return [finding]
    key = _package_key(
        component.ecosystem or "", component.purl or "", component.name, component.version or ""
    )
    if key is None:
        return [finding]
    same = by_package.get(key, [])
    found = db.lookup(key[0], component.name, key[2])
    split = [f for a in found for f in vulnerable_dependencies(same, _Only(a))]  # type: ignore[arg-type]
    return split or [finding]


def _packages(dependencies: list[Dependency]) -> dict[tuple[str, str, str], list[Dependency]]:
    """Dependencies grouped as the SCA scanner groups them: one package version each."""
    groups: dict[tuple[str, str, str], list[Dependency]] = {}
    for d in dependencies:
        key = _package_key(d.ecosystem, d.purl, d.name, d.version)
        if key is not None:
            groups.setdefault(key, []).append(d)
    return groups


def _package_key(purl_type: str, purl: str, name: str, version: str) -> tuple[str, str, str] | None:
    """(OSV ecosystem, normalised name, version) of a package, as the SCA scanner matches it
    (a distribution package's ecosystem names its release); None when it cannot be matched."""
    from vigil.advisories.osv import normalise_name, osv_ecosystem

    ecosystem = osv_ecosystem(purl_type, purl)
    if ecosystem is None or not version:
        return None
    return ecosystem, normalise_name(ecosystem, name), version


class _Only:
    """An advisory source that knows a single advisory (for ``vulnerable_dependencies``)."""

    def __init__(self, advisory: Advisory) -> None:
        self.advisory = advisory

    def lookup(self, ecosystem: str, name: str, version: str) -> list[Advisory]:
        return [self.advisory]
