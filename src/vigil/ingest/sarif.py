"""SARIF 2.1.0 logs, from any producer (``--sarif``, ``-f sarif``, ``--format sarif``…).

Each run keeps its own tool (``tool.driver`` name and version) and its findings' category
follows the producer (Gitleaks → secret, Dependency-Check and Grype → sca, Dockle →
container, anything unknown → sast). Rules come from the driver and its extensions, by
``ruleIndex``, ``rule.toolComponent`` reference or ``ruleId``; messages are filled from
``messageStrings`` and ``arguments``; CWEs come from tags, ``cwe`` properties and CWE
taxonomy relationships/taxa.

Tested with logs of CodeQL 2.5.4 and 2.8.3 (rules in extensions, code flows), Semgrep OSS
1.69.0 and ``semgrep ci`` (in-source suppressions), Gitleaks 7.4 and 8, OWASP
Dependency-Check 6.1.2, Grype 0.34.7, Dockle 0.3.15, Flawfinder 2.0.19 and SpotBugs 4.4.0
(message strings with arguments), and the SARIF specification's empty example. Snyk Code
logs are SARIF too; the Snyk parser reads them through ``findings_from_log``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    load_json,
    purl_name_version,
    purl_type,
    redact_in,
    redact_json,
    require_list,
    require_mapping,
    secret_digest,
    slug,
    text,
    unique,
)
from vigil.ingest._sarif_run import Run, mapping, objects, rule_text, strings, tags_of
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Component, Confidence, Finding, Severity, Tool

#: SARIF ``level`` (the result's, else the rule's defaultConfiguration, else "warning").
#: A note is "a minor problem", which is low rather than merely informational.
LEVEL: dict[str, Severity] = {
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "note": Severity.LOW,
    "none": Severity.INFO,
}

#: ``properties.security-severity`` written as a word (Semgrep) rather than a CVSS-like score.
SEVERITY_WORD: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "informational": Severity.INFO,
}

#: The rule's ``properties.precision`` (CodeQL, Semgrep, Snyk Code) as confidence.
PRECISION: dict[str, Confidence] = {
    "very-high": Confidence.HIGH,
    "high": Confidence.HIGH,
    "medium": Confidence.MEDIUM,
    "low": Confidence.LOW,
}

#: Producers whose results are not plain code analysis, by lower-cased driver name.
CATEGORY_OF_TOOL: dict[str, Category] = {
    "gitleaks": Category.SECRET,
    "trufflehog": Category.SECRET,
    "detect-secrets": Category.SECRET,
    "ggshield": Category.SECRET,
    "dependency-check": Category.SCA,
    "grype": Category.SCA,
    "osv-scanner": Category.SCA,
    "dockle": Category.CONTAINER,
    "checkov": Category.IAC,
    "tfsec": Category.IAC,
    "kics": Category.IAC,
    "terrascan": Category.IAC,
    "hadolint": Category.IAC,
    "zap": Category.DAST,
    "nuclei": Category.DAST,
}

#: Rule tags by which mixed producers (Trivy) say what a rule is about.
CATEGORY_OF_TAG: dict[str, Category] = {
    "vulnerability": Category.SCA,
    "misconfiguration": Category.IAC,
    "secret": Category.SECRET,
}

#: Package types named in Grype/Trivy help text → purl type.
ECOSYSTEM: dict[str, str] = {
    "java-archive": "maven",
    "jenkins-plugin": "maven",
    "python": "pypi",
    "npm": "npm",
    "gem": "gem",
    "go-module": "golang",
    "rust-crate": "cargo",
    "php-composer": "composer",
    "dotnet": "nuget",
    "deb": "deb",
    "apk": "apk",
    "rpm": "rpm",
}

#: Result kinds that are not problems: the rule passed, or did not apply.
NOT_PROBLEMS = frozenset({"pass", "notApplicable"})

_ADVISORY = re.compile(r"\b(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})\b", re.IGNORECASE)
_HELP_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}):[ \t]*(.*?)\s*$", re.MULTILINE)
_CONFIDENCE_TAG = re.compile(r"^(HIGH|MEDIUM|LOW) CONFIDENCE$", re.IGNORECASE)
_TITLE_LIMIT = 120


class SarifParser(Parser):
    """Static Analysis Results Interchange Format logs of any tool."""

    id: ClassVar[str] = "sarif"
    label: ClassVar[str] = "SARIF"
    category: ClassVar[Category] = Category.SAST
    multi_tool: ClassVar[bool] = True

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if not re.search(rb'"runs"\s*:\s*\[', head):
            return False
        return bool(re.search(rb'"version"\s*:\s*"2\.1\.0"|sarif-schema|/sarif', head, re.I))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        yield from findings_from_log(source, load_json(source))


def findings_from_log(source: ReportSource, log: Any) -> Iterator[Finding]:
    """Every finding of every run of a decoded SARIF log."""
    log = require_mapping(source, log, "the SARIF log")
    if "runs" not in log:
        raise ParseError(source.name, "not a SARIF log (no runs)")
    version = text(log.get("version"))
    if version and not version.startswith("2."):
        raise ParseError(source.name, f"SARIF version {version} is not supported (2.1.0 is)")
    for entry in require_list(source, _listed(log.get("runs")), "runs"):
        run = Run(require_mapping(source, entry, "a run"))
        name = text(run.driver.get("name"))
        if not name:
            raise ParseError(source.name, "a run has no tool.driver.name")
        version = text(run.driver.get("version")) or text(run.driver.get("semanticVersion"))
        tool = Tool(name, version or None)
        for item in require_list(source, _listed(run.data.get("results")), "results"):
            result = require_mapping(source, item, "a result")
            if text(result.get("kind")) in NOT_PROBLEMS or result.get("baselineState") == "absent":
                # Not a problem, or one the baseline had that this run no longer sees.
                continue
            yield _finding(run, tool, result)


def _listed(value: Any) -> Any:
    """A JSON array that may be null: null means none."""
    return [] if value is None else value


def _finding(run: Run, tool: Tool, result: Mapping[str, Any]) -> Finding:
    rule = run.rule_of(result)
    message = run.message(mapping(result.get("message")), rule)
    reference = mapping(result.get("rule"))
    rule_id = text(result.get("ruleId")) or text(reference.get("id"))
    if not rule and not rule_id:
        rule = run.rule_named_in(message)
    rule_id = rule_id or text(rule.get("id")) or slug(message) or "sarif-result"
    category = _category(tool.name, rule)
    location = run.location(result)
    component = _component(run, rule, result, message) if category is Category.SCA else None
    fixed = component.fixed_versions if component else ()
    finding = Finding(
        title=_title(rule, rule_id, message),
        severity=_severity(rule, result),
        category=category,
        tool=tool,
        rule_id=rule_id,
        description="\n\n".join(unique([message, _explanation(rule)])),
        confidence=_confidence(rule),
        cwes=run.cwes(rule, result),
        vulnerability_ids=_advisories(rule_id, rule, message, category),
        component=component,
        location=location,
        remediation=_remediation(result, fixed),
        references=_references(rule),
        tags=unique([*tags_of(rule, result), *_state_tags(result)]),
        hint=_hint(result),
        raw=result,
    )
    return _hide_secret(finding, result) if category is Category.SECRET else finding


def _category(tool_name: str, rule: Mapping[str, Any]) -> Category:
    named = CATEGORY_OF_TOOL.get(tool_name.strip().lower())
    if named is not None:
        return named
    for tag in tags_of(rule):
        if tag.lower() in CATEGORY_OF_TAG:
            return CATEGORY_OF_TAG[tag.lower()]
    return Category.SAST


def _severity(rule: Mapping[str, Any], result: Mapping[str, Any]) -> Severity:
    """security-severity (result, then rule), a CVSS score or severity word the producer put in
    the result's properties, then the SARIF level."""
    properties = mapping(result.get("properties"))
    for value in (
        properties.get("security-severity"),
        mapping(rule.get("properties")).get("security-severity"),
        properties.get("cvssv3_baseScore"),  # Dependency-Check
        properties.get("cvssv2_score"),
    ):
        rated = _rating(value)
        if rated is not None:
            return rated
    # A producer's own severity word (RetireJS via Dependency-Check); numbers there are on
    # scales of their own, so only words count.
    if text(properties.get("severity")).lower() in SEVERITY_WORD:
        return SEVERITY_WORD[text(properties.get("severity")).lower()]
    if result.get("kind") == "informational":
        return Severity.INFO
    level = text(result.get("level")) or text(
        mapping(rule.get("defaultConfiguration")).get("level")
    )
    return LEVEL.get(level or "warning", Severity.MEDIUM)


