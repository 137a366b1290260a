"""Real OSV records copied into tests/data/advisories (see its SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

from vigil.advisories.osv import Advisory, Affected, parse_bytes

DATA = Path(__file__).parents[1] / "data" / "advisories"


def record(relative: str) -> Advisory:
    """Parse one record file under tests/data/advisories."""
    path = DATA / relative
    return parse_bytes(path.read_bytes(), str(path))


def entry(relative: str, name: str, index: int = 0) -> Affected:
    """The ``index``-th affected entry of ``relative`` naming package ``name``."""
    return [a for a in record(relative).affected if a.name == name][index]
