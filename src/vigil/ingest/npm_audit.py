"""npm audit JSON reports (``npm audit --json``).

Formats: npm 6 and earlier (``advisories`` keyed by advisory id, each with ``findings[]`` of
installed versions and their dependency paths, and ``actions`` that resolve them) and npm 7 and
later (``auditReportVersion: 2``: ``vulnerabilities`` keyed by package, whose ``via`` holds
advisory objects and the names of vulnerable dependencies). Tested with npm 6 reports (old
nodesecurity.io advisories and 2022 GitHub-advisory ids) and npm 7+ reports.

npm 6: one finding per (advisory, installed version): two installed versions of a package are
two things to upgrade. npm 7+: one finding per advisory object per package; a package that is
vulnerable only through its dependencies ("via" names) gets one finding tagged ``transitive``,
as npm itself counts it, so the direct dependency to upgrade is visible. npm 7+ does not report
installed versions; the component then has none, and its paths are the ``node_modules`` nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    cwe_ids,
    load_json,
    make_purl,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool

#: npm's advisory levels.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
}

#: The rule of the findings npm 7+ makes for packages vulnerable only through a dependency.
TRANSITIVE_RULE = "npm-audit/transitive"

_GHSA = re.compile(r"GHSA(?:-[0-9a-z]{4}){3}", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)\]>\"']+")
_OPERATOR_GAP = re.compile(r"(>=|<=|<|>|=)\s+")
_V7_HEAD = re.compile(rb'"auditReportVersion"\s*:\s*2\b')
_V6_HEAD = re.compile(rb'"advisories"\s*:\s*\{')


class NpmAuditParser(Parser):
    """Vulnerable npm packages reported by ``npm audit``."""

    id: ClassVar[str] = "npm-audit"
    label: ClassVar[str] = "npm audit"
    category: ClassVar[Category] = Category.SCA

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if _V7_HEAD.search(head):
            return True
        return bool(_V6_HEAD.search(head)) and (b'"actions"' in head or b'"muted"' in head)

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the npm audit report")
        tool = Tool(self.label)
        if "auditReportVersion" in report:
            if report.get("auditReportVersion") != 2:
                raise ParseError(source.name, "unknown npm audit auditReportVersion")
            yield from _v7(source, report, tool)
        elif "advisories" in report:
            yield from _v6(source, report, tool)
        elif isinstance(report.get("error"), Mapping):
            summary = text(report["error"].get("summary")) or text(report["error"].get("code"))
            raise ParseError(source.name, f"npm audit failed: {summary}")
        else:
            raise ParseError(source.name, "not an npm audit report (no advisories)")


# --- npm 6 -----------------------------------------------------------------------------------


def _v6(source: ReportSource, report: Mapping[str, Any], tool: Tool) -> Iterator[Finding]:
    actions = _actions(report.get("actions"))
    advisories = require_mapping(source, report["advisories"] or {}, "advisories")
    for key, value in advisories.items():
        advisory = require_mapping(source, value, f"advisory {key}")
        by_version: dict[str, list[Mapping[str, Any]]] = {}
        for entry in require_list(source, advisory.get("findings") or [], "findings"):
            if isinstance(entry, Mapping):
                by_version.setdefault(text(entry.get("version")), []).append(entry)
        for version, entries in (by_version or {"": []}).items():
            yield _v6_finding(
                advisory, version, entries, actions.get(text(advisory.get("id"))), tool
            )


_Action = tuple[str, bool, str]  # what to run, whether it is a dev dependency, the path


def _actions(value: object) -> dict[str, list[_Action]]:
    """advisory id → the actions that resolve it, one per dependency path."""
    found: dict[str, list[_Action]] = {}
    for action in value if isinstance(value, list) else []:
        if not isinstance(action, Mapping):
            continue
        kind, module = text(action.get("action")), text(action.get("module"))
        if kind == "install":
            major = " (a semver-major change)" if action.get("isMajor") else ""
            advice = f"npm install {module}@{text(action.get('target'))}{major}"
        elif kind == "update":
            advice = f"npm update {module} --depth {text(action.get('depth'))}"
        else:
            advice = f"review {module}: npm has no automatic fix"
        for resolve in action.get("resolves") or []:
            if isinstance(resolve, Mapping):
                entry = (advice, bool(resolve.get("dev")), text(resolve.get("path")))
                found.setdefault(text(resolve.get("id")), []).append(entry)
    return found


def _v6_finding(
    advisory: Mapping[str, Any],
    version: str,
    entries: list[Mapping[str, Any]],
    actions: list[_Action] | None,
    tool: Tool,
) -> Finding:
    name = text(advisory.get("module_name"))
    ghsa = text(advisory.get("github_advisory_id")) or _ghsa(advisory.get("url"))
    ids = unique([advisory_id(ghsa), *(advisory_id(c) for c in advisory.get("cves") or [])])
    number = text(advisory.get("id"))
    paths = unique([text(p) for e in entries for p in e.get("paths") or []])
    # An advisory's actions cover all its installed versions; keep those of this version's paths.
    actions = [a for a in actions or [] if a[2] in paths] or actions or []
    dev_flags = [dev for _, dev, _ in actions] or [bool(e.get("dev")) for e in entries]
    description = text(advisory.get("title"))
    description += f"\n\n{text(advisory.get('overview'))}" if advisory.get("overview") else ""
    if paths:
        description += "\n\nDependency paths:\n" + "\n".join(f"  {p}" for p in paths)
    advice = unique([text(advisory.get("recommendation")), *(a for a, _, _ in actions)])
    return Finding(
        title=f"{ids[0] if ids else 'npm advisory ' + number} in {name} {version}".strip(),
        severity=SEVERITY.get(text(advisory.get("severity")).lower(), Severity.INFO),
        category=Category.SCA,
        tool=tool,
        rule_id=advisory_id(ghsa) or number,
        description=description,
        cvss=_cvss(advisory.get("cvss")),
        cwes=cwe_ids(advisory.get("cwe")),
        vulnerability_ids=ids,
        component=Component(
            name,
            version or None,
            make_purl("npm", name, version or None),
            "npm",
            fixed_versions=_lower_bounds(text(advisory.get("patched_versions"))),
        ),
        remediation="\n".join(advice),
        references=unique(
            [text(advisory.get("url")), *_URL.findall(text(advisory.get("references")))]
        ),
        tags=("dev",) if dev_flags and all(dev_flags) else (),
        raw={**advisory, "findings": entries},
    )


# --- npm 7 and later -------------------------------------------------------------------------


def _v7(source: ReportSource, report: Mapping[str, Any], tool: Tool) -> Iterator[Finding]:
    vulnerabilities = require_mapping(
        source, report.get("vulnerabilities") or {}, "vulnerabilities"
    )
    for key, value in vulnerabilities.items():
        entry = require_mapping(source, value, f"vulnerabilities.{key}")
        name = text(entry.get("name")) or key
        via = require_list(source, entry.get("via") or [], f"vulnerabilities.{key}.via")
        advisories = [v for v in via if isinstance(v, Mapping)]
        for advisory in advisories:
            yield _v7_finding(entry, name, advisory, tool)
        if not advisories:
            yield _v7_transitive(entry, name, [text(v) for v in via if isinstance(v, str)], tool)


def _v7_component(entry: Mapping[str, Any], name: str, fixed: tuple[str, ...]) -> Component:
    nodes = unique([text(n) for n in entry.get("nodes") or []])
    return Component(name, None, make_purl("npm", name), "npm", fixed, nodes)


def _v7_finding(
    entry: Mapping[str, Any], name: str, advisory: Mapping[str, Any], tool: Tool
) -> Finding:
    ghsa = advisory_id(_ghsa(advisory.get("url")))
    number = text(advisory.get("source"))
    vulnerable = text(advisory.get("range"))
    return Finding(
        title=f"{ghsa or 'npm advisory ' + number} in {name}",
        severity=SEVERITY.get(text(advisory.get("severity")).lower(), Severity.INFO),
        category=Category.SCA,
        tool=tool,
        rule_id=ghsa or number,
        description=f"{text(advisory.get('title'))}\n\nVulnerable versions: {vulnerable}".strip(),
        cvss=_cvss(advisory.get("cvss")),
        cwes=cwe_ids(advisory.get("cwe")),
        vulnerability_ids=(ghsa,) if ghsa else (),
        component=_v7_component(entry, name, _upper_bounds(vulnerable)),
        remediation=_fix(entry.get("fixAvailable")),
        references=unique([text(advisory.get("url"))]),
        tags=("direct",) if entry.get("isDirect") else (),
        raw={**entry, "via": [advisory]},
    )


def _v7_transitive(entry: Mapping[str, Any], name: str, via: list[str], tool: Tool) -> Finding:
    through = ", ".join(via) or "its dependencies"
    effects = ", ".join(text(e) for e in entry.get("effects") or [])
    description = f"{name} ({text(entry.get('range'))}) is vulnerable through {through}."
    description += f" It makes vulnerable: {effects}." if effects else ""
    return Finding(
        title=f"{name} depends on vulnerable {through}",
        severity=SEVERITY.get(text(entry.get("severity")).lower(), Severity.INFO),
        category=Category.SCA,
        tool=tool,
        rule_id=TRANSITIVE_RULE,
        description=description,
        component=_v7_component(entry, name, ()),
        remediation=_fix(entry.get("fixAvailable")),
        tags=unique(["transitive", "direct" if entry.get("isDirect") else ""]),
        raw=entry,
    )


def _fix(value: object) -> str:
    if value is True:
        return "Run `npm audit fix`."
    if isinstance(value, Mapping):
        major = bool(value.get("isSemVerMajor"))
        target = f"{text(value.get('name'))}@{text(value.get('version'))}"
        command = "npm audit fix --force" if major else "npm audit fix"
        return (
            f"Run `{command}`: it installs {target}{' (a semver-major change)' if major else ''}."
        )
    return "npm audit knows no fix."


# --- shared ----------------------------------------------------------------------------------


def _ghsa(url: object) -> str:
    match = _GHSA.search(text(url))
    return match.group(0) if match else ""


def _cvss(value: object) -> tuple[Cvss, ...]:
    if not isinstance(value, Mapping):
        return ()
    vector = text(value.get("vectorString"))
    score = value.get("score")
    if not vector and not score:
        return ()  # npm writes score 0 and no vector for unrated advisories
    score = float(score) if isinstance(score, int | float) else None
    return (Cvss(cvss_version(vector, "3.1"), vector or None, score),)


def _clauses(semver_range: str) -> list[list[str]]:
    joined = _OPERATOR_GAP.sub(r"\1", semver_range)
    return [clause.split() for clause in joined.split("||")]


def _lower_bounds(patched: str) -> tuple[str, ...]:
    """The first fixed versions of a patched range (">= 1.4.1 < 2.0.0 || >= 2.0.3")."""
    found = [t[2:] for clause in _clauses(patched) for t in clause[:1] if t.startswith(">=")]
    return unique(found)


def _upper_bounds(vulnerable: str) -> tuple[str, ...]:
    """The versions that end a vulnerable range (">=4.0.0 <4.3.1" → 4.3.1)."""
    found = [
        t[1:]
        for clause in _clauses(vulnerable)
        for t in clause
        if t.startswith("<") and not t.startswith("<=")
    ]
    return unique(found)
