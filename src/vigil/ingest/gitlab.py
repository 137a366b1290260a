"""GitLab security reports: the ``gl-*-report.json`` artifacts of GitLab's analyzers.

Formats: the security report schema from 2.x/3.0 to 15.x (``version``, ``vulnerabilities[]``
with ``category``, ``name``, ``message``, ``description``, ``severity``, ``confidence``,
``location``, ``identifiers``, ``links``, ``solution``; ``scan`` {``scanner``, ``analyzer``,
``type``}) for every report type: sast, dependency_scanning, container_scanning,
cluster_image_scanning, secret_detection, dast and api_fuzzing (coverage_fuzzing is read with
the project as its location). Tested with reports of Semgrep, Find Security Bugs, Bandit/ESLint
(schema 2.3), Gemnasium, Trivy (container scanning), Gitleaks (secret detection) and ZAP (DAST),
schemas 2.3, 3.0, 13.1, 14.0 and 15.1.

The category comes from each vulnerability (else ``scan.type``, else its location); the tool
is the vulnerability's own scanner, else the report's. ``rule_id`` is the identifier of the
scanner's own type (``semgrep_id``, ``gemnasium``, ``ZAProxy_PluginId``…), else the first that
is not a CWE or OWASP reference. The deprecated ``cve`` compare key is not used as identity: it
hashes the code line, so identical lines, and every line of a minified file, share one key.
A secret's ``raw_source_code_extract`` is hashed and redacted everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cwe_ids,
    load_json,
    make_purl,
    redact,
    redact_in,
    redact_json,
    require_list,
    require_mapping,
    secret_digest,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Confidence,
    Endpoint,
    Finding,
    Severity,
    Tool,
)

#: GitLab's severities. Unknown and Undefined mean the analyzer could not rate the finding.
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "unknown": Severity.INFO,
    "undefined": Severity.INFO,
}

CONFIDENCE: dict[str, Confidence] = {
    "confirmed": Confidence.CERTAIN,
    "high": Confidence.HIGH,
    "medium": Confidence.MEDIUM,
    "low": Confidence.LOW,
    "experimental": Confidence.LOW,
    "ignore": Confidence.LOW,
}

#: Report / vulnerability categories.
CATEGORY: dict[str, Category] = {
    "sast": Category.SAST,
    "dependency_scanning": Category.SCA,
    "container_scanning": Category.CONTAINER,
    "cluster_image_scanning": Category.CONTAINER,
    "secret_detection": Category.SECRET,
    "dast": Category.DAST,
    "api_fuzzing": Category.DAST,
    "coverage_fuzzing": Category.OTHER,
}

#: Identifier types that name an advisory rather than a rule or a weakness.
_ADVISORY_TYPES = frozenset({"cve", "ghsa", "osv", "osvdb", "gms", "rhsa", "elsa", "usn", "dsa"})
_NOT_RULES = frozenset({"cwe", "owasp"})

#: dependency_files[].package_manager → purl type.
MANAGER: dict[str, str] = {
    "go": "golang",
    "npm": "npm",
    "yarn": "npm",
    "pnpm": "npm",
    "bundler": "gem",
    "maven": "maven",
    "gradle": "maven",
    "sbt": "maven",
    "pip": "pypi",
    "pipenv": "pypi",
    "poetry": "pypi",
    "setuptools": "pypi",
    "uv": "pypi",
    "composer": "composer",
    "nuget": "nuget",
    "conan": "conan",
    "cargo": "cargo",
}
#: Lock/manifest file name → purl type, when the report lists no dependency_files.
FILE_ECOSYSTEM: dict[str, str] = {
    "go.sum": "golang",
    "go.mod": "golang",
    "package-lock.json": "npm",
    "npm-shrinkwrap.json": "npm",
    "yarn.lock": "npm",
    "pnpm-lock.yaml": "npm",
    "gemfile.lock": "gem",
    "pom.xml": "maven",
    "gradle.lockfile": "maven",
    "build.gradle": "maven",
    "build.gradle.kts": "maven",
    "requirements.txt": "pypi",
    "pipfile.lock": "pypi",
    "poetry.lock": "pypi",
    "uv.lock": "pypi",
    "composer.lock": "composer",
    "packages.lock.json": "nuget",
    "cargo.lock": "cargo",
    "conan.lock": "conan",
}
#: Distribution (first word of ``operating_system``) → purl type of its packages.
DISTRO: dict[str, str] = {
    **dict.fromkeys(("debian", "ubuntu", "distroless"), "deb"),
    **dict.fromkeys(("alpine", "wolfi", "chainguard"), "apk"),
    **dict.fromkeys(
        ("centos", "rhel", "redhat", "fedora", "amazon", "amzn", "oracle", "ol", "rocky"), "rpm"
    ),
    **dict.fromkeys(("almalinux", "alma", "photon", "suse", "opensuse", "sles", "mariner"), "rpm"),
}

_VULNERABILITIES = re.compile(rb'"vulnerabilities"\s*:\s*\[')
_MARKS = re.compile(
    rb'"remediations"\s*:|gitlab\.com/gitlab-org/security-products|"identifiers"\s*:\s*\[\s*\{\s*"'
    rb'(?:type|name)"|"(?:category|type)"\s*:\s*"(?:sast|dependency_scanning|container_scanning|'
    rb'cluster_image_scanning|secret_detection|dast|api_fuzzing|coverage_fuzzing)"'
)
_NO_SOLUTION = "no solution provided"
_ID_SUFFIX = re.compile(r"_(?:rule_id|test_id|rule_type|type|id)$")


@dataclass(frozen=True, slots=True)
class _Report:
    """What every vulnerability of one report shares."""

    scan_type: str
    scanner_id: str
    tool: Tool
    managers: Mapping[str, str]  # dependency file path → purl type


class GitlabParser(Parser):
    """Findings of GitLab's security analyzers (and of tools that write GitLab reports)."""

    id: ClassVar[str] = "gitlab"
    label: ClassVar[str] = "GitLab security report"
    category: ClassVar[Category] = Category.SAST
    multi_tool: ClassVar[bool] = True

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_VULNERABILITIES.search(head) and _MARKS.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the GitLab report")
        if "vulnerabilities" not in report:
            raise ParseError(source.name, "not a GitLab security report (no vulnerabilities)")
        context = _context(source, report)
        for item in require_list(source, report["vulnerabilities"] or [], "vulnerabilities"):
            yield _finding(require_mapping(source, item, "a vulnerability"), context)


