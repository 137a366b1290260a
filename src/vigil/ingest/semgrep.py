"""Semgrep JSON reports (``semgrep scan --json``, ``semgrep ci --json``) and the Semgrep
Supply Chain findings export of the Semgrep AppSec Platform API (``{"vulns": [...]}``).

Code results carry ``check_id``, ``path``, ``start``/``end`` and ``extra`` (message,
severity, metadata, lines, fingerprint, is_ignored). Supply Chain results in the CLI JSON add
``extra.sca_info.dependency_match`` and become sca findings with a component. Severity is
ERROR/WARNING/INFO (and, since 1.7x, CRITICAL/HIGH/MEDIUM/LOW); logged-out runs replace
``lines`` and ``fingerprint`` with "requires login". Tested with Semgrep 0.x (no version
field), 1.30, 1.84.1 and 1.100.0 reports, a Supply Chain CLI report (Semgrep's own
reachability test output) and an API export (2023).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

import orjson

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cwe_ids,
    load_json,
    make_purl,
    redact_in,
    redact_json,
    require_list,
    require_mapping,
    secret_digest,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Component, Confidence, Finding, Severity, Tool

#: ``extra.severity`` (rule level) and Supply Chain ``sca-severity``/advisory severity.
#: Semgrep's own UI calls ERROR/WARNING/INFO high/medium/low.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "error": Severity.HIGH,
    "high": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "info": Severity.LOW,
    "low": Severity.LOW,
    "inventory": Severity.INFO,
    "experiment": Severity.INFO,
}

CONFIDENCE: dict[str, Confidence] = {
    "high": Confidence.HIGH,
    "medium": Confidence.MEDIUM,
    "low": Confidence.LOW,
}

#: Supply Chain ecosystem names → purl type.
ECOSYSTEM: dict[str, str] = {
    "pypi": "pypi",
    "npm": "npm",
    "maven": "maven",
    "gomod": "golang",
    "cargo": "cargo",
    "gem": "gem",
    "composer": "composer",
    "nuget": "nuget",
    "pub": "pub",
    "swiftpm": "swift",
    "hex": "hex",
    "mix": "hex",
}

#: ``metadata.technology`` values of infrastructure-as-code rules.
IAC_TECHNOLOGY = frozenset({"terraform", "dockerfile", "docker", "kubernetes", "cloudformation"})

#: What Semgrep writes in place of ``lines`` and ``fingerprint`` when not logged in.
LOGIN_PLACEHOLDER = "requires login"
#: Semgrep's real fingerprints are long hashes; anything short (test masks) is no identity.
_MIN_FINGERPRINT = 16
_GHSA = re.compile(r"GHSA(?:-[0-9a-z]{4}){3}", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s")
_TITLE_LIMIT = 120


class SemgrepParser(Parser):
    """Semgrep CLI JSON and Semgrep Supply Chain API exports."""

    id: ClassVar[str] = "semgrep"
    label: ClassVar[str] = "Semgrep"
    category: ClassVar[Category] = Category.SAST
    multi_tool: ClassVar[bool] = True

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if re.search(rb'"check_id"\s*:', head) and b'"extra"' in head:
            return True
        if re.search(rb'"vulns"\s*:\s*\[', head) and b'"exposureType"' in head:
            return True
        # An empty report: {"results": [], "errors": [], …} without any other tool's keys.
        return bool(
            re.match(
                rb'\s*\{\s*(?:"version"\s*:\s*"[^"]*"\s*,\s*)?"results"\s*:\s*\[\s*\]\s*,\s*"errors"',
                head,
            )
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the Semgrep report")
        if "results" in report:
            tool = Tool("Semgrep", text(report.get("version")) or None)
            for item in require_list(source, _listed(report["results"]), "results"):
                yield _result_finding(require_mapping(source, item, "a result"), tool)
        elif "vulns" in report:
            tool = Tool("Semgrep Supply Chain")
            for item in require_list(source, _listed(report["vulns"]), "vulns"):
                yield _export_finding(source, require_mapping(source, item, "a vuln"), tool)
        else:
            raise ParseError(source.name, "not a Semgrep report (no results or vulns)")


def _listed(value: Any) -> Any:
    """A JSON array that may be null: null means none."""
    return [] if value is None else value


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    """A metadata value that may be a string or a list of strings, as a list."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return (
        [text(v) for v in value if isinstance(v, str | int) and text(v)]
        if isinstance(value, list)
        else []
    )


def _title(message: str) -> str:
    first = _SENTENCE.split(message.strip(), maxsplit=1)[0].split("\n", 1)[0].strip()
    return first if len(first) <= _TITLE_LIMIT else first[: _TITLE_LIMIT - 1].rstrip() + "…"


def _real(value: Any) -> str:
    """``value`` unless it is absent or the logged-out placeholder."""
    shown = value if isinstance(value, str) else ""
    return "" if shown.strip() == LOGIN_PLACEHOLDER else shown


