"""Ordering, wording and links shared by the renderers of this stage."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlsplit

from vigil.model import Category, Finding, FindingRecord, Severity, Status

#: Severities from worst to mildest, the order every report lists them in.
SEVERITIES_WORST_FIRST: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))
#: Statuses in lifecycle order: open ones first.
STATUSES: tuple[Status, ...] = tuple(Status)

# Characters XML 1.0 cannot carry and UTF-8 cannot encode (lone surrogates).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


def sort_key(record: FindingRecord) -> tuple[object, ...]:
    """Worst first: severity, then open before closed, then a stable place in the code."""
    finding = record.finding
    where = finding.location
    return (
        -finding.severity,
        not record.is_open,
        finding.tool.name.lower(),
        finding.rule_id,
        where.path if where else "",
        (where.start_line or 0) if where else 0,
        finding.title,
        record.fingerprint,
    )


def worst_first(records: Iterable[FindingRecord]) -> list[FindingRecord]:
    """The records sorted by ``sort_key``: deterministic whatever order they came in."""
    return sorted(records, key=sort_key)


def iso_utc(moment: datetime) -> str:
    """An aware datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (naive values are taken as UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def slug(text: str) -> str:
    """A lower-case identifier made of letters, digits and dashes."""
    return _SLUG.sub("-", text.lower()).strip("-") or "unknown"


def clean_text(text: str) -> str:
    """Text without the control characters XML 1.0 and terminals cannot carry."""
    return _CONTROL.sub("", text)


def one_line(text: str, limit: int = 200) -> str:
    """Whitespace collapsed to single spaces, cut at ``limit`` characters with an ellipsis."""
    flat = _SPACE.sub(" ", clean_text(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut at ``limit`` characters, saying so, line breaks kept."""
    text = clean_text(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "\n… (truncated)"


def location_text(finding: Finding) -> str:
    """Where the finding sits, in one short human string (file:line, package or URL)."""
    if finding.location is not None:
        line = finding.location.start_line
        return f"{finding.location.path}:{line}" if line else finding.location.path
    if finding.component is not None:
        return component_text(finding)
    if finding.endpoints:
        endpoint = finding.endpoints[0]
        return f"{endpoint.method} {endpoint.url}" if endpoint.method else endpoint.url
    return ""


def component_text(finding: Finding) -> str:
    """``name@version`` of the finding's package, or ``""``."""
    component = finding.component
    if component is None:
        return ""
    return f"{component.name}@{component.version}" if component.version else component.name


def placeholder_path(finding: Finding) -> str:
    """A stable file-like name for a finding that names no file (SARIF and GitLab need one).

    A package finding is named ``ecosystem/package``, a web finding ``host/path``, anything
    else ``category/rule``.
    """
    if finding.component is not None:
        kind = finding.component.ecosystem or finding.category.value
        return f"{kind}/{finding.component.name}"
    if finding.endpoints:
        try:
            parts = urlsplit(finding.endpoints[0].url)
        except ValueError:  # e.g. an unbalanced IPv6 bracket in a hostile report
            return "endpoint"
        return f"{parts.netloc}{parts.path}".strip("/") or "endpoint"
    return f"{finding.category.value}/{finding.rule_id.strip() or 'finding'}"


#: GitHub's security-severity for a finding without a CVSS score (its bands' midpoints).
FALLBACK_SCORE: dict[Severity, float] = {
    Severity.CRITICAL: 9.5,
    Severity.HIGH: 8.0,
    Severity.MEDIUM: 5.5,
    Severity.LOW: 2.0,
    Severity.INFO: 0.0,
}


def risk_score(finding: Finding) -> float:
    """The CVSS base score when the tool gave one, else a score for the severity."""
    best = finding.best_cvss
    if best is not None and best.score is not None and 0.0 <= best.score <= 10.0:
        return best.score
    return FALLBACK_SCORE[finding.severity]


def cwe_url(cwe: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{cwe}.html"


def advisory_url(advisory: str) -> str:
    """A public page for an advisory id: NVD for CVEs, GitHub for GHSAs, OSV otherwise."""
    upper = advisory.strip().upper()
    if upper.startswith("CVE-"):
        return f"https://nvd.nist.gov/vuln/detail/{quote(upper)}"
    if upper.startswith("GHSA-"):
        return f"https://github.com/advisories/{quote(advisory.strip())}"
    return f"https://osv.dev/vulnerability/{quote(advisory.strip())}"


def is_web_url(url: str) -> bool:
    """True for an http(s) URL: the only kind a report turns into a link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def primary_tool(record: FindingRecord) -> str:
    """The tool whose report the merged finding came from."""
    return record.finding.tool.name


def by_tool(records: Iterable[FindingRecord]) -> dict[str, list[FindingRecord]]:
    """Records grouped by primary tool, tools in name order, records worst first."""
    groups: dict[str, list[FindingRecord]] = {}
    for record in records:
        groups.setdefault(primary_tool(record), []).append(record)
    return {tool: worst_first(groups[tool]) for tool in sorted(groups, key=str.lower)}


@dataclass(frozen=True)
class Summary:
    """Counts every human report starts with."""

    total: int
    open: int
    new: int
    by_severity_status: Counter[tuple[Severity, Status]] = field(default_factory=Counter)
    by_tool: Counter[str] = field(default_factory=Counter)
    by_category: Counter[Category] = field(default_factory=Counter)

    def severity_total(self, severity: Severity) -> int:
        return sum(self.by_severity_status[(severity, status)] for status in STATUSES)

    def status_total(self, status: Status) -> int:
        return sum(self.by_severity_status[(s, status)] for s in SEVERITIES_WORST_FIRST)

    def open_at(self, severity: Severity) -> int:
        return sum(self.by_severity_status[(severity, s)] for s in STATUSES if s.is_open)


def summarize(records: Sequence[FindingRecord]) -> Summary:
    """Counts per (severity, status) pair, per tool and per category, in one pass."""
    cells: Counter[tuple[Severity, Status]] = Counter()
    tools: Counter[str] = Counter()
    categories: Counter[Category] = Counter()
    opened = new = 0
    for record in records:
        cells[(record.finding.severity, record.status)] += 1
        tools[primary_tool(record)] += 1
        categories[record.finding.category] += 1
        opened += record.is_open
        new += record.is_new and record.is_open
    return Summary(len(records), opened, new, cells, tools, categories)
