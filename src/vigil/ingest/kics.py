"""KICS (Checkmarx Keeping Infrastructure as Code Secure): its JSON report (``--report-formats
json``, ``results.json``).

``queries[]`` each describe one query (``query_name``, ``query_id``, ``severity``,
``platform``, ``category``, ``description``, ``query_url`` and, since KICS 1.5, ``cwe`` and a
risk score) and list the places it matched in ``files[]`` (``file_name``, ``line``,
``similarity_id``, ``issue_type``, ``search_key``, ``expected_value``, ``actual_value`` and,
in newer reports, ``resource_type``/``resource_name``). Tested with an older KICS report
without ``kics_version`` or ``cwe`` (Terraform, Kubernetes, Common) and a 2.x report
(Dockerfile, with ``cwe``, ``risk_score`` and CRITICAL/TRACE counters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import cwe_ids, load_json, require_list, require_mapping, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Finding, Severity, Tool

#: KICS severities; TRACE marks purely informational queries.
SEVERITY: dict[str, Severity] = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.INFO,
    "TRACE": Severity.INFO,
}

#: The KICS query category whose matches are hard-coded credentials, not misconfigurations.
_SECRET_CATEGORY = "secret management"  # noqa: S105 - a category name, not a credential

_QUERIES = re.compile(rb'"queries"\s*:')
_KICS_KEYS = re.compile(rb'"(?:kics_version|queries_total|similarity_id|query_id)"\s*:')


class KicsParser(Parser):
    """KICS JSON: one finding per matched file location of each query."""

    id: ClassVar[str] = "kics"
    label: ClassVar[str] = "KICS"
    category: ClassVar[Category] = Category.IAC

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_QUERIES.search(head) and _KICS_KEYS.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the KICS report")
        if "queries" not in report:
            raise ParseError(source.name, "no 'queries' key: not a KICS report")
        tool = Tool("KICS", text(report.get("kics_version")) or None)
        queries = report["queries"] or []
        for entry in require_list(source, queries, "'queries'"):
            query = require_mapping(source, entry, "each query")
            for item in require_list(source, query.get("files") or [], "a query's 'files'"):
                match = require_mapping(source, item, "each matched file")
                if not text(match.get("file_name")):
                    raise ParseError(source.name, "a matched file has no 'file_name'")
                yield _finding(tool, query, match)


def _finding(tool: Tool, query: Mapping[str, Any], match: Mapping[str, Any]) -> Finding:
    name = text(query.get("query_name")) or text(query.get("query_id"))
    category = text(query.get("category"))
    expected = text(match.get("expected_value"))
    line = match.get("line")
    return Finding(
        title=name,
        severity=SEVERITY.get(text(query.get("severity")).upper(), Severity.INFO),
        category=Category.SECRET if category.lower() == _SECRET_CATEGORY else Category.IAC,
        tool=tool,
        rule_id=text(query.get("query_id")) or name,
        description=_description(query, match),
        cwes=cwe_ids(query.get("cwe")),
        location=CodeLocation(
            path=text(match["file_name"]),
            start_line=line if isinstance(line, int) and line > 0 else None,
        ),
        remediation=expected,
        references=unique([text(query.get("query_url"))]),
        tags=unique(
            [
                text(query.get("platform")),
                category,
                text(query.get("cloud_provider")),
                text(match.get("issue_type")),
            ]
        ),
        # KICS's own line-independent identity of a result (file, query, search key and
        # value), the same id its --exclude-results option takes.
        hint=text(match.get("similarity_id")) or None,
        raw={"query": {k: v for k, v in query.items() if k != "files"}, "file": dict(match)},
    )


def _description(query: Mapping[str, Any], match: Mapping[str, Any]) -> str:
    resource = " ".join(
        part
        for part in (text(match.get("resource_type")), text(match.get("resource_name")))
        if part
    )
    lines = [
        text(query.get("description")),
        f"Resource: {resource}" if resource else "",
        f"Search key: {text(match.get('search_key'))}" if text(match.get("search_key")) else "",
        f"Expected: {text(match.get('expected_value'))}"
        if text(match.get("expected_value"))
        else "",
        f"Actual: {text(match.get('actual_value'))}" if text(match.get("actual_value")) else "",
    ]
    return "\n".join(line for line in lines if line)
