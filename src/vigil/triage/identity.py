"""Finding identity: a fingerprint that survives line shifts and reformatting, and the merge
of true duplicates (within one report, and across tools reporting the same advisory).

Recipes, chosen from what a finding carries:

* component (SCA, container): ecosystem + package + version + advisory, where the advisory is
  the whole alias set (CVE-x and GHSA-y naming each other are one), so tools agree;
* secret: file + hash of the secret — one exposed credential is one finding, whichever tool
  or rule found it (gitleaks, ggshield and vigil's detector all hash the secret alike);
* endpoint (DAST): tool + rule + method + URL path template + parameter;
* code (SAST, IaC, anything located in a file): tool + rule + file + normalised code context
  (the snippet with whitespace collapsed, else the message with numbers masked), plus the
  occurrence order of identical contexts in that file — in the spirit of GitHub's
  ``primaryLocationLineHash``, so moving code up or down keeps the identity;
* otherwise: tool + rule + normalised title.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from vigil.model import Component, Endpoint, Finding, value

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_HEXISH = re.compile(r"\b[0-9a-f]{8,}\b|\b[0-9a-f-]{36}\b", re.IGNORECASE)
_ID_PREFERENCE = ("CVE-", "GHSA-", "PYSEC-", "GO-", "RUSTSEC-", "OSV-")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def tool_slug(name: str) -> str:
    """The scope key of a tool name: "Trivy" and "trivy" are one tool."""
    return name.strip().lower()


def _tool_key(finding: Finding) -> str:
    return tool_slug(finding.tool.name)


def component_key(component: Component) -> str:
    """ecosystem|name|version of a package, case-folded where the ecosystem is case-blind."""
    ecosystem = (component.ecosystem or _purl_type(component.purl) or "").lower()
    return f"{ecosystem}|{component.name.strip().lower()}|{(component.version or '').strip()}"


def _purl_type(purl: str | None) -> str | None:
    if not purl or not purl.startswith("pkg:"):
        return None
    return purl[4:].split("/", 1)[0] or None


def canonical_advisory(ids: Iterable[str]) -> str:
    """The preferred id of an alias set: a CVE if any, then GHSA, then other databases."""
    if isinstance(ids, list) and len(ids) == 1:
        return str(ids[0]).strip().upper()
    upper = sorted({i.strip().upper() for i in ids if i.strip()})
    for prefix in _ID_PREFERENCE:
        for advisory in upper:
            if advisory.startswith(prefix):
                return advisory
    return upper[0] if upper else ""


def url_template(url: str) -> str:
    """host + path with numeric and hex/uuid segments masked, so /user/12 and /user/13 match."""
    parts = urlsplit(url)
    segments = [
        "{id}" if _NUMBER.fullmatch(s) or _HEXISH.fullmatch(s) else s for s in parts.path.split("/")
    ]
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{'/'.join(segments) or '/'}"


def _endpoint_key(endpoint: Endpoint) -> str:
    return "|".join(
        (
            (endpoint.method or "").upper(),
            url_template(endpoint.url),
            endpoint.parameter or "",
        )
    )


def _code_context(finding: Finding) -> str:
    if finding.location and finding.location.snippet and finding.location.snippet.strip():
        return "s:" + _norm(finding.location.snippet)
    return "m:" + _NUMBER.sub("#", _norm(finding.title))


def base_identity(finding: Finding) -> tuple[str, bool]:
    """The recipe key of a finding and whether occurrences in one file must be told apart."""
    if finding.component is not None and finding.vulnerability_ids:
        return "component|" + component_key(finding.component), False
    rule = finding.rule_id.strip()
    if finding.secret_hash:
        path = finding.location.path if finding.location else ""
        return f"secret|{path}|{finding.secret_hash}", False
    if finding.endpoints:
        keys = sorted({_endpoint_key(e) for e in finding.endpoints})
        return f"endpoint|{_tool_key(finding)}|{rule}|{keys[0]}", False
    if finding.component is not None:
        return f"package|{_tool_key(finding)}|{rule}|{component_key(finding.component)}", False
    if finding.location is not None:
        if finding.hint:
            return f"hint|{_tool_key(finding)}|{rule}|{finding.location.path}|{finding.hint}", False
        key = f"code|{_tool_key(finding)}|{rule}|{finding.location.path}|{_code_context(finding)}"
        return key, True
    return f"rule|{_tool_key(finding)}|{rule}|{_NUMBER.sub('#', _norm(finding.title))}", False


@value
class FindingGroup:
    """One deduplicated finding: a merged view plus every tool report that fed it."""

    fingerprint: str
    finding: Finding
    sources: tuple[Finding, ...]
    #: Fingerprints this finding would have if a tool named it by one of its other advisory
    #: ids alone (a GHSA whose CVE alias it also carries): the store matches on these too.
    aliases: frozenset[str]

    @property
    def tools(self) -> tuple[str, ...]:
        if len(self.sources) == 1:
            return (self.sources[0].tool.name,)
        return tuple(dict.fromkeys(s.tool.name for s in self.sources))


def merge(findings: Sequence[Finding]) -> Finding:
    """One finding from true duplicates: worst severity, union of ids, locations and links."""
    if len(findings) == 1:
        return findings[0]
    primary = max(findings, key=lambda f: (f.severity, f.confidence, len(f.description)))

    def union(attr: str) -> tuple[object, ...]:
        return tuple(dict.fromkeys(x for f in findings for x in getattr(f, attr)))

    component = primary.component
    if component is not None:
        others = [f.component for f in findings if f.component is not None]
        component = replace(
            component,
            fixed_versions=tuple(dict.fromkeys(v for c in others for v in c.fixed_versions)),
            paths=tuple(dict.fromkeys(p for c in others for p in c.paths)),
        )
    return replace(
        primary,
        component=component,
        cvss=union("cvss"),  # type: ignore[arg-type]
        cwes=union("cwes"),  # type: ignore[arg-type]
        vulnerability_ids=union("vulnerability_ids"),  # type: ignore[arg-type]
        endpoints=union("endpoints"),  # type: ignore[arg-type]
        references=union("references"),  # type: ignore[arg-type]
        tags=union("tags"),  # type: ignore[arg-type]
    )


def identify(findings: Iterable[Finding]) -> list[FindingGroup]:
    """Group findings into deduplicated, fingerprinted findings, in first-seen order."""
    buckets: dict[str, list[Finding]] = defaultdict(list)
    occurrence_sensitive: set[str] = set()
    for finding in findings:
        key, by_occurrence = base_identity(finding)
        buckets[key].append(finding)
        if by_occurrence:
            occurrence_sensitive.add(key)
    groups: list[FindingGroup] = []
    for key, members in buckets.items():
        if key.startswith("component|"):
            for advisory, cluster, ids in _split_by_advisory(members):
                aliases = (
                    frozenset(_digest(f"{key}|{i}") for i in ids if i != advisory)
                    if len(ids) > 1
                    else _NO_ALIASES
                )
                groups.append(_group(f"{key}|{advisory}", cluster, aliases))
        elif key in occurrence_sensitive and len(members) > 1:
            groups.extend(_group(k, m, _NO_ALIASES) for k, m in _split_by_occurrence(key, members))
        else:
            groups.append(_group(key, members, _NO_ALIASES))
    return groups


_NO_ALIASES: frozenset[str] = frozenset()


def _group(key: str, members: list[Finding], aliases: frozenset[str]) -> FindingGroup:
    return FindingGroup(_digest(key), merge(members), tuple(members), aliases)


def _upper_ids(finding: Finding) -> list[str]:
    return [i.strip().upper() for i in finding.vulnerability_ids if i.strip()]


def _split_by_occurrence(key: str, members: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Identical contexts on different lines are different findings, numbered in line order."""
    by_line: dict[int, list[Finding]] = defaultdict(list)
    for finding in members:
        line = finding.location.start_line if finding.location else None
        by_line[line or 0].append(finding)
    ordered = sorted(by_line)
    return [
        (key if index == 0 else f"{key}|#{index}", by_line[line])
        for index, line in enumerate(ordered)
    ]


def _split_by_advisory(members: list[Finding]) -> list[tuple[str, list[Finding], set[str]]]:
    """Findings of one package whose advisory id sets overlap are one (aliases), keyed by the
    canonical id of the merged set; each with the ids it carries."""
    ids = [_upper_ids(f) for f in members]
    flat = [i for each in ids for i in each]
    if len(flat) == len(set(flat)):
        # No id is shared: every finding is its own advisory (the common case, and fast).
        return [
            (canonical_advisory(each), [f], set(each)) for each, f in zip(ids, members, strict=True)
        ]
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, each in enumerate(ids):
        for advisory in each:
            if advisory in owner:
                parent[root(index)] = root(owner[advisory])
            else:
                owner[advisory] = index
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(members)):
        clusters[root(index)].append(index)
    result = []
    for cluster in clusters.values():
        merged = {i for n in cluster for i in ids[n]}
        result.append((canonical_advisory(merged), [members[n] for n in cluster], merged))
    return result
