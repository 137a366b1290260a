"""Gitleaks (https://github.com/gitleaks/gitleaks) JSON reports: hard-coded secrets in git history
or files.

Formats tested: the legacy v6/v7 report (a list of ``{line, offender, commit, rule, file, ...}``;
7.5.0 adds ``lineNumber``, ``repoURL`` and ``leakURL``), the same written with ``--redact``
(offender "REDACTED"), and the v8 report (a list of ``{Description, StartLine, EndLine,
StartColumn, EndColumn, Match, Secret, File, Commit, Author, Email, Date, Message, Tags, RuleID,
Fingerprint}``). A clean run writes ``null`` (v7) or ``[]`` (v8).

The secret never leaves this module in clear: ``secret_hash`` is its sha256, and the report's
``Secret``/``Match``/``offender``/``line`` are redacted wherever they are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import load_json, redact, redact_in, secret_digest, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Finding, Severity, Tool

#: Gitleaks has no severity levels: every leaked credential is treated as HIGH.
SEVERITY = Severity.HIGH
#: CWE-798: Use of Hard-coded Credentials.
CWE_HARD_CODED_CREDENTIALS = 798
#: What ``--redact`` writes in place of the secret.
REDACTED = "REDACTED"

_V8 = re.compile(rb'"RuleID"\s*:')
_V8_FIELDS = re.compile(rb'"(?:StartLine|Secret|Match)"\s*:')
_LEGACY = re.compile(rb'"offender"\s*:')
_LEGACY_FIELDS = re.compile(rb'"rule"\s*:')


class GitleaksParser(Parser):
    """Gitleaks legacy (v6/v7) and v8 JSON reports."""

    id: ClassVar[str] = "gitleaks"
    label: ClassVar[str] = "Gitleaks"
    category: ClassVar[Category] = Category.SECRET

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if body.rstrip() == b"null":  # gitleaks 7 writes a bare null when nothing leaked
            return True
        if not body.startswith(b"["):
            return False
        return bool(
            (_V8.search(head) and _V8_FIELDS.search(head))
            or (_LEGACY.search(head) and _LEGACY_FIELDS.search(head))
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        if data is None:
            return
        if not isinstance(data, list):
            raise ParseError(source.name, "expected a JSON list of gitleaks findings (or null)")
        for index, item in enumerate(data):
            if not isinstance(item, Mapping):
                raise ParseError(source.name, f"finding {index} is not an object")
            if "RuleID" in item:
                yield _v8_finding(item)
            elif "offender" in item and "rule" in item:
                yield _legacy_finding(item)
            else:
                raise ParseError(
                    source.name, f"finding {index} has neither RuleID (v8) nor offender/rule (v7)"
                )


def _is_real(secret: str) -> bool:
    """False when gitleaks ran with --redact: the report then holds no secret to hash."""
    return bool(secret) and secret != REDACTED


def _commit_text(commit: str, author: str, email: str, date: str, message: str) -> str:
    if not commit:
        return ""
    who = f" by {author} <{email}>" if author and email else (f" by {author}" if author else "")
    when = f" on {date}" if date and not date.startswith("0001-01-01") else ""
    subject = message.strip().splitlines()[0] if message.strip() else ""
    return f"Commit {commit}{who}{when}" + (f": {subject}" if subject else "") + "."


def _v8_finding(item: Mapping[str, Any]) -> Finding:
    secret, match = text(item.get("Secret")), str(item.get("Match") or "")
    rule = text(item.get("RuleID"))
    path = text(item.get("File"))
    what = text(item.get("Description")) or rule
    line = _positive(item.get("StartLine"))
    shown = redact(secret) if _is_real(secret) else REDACTED
    described = [
        f"Gitleaks rule {rule}"
        + (f" ({what})" if what != rule else "")
        + f" found a secret ({shown}) in {path}"
        + (f" at line {line}." if line else "."),
        _commit_text(
            text(item.get("Commit")),
            text(item.get("Author")),
            text(item.get("Email")),
            text(item.get("Date")),
            str(item.get("Message") or ""),
        ),
    ]
    if item.get("SymlinkFile"):
        described.append(f"Reached through the symlink {text(item.get('SymlinkFile'))}.")
    if item.get("Entropy"):
        described.append(f"Shannon entropy of the secret: {item['Entropy']}.")
    raw = dict(item)
    if _is_real(secret):
        raw["Secret"] = redact(secret)
        raw["Match"] = redact_in(match, [secret])
    tags = item.get("Tags")
    return Finding(
        title=f"Hard-coded secret: {what}",
        severity=SEVERITY,
        category=Category.SECRET,
        tool=Tool("gitleaks"),
        rule_id=rule,
        description="\n".join(d for d in described if d),
        cwes=(CWE_HARD_CODED_CREDENTIALS,),
        location=CodeLocation(
            path=path,
            start_line=line,
            end_line=_positive(item.get("EndLine")),
            start_column=_positive(item.get("StartColumn")),
            end_column=_positive(item.get("EndColumn")),
            snippet=raw["Match"] or None,
        ),
        references=unique([text(item.get("Link"))]),
        tags=unique([text(t) for t in tags]) if isinstance(tags, list) else (),
        secret_hash=secret_digest(secret) if _is_real(secret) else None,
        raw=raw,
    )


def _legacy_finding(item: Mapping[str, Any]) -> Finding:
    offender, line_text = str(item.get("offender") or ""), str(item.get("line") or "")
    rule = text(item.get("rule"))
    path = text(item.get("file"))
    line = _positive(item.get("lineNumber"))
    shown = redact(offender) if _is_real(offender) else REDACTED
    described = [
        f"Gitleaks rule {rule!r} found a secret ({shown}) in {path}"
        + (f" at line {line}." if line else "."),
        _commit_text(
            text(item.get("commit")),
            text(item.get("author")),
            text(item.get("email")),
            text(item.get("date")),
            str(item.get("commitMessage") or ""),
        ),
    ]
    raw = dict(item)
    if _is_real(offender):
        raw["offender"] = redact(offender)
        raw["line"] = redact_in(line_text, [offender])
    return Finding(
        title=f"Hard-coded secret: {rule}",
        severity=SEVERITY,
        category=Category.SECRET,
        tool=Tool("gitleaks"),
        rule_id=rule,
        description="\n".join(d for d in described if d),
        cwes=(CWE_HARD_CODED_CREDENTIALS,),
        location=CodeLocation(path=path, start_line=line, snippet=raw["line"].strip() or None),
        references=unique([text(item.get("leakURL"))]),
        tags=unique([t.strip() for t in text(item.get("tags")).split(",")]),
        secret_hash=secret_digest(offender) if _is_real(offender) else None,
        raw=raw,
    )


def _positive(value: object) -> int | None:
    """A 1-based line or column; gitleaks writes 0 (or nothing) when it has none."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    number = int(value) if isinstance(value, int) or value.strip().isdigit() else 0
    return number if number > 0 else None
