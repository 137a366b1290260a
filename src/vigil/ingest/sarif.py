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
from dataclasses import dataclass, replace
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
from vigil.ingest._sarif_run import (
    NO_RULE,
    Run,
    mapping,
    objects,
    rule_text,
    strings,
    tags_of,
)
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

#: The members by which a result adds to what its rule says of severity, CWEs, tags and
#: identity. Most results of a large log have none of them.
_ANNOTATIONS = frozenset(
    {"properties", "kind", "taxa", "suppressions", "partialFingerprints", "fingerprints"}
)

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
        reader = _RunReader(run, Tool(name, version or None))
        for item in require_list(source, _listed(run.data.get("results")), "results"):
            # (The exact type test spares the slower ABC check of require_mapping.)
            result = item if type(item) is dict else require_mapping(source, item, "a result")
            kind = result.get("kind")
            if kind is not None and text(kind) in NOT_PROBLEMS:
                continue  # not a problem: the rule passed, or did not apply
            if result.get("baselineState") == "absent":
                continue  # a problem the baseline had that this run no longer sees
            yield reader.finding(result)


def _listed(value: Any) -> Any:
    """A JSON array that may be null: null means none."""
    return [] if value is None else value


@dataclass(frozen=True, slots=True)
class _RuleFacts:
    """What a finding takes from its rule alone. A log's results share a few dozen rules, so
    this is worked out once per rule of a run rather than once per result."""

    id: str
    category: Category
    sca: bool  # category tests, answered once (an enum member lookup is not free)
    secret: bool
    confidence: Confidence
    short: str  # shortDescription, and the title it makes
    short_title: str
    name: str  # the rule's name, and the title it makes
    name_title: str
    explanation: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    rating: Severity | None  # from properties.security-severity
    level: str  # defaultConfiguration.level
    cwes: tuple[int, ...]  # the rule's own; a result may add more


def _rule_facts(run: Run, tool: Tool, rule: Mapping[str, Any]) -> _RuleFacts:
    short = rule_text(rule, "shortDescription")
    name = text(rule.get("name"))
    category = _category(tool.name, rule)
    return _RuleFacts(
        id=text(rule.get("id")),
        category=category,
        sca=category is Category.SCA,
        secret=category is Category.SECRET,
        confidence=_confidence(rule),
        short=short,
        short_title=_clip(short),
        name=name,
        name_title=_clip(name),
        explanation=_explanation(rule),
        references=_references(rule),
        tags=tags_of(rule),
        rating=_rating(mapping(rule.get("properties")).get("security-severity")),
        level=text(mapping(rule.get("defaultConfiguration")).get("level")),
        cwes=run.cwes(rule, {}),
    )


class _RunReader:
    """Turns the results of one run into Findings, with the facts of each rule (and the
    advisory ids of each rule id) worked out once."""

    def __init__(self, run: Run, tool: Tool) -> None:
        self.run = run
        self.tool = tool
        # By the rule's identity (a dict is not hashable). The rule is kept with its facts so
        # that no other object can take its id while this run is read.
        self._facts: dict[int, tuple[Mapping[str, Any], _RuleFacts]] = {}
        self._advisories: dict[str, tuple[str, ...]] = {}

    def facts(self, rule: Mapping[str, Any]) -> _RuleFacts:
        cached = self._facts.get(id(rule))
        if cached is None:
            cached = self._facts[id(rule)] = (rule, _rule_facts(self.run, self.tool, rule))
        return cached[1]

    def finding(self, result: Mapping[str, Any]) -> Finding:
        run = self.run
        reference = mapping(result["rule"]) if "rule" in result else NO_RULE
        # (mapping() and text() inlined for the usual types: see _sarif_run.)
        rule_id = result.get("ruleId")
        rule_id = rule_id.strip() if type(rule_id) is str else text(rule_id)
        rule_id = rule_id or text(reference.get("id"))
        rule = run.rule_of(result, reference, rule_id)
        message = result.get("message")
        message = run.message(message if type(message) is dict else mapping(message), rule)
        if not rule and not rule_id:
            rule = run.rule_named_in(message)
        facts = self.facts(rule)
        rule_id = rule_id or facts.id or slug(message) or "sarif-result"
        location = run.location(result)
        component = _component(run, rule, result, message) if facts.sca else None
        fixed = component.fixed_versions if component else ()
        severity, cwes, tags, hint = self.annotations(rule, facts, result)
        # Positional: matching 19 keywords costs as much as a quarter of the rest of this.
        finding = Finding(
            _title(facts, rule_id, message),
            severity,
            facts.category,
            self.tool,
            rule_id,
            _description(message, facts.explanation),
            facts.confidence,
            (),  # cvss
            cwes,
            self.advisories(rule_id, rule, message, facts),  # vulnerability_ids
            component,
            location,
            (),  # endpoints
            _remediation(result, fixed) if fixed or "fixes" in result else "",
            facts.references,
            tags,
            None,  # secret_hash: see _hide_secret
            hint,
            result,  # raw
        )
        return _hide_secret(finding, result) if facts.secret else finding

    def annotations(
        self, rule: Mapping[str, Any], facts: _RuleFacts, result: Mapping[str, Any]
    ) -> tuple[Severity, tuple[int, ...], tuple[str, ...], str | None]:
        """Severity, CWEs, tags and identity hint of a result."""
        if result.keys().isdisjoint(_ANNOTATIONS):
            # The usual result: its rule says all of this, but for a level of its own.
            severity = _level(facts, result) if facts.rating is None else facts.rating
            return severity, facts.cwes, facts.tags, None
        properties = mapping(result.get("properties"))
        if "taxa" in result or "tags" in properties or "cwe" in properties:
            cwes = self.run.cwes(rule, result)
        else:
            cwes = facts.cwes  # the result names no CWE of its own
        return (
            _severity(facts, result, properties),
            cwes,
            _tags(facts, result, properties),
            _hint(result),
        )

    def advisories(
        self, rule_id: str, rule: Mapping[str, Any], message: str, facts: _RuleFacts
    ) -> tuple[str, ...]:
        if facts.sca:
            return _advisories(rule_id, rule, message, facts.category)
        # Outside SCA only the rule id is searched: the same answer for every result of a rule.
        found = self._advisories.get(rule_id)
        if found is None:
            found = self._advisories[rule_id] = _advisories(rule_id, rule, message, facts.category)
        return found


