# ruff: noqa: I001 - imports follow the sniffing order below, on purpose
"""Every built-in report parser, in sniffing order: specific formats before general ones.

Adding a format is one module and one line here. Third-party parsers register through the
``vigil.parsers`` entry-point group; a duplicate id is an error.
"""

from __future__ import annotations

import functools

from vigil.errors import ParseError
from vigil.ingest.interface import Parser, ReportSource
from vigil.plugins import find, with_plugins

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


@functools.cache
def all_parsers() -> tuple[type[Parser], ...]:
    """Built-in parsers followed by those from the ``vigil.parsers`` entry points."""
    return with_plugins(BUILTIN, "vigil.parsers", "report parsers")


def by_id(parser_id: str) -> type[Parser]:
    """The parser whose id is ``parser_id`` (what ``--tool`` names)."""
    return find(all_parsers(), parser_id, "tool")


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
