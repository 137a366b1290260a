"""Third-party licences against the licence policy: a finding for each package whose licence
the policy refuses, and (at the policy's ``unknown`` level) for each whose licence is missing
or not an SPDX expression.

An SPDX expression is judged as a whole: ``A OR B`` is acceptable when either side is,
``A AND B`` only when both are, ``A WITH exception`` as ``A``. Each licence id is refused when
it matches a ``deny`` glob, or when an ``allow`` list is given and it matches none of it.

Many dependency files (``go.sum``, ``Cargo.lock``, ``poetry.lock``…) record no licences at all;
their packages are not called "unknown" one by one, which would bury the real findings: the
summary names how many such files went unchecked.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from typing import Any, ClassVar

from vigil import __version__
from vigil.model import Category, Component, Dependency, Finding, Severity, Tool
from vigil.model.license import DEFAULT_LICENSE_POLICY, NO_ASSERTION, LicensePolicy
from vigil.scanners.interface import ScanOutcome, ScanRequest
from vigil.scanners.lockfiles._license import spdx_licensing

TOOL = Tool("vigil-license", __version__)


class Judgement(enum.IntEnum):
    """How a licence fares; ordered so that OR takes the best side and AND the worst."""

    REFUSED = 0
    UNKNOWN = 1
    ALLOWED = 2


def _matches(identifier: str, globs: Iterable[str]) -> bool:
    return any(fnmatchcase(identifier.lower(), g.lower()) for g in globs)


def judge_id(identifier: str, policy: LicensePolicy, *, known: bool) -> Judgement:
    """One licence id under ``policy``; ``known`` says whether it is on the SPDX list."""
    if _matches(identifier, policy.deny):
        return Judgement.REFUSED
    if policy.allow and _matches(identifier, policy.allow):
        return Judgement.ALLOWED
    if not known:
        return Judgement.UNKNOWN
    return Judgement.REFUSED if policy.allow else Judgement.ALLOWED


@functools.lru_cache(maxsize=8192)
def judge(expression: str | None, policy: LicensePolicy) -> tuple[Judgement, tuple[str, ...]]:
    """The judgement of a whole licence expression, and the ids the policy refuses in it."""
    if expression is None or not expression.strip():
        return Judgement.UNKNOWN, ()
    licensing = spdx_licensing()
    try:
        parsed = licensing.parse(expression, strict=True)
    except Exception:  # free text ("SEE LICENSE IN…") makes the parser raise many kinds
        parsed = None
    if parsed is None:
        # Not an expression at all, yet a deny glob may still name it ("Proprietary").
        refused = _matches(expression.strip(), policy.deny)
        return (Judgement.REFUSED, (expression.strip(),)) if refused else (Judgement.UNKNOWN, ())
    refused_ids: list[str] = []
    result = _walk(parsed, policy, licensing.known_symbols, refused_ids)
    return result, tuple(dict.fromkeys(refused_ids))


def _walk(node: Any, policy: LicensePolicy, known: Any, refused: list[str]) -> Judgement:
    from license_expression import AND, OR, LicenseWithExceptionSymbol

    if isinstance(node, LicenseWithExceptionSymbol):
        node = node.license_symbol
    if isinstance(node, (AND, OR)):
        parts = [_walk(arg, policy, known, refused) for arg in node.args]
        return max(parts) if isinstance(node, OR) else min(parts)
    key = str(node.key)
    verdict = judge_id(key, policy, known=key in known and key.upper() != "NOASSERTION")
    if verdict is Judgement.REFUSED:
        refused.append(key)
    return verdict


def licence_findings(
    dependencies: Iterable[Dependency], policy: LicensePolicy
) -> tuple[list[Finding], list[str], list[str]]:
    """Findings for refused and unknown licences, one per distinct package version; the
    dependency files judged, and those that record no licence at all (not judged)."""
    # A file is judged per ecosystem: an SBOM that names the licences of its npm packages
    # but of none of its Cargo crates is, for the crates, a Cargo.lock, which records none.
    by_part: dict[tuple[str, str], list[Dependency]] = {}
    for dependency in dependencies:
        by_part.setdefault((dependency.source, dependency.ecosystem), []).append(dependency)
    # In the order the files were read, so every run lists a package's files alike.
    recorded = [part for part, deps in by_part.items() if any(d.license for d in deps)]
    packages: dict[tuple[str, str, str], list[Dependency]] = {}
    for part in recorded:
        for d in by_part[part]:
            packages.setdefault((d.ecosystem, d.name, d.version), []).append(d)
    judged = {source for source, _ in recorded}
    silent = sorted({source for source, _ in by_part} - judged)
    findings = []
    for seen in packages.values():
        # One file may say NOASSERTION where another names the licence: the name wins.
        said = [d.license for d in seen if d.license]
        licence = next((t for t in said if t.upper() not in NO_ASSERTION), None)
        licence = licence or next(iter(said), None)
        verdict, refused = judge(licence, policy)
        if verdict is Judgement.REFUSED:
            findings.append(_finding(seen, licence, refused, policy.severity, policy))
        elif verdict is Judgement.UNKNOWN and policy.unknown is not None:
            findings.append(_finding(seen, licence, (), policy.unknown, policy))
    return findings, sorted(judged), silent


def _finding(
    seen: Sequence[Dependency],
    licence: str | None,
    refused: tuple[str, ...],
    severity: Severity,
    policy: LicensePolicy,
) -> Finding:
    first = seen[0]
    label = f"{first.name} {first.version}".strip()
    if refused:
        denied = [r for r in refused if _matches(r, policy.deny)]
        rule = "license-denied" if denied else "license-not-allowed"
        why = "denied by" if denied else "not allowed by"
        title = f"{label}: license {licence} is {why} the license policy"
        description = f"{first.name} is offered under {licence}; {', '.join(refused)} {why} "
        description += "the policy and no acceptable alternative is offered."
    else:
        rule = "license-unknown"
        title = f"{label}: license unknown" + (f" ({licence})" if licence else "")
        description = (
            f"{first.name} declares the license {licence!r}, which is not an SPDX expression."
            if licence
            else f"{first.name} declares no license in {first.source}."
        )
    return Finding(
        title=title,
        severity=severity,
        category=Category.OTHER,
        tool=TOOL,
        rule_id=rule,
        description=description,
        component=Component(
            name=first.name,
            version=first.version or None,
            purl=first.purl,
            ecosystem=first.ecosystem,
            paths=tuple(
                dict.fromkeys(" > ".join((d.source, *d.path)) if d.path else d.source for d in seen)
            ),
        ),
        remediation="Replace the package, obtain another license, or record an exception.",
        tags=("license", *_tags(seen)),
        raw={"license": licence} if licence else {},
    )


def _tags(seen: Sequence[Dependency]) -> Iterator[str]:
    found = ["direct" if d.direct else "transitive" for d in seen if d.direct is not None]
    yield from dict.fromkeys(found + ["dev" for d in seen if d.dev])


class LicenseScanner:
    """``vigil scan --only license``: every dependency's licence against the licence policy
    (``--license-policy``, else the default: deny AGPL-* and SSPL-*, unknown is low)."""

    id: ClassVar[str] = "license"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = "dependency licenses against the license policy"
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
        policy = request.license_policy or DEFAULT_LICENSE_POLICY
        findings, checked, silent = licence_findings(inventory.dependencies, policy)
        summary = f"{len(checked)} dependency files with licenses: {len(findings)} license findings"
        if silent:
            summary += f" ({len(silent)} files record no licenses, not checked)"
        return ScanOutcome(findings=findings, errors=inventory.errors, summary=summary)
