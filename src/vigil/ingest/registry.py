# ruff: noqa: I001 - imports follow the sniffing order below, on purpose
"""Every built-in report parser, in sniffing order: specific formats before general ones.

Adding a format is one module and one line here. Third-party parsers register through the
``vigil.parsers`` entry-point group; a duplicate id is an error.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from vigil.errors import ParseError, UsageError
from vigil.ingest.interface import Parser, ReportSource

from vigil.ingest.snyk import SnykParser
from vigil.ingest.semgrep import SemgrepParser
from vigil.ingest.sarif import SarifParser
from vigil.ingest.trivy import TrivyParser
from vigil.ingest.grype import GrypeParser
from vigil.ingest.osv_scanner import OsvScannerParser
from vigil.ingest.pip_audit import PipAuditParser
from vigil.ingest.zap import ZapParser
from vigil.ingest.burp import BurpParser
from vigil.ingest.nuclei import NucleiParser
from vigil.ingest.wapiti import WapitiParser
from vigil.ingest.dependency_check import DependencyCheckParser
from vigil.ingest.cyclonedx import CycloneDxParser
from vigil.ingest.npm_audit import NpmAuditParser
from vigil.ingest.github_vulnerability import GithubVulnerabilityParser
from vigil.ingest.gitlab import GitlabParser
from vigil.ingest.sonarqube import SonarQubeParser
from vigil.ingest.bandit import BanditParser
from vigil.ingest.checkov import CheckovParser
from vigil.ingest.hadolint import HadolintParser
from vigil.ingest.kics import KicsParser
from vigil.ingest.tfsec import TfsecParser
from vigil.ingest.mobsf import MobsfParser
from vigil.ingest.gitleaks import GitleaksParser
from vigil.ingest.ggshield import GgshieldParser
from vigil.ingest.generic import GenericParser

BUILTIN: tuple[type[Parser], ...] = (
    SnykParser,
    SemgrepParser,
    SarifParser,
    TrivyParser,
    GrypeParser,
    OsvScannerParser,
    PipAuditParser,
    ZapParser,
    BurpParser,
    NucleiParser,
    WapitiParser,
    DependencyCheckParser,
    CycloneDxParser,
    NpmAuditParser,
    GithubVulnerabilityParser,
    GitlabParser,
    SonarQubeParser,
    BanditParser,
    CheckovParser,
    HadolintParser,
    KicsParser,
    TfsecParser,
    MobsfParser,
    GitleaksParser,
    GgshieldParser,
    GenericParser,
)


def all_parsers() -> tuple[type[Parser], ...]:
    """Built-in parsers followed by those from the ``vigil.parsers`` entry points."""
    found = list(BUILTIN)
    for entry in entry_points(group="vigil.parsers"):
        found.append(entry.load())
    seen: set[str] = set()
    for parser in found:
        if parser.id in seen:
            raise UsageError(f"two report parsers share the id {parser.id!r}")
        seen.add(parser.id)
    return tuple(found)


def by_id(parser_id: str) -> type[Parser]:
    """The parser whose id is ``parser_id`` (what ``--tool`` names)."""
    for parser in all_parsers():
        if parser.id == parser_id:
            return parser
    known = ", ".join(sorted(p.id for p in all_parsers()))
    raise UsageError(f"unknown tool {parser_id!r}; known: {known}")


def detect(source: ReportSource) -> type[Parser]:
    """The first parser whose ``sniff`` accepts the report's head."""
    head = source.head
    if not head.strip():
        raise ParseError(source.name, "report is empty")
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(source.name, "binary content, not a report")
    for parser in all_parsers():
        if parser.sniff(head):
            return parser
    raise ParseError(source.name, "unrecognised report format (use --tool to name it)")