def _rating(value: object) -> Severity | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Severity.from_score(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return SEVERITY_WORD.get(text(value).lower())


def _confidence(rule: Mapping[str, Any]) -> Confidence:
    precision = text(mapping(rule.get("properties")).get("precision")).lower()
    if precision in PRECISION:
        return PRECISION[precision]
    for tag in tags_of(rule):
        match = _CONFIDENCE_TAG.match(tag)
        if match:
            return PRECISION[match.group(1).lower()]
    return Confidence.UNKNOWN


def _title(rule: Mapping[str, Any], rule_id: str, message: str) -> str:
    short = rule_text(rule, "shortDescription")
    if short and rule_id not in short:
        return _clip(short)
    name = text(rule.get("name"))
    if " " in name and name != rule_id:
        return _clip(name)
    return _clip(message) or rule_id


def _clip(value: str) -> str:
    line = value.strip().split("\n", 1)[0].strip()
    return line if len(line) <= _TITLE_LIMIT else line[: _TITLE_LIMIT - 1].rstrip() + "…"


def _explanation(rule: Mapping[str, Any]) -> str:
    full = rule_text(rule, "fullDescription")
    help_text = rule_text(rule, "help")
    return full or ("" if help_text.startswith("http") else help_text)


def _references(rule: Mapping[str, Any]) -> tuple[str, ...]:
    help_text = rule_text(rule, "help")
    return unique(
        [
            text(rule.get("helpUri")),
            help_text if re.fullmatch(r"https?://\S+", help_text) else "",
            *strings(mapping(rule.get("properties")).get("references")),
        ]
    )


def _remediation(result: Mapping[str, Any], fixed: tuple[str, ...]) -> str:
    fixes = [
        text(mapping(fix.get("description")).get("text")) for fix in objects(result.get("fixes"))
    ]
    if fixed:
        fixes.append("Upgrade to " + " or ".join(fixed) + ".")
    return "\n".join(unique(fixes))


def _state_tags(result: Mapping[str, Any]) -> Iterator[str]:
    """ "suppressed" for a suppression in force (absent or accepted status; a rejected one
    does not count), and the kinds that ask a human to decide."""
    statuses = [text(s.get("status")) for s in objects(result.get("suppressions"))]
    if any(status in ("", "accepted") for status in statuses):
        yield "suppressed"
    elif "underReview" in statuses:
        yield "suppression-under-review"
    if text(result.get("kind")) in ("review", "open"):
        yield "needs-review"


def _hint(result: Mapping[str, Any]) -> str | None:
    """A line-independent identity the log carries. GitHub's primaryLocationLineHash hashes the
    flagged line's content; its ":n" suffix numbers identical lines in the file, so it is kept
    (dropping it would merge twin findings). Semgrep's matchBasedId is likewise content-based."""
    partial = mapping(result.get("partialFingerprints"))
    line_hash = text(partial.get("primaryLocationLineHash"))
    if line_hash:
        column = text(partial.get("primaryLocationStartColumnFingerprint"))
        return f"{line_hash}/{column}" if column else line_hash
    return text(mapping(result.get("fingerprints")).get("matchBasedId/v1")) or None


def _advisories(
    rule_id: str, rule: Mapping[str, Any], message: str, category: Category
) -> tuple[str, ...]:
    texts = [rule_id]
    if category is Category.SCA:
        texts += [rule_text(rule, "shortDescription"), message]
    for value in texts:
        found = unique([advisory_id(m) for m in _ADVISORY.findall(value)])
        if found:
            return found
    return ()


def _component(
    run: Run, rule: Mapping[str, Any], result: Mapping[str, Any], message: str
) -> Component | None:
    """The vulnerable package: from ``purls`` properties, else from the "Package: …" lines
    Grype and Trivy write into their help text and messages."""
    paths = unique(list(run.related_paths(result)))
    for owner in (result, rule):
        for purl in strings(mapping(owner.get("properties")).get("purls")):
            component = _from_purl(purl, paths)
            if component is not None:
                return component
    fields = {
        k.lower(): v for k, v in _HELP_FIELD.findall(rule_text(rule, "help") + "\n" + message)
    }
    name = fields.get("package", "")
    if not name or " " in name:
        return None
    version = fields.get("version") or fields.get("installed version") or None
    fixed = fields.get("fix version") or fields.get("fixed version") or ""
    ecosystem = ECOSYSTEM.get(fields.get("type", "").lower())
    return Component(
        name=name,
        version=version,
        ecosystem=ecosystem,
        fixed_versions=tuple(v.strip() for v in fixed.split(",") if v.strip()),
        paths=paths,
    )


def _from_purl(purl: str, paths: tuple[str, ...]) -> Component | None:
    named = purl_name_version(purl)
    if named is None:
        return None
    return Component(named[0], named[1], purl, purl_type(purl), paths=paths)


def _hide_secret(finding: Finding, result: Mapping[str, Any]) -> Finding:
    """Hash the secret and redact it everywhere it appears. Gitleaks 7 names it
    ``properties.offender``; Gitleaks 8 writes it as the region snippet, and other secret
    scanners write the matching line there, which is then treated as the secret."""
    properties = mapping(result.get("properties"))
    location = finding.location
    secret = text(properties.get("offender")) or text(properties.get("secret"))
    if not secret and location is not None:
        secret = location.snippet or ""
    if not secret:
        return finding
    secrets = [secret]
    if location is not None and location.snippet:
        location = replace(location, snippet=redact_in(location.snippet, secrets))
    return replace(
        finding,
        title=redact_in(finding.title, secrets),
        description=redact_in(finding.description, secrets),
        location=location,
        secret_hash=secret_digest(secret),
        raw=redact_json(result, secrets),
    )