def _category(tool_name: str, rule: Mapping[str, Any]) -> Category:
    named = CATEGORY_OF_TOOL.get(tool_name.strip().lower())
    if named is not None:
        return named
    for tag in tags_of(rule):
        if tag.lower() in CATEGORY_OF_TAG:
            return CATEGORY_OF_TAG[tag.lower()]
    return Category.SAST


def _severity(
    facts: _RuleFacts, result: Mapping[str, Any], properties: Mapping[str, Any]
) -> Severity:
    """security-severity (result, then rule), a CVSS score or severity word the producer put in
    the result's properties, then the SARIF level."""
    rated = _rating(properties.get("security-severity")) if properties else None
    if rated is None:
        rated = facts.rating
    if rated is None and properties:
        for value in (
            properties.get("cvssv3_baseScore"),  # Dependency-Check
            properties.get("cvssv2_score"),
        ):
            rated = _rating(value)
            if rated is not None:
                break
        else:
            # A producer's own severity word (RetireJS via Dependency-Check); numbers there
            # are on scales of their own, so only words count.
            rated = SEVERITY_WORD.get(text(properties.get("severity")).lower())
    if rated is not None:
        return rated
    if result.get("kind") == "informational":
        return Severity.INFO
    return _level(facts, result)


def _level(facts: _RuleFacts, result: Mapping[str, Any]) -> Severity:
    """The SARIF level: the result's, else the rule's default, else "warning"."""
    level = result.get("level")
    level = (level.strip() if type(level) is str else text(level)) or facts.level
    severity = LEVEL.get(level or "warning")
    return Severity.MEDIUM if severity is None else severity


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


def _title(facts: _RuleFacts, rule_id: str, message: str) -> str:
    if facts.short and rule_id not in facts.short:
        return facts.short_title
    if " " in facts.name and facts.name != rule_id:
        return facts.name_title
    return _clip(message) or rule_id


def _clip(value: str) -> str:
    line = value.strip().split("\n", 1)[0].strip()
    return line if len(line) <= _TITLE_LIMIT else line[: _TITLE_LIMIT - 1].rstrip() + "…"


def _description(message: str, explanation: str) -> str:
    """The message, then the rule's explanation unless it is empty or says the same."""
    if not explanation or explanation == message:
        return message
    return f"{message}\n\n{explanation}" if message else explanation


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


def _tags(
    facts: _RuleFacts, result: Mapping[str, Any], properties: Mapping[str, Any]
) -> tuple[str, ...]:
    """Tags of rule and result, then those the result's state calls for."""
    if "tags" not in properties and "suppressions" not in result and "kind" not in result:
        return facts.tags  # the result adds none
    return unique([*facts.tags, *strings(properties.get("tags")), *_state_tags(result)])


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
