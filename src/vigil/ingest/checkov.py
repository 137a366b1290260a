"""Checkov, the policy-as-code scanner: its JSON output (``checkov -o json``).

A report is one object per framework (``check_type``: terraform, dockerfile, kubernetes,
cloudformation, github_actions, secrets…) or, when several frameworks ran, a list of them.
Each carries ``results.failed_checks[]`` (``check_id``, ``check_name``, ``file_path``,
``file_line_range``, ``resource``, ``guideline``, ``code_block`` as ``[line, text]`` pairs,
and with a platform key ``severity``/``bc_check_id``) and a ``summary`` with the Checkov
version. A scan that found no files is a bare summary object. Tested with Checkov 1.0, 2.0
and 2.2 reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import load_json, require_list, require_mapping, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Finding, Severity, Tool

#: Checkov's severities. Without a platform API key Checkov leaves ``severity`` null: a
#: failed policy is still a real misconfiguration, so it is rated medium, neither ignored by
#: gates nor overstated.
SEVERITY: dict[str, Severity] = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.INFO,
}
UNRATED = Severity.MEDIUM

_CHECK_TYPE = re.compile(rb'"check_type"\s*:\s*"')
_CHECKOV_KEYS = re.compile(rb'"(?:failed_checks|passed_checks|checkov_version)"\s*:')
_SUMMARY_ONLY = ("passed", "failed", "checkov_version")


class CheckovParser(Parser):
    """Checkov JSON: one finding per failed check."""

    id: ClassVar[str] = "checkov"
    label: ClassVar[str] = "Checkov"
    category: ClassVar[Category] = Category.IAC

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_CHECKOV_KEYS.search(head)) and (
            bool(_CHECK_TYPE.search(head)) or b'"resource_count"' in head
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        reports = data if isinstance(data, list) else [data]
        for item in reports:
            report = require_mapping(source, item, "each Checkov report")
            if "results" not in report:
                if all(key in report for key in _SUMMARY_ONLY):
                    continue  # no files of this framework were found: a bare summary
                raise ParseError(source.name, "no 'results' key: not a Checkov report")
            yield from _report_findings(source, report)


def _report_findings(source: ReportSource, report: Mapping[str, Any]) -> Iterator[Finding]:
    check_type = text(report.get("check_type"))
    summary = report.get("summary")
    version = text(summary.get("checkov_version")) if isinstance(summary, Mapping) else ""
    tool = Tool("Checkov", version or None)
    results = require_mapping(source, report["results"], "'results'")
    for item in require_list(source, results.get("failed_checks") or [], "'failed_checks'"):
        check = require_mapping(source, item, "each failed check")
        if not text(check.get("check_id")) or not text(check.get("file_path")):
            raise ParseError(source.name, "a failed check has no 'check_id' or 'file_path'")
        yield _finding(tool, check_type, check)


def _finding(tool: Tool, check_type: str, check: Mapping[str, Any]) -> Finding:
    check_id = text(check["check_id"])
    name = text(check.get("check_name")) or check_id
    resource = text(check.get("resource"))
    secret = check_type == "secrets"
    start, end = _line_range(check.get("file_line_range"))
    severity = text(check.get("severity")).upper()
    return Finding(
        title=name,
        severity=SEVERITY.get(severity, UNRATED),
        category=Category.SECRET if secret else Category.IAC,
        tool=tool,
        rule_id=check_id,
        description=_description(check, name, resource, secret),
        location=CodeLocation(
            path=text(check["file_path"]),
            start_line=start,
            end_line=end,
            # Checkov masks the secret in the code block, but only partly: keep none of it.
            snippet=None if secret else _snippet(check.get("code_block")),
        ),
        references=unique([text(check.get("guideline"))]),
        tags=unique([check_type, text(check.get("bc_check_id")), text(check.get("bc_category"))]),
        # Checkov's own identity of a result is (file, check, resource): its --baseline file
        # stores exactly that. For secrets the resource is a hash of the secret.
        hint=resource or None,
        raw={k: v for k, v in check.items() if not (secret and k == "code_block")},
    )


def _line_range(value: object) -> tuple[int | None, int | None]:
    """1-based lines; Checkov uses [0, 0] for checks about a whole file (e.g. Dockerfiles)."""
    if not isinstance(value, list) or len(value) != 2:
        return None, None
    start, end = (v if isinstance(v, int) and v > 0 else None for v in value)
    return start, end or start


def _snippet(code_block: object) -> str | None:
    if not isinstance(code_block, list):
        return None
    lines = [
        str(pair[1]).rstrip("\n")
        for pair in code_block
        if isinstance(pair, list) and len(pair) == 2
    ]
    return "\n".join(lines) or None


def _description(check: Mapping[str, Any], name: str, resource: str, secret: bool) -> str:
    result = check.get("check_result")
    evaluated = result.get("evaluated_keys") if isinstance(result, Mapping) else None
    parts = [
        text(check.get("description")) or text(check.get("short_description")) or name,
        "" if secret or not resource else f"Resource: {resource}",
        f"Evaluated keys: {', '.join(map(str, evaluated))}" if isinstance(evaluated, list) else "",
    ]
    return "\n".join(part for part in parts if part)
