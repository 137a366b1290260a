"""Dependencies matched against the offline advisory database: one finding per vulnerable
package version, carrying all its advisories, their fixed versions and the smallest upgrade
that fixes every one of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import ClassVar

from vigil import __version__
from vigil.advisories.cvss import try_score
from vigil.advisories.database import AdvisoryDatabase
from vigil.advisories.osv import Advisory, normalise_name, osv_ecosystem
from vigil.advisories.versions import is_affected, key_for
from vigil.errors import ScanError
from vigil.model import Category, Component, Cvss, Dependency, Finding, Severity, Tool
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("vigil-sca", __version__)
#: A scan whose advisory data is older than this warns that matches may be missing.
STALE_AFTER_DAYS = 7
EMPTY_DATABASE = "the advisory database is empty: run 'vigil db import' or 'vigil db update' first"
_SEVERITY_WORDS = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}


def vulnerable_dependencies(
    dependencies: Iterable[Dependency], database: AdvisoryDatabase
) -> Iterator[Finding]:
    """A finding for each distinct (ecosystem, package, version) with known advisories; every
    file and dependency path that brought the package in is listed on its component."""
    found: dict[tuple[str, str, str], list[Dependency]] = {}
    for dependency in dependencies:
        ecosystem = osv_ecosystem(dependency.ecosystem, dependency.purl)
        if ecosystem is None or not dependency.version:
            continue
        key = (ecosystem, normalise_name(ecosystem, dependency.name), dependency.version)
        found.setdefault(key, []).append(dependency)
    for (ecosystem, _, version), seen in found.items():
        advisories = database.lookup(ecosystem, seen[0].name, version)
        if advisories:
            yield _finding(ecosystem, seen, advisories)


def _finding(ecosystem: str, seen: Sequence[Dependency], advisories: list[Advisory]) -> Finding:
    first = seen[0]
    ids = tuple(dict.fromkeys(i for a in advisories for i in (a.id, *a.aliases)))
    fixes = _fixed_versions(advisories)
    upgrade = smallest_upgrade(ecosystem, first.version, advisories, fixes)
    if upgrade and first.version.startswith("v") and not upgrade.startswith("v"):
        upgrade = "v" + upgrade  # Go modules are required as v1.2.3; OSV writes 1.2.3
    plural = "y" if len(advisories) == 1 else "ies"
    return Finding(
        title=f"{first.name} {first.version}: {len(advisories)} known vulnerabilit{plural}",
        severity=max(_severity(a) for a in advisories),
        category=Category.SCA,
        tool=TOOL,
        rule_id=advisories[0].id,
        description="\n".join(f"{a.id}: {a.summary}".rstrip(": ") for a in advisories),
        cvss=tuple(
            dict.fromkeys(
                Cvss(scored.version, scored.vector, scored.base_score)
                for a in advisories
                for s in a.severity
                if s.type in ("CVSS_V3", "CVSS_V4") and (scored := try_score(s.score))
            )
        ),
        vulnerability_ids=ids,
        component=Component(
            name=first.name,
            version=first.version,
            purl=first.purl,
            ecosystem=first.ecosystem,
            fixed_versions=fixes,
            paths=tuple(
                dict.fromkeys(" > ".join((d.source, *d.path)) if d.path else d.source for d in seen)
            ),
        ),
        remediation=f"Upgrade {first.name} to {upgrade}."
        if upgrade
        else "No released version fixes every advisory yet.",
        references=tuple(f"https://osv.dev/vulnerability/{a.id}" for a in advisories),
        tags=tuple(
            dict.fromkeys(
                ["direct" if d.direct else "transitive" for d in seen if d.direct is not None]
                + ["dev" for d in seen if d.dev]
            )
        ),
    )


def _severity(advisory: Advisory) -> Severity:
    score = advisory.cvss_score
    if score is not None:
        return Severity.from_score(score)
    word = (advisory.database_severity or "").lower()
    return _SEVERITY_WORDS.get(word, Severity.MEDIUM)


def _fixed_versions(advisories: Sequence[Advisory]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            event.version
            for advisory in advisories
            for affected in advisory.affected
            for rng in affected.ranges
            for event in rng.events
            if event.kind == "fixed"
        )
    )


def smallest_upgrade(
    ecosystem: str, version: str, advisories: Sequence[Advisory], fixes: Sequence[str]
) -> str | None:
    """The lowest fixed version above ``version`` that no advisory affects, if any."""
    key = key_for(ecosystem, "ECOSYSTEM") or key_for(ecosystem, "SEMVER")
    if key is None:
        return None
    try:
        current = key(version)
        candidates = sorted((f for f in fixes if current < key(f)), key=key)
    except ValueError:
        return None
    for candidate in candidates:
        if not any(
            is_affected(candidate, affected.ecosystem, affected.ranges, affected.versions)
            for advisory in advisories
            for affected in advisory.affected
        ):
            return candidate
    return None


class DependencyScanner:
    """``vigil scan --only sca``: every dependency file under the root, matched against the
    offline advisory database."""

    id: ClassVar[str] = "sca"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = (
        "dependencies (every common lockfile) against the offline OSV database"
    )
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return True

    def scan(self, request: ScanRequest) -> ScanOutcome:
        from vigil.scanners.lockfiles.discovery import inventory_for

        inventory = inventory_for(
            request.root,
            skip_vendored=request.skip_vendored,
            skip_tests=request.skip_tests,
            exclude=request.exclude,
        )
        with AdvisoryDatabase.open(request.advisory_db) as advisories:
            data_errors, warnings = advisory_data_problems(advisories)
            findings = list(vulnerable_dependencies(inventory.dependencies, advisories))
        errors = [*inventory.errors, *data_errors]
        return ScanOutcome(
            findings=findings,
            errors=errors,
            warnings=warnings,
            summary=f"{len(inventory.files)} dependency files ({len(inventory.dependencies)} "
            f"dependencies): {len(findings)} vulnerable packages",
        )


def advisory_data_problems(advisories: AdvisoryDatabase) -> tuple[list[ScanError], list[str]]:
    """What a scan must say about its advisory data: an error when the database is empty
    (a clean result would be a lie, so the exit code says so), a warning when it is older
    than ``STALE_AFTER_DAYS``."""
    age = advisories.status().age_seconds
    if age is None:
        return [ScanError(str(advisories.path), EMPTY_DATABASE)], []
    if age > STALE_AFTER_DAYS * 86400:
        days = int(age // 86400)
        return [], [
            f"advisory data is {days} days old (as of {datetime.now(UTC).date()}): "
            "run 'vigil db update'"
        ]
    return [], []
