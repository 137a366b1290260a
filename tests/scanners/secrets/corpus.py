"""The labelled secrets corpus and how a tool's detections are scored against it (shared by
the tests and ``bench/secrets.py``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parents[2] / "data" / "secrets-corpus"
FILES = CORPUS / "files"


@dataclass(frozen=True, slots=True)
class Label:
    file: str
    first: int
    last: int
    kind: str
    secret: bool


def labels() -> list[Label]:
    """Every row of ``labels.csv``."""
    with (CORPUS / "labels.csv").open(encoding="utf-8") as rows:
        return [
            Label(r["file"], int(r["first_line"]), int(r["last_line"]), r["kind"],
                  r["is_secret"] == "yes")
            for r in csv.DictReader(rows)
        ]  # fmt: skip


@dataclass(slots=True)
class Score:
    """True positives (secret labels hit), false positives (detections on no secret label),
    false negatives (secret labels missed)."""

    true_positives: int = 0
    false_positives: list[tuple[str, int]] = field(default_factory=list)
    missed: list[Label] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        total = self.true_positives + len(self.missed)
        return self.true_positives / total if total else 0.0


def score(detections: Iterable[tuple[str, int]], truth: list[Label]) -> Score:
    """Score ``(file, line)`` detections: each secret label counts once however many
    detections fall in its lines; a detection in no secret label is a false positive."""
    by_file: dict[str, list[Label]] = {}
    for label in truth:
        if label.secret:
            by_file.setdefault(label.file, []).append(label)
    hit: set[Label] = set()
    result = Score()
    for file, line in sorted(set(detections)):
        match = next((x for x in by_file.get(file, ()) if x.first <= line <= x.last), None)
        if match is None:
            result.false_positives.append((file, line))
        else:
            hit.add(match)
    result.true_positives = len(hit)
    result.missed = [x for x in truth if x.secret and x not in hit]
    return result
