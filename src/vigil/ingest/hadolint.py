"""hadolint, the Dockerfile linter: its JSON output (``hadolint -f json``).

The report is a list of ``{file, line, column, code, message, level}`` records; ``code`` is a
hadolint rule (``DL3008``) or a ShellCheck rule (``SC2086``) raised on a ``RUN`` line. Tested
with real reports on one and on two Dockerfiles. hadolint writes no version into its JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import load_json, require_list, text
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Finding, Severity, Tool

#: hadolint's levels. Mirrors its own SARIF output (error → error, warning → warning), with
#: ``info`` kept above ``style`` because info rules still flag reproducibility problems.
SEVERITY: dict[str, Severity] = {
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "info": Severity.LOW,
    "style": Severity.INFO,
}

_CODE = re.compile(rb'"code"\s*:\s*"(?:DL|SC)\d{4}"')
_LEVEL = re.compile(rb'"level"\s*:\s*"(?:error|warning|info|style)"')
_RULE = re.compile(r"(DL|SC)\d+")


class HadolintParser(Parser):
    """hadolint JSON: one finding per rule violation."""

    id: ClassVar[str] = "hadolint"
    label: ClassVar[str] = "hadolint"
    category: ClassVar[Category] = Category.IAC

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.lstrip().startswith(b"[") and bool(_CODE.search(head) and _LEVEL.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        records = require_list(source, load_json(source), "the hadolint report")
        for index, record in enumerate(records):
            if not isinstance(record, Mapping) or not (record.get("code") and record.get("file")):
                raise ParseError(source.name, f"record {index} is not a hadolint result")
            yield _finding(record)


def _finding(record: Mapping[str, Any]) -> Finding:
    code = text(record["code"])
    message = text(record.get("message")) or code
    level = text(record.get("level")).lower()
    line = record.get("line")
    column = record.get("column")
    return Finding(
        title=message,
        severity=SEVERITY.get(level, Severity.INFO),
        category=Category.IAC,
        tool=Tool("hadolint"),
        rule_id=code,
        description=f"{message}\n\nRule {code} ({level or 'no level'}).",
        location=CodeLocation(
            path=text(record.get("file")),
            start_line=line if isinstance(line, int) and line > 0 else None,
            start_column=column if isinstance(column, int) and column > 0 else None,
        ),
        references=_references(code),
        tags=("shellcheck",) if code.startswith("SC") else (),
        raw=dict(record),
    )


def _references(code: str) -> tuple[str, ...]:
    """The rule's documentation page: hadolint's wiki, or ShellCheck's for SC rules."""
    if not _RULE.fullmatch(code):
        return ()
    if code.startswith("SC"):
        return (f"https://www.shellcheck.net/wiki/{code}",)
    return (f"https://github.com/hadolint/hadolint/wiki/{code}",)