def _category(check_id: str, metadata: Mapping[str, Any], extra: Mapping[str, Any]) -> Category:
    if extra.get("sca_info"):
        return Category.SCA
    technology = {t.lower() for t in _texts(metadata.get("technology"))}
    if "secrets" in technology or ".secrets." in f".{check_id}.":
        return Category.SECRET
    if technology & IAC_TECHNOLOGY:
        return Category.IAC
    return Category.SAST


def _result_finding(result: Mapping[str, Any], tool: Tool) -> Finding:
    extra = _map(result.get("extra"))
    metadata = _map(extra.get("metadata"))
    check_id = text(result.get("check_id"))
    if not check_id:
        raise ValueError("a result has no check_id")
    category = _category(check_id, metadata, extra)
    message = text(extra.get("message"))
    location = _location(result, _real(extra.get("lines")))
    sca = _map(extra.get("sca_info"))
    component = _sca_component(sca, metadata) if sca else None
    level = text(metadata.get("sca-severity")) if sca else ""
    fingerprint = _real(extra.get("fingerprint")).strip()
    finding = Finding(
        title=text(metadata.get("display-name")) or _title(message) or check_id,
        severity=SEVERITY.get((level or text(extra.get("severity"))).lower(), Severity.MEDIUM),
        category=category,
        tool=tool,
        rule_id=check_id,
        description=message,
        confidence=CONFIDENCE.get(text(metadata.get("confidence")).lower(), Confidence.UNKNOWN),
        cwes=cwe_ids(_texts(metadata.get("cwe"))),
        vulnerability_ids=_sca_advisories(metadata) if sca else (),
        component=component,
        location=location,
        remediation=_remediation(extra, component),
        references=unique([*_texts(metadata.get("references")), text(metadata.get("source"))]),
        tags=_tags(extra, metadata, sca),
        hint=fingerprint if len(fingerprint) >= _MIN_FINGERPRINT else None,
        raw=result,
    )
    return _hide_secret(finding, result) if category is Category.SECRET else finding


def _location(result: Mapping[str, Any], lines: str) -> CodeLocation:
    start, end = _map(result.get("start")), _map(result.get("end"))
    path = text(result.get("path"))
    if not path:
        raise ValueError("a result has no path")
    return CodeLocation(
        path=path,
        start_line=_number(start.get("line")),
        end_line=_number(end.get("line")),
        start_column=_number(start.get("col")),
        end_column=_number(end.get("col")),
        snippet=lines if lines.strip() else None,
    )


