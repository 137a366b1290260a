"""Bandit, the Python security linter: its JSON report (``bandit -f json``).

``results[]`` carry ``test_id`` (B101…), ``test_name``, ``issue_text``, ``issue_severity``,
``issue_confidence``, ``filename``, ``line_number``, ``line_range`` and ``code`` (the flagged
lines with context, each prefixed by its number); Bandit ≥ 1.7.3 adds ``issue_cwe`` and
``col_offset``, ≥ 1.7.5 ``end_col_offset``. Bandit writes no version, but ``more_info`` links
to versioned docs. Tested with reports of Bandit before 1.7.3 (no CWE, no columns) and of 1.8.3.

The hard-coded password tests (B105 to B107) are secret findings: the candidate password is
quoted in ``issue_text`` and ``code``, so it is hashed and redacted everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    cwe_ids,
    load_json,
    redact,
    require_list,
    require_mapping,
    secret_digest,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Confidence, Finding, Severity, Tool

#: Bandit's issue_severity values.
SEVERITY: dict[str, Severity] = {
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "UNDEFINED": Severity.INFO,
}
#: Bandit's issue_confidence values.
CONFIDENCE: dict[str, Confidence] = {
    "HIGH": Confidence.HIGH,
    "MEDIUM": Confidence.MEDIUM,
    "LOW": Confidence.LOW,
    "UNDEFINED": Confidence.UNKNOWN,
}

#: hardcoded_password_string, _funcarg and _default: "Possible hardcoded password: '<value>'".
_PASSWORD_TESTS = frozenset({"B105", "B106", "B107"})
_PASSWORD_TEXT = re.compile(r"\A(Possible hardcoded password: )'(.*)'\Z", re.DOTALL)

_TEST_ID = re.compile(rb'"test_id"\s*:\s*"B\d{3}"')
_METRICS = re.compile(rb'"(?:SEVERITY|CONFIDENCE)\.UNDEFINED"\s*:')
_CODE_LINE = re.compile(r"\A(\d+)(?:[ \t](.*))?\Z", re.DOTALL)
_VERSION = re.compile(r"bandit\.readthedocs\.io/en/(\d+\.\d+(?:\.\d+)?)/")


class BanditParser(Parser):
    """Bandit JSON: one finding per result."""

    id: ClassVar[str] = "bandit"
    label: ClassVar[str] = "Bandit"
    category: ClassVar[Category] = Category.SAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        # Bandit sorts its keys, so a long "metrics" map can push "results" past the head.
        if _TEST_ID.search(head):
            return b'"issue_severity"' in head
        return b'"generated_at"' in head and bool(_METRICS.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = require_mapping(source, load_json(source), "the Bandit report")
        if "results" not in report:
            raise ParseError(source.name, "no 'results' key: not a Bandit report")
        for index, item in enumerate(require_list(source, report["results"], "'results'")):
            result = require_mapping(source, item, "each result")
            if not text(result.get("test_id")) or not text(result.get("filename")):
                raise ParseError(source.name, f"result {index} has no 'test_id' or 'filename'")
            yield _finding(result)


def _finding(result: Mapping[str, Any]) -> Finding:
    test_id = text(result["test_id"])
    issue_text = text(result.get("issue_text")) or text(result.get("test_name")) or test_id
    secret = _password(test_id, issue_text)
    raw = dict(result)
    if secret:
        issue_text = _hide(issue_text, secret)
        raw = _redact(raw, secret)
    cwe = result.get("issue_cwe")
    cwe_link = text(cwe.get("link")) if isinstance(cwe, Mapping) else ""
    more_info = text(result.get("more_info"))
    return Finding(
        title=issue_text,
        severity=SEVERITY.get(text(result.get("issue_severity")).upper(), Severity.INFO),
        confidence=CONFIDENCE.get(text(result.get("issue_confidence")).upper(), Confidence.UNKNOWN),
        category=Category.SECRET if test_id in _PASSWORD_TESTS else Category.SAST,
        tool=Tool("bandit", _version(more_info)),
        rule_id=test_id,
        description=f"{issue_text}\n\nBandit test {test_id} ({text(result.get('test_name'))}).",
        cwes=cwe_ids(cwe.get("id") if isinstance(cwe, Mapping) else None),
        location=_location(raw),
        references=unique([more_info, cwe_link]),
        tags=unique([text(result.get("test_name"))]),
        secret_hash=secret_digest(secret) if secret else None,
        raw=raw,
    )


def _location(result: Mapping[str, Any]) -> CodeLocation:
    line = result.get("line_number")
    start = line if isinstance(line, int) and line > 0 else None
    numbers = [n for n in result.get("line_range") or [] if isinstance(n, int) and n > 0]
    first, last = (min(numbers), max(numbers)) if numbers else (start, start)
    column, end_column = result.get("col_offset"), result.get("end_col_offset")
    return CodeLocation(
        path=text(result["filename"]),
        start_line=start,
        end_line=last if last and start and last > start else start,
        # Bandit's offsets are the AST's: 0-based, the end one exclusive.
        start_column=column + 1 if isinstance(column, int) and column >= 0 else None,
        end_column=end_column + 1 if isinstance(end_column, int) and end_column >= 0 else None,
        snippet=_snippet(text(result.get("code")), first, last),
    )


def _snippet(code: str, first: int | None, last: int | None) -> str | None:
    """The flagged lines only, without Bandit's line-number prefixes or context lines."""
    if not code or first is None or last is None:
        return None
    kept = []
    for line in code.splitlines():
        match = _CODE_LINE.match(line)
        if match and first <= int(match.group(1)) <= last:
            kept.append(match.group(2) or "")
    return "\n".join(kept) if any(k.strip() for k in kept) else None


def _password(test_id: str, issue_text: str) -> str:
    if test_id not in _PASSWORD_TESTS:
        return ""
    match = _PASSWORD_TEXT.match(issue_text)
    return match.group(2) if match else ""


def _redacted(secret: str) -> str:
    """The shared short form, showing at most a quarter of the secret: Bandit flags short
    literals ('Pass', 'POST') whose first four characters would be all of them."""
    return redact(secret, keep=min(4, len(secret) // 4))


def _hide(text_: str, secret: str) -> str:
    """Replace the secret in ``text_``; a short one only where quoted, so that a password
    such as "a" does not mangle every word around it."""
    if len(secret) >= 8:
        return text_.replace(secret, _redacted(secret))
    for quote in ("'", '"'):
        text_ = text_.replace(f"{quote}{secret}{quote}", f"{quote}{_redacted(secret)}{quote}")
    return text_


def _redact(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return _hide(value, secret)
    if isinstance(value, Mapping):
        return {k: _redact(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, secret) for v in value]
    return value


def _version(more_info: str) -> str | None:
    match = _VERSION.search(more_info)
    return match.group(1) if match else None
