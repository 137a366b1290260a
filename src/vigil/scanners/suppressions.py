"""Inline suppressions any scanner can honour: a ``vigil: ignore`` comment on the flagged line,
or alone on the line above it.

    token = load()  # vigil: ignore[VIGIL-SECRET-GENERIC] read from the vault at run time
    # vigil: ignore[VIGIL-PY-CODE, VIGIL-PY-XSS] trusted plugin code
    eval(source)
    password = "x"  # vigil: ignore

The marker works after any comment syntax (``#``, ``//``, ``--``, ``/* */``, ``<!-- -->``).
Without brackets it silences every rule on that line; the text after it is the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vigil.model import Finding
from vigil.scanners.interface import SilencedFinding

_MARKER = re.compile(r"vigil:\s*ignore(?:\[(?P<rules>[^\]]*)\])?(?P<reason>[^\n]*)", re.I)
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|--|/\*|<!--|;|\*|%|')")
_CLOSERS = re.compile(r"\s*(?:\*/|-->)\s*$")
#: Larger files are generated, not written by hand: nobody puts a marker in them.
_MAX_MARKED_FILE = 16 * 1024 * 1024


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


def silence_marked(
    findings: Sequence[Finding], root: Path
) -> tuple[list[Finding], list[SilencedFinding]]:
    """Split a scanner's findings into those that stand and those a marker in the scanned
    file silences (with the marker's reason), for every scanner alike.

    Only files inside ``root`` are read, each once; a finding without a line, or whose file
    is not there (an image path, a lockfile package), stands.
    """
    base = (root if root.is_dir() else root.parent).resolve()
    lines_of: dict[str, list[str] | None] = {}
    kept: list[Finding] = []
    silenced: list[SilencedFinding] = []
    for finding in findings:
        location = finding.location
        if location is None or not location.start_line:
            kept.append(finding)
            continue
        if location.path not in lines_of:
            lines_of[location.path] = _lines(base, location.path)
        lines = lines_of[location.path]
        marker = suppression_at(lines, location.start_line) if lines else None
        if marker is not None and marker.covers(finding.rule_id):
            silenced.append(SilencedFinding(finding, marker.reason or "vigil: ignore"))
        else:
            kept.append(finding)
    return kept, silenced


def _lines(base: Path, relative: str) -> list[str] | None:
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    try:
        if path.stat().st_size > _MAX_MARKED_FILE:
            return None
        return path.read_bytes().decode("utf-8", "replace").split("\n")
    except OSError:
        return None