def _number(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _tags(
    extra: Mapping[str, Any], metadata: Mapping[str, Any], sca: Mapping[str, Any]
) -> tuple[str, ...]:
    tags = [*_texts(metadata.get("owasp")), *_texts(metadata.get("vulnerability_class"))]
    tags += _texts(metadata.get("subcategory"))
    if extra.get("is_ignored") is True:
        tags.append("suppressed")  # a nosemgrep comment: reported, but waived in the code
    if sca:
        if sca.get("reachability_rule"):
            tags.append("reachable" if sca.get("reachable") else "unreachable")
        found = _map(_map(sca.get("dependency_match")).get("found_dependency"))
        tags.append(text(found.get("transitivity")).lower())
    state = text(extra.get("validation_state"))
    if state and state != "NO_VALIDATOR":
        tags.append(f"validation:{state.lower()}")
    return unique(tags)


def _remediation(extra: Mapping[str, Any], component: Component | None) -> str:
    steps = []
    if component is not None and component.fixed_versions:
        steps.append(f"Upgrade {component.name} to {' or '.join(component.fixed_versions)}.")
    fix = text(extra.get("fix"))
    if fix:
        steps.append(f"Suggested fix:\n{fix}")
    fix_regex = _map(extra.get("fix_regex"))
    if fix_regex.get("regex"):
        steps.append(f"Replace /{fix_regex['regex']}/ with {text(fix_regex.get('replacement'))!r}.")
    return "\n".join(steps)


def _sca_component(sca: Mapping[str, Any], metadata: Mapping[str, Any]) -> Component:
    match = _map(sca.get("dependency_match"))
    found = _map(match.get("found_dependency"))
    name = text(found.get("package")) or text(_map(match.get("dependency_pattern")).get("package"))
    ecosystem = ECOSYSTEM.get(text(found.get("ecosystem")).lower())
    fixes = [
        text(version)
        for entry in _list(metadata.get("sca-fix-versions"))
        if isinstance(entry, Mapping)
        for package, version in entry.items()
        if package == name
    ]
    paths = unique(
        [
            text(found.get("lockfile_path")) or text(match.get("lockfile")),
            text(found.get("manifest_path")),
        ]
    )
    version = text(found.get("version")) or None
    return Component(
        name=name,
        version=version,
        purl=make_purl(ecosystem, name, version) if ecosystem else None,
        ecosystem=ecosystem,
        fixed_versions=unique(fixes),
        paths=paths,
    )


def _sca_advisories(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    ids = [text(metadata.get("sca-vuln-database-identifier"))]
    ids += _texts(metadata.get("cve")) + _texts(metadata.get("ghsa"))
    return unique([advisory_id(i) for i in ids])


def _hide_secret(finding: Finding, result: Mapping[str, Any]) -> Finding:
    """Semgrep reports a secret as the matched text inside ``extra.lines``; that span is the
    secret. Its hash is kept; it is redacted in the snippet, and the raw record keeps no
    metavariables or dataflow trace, which repeat it."""
    location = finding.location
    secret = _matched_text(result, location.snippet if location else None)
    if not secret or location is None:
        return finding
    extra = {
        k: v
        for k, v in _map(result.get("extra")).items()
        if k not in ("metavars", "dataflow_trace")
    }
    snippet = redact_in(location.snippet or "", [secret]) or None
    return replace(
        finding,
        title=redact_in(finding.title, [secret]),
        description=redact_in(finding.description, [secret]),
        location=replace(location, snippet=snippet),
        secret_hash=secret_digest(secret),
        raw=redact_json({**result, "extra": extra}, [secret]),
    )


def _matched_text(result: Mapping[str, Any], lines: str | None) -> str:
    """The span start..end of the match cut out of ``lines`` (which begin at start.line)."""
    start, end = _map(result.get("start")), _map(result.get("end"))
    first, last = _number(start.get("line")), _number(end.get("line"))
    begin, stop = _number(start.get("col")), _number(end.get("col"))
    if not lines or first is None or last is None or begin is None or stop is None:
        return ""
    rows = lines.split("\n")[: last - first + 1]
    if len(rows) != last - first + 1:
        return ""
    if len(rows) == 1:
        return rows[0][begin - 1 : stop - 1]
    return "\n".join([rows[0][begin - 1 :], *rows[1:-1], rows[-1][: stop - 1]])


def _export_finding(source: ReportSource, vuln: Mapping[str, Any], tool: Tool) -> Finding:
    advisory = require_mapping(source, vuln.get("advisory"), "vuln.advisory")
    references = _map(advisory.get("references"))
    where = _map(vuln.get("dependencyFileLocation"))
    path = text(where.get("path"))
    component = _export_component(advisory, _map(vuln.get("matchedDependency")), path)
    fixed = " or ".join(component.fixed_versions)
    urls = _texts(references.get("urls"))
    ids = _texts(references.get("cveIds")) + [m for u in urls for m in _GHSA.findall(u)]
    triage = text(_map(vuln.get("triage")).get("status")).lower()
    tags = [text(vuln.get("exposureType")).lower(), text(vuln.get("transitivity")).lower()]
    condition = text(advisory.get("reachableIf"))
    rule_id = text(advisory.get("ruleId")) or "semgrep-supply-chain"
    return Finding(
        title=text(vuln.get("title")) or text(advisory.get("title")) or rule_id,
        severity=SEVERITY.get(text(advisory.get("severity")).lower(), Severity.MEDIUM),
        category=Category.SCA,
        tool=tool,
        rule_id=rule_id,
        description="\n\n".join(
            unique(
                [
                    text(advisory.get("description")),
                    f"Reachable if {condition}" if condition else "",
                ]
            )
        ),
        cwes=cwe_ids(_texts(references.get("cweIds"))),
        vulnerability_ids=unique([advisory_id(i) for i in ids]),
        component=component,
        location=CodeLocation(path, _number(where.get("startLine"))) if path else None,
        remediation=f"Upgrade {component.name} to {fixed}." if fixed else "",
        references=unique(urls),
        tags=unique([*tags, f"triage:{triage}" if triage else ""]),
        raw=vuln,
    )


def _export_component(
    advisory: Mapping[str, Any], dependency: Mapping[str, Any], path: str
) -> Component:
    name = text(dependency.get("name"))
    version = text(dependency.get("versionSpecifier")) or None
    ecosystem = _export_ecosystem(advisory, _rule_text(advisory), name)
    fixed = [
        text(d.get("versionSpecifier"))
        for d in _list(advisory.get("safeDependencies"))
        if isinstance(d, Mapping) and text(d.get("name")) == name
    ]
    return Component(
        name=name,
        version=version,
        purl=make_purl(ecosystem, name, version) if ecosystem else None,
        ecosystem=ecosystem,
        fixed_versions=unique(fixed),
        paths=unique([path]),
    )


def _rule_text(advisory: Mapping[str, Any]) -> Mapping[str, Any]:
    """The advisory's rule, which the export embeds as a JSON string."""
    try:
        rule = orjson.loads(text(advisory.get("ruleText")) or "{}")
    except orjson.JSONDecodeError:
        return {}
    return _map(rule)


def _export_ecosystem(
    advisory: Mapping[str, Any], rule: Mapping[str, Any], name: str
) -> str | None:
    """The matched package's ecosystem: an advisory covering several (grpc as gem, grpcio as
    pypi) states its own first, so the rule's depends-on entry for this package decides."""
    depends = _map(rule.get("r2c-internal-project-depends-on"))
    for entry in depends.get("depends-on-either") or [depends]:
        if isinstance(entry, Mapping) and text(entry.get("package")) == name:
            return ECOSYSTEM.get(text(entry.get("namespace")).lower())
    return ECOSYSTEM.get(text(advisory.get("ecosystem")).lower())
