"""tfsec, the Terraform static analyser: its JSON output (``tfsec --format json``).

Three generations of the same ``{"results": [...]}`` shape are read:

* legacy (tfsec < 0.40): ``rule_id`` such as ``GCP008``, ``link`` ("See https://… for more
  information."), ``severity`` ERROR/WARNING/INFO, and ``passed`` on each result;
* 0.4x to 0.6x: ``rule_id`` is the long id (``aws-vpc-no-public-egress-sgr``), ``legacy_rule_id``,
  ``links``, ``impact``, ``resolution``, ``status`` "failed", severities CRITICAL…LOW;
* 1.x: ``rule_id`` is the AVD id (``AVD-AWS-0104``), ``long_id``, ``rule_service``,
  ``resource``, ``warning``, and a numeric ``status`` (0 failed, 1 passed, 2 ignored).

Tested with the legacy and 0.5x samples; 1.x fields are read from the same code path. A clean
scan is ``{"results": null}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import html_to_text, load_json, require_mapping, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Finding, Severity, Tool

#: tfsec's severities, old (ERROR/WARNING/INFO) and current (CRITICAL…LOW).
SEVERITY: dict[str, Severity] = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "ERROR": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "WARNING": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.LOW,
}

#: Results tfsec includes only with --include-passed / --include-ignored.
_NOT_FAILED = {"passed", "ignored", 1, 2}

_EMPTY = re.compile(rb'\A\s*\{\s*"results"\s*:\s*null\s*\}\s*\Z')
_RESULT_KEYS = (b'"rule_id"', b'"location"', b'"start_line"', b'"filename"')
_TFSEC_KEYS = re.compile(rb'"(?:rule_provider|long_id|legacy_rule_id|rule_description|link)"\s*:')
_URL = re.compile(r"https?://\S+?(?=[\s\"')]|$)")
_VERSION = re.compile(r"/tfsec/(v\d+\.\d+\.\d+)/")


class TfsecParser(Parser):
    """tfsec JSON: one finding per failed check."""

    id: ClassVar[str] = "tfsec"
    label: ClassVar[str] = "tfsec"
    category: ClassVar[Category] = Category.IAC

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if _EMPTY.match(head):
            return True
        return (
            b'"results"' in head
            and all(key in head for key in _RESULT_KEYS)
            and bool(_TFSEC_KEYS.search(head))
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the tfsec report")
        if "results" not in report:
            raise ParseError(source.name, "no 'results' key: not a tfsec report")
        results = report["results"]
        if results is None:
            return
        if not isinstance(results, list):
            raise ParseError(source.name, "expected 'results' to be a list")
        for index, result in enumerate(results):
            if not isinstance(result, Mapping) or not isinstance(result.get("location"), Mapping):
                raise ParseError(source.name, f"result {index} has no location")
            if result.get("passed") is True or result.get("status") in _NOT_FAILED:
                continue
            yield _finding(result)


def _finding(result: Mapping[str, Any]) -> Finding:
    location = result["location"]
    # The long id survives tfsec's renumbering (AWS007 → aws-… → AVD-AWS-0104), so it is
    # the rule id whenever the report has one; the other ids are kept as tags.
    long_id = text(result.get("long_id"))
    rule_id = long_id or text(result.get("rule_id"))
    details = html_to_text(text(result.get("description")))
    summary = text(result.get("rule_description")) or details or rule_id
    impact = text(result.get("impact"))
    resource = text(result.get("resource"))
    links = _links(result)
    start, end = location.get("start_line"), location.get("end_line")
    return Finding(
        title=summary,
        severity=SEVERITY.get(text(result.get("severity")).upper(), Severity.MEDIUM),
        category=Category.IAC,
        tool=Tool("tfsec", _version(links)),
        rule_id=rule_id,
        description="\n\n".join(
            part
            for part in (
                details,
                f"Impact: {impact}" if impact else "",
                f"Resource: {resource}" if resource else "",
            )
            if part
        ),
        location=CodeLocation(
            path=text(location.get("filename")),
            start_line=start if isinstance(start, int) and start > 0 else None,
            end_line=end if isinstance(end, int) and end > 0 else None,
        ),
        remediation=text(result.get("resolution")),
        references=links,
        tags=unique(
            [
                text(result.get("rule_id")) if long_id else "",
                text(result.get("legacy_rule_id")),
                text(result.get("rule_provider")),
                text(result.get("rule_service")),
            ]
        ),
        raw=dict(result),
    )


def _links(result: Mapping[str, Any]) -> tuple[str, ...]:
    links = result.get("links")
    found = [text(link) for link in links] if isinstance(links, list) else []
    # Legacy reports carry one sentence instead: "See https://tfsec.dev/… for more information."
    found.extend(_URL.findall(text(result.get("link"))))
    return unique(found)


def _version(links: tuple[str, ...]) -> str | None:
    """tfsec 1.x links to its versioned docs (…/tfsec/v1.28.1/checks/…); nothing else tells."""
    for link in links:
        match = _VERSION.search(link)
        if match:
            return match.group(1).removeprefix("v")
    return None