def _context(source: ReportSource, report: Mapping[str, Any]) -> _Report:
    scan = report.get("scan") or {}
    scan = require_mapping(source, scan, "scan")
    scanner = scan.get("scanner") or scan.get("analyzer") or {}
    managers = {
        text(f.get("path")): MANAGER.get(text(f.get("package_manager")).lower(), "")
        for f in report.get("dependency_files") or []
        if isinstance(f, Mapping)
    }
    return _Report(
        scan_type=text(scan.get("type")).lower(),
        scanner_id=text(scanner.get("id")),
        tool=Tool(text(scanner.get("name")) or "GitLab", text(scanner.get("version")) or None),
        managers=managers,
    )


def _finding(vuln: Mapping[str, Any], report: _Report) -> Finding:
    location = vuln.get("location") or {}
    identifiers = [i for i in vuln.get("identifiers") or [] if isinstance(i, Mapping)]
    kind = _kind(vuln, location, identifiers, report.scan_type)
    scanner = vuln.get("scanner") or {}
    identifier = _rule_identifier(identifiers, text(scanner.get("id")) or report.scanner_id)
    rule = _rule(identifier) or text(vuln.get("cve")) or text(vuln.get("id"))
    secret = text(vuln.get("raw_source_code_extract")) if kind == "secret_detection" else ""
    secrets = [secret] if secret else []
    component = _component(location, kind, report.managers)
    endpoint = _endpoint(location, vuln.get("evidence"))
    place = None if component or endpoint else _location(location, secret)
    advisories = _advisories(identifiers)
    name = text(vuln.get("name")) or text(vuln.get("message"))
    description = text(vuln.get("description")) or text(vuln.get("message"))
    if component:
        # Package findings are titled alike by every SCA parser; the advisory title moves down.
        shown = advisories[0] if advisories else name or rule
        title = f"{shown} in {component.name} {component.version or ''}"
        description = "\n\n".join(unique([name, description]))
    else:
        title = name or text(identifier.get("name")) or description.split("\n", 1)[0][:120]
    solution = text(vuln.get("solution"))
    return Finding(
        title=redact_in(title.strip() or rule, secrets),
        severity=SEVERITY.get(text(vuln.get("severity")).lower(), Severity.INFO),
        category=CATEGORY.get(kind, Category.SAST),
        tool=_tool(report.tool, scanner, identifier),
        rule_id=rule,
        description=redact_in(description, secrets),
        confidence=CONFIDENCE.get(text(vuln.get("confidence")).lower(), Confidence.UNKNOWN),
        cwes=cwe_ids(*(_cwe(i) for i in identifiers if text(i.get("type")).lower() == "cwe")),
        vulnerability_ids=advisories,
        component=component,
        location=place,
        endpoints=(endpoint,) if endpoint else (),
        remediation="" if solution.lower() == _NO_SOLUTION else solution,
        references=unique(
            [
                *(
                    text(link.get("url"))
                    for link in vuln.get("links") or []
                    if isinstance(link, Mapping)
                ),
                *(text(i.get("url")) for i in identifiers),
            ]
        ),
        secret_hash=secret_digest(secret) if secret else None,
        raw=redact_json(dict(vuln), secrets) if secrets else vuln,
    )


