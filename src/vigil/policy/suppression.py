"""Suppressions: a matcher, a mandatory reason and an expiry date, written in the policy file.

A suppression names the findings it covers by any combination of fingerprint, rule id,
advisory id, path glob and component (name or purl prefix); every matcher given must match.
It applies up to and including its expiry date, and from the next day it is reported as
expired instead, so an accepted risk is looked at again rather than forgotten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from vigil.model import Finding, FindingRecord

#: The matcher keys of a suppression, in the order they are shown to people.
MATCHERS = ("fingerprint", "rule_id", "vulnerability_id", "path", "component")

#: Characters that end a purl segment, so "pkg:npm/lodash" does not match "lodash.merge".
_PURL_BOUNDARY = frozenset("@?#/")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One entry of the policy's ``suppressions`` list; ``number`` is its 1-based position."""

    reason: str
    expires: date
    number: int = 0
    fingerprint: str | None = None
    rule_id: str | None = None
    vulnerability_id: str | None = None
    path: str | None = None
    component: str | None = None
    _path_regex: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            object.__setattr__(self, "_path_regex", glob_regex(normalise_path(self.path)))

    def is_active(self, today: date) -> bool:
        """True up to and including the expiry date."""
        return today <= self.expires

    def matches(self, record: FindingRecord) -> bool:
        """True when every matcher this suppression sets accepts the record."""
        finding = record.finding
        if self.fingerprint is not None and record.fingerprint != self.fingerprint:
            return False
        if self.rule_id is not None and finding.rule_id != self.rule_id:
            return False
        if self.vulnerability_id is not None and not _has_advisory(finding, self.vulnerability_id):
            return False
        if self._path_regex is not None and not _path_matches(finding, self._path_regex):
            return False
        return self.component is None or _component_matches(finding, self.component)

    def describe(self) -> str:
        """``#2 (rule_id=B101, path=tests/**)``: how messages name this suppression."""
        parts = [f"{key}={getattr(self, key)}" for key in MATCHERS if getattr(self, key)]
        return f"#{self.number} ({', '.join(parts)})"


def _has_advisory(finding: Finding, advisory: str) -> bool:
    wanted = advisory.strip().upper()
    return any(i.strip().upper() == wanted for i in finding.vulnerability_ids)


def _path_matches(finding: Finding, regex: re.Pattern[str]) -> bool:
    paths: list[str] = []
    if finding.location is not None:
        paths.append(finding.location.path)
    if finding.component is not None:
        paths.extend(finding.component.paths)
    return any(regex.fullmatch(normalise_path(p)) for p in paths)


def _component_matches(finding: Finding, wanted: str) -> bool:
    component = finding.component
    if component is None:
        return False
    if wanted.startswith("pkg:"):
        purl = component.purl or ""
        if not purl.startswith(wanted):
            return False
        rest = purl[len(wanted) :]
        return not rest or wanted[-1] in _PURL_BOUNDARY or rest[0] in _PURL_BOUNDARY
    return component.name.strip().lower() == wanted.strip().lower()


def normalise_path(path: str) -> str:
    """Tools disagree on ``./src/a.py``, ``/src/a.py`` and ``src\\a.py``; compare one form."""
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A whole-path glob: ``*`` and ``?`` stay inside one folder, ``**`` crosses folders.

    ``src/**/*.py`` matches ``src/a.py`` and ``src/x/y/a.py``; ``*.py`` matches only files at
    the top (write ``**/*.py`` for any depth), as in .gitignore patterns that contain a slash.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out), re.DOTALL)
