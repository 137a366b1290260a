"""SonarQube / SonarCloud issues, as JSON, in three shapes:

* the Web API ``api/issues/search`` response: ``issues[]`` (``key``, ``rule``, ``severity``
  BLOCKER…INFO or, from SonarQube 10.2, ``impacts[]`` per software quality, ``component``
  "project:path", ``line``, ``textRange``, ``message``, ``type``, ``tags``) with
  ``components[]`` mapping component keys to paths;
* the Web API ``api/hotspots/search`` response: ``hotspots[]`` (``ruleKey``,
  ``vulnerabilityProbability`` HIGH/MEDIUM/LOW, ``securityCategory``, ``status``);
* the JSON of soprasteria's ``sonar-report`` tool: ``issues[]`` plus ``rules{}`` whose
  ``htmlDesc`` gives the description, the CWEs and the references, and ``hotspotKeys``.

Tested with Web API exports carrying SonarQube 10.x fields (issues of every type,
hotspots, empty) and sonar-report JSON (six hotspots, and none). Issues raised by the
OWASP Dependency-Check plugin (``UsingComponentWithKnownVulnerability``) become SCA findings
on the named package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cwe_ids,
    html_to_text,
    load_json,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Component, Confidence, Finding, Severity, Tool

#: The classic issue severities (and sonar-report's).
SEVERITY: dict[str, Severity] = {
    "BLOCKER": Severity.CRITICAL,
    "CRITICAL": Severity.HIGH,
    "MAJOR": Severity.MEDIUM,
    "MINOR": Severity.LOW,
    "INFO": Severity.INFO,
}
#: The severities of SonarQube ≥ 10.2 ``impacts[]`` (BLOCKER and INFO since 10.8).
IMPACT_SEVERITY: dict[str, Severity] = {
    "BLOCKER": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.INFO,
}
#: A hotspot's review priority.
HOTSPOT_PROBABILITY: dict[str, Severity] = {
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}
#: BUG and CODE_SMELL issues rate reliability and maintainability, not security: they are
#: kept, tagged, but rated info unless an impact names SECURITY.
SECURITY_TYPES = frozenset({"VULNERABILITY", "SECURITY_HOTSPOT"})

#: Issues already settled in SonarQube (fixed, false positive, won't fix / accepted).
_SETTLED = frozenset({"RESOLVED", "CLOSED", "FIXED", "FALSE_POSITIVE", "ACCEPTED"})
_SAFE_HOTSPOT = frozenset({"SAFE", "FIXED"})

_SONAR_REPORT = re.compile(rb'"(?:sonarComponent|sonarBaseURL|hotspotKeys)"\s*:')
_API = re.compile(rb'"(?:effortTotal|vulnerabilityProbability)"\s*:')
_API_LIST = re.compile(rb'"(?:issues|hotspots)"\s*:\s*\[')
_PAGING = re.compile(rb'"paging"\s*:\s*\{\s*"pageIndex"')
_ADVISORY = re.compile(r"\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b", re.I)
_FILENAME = re.compile(r"Filename:\s*([^|]+?)\s*(?:\||$)")
_CATEGORY_CWE = re.compile(r"Category:\s*(CWE-\d+)")
_ARCHIVE = re.compile(r"\A(.+?)-(\d[\w.+-]*?)\.(?:jar|war|ear|aar|zip|dll|nupkg|whl|tgz|gem)\Z")
_SECTION = re.compile(r"<h2>\s*([^<]*?)\s*</h2>(.*?)(?=<h2>|\Z)", re.DOTALL)
_HREF = re.compile(r'href="([^"]+)"')
_CWE_LINK = re.compile(r"cwe\.mitre\.org/data/definitions/(\d+)")


class SonarQubeParser(Parser):
    """SonarQube issues and hotspots (Web API JSON or sonar-report JSON)."""

    id: ClassVar[str] = "sonarqube"
    label: ClassVar[str] = "SonarQube"
    category: ClassVar[Category] = Category.SAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if _SONAR_REPORT.search(head):
            return True
        return bool(_API_LIST.search(head)) and bool(_API.search(head) or _PAGING.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the SonarQube report")
        if isinstance(report.get("rules"), Mapping) or "sonarComponent" in report:
            yield from _sonar_report(source, report)
            return
        if "issues" not in report and "hotspots" not in report:
            raise ParseError(source.name, "no 'issues' or 'hotspots': not a SonarQube export")
        paths = _component_paths(report.get("components"))
        for item in require_list(source, report.get("issues") or [], "'issues'"):
            issue = require_mapping(source, item, "each issue")
            if not _settled(issue):
                yield _api_issue(source, issue, paths)
        for item in require_list(source, report.get("hotspots") or [], "'hotspots'"):
            hotspot = require_mapping(source, item, "each hotspot")
            if text(hotspot.get("resolution")) not in _SAFE_HOTSPOT:
                yield _api_hotspot(source, hotspot, paths)


def _settled(issue: Mapping[str, Any]) -> bool:
    """Fixed, false positive or accepted in SonarQube: not an open finding any more."""
    return bool({text(issue.get("status")), text(issue.get("issueStatus"))} & _SETTLED)


def _component_paths(components: object) -> dict[str, str]:
    """Component key → file path, from the ``components[]`` the Web API returns alongside."""
    paths: dict[str, str] = {}
    for component in components if isinstance(components, list) else []:
        if isinstance(component, Mapping) and text(component.get("path")):
            paths[text(component.get("key"))] = text(component["path"])
    return paths


def _path(component: str, project: str, paths: Mapping[str, str]) -> str:
    """The file a component key names; "" when the key is the project itself."""
    if component in paths:
        return paths[component]
    if not component or component == project:
        return ""
    prefix = f"{project}:" if project else ""
    return component.removeprefix(prefix) if prefix and component.startswith(prefix) else component


def _location(path: str, item: Mapping[str, Any], snippet: str | None = None) -> CodeLocation:
    given = item.get("textRange")
    span: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    start = span.get("startLine", item.get("line"))
    end = span.get("endLine")
    first, last = span.get("startOffset"), span.get("endOffset")
    return CodeLocation(
        path=path,
        start_line=start if isinstance(start, int) and start > 0 else None,
        end_line=end if isinstance(end, int) and end > 0 else None,
        # Sonar's offsets are 0-based characters in the line, the end one exclusive.
        start_column=first + 1 if isinstance(first, int) and first >= 0 else None,
        end_column=last + 1 if isinstance(last, int) and last >= 0 else None,
        snippet=snippet,
    )


def _issue_severity(issue: Mapping[str, Any]) -> Severity:
    impacts = [i for i in issue.get("impacts") or [] if isinstance(i, Mapping)]
    security = [
        IMPACT_SEVERITY.get(text(i.get("severity")).upper(), Severity.INFO)
        for i in impacts
        if text(i.get("softwareQuality")).upper() == "SECURITY"
    ]
    if security:
        return max(security)
    if text(issue.get("type")).upper() not in SECURITY_TYPES:
        return Severity.INFO
    return SEVERITY.get(text(issue.get("severity")).upper(), Severity.INFO)


def _api_issue(source: ReportSource, issue: Mapping[str, Any], paths: Mapping[str, str]) -> Finding:
    rule = text(issue.get("rule"))
    component = text(issue.get("component"))
    if not rule or not component:
        raise ParseError(source.name, "an issue has no 'rule' or 'component'")
    message = text(issue.get("message")) or rule
    kind = text(issue.get("type")).upper()
    tags = [text(t) for t in issue.get("tags") or []]
    package = _dependency(message)
    path = _path(component, text(issue.get("project")), paths)
    advisories = unique([advisory_id(a) for a in _ADVISORY.findall(message)])
    return Finding(
        title=_package_title(package, advisories) if package else message,
        severity=_issue_severity(issue),
        # SonarQube before 8.2 returned hotspots as issues of this type.
        confidence=Confidence.LOW if kind == "SECURITY_HOTSPOT" else Confidence.UNKNOWN,
        category=Category.SCA if package else Category.SAST,
        tool=Tool("SonarQube"),
        rule_id=rule,
        description=f"{message}\n\nRule {rule}"
        + (f", {kind.lower().replace('_', ' ')}." if kind else "."),
        cwes=cwe_ids(_CATEGORY_CWE.findall(message), tags),
        vulnerability_ids=advisories,
        component=package,
        # A project-level issue with no package still needs a place: the component key.
        location=_location(path, issue)
        if path
        else (None if package else _location(component, {})),
        tags=unique([*tags, kind.lower().replace("_", "-")]),
        raw=dict(issue),
    )


def _dependency(message: str) -> Component | None:
    """The package a Dependency-Check plugin issue names ("Filename: lib:1.2 | …")."""
    match = _FILENAME.search(message)
    if not match:
        return None
    filename = match.group(1).strip()
    archive = _ARCHIVE.match(filename)
    if archive:
        return Component(name=archive.group(1), version=archive.group(2))
    name, _, version = filename.rpartition(":")
    return Component(name=name, version=version) if name else Component(name=filename)


def _package_title(package: Component, advisories: tuple[str, ...]) -> str:
    what = advisories[0] if advisories else "Known vulnerability"
    return f"{what} in {package.name} {package.version or ''}".strip()


def _api_hotspot(
    source: ReportSource, hotspot: Mapping[str, Any], paths: Mapping[str, str]
) -> Finding:
    rule = text(hotspot.get("ruleKey")) or text(hotspot.get("rule"))
    component = text(hotspot.get("component"))
    if not rule or not component:
        raise ParseError(source.name, "a hotspot has no 'ruleKey' or 'component'")
    message = text(hotspot.get("message")) or rule
    category = text(hotspot.get("securityCategory"))
    probability = text(hotspot.get("vulnerabilityProbability")).upper()
    return Finding(
        title=message,
        severity=HOTSPOT_PROBABILITY.get(probability, Severity.LOW),
        # A hotspot is code to review, not a confirmed flaw, until someone acknowledges it.
        confidence=(
            Confidence.HIGH if text(hotspot.get("resolution")) == "ACKNOWLEDGED" else Confidence.LOW
        ),
        category=Category.SAST,
        tool=Tool("SonarQube"),
        rule_id=rule,
        description=f"{message}\n\nSecurity hotspot ({category or 'uncategorised'}), rule {rule}.",
        location=_location(
            _path(component, text(hotspot.get("project")), paths) or component, hotspot
        ),
        tags=unique(["security-hotspot", category]),
        raw=dict(hotspot),
    )


def _sonar_report(source: ReportSource, report: Mapping[str, Any]) -> Iterator[Finding]:
    given = report.get("rules")
    rules: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    hotspots = {text(k) for k in report.get("hotspotKeys") or []}
    project = text(report.get("sonarComponent"))
    for item in require_list(source, report.get("issues") or [], "'issues'"):
        issue = require_mapping(source, item, "each issue")
        rule = text(issue.get("rule"))
        component = text(issue.get("component"))
        if not rule or not component:
            raise ParseError(source.name, "an issue has no 'rule' or 'component'")
        if _settled(issue):
            continue
        details = rules.get(rule)
        yield _report_issue(
            issue,
            details if isinstance(details, Mapping) else {},
            _path(component, project, {}),
            text(issue.get("key")) in hotspots,
        )


def _report_issue(
    issue: Mapping[str, Any], rule: Mapping[str, Any], path: str, hotspot: bool
) -> Finding:
    rule_id = text(issue["rule"])
    name = text(rule.get("name")) or text(issue.get("description"))
    message = text(issue.get("message")) or name or rule_id
    desc_html = text(rule.get("htmlDesc"))
    sections = {title.lower(): body for title, body in _SECTION.findall(desc_html)}
    see = sections.get("see") or sections.get("resources") or desc_html
    fix = next((body for title, body in sections.items() if _is_fix(title)), "")
    return Finding(
        title=message,
        severity=SEVERITY.get(text(issue.get("severity")).upper(), Severity.INFO),
        confidence=Confidence.LOW if hotspot else Confidence.UNKNOWN,
        category=Category.SAST,
        tool=Tool("SonarQube"),
        rule_id=rule_id,
        description="\n\n".join(p for p in (message, name, html_to_text(desc_html)) if p),
        cwes=cwe_ids(re.findall(r"CWE-\d+", see), _CWE_LINK.findall(see)),
        location=_location(path, issue),
        remediation=html_to_text(fix),
        references=unique(
            [html.unescape(u) for u in _HREF.findall(see) if u.startswith(("http://", "https://"))]
        ),
        tags=("security-hotspot",) if hotspot else (),
        raw=dict(issue),
    )


def _is_fix(title: str) -> bool:
    return title.startswith(("recommended secure coding practices", "how to fix it"))
