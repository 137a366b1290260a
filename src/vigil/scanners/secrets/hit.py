"""A secret found in a text, before and after it is placed on lines and columns."""

from __future__ import annotations

from dataclasses import dataclass

from vigil.model import Confidence
from vigil.scanners.secrets.rules import Rule


@dataclass(frozen=True, slots=True)
class Hit:
    """One secret found in a text; ``start``/``end`` are character offsets of the secret."""

    rule: Rule
    secret: str
    start: int
    end: int
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Located:
    """A hit with 1-based lines and columns, ready to become a finding."""

    rule: Rule
    secret: str
    line: int
    end_line: int
    column: int
    end_column: int
    confidence: Confidence
