"""Inline suppressions any scanner can honour: a ``vigil: ignore`` comment on the flagged line,
or alone on the line above it.

    token = load()  # vigil: ignore[VIGIL-SECRET-GENERIC] read from the vault at run time
    # vigil: ignore[VIGIL-SAST-EVAL, VIGIL-SAST-EXEC] trusted plugin code
    eval(source)
    password = "x"  # vigil: ignore

The marker works after any comment syntax (``#``, ``//``, ``--``, ``/* */``, ``<!-- -->``).
Without brackets it silences every rule on that line; the text after it is the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MARKER = re.compile(r"vigil:\s*ignore(?:\[(?P<rules>[^\]]*)\])?(?P<reason>[^\n]*)", re.I)
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|--|/\*|<!--|;|\*|%|')")
_CLOSERS = re.compile(r"\s*(?:\*/|-->)\s*$")


@dataclass(frozen=True, slots=True)
class Suppression:
    """What an inline marker silences: ``rules`` (empty: every rule) and why."""

    rules: frozenset[str]
    reason: str

    def covers(self, rule_id: str) -> bool:
        """Whether this marker silences ``rule_id`` (rule ids compare case-insensitively)."""
        return not self.rules or rule_id.upper() in self.rules


def _parse(line: str) -> Suppression | None:
    if "vigil:" not in line.lower():
        return None
    match = _MARKER.search(line)
    if match is None:
        return None
    listed = match["rules"]
    rules = frozenset(r.strip().upper() for r in (listed or "").split(",") if r.strip())
    if listed is not None and not rules:
        return None  # "ignore[]" names nothing: silencing everything by accident is worse
    reason = _CLOSERS.sub("", match["reason"]).strip()
    return Suppression(rules, reason)


def suppression_at(lines: Sequence[str], line_number: int) -> Suppression | None:
    """The marker that applies to 1-based ``line_number`` of ``lines``: on the line itself,
    or on a comment-only line right above it."""
    if not 1 <= line_number <= len(lines):
        return None
    own = _parse(lines[line_number - 1])
    if own is not None:
        return own
    if line_number >= 2:
        above = lines[line_number - 2]
        if _COMMENT_ONLY.match(above):
            return _parse(above)
    return None


def is_suppressed(lines: Sequence[str], line_number: int, rule_id: str) -> bool:
    """Whether ``rule_id`` is silenced at ``line_number``."""
    found = suppression_at(lines, line_number)
    return found is not None and found.covers(rule_id)
