"""Raw engine findings → vigil Findings with CWE, location, confidence and trace."""

from __future__ import annotations

from collections.abc import Mapping

from vigil.model import Category, CodeLocation, Confidence, Finding, TraceStep
from vigil.scanners.sast import ir
from vigil.scanners.sast.project import RawFinding
from vigil.scanners.sast.rules import RULES
from vigil.scanners.sast.scanner import TOOL

_CONFIDENCE = {1: Confidence.LOW, 2: Confidence.MEDIUM, 3: Confidence.HIGH}
_SNIPPET_CHARS = 300


def to_finding(raw: RawFinding, by_path: Mapping[str, ir.Module]) -> Finding:
    """``by_path``: the analysed modules by display path, as ``RawFinding.path`` names them."""
    rule = RULES[raw.rule]
    module = by_path.get(raw.path)
    snippet = None
    if module is not None and 0 < raw.line <= len(module.lines):
        snippet = module.lines[raw.line - 1].strip()[:_SNIPPET_CHARS]
    origin = f" from {raw.source}" if raw.source else ""
    trace = tuple(TraceStep(s.path, s.line, s.note) for s in raw.trace)
    return Finding(
        title=f"{rule.title}{origin}",
        severity=rule.severity,
        category=Category.SAST,
        tool=TOOL,
        rule_id=rule.id,
        description=_describe(raw, rule.title),
        confidence=_CONFIDENCE.get(raw.confidence, Confidence.UNKNOWN),
        cwes=rule.cwes,
        location=CodeLocation(raw.path, raw.line, raw.line, snippet=snippet),
        remediation=rule.remediation,
        trace=trace,
    )


def _describe(raw: RawFinding, title: str) -> str:
    if len(raw.trace) <= 1:
        return f"{title}: {raw.trace[0].note}." if raw.trace else f"{title}."
    path = " → ".join(f"line {s.line}: {s.note}" for s in raw.trace)
    return f"{title}: {raw.source} reaches a sink ({path})."
