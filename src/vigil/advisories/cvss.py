"""CVSS base scores computed from vectors: v3.0 and v3.1 with FIRST's formula, v4.0 through
the ``cvss`` library (Red Hat's, which implements FIRST's MacroVector tables).

Follows the CVSS v3.1 specification, section 7 (https://www.first.org/cvss/v3.1/specification-
document) including its ``Roundup`` that avoids floating-point error; v3.0 vectors use the same
formula with v3.0's plain round-up (the metric weights are identical). Only base metrics are
scored; temporal and environmental ones in a vector are accepted and ignored. CVSS v2 vectors
are not scored: callers keep the vector and fall back to the advisory's own severity label.
v4.0's score is not a formula but a lookup of 270 MacroVector scores plus an interpolation, so
it comes from a maintained implementation rather than a copy of the table. Tested with vectors
and scores from GHSA and RustSec records and FIRST's calculator (tests/advisories/test_cvss.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_WEIGHTS: dict[str, dict[str, float]] = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
# Privileges Required weighs more when the scope changes.
_PR = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}
_BASE = ("AV", "AC", "PR", "UI", "S", "C", "I", "A")


@dataclass(frozen=True)
class CvssScore:
    """A scored vector: its CVSS version, base score (0.0-10.0) and qualitative rating."""

    version: str
    vector: str
    base_score: float

    @property
    def rating(self) -> str:
        """None, Low, Medium, High or Critical (spec table 14)."""
        s = self.base_score
        if s == 0.0:
            return "None"
        if s < 4.0:
            return "Low"
        if s < 7.0:
            return "Medium"
        if s < 9.0:
            return "High"
        return "Critical"


def _roundup_31(value: float) -> float:
    """v3.1 Appendix A: round up to one decimal, exactly, via integers."""
    as_int = round(value * 100000)
    if as_int % 10000 == 0:
        return as_int / 100000.0
    return (math.floor(as_int / 10000) + 1) / 10.0


def _roundup_30(value: float) -> float:
    return math.ceil(value * 10) / 10


def parse_vector(vector: str) -> tuple[str, dict[str, str]]:
    """Split ``CVSS:3.1/AV:N/...`` into its version and metrics; ValueError when malformed."""
    parts = vector.strip().split("/")
    head = parts[0]
    if not head.startswith("CVSS:"):
        raise ValueError(f"not a CVSS v3 vector: {vector!r}")
    version = head[5:]
    metrics: dict[str, str] = {}
    for part in parts[1:]:
        name, sep, value = part.partition(":")
        if not sep or name in metrics:
            raise ValueError(f"malformed CVSS metric {part!r} in {vector!r}")
        metrics[name] = value
    return version, metrics


def score_v3(vector: str) -> CvssScore:
    """The base score of a CVSS v3.0/v3.1 vector; ValueError for anything else or a bad vector."""
    version, m = parse_vector(vector)
    if version not in ("3.0", "3.1"):
        raise ValueError(f"unsupported CVSS version {version!r}")
    missing = [name for name in _BASE if name not in m]
    if missing:
        raise ValueError(f"CVSS vector lacks {', '.join(missing)}: {vector!r}")
    try:
        scope = m["S"]
        pr = _PR[scope][m["PR"]]
        av, ac, ui = _WEIGHTS["AV"][m["AV"]], _WEIGHTS["AC"][m["AC"]], _WEIGHTS["UI"][m["UI"]]
        c, i, a = _WEIGHTS["C"][m["C"]], _WEIGHTS["I"][m["I"]], _WEIGHTS["A"][m["A"]]
    except KeyError as exc:
        raise ValueError(f"unknown CVSS metric value {exc} in {vector!r}") from None
    roundup = _roundup_31 if version == "3.1" else _roundup_30
    iss = 1 - (1 - c) * (1 - i) * (1 - a)
    # Spec 7.1: a changed scope raises the impact non-linearly.
    changed = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    impact = 6.42 * iss if scope == "U" else changed
    exploitability = 8.22 * av * ac * pr * ui
    if impact <= 0:
        base = 0.0
    elif scope == "U":
        base = roundup(min(impact + exploitability, 10))
    else:
        base = roundup(min(1.08 * (impact + exploitability), 10))
    return CvssScore(version, vector.strip(), base)


def score_v4(vector: str) -> CvssScore:
    """The base score (CVSS-B) of a CVSS v4.0 vector; ValueError for a bad vector."""
    from cvss import CVSS4
    from cvss.exceptions import CVSSError

    if not vector.strip().startswith("CVSS:4.0/"):
        raise ValueError(f"not a CVSS v4.0 vector: {vector!r}")
    try:
        scored = CVSS4(vector.strip())
    except CVSSError as exc:
        raise ValueError(f"malformed CVSS v4.0 vector {vector!r}: {exc}") from None
    return CvssScore("4.0", vector.strip(), float(scored.base_score))


def try_score(vector: str) -> CvssScore | None:
    """The v3 or v4 base score, or None for v2 or unreadable vectors (the caller keeps the
    text)."""
    try:
        return score_v4(vector) if vector.lstrip().startswith("CVSS:4") else score_v3(vector)
    except ValueError:
        return None