def _kind(
    vuln: Mapping[str, Any],
    location: Mapping[str, Any],
    identifiers: list[Mapping[str, Any]],
    scan_type: str,
) -> str:
    """The report type of one vulnerability; reports before schema 14 may not say it."""
    stated = text(vuln.get("category")).lower() or scan_type
    if stated:
        return stated
    package = (location.get("dependency") or {}).get("package") or {}
    if location.get("hostname"):
        return "dast"
    if location.get("image") or location.get("operating_system"):
        return "container_scanning"
    if text(package.get("name")):
        return "dependency_scanning"
    types = " ".join(text(i.get("type")).lower() for i in identifiers)
    if vuln.get("raw_source_code_extract") or "gitleaks" in types or "trufflehog" in types:
        return "secret_detection"
    return "sast"


def _rule_identifier(identifiers: list[Mapping[str, Any]], scanner_id: str) -> Mapping[str, Any]:
    prefix = scanner_id.lower()
    own = [i for i in identifiers if prefix and text(i.get("type")).lower().startswith(prefix)]
    others = [i for i in identifiers if text(i.get("type")).lower() not in _NOT_RULES]
    return (own or others or identifiers or [{}])[0]


def _rule(identifier: Mapping[str, Any]) -> str:
    value, name = text(identifier.get("value")), text(identifier.get("name"))
    # Some analyzers (njsscan) put the message in value and the rule in name.
    return name if " " in value and name and " " not in name else value or name


def _tool(report_tool: Tool, scanner: Mapping[str, Any], identifier: Mapping[str, Any]) -> Tool:
    name = text(scanner.get("name"))
    if name and name != report_tool.name:
        return Tool(name)
    if report_tool.name != "GitLab":
        return report_tool
    # Reports before schema 14 may name no scanner; the rule's type still says which it was
    # ("bandit_test_id", "eslint_rule_id"), and "GitLab" would lump every tool together.
    kind = _ID_SUFFIX.sub("", text(identifier.get("type")).lower())
    return Tool(kind) if kind else report_tool


def _cwe(identifier: Mapping[str, Any]) -> object:
    value = identifier.get("value")
    return value if cwe_ids(value) else identifier.get("name")


def _advisories(identifiers: list[Mapping[str, Any]]) -> tuple[str, ...]:
    found = [
        advisory_id(i.get("value"))
        for i in identifiers
        if text(i.get("type")).lower() in _ADVISORY_TYPES
        or text(i.get("value")).upper().startswith(("CVE-", "GHSA-"))
    ]
    return unique(found)


def _component(
    location: Mapping[str, Any], kind: str, managers: Mapping[str, str]
) -> Component | None:
    dependency = location.get("dependency") or {}
    name = text((dependency.get("package") or {}).get("name"))
    if not name or kind not in (
        "dependency_scanning",
        "container_scanning",
        "cluster_image_scanning",
    ):
        return None
    version = text(dependency.get("version")) or None
    if kind == "dependency_scanning":
        path = text(location.get("file"))
        ecosystem = managers.get(path) or FILE_ECOSYSTEM.get(path.rsplit("/", 1)[-1].lower())
        if ecosystem == "maven":
            name = name.replace("/", ":")  # Gemnasium spells Maven packages "group/artifact"
        purl = make_purl(ecosystem, name, version) if ecosystem else None
        return Component(name, version, purl, ecosystem, paths=(path,) if path else ())
    distro = re.split(r"[\s:]", text(location.get("operating_system")).lower(), maxsplit=1)[0]
    ecosystem = DISTRO.get(distro)
    purl = make_purl(ecosystem, name, version, namespace=distro) if ecosystem else None
    image = text(location.get("image"))
    return Component(name, version, purl, ecosystem, paths=(image,) if image else ())


def _endpoint(location: Mapping[str, Any], evidence: object) -> Endpoint | None:
    host = text(location.get("hostname"))
    if not host:
        return None
    path = text(location.get("path"))
    url = host.rstrip("/") + (path if path.startswith("/") or not path else "/" + path)
    summary = text(evidence.get("summary")) if isinstance(evidence, Mapping) else ""
    return Endpoint(
        url,
        text(location.get("method")).upper() or None,
        text(location.get("param")) or None,
        summary or None,
    )


def _line(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _location(location: Mapping[str, Any], secret: str) -> CodeLocation:
    start, end = _line(location.get("start_line")), _line(location.get("end_line"))
    return CodeLocation(
        # A finding without a file (coverage fuzzing) is about the project as a whole.
        path=text(location.get("file")) or ".",
        start_line=start,
        end_line=end if end and start and end >= start else None,
        snippet=redact(secret) if secret else None,
    )
