"""RPM package version order (Red Hat, Rocky Linux, AlmaLinux…), as rpm compares EVRs.

``[epoch:]version[-release]``: epochs compare as numbers (missing is 0), then version and
release each by ``rpmvercmp``: strings split into runs of ASCII digits and letters, every other
character only separating them; digit runs compare as numbers and are newer than letter runs;
``~`` sorts before everything, even the end (``1.0~rc1 < 1.0``), ``^`` after the end but before
any further run (``1.0 < 1.0^git1 < 1.0.1``); when all shared runs are equal, the string with
runs left over is newer. A release is compared only when both versions have one.
"""

from __future__ import annotations

import functools
import re

_VALID = re.compile(r"^(?:\d+:)?[A-Za-z0-9._+~^-]+$")


def _is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _run(text: str, start: int) -> tuple[str, int]:
    end = start
    digits = text[start].isdigit()
    while end < len(text) and _is_alnum(text[end]) and text[end].isdigit() == digits:
        end += 1
    return text[start:end], end


def _special(a: str, i: int, b: str, j: int, mark: str) -> int | None:
    """The verdict of a ``~`` or ``^`` at the current position, or None when neither has it."""
    at_a = i < len(a) and a[i] == mark
    at_b = j < len(b) and b[j] == mark
    if not (at_a or at_b):
        return None
    if mark == "~":
        return 0 if at_a and at_b else (-1 if at_a else 1)
    if i >= len(a):
        return -1
    if j >= len(b):
        return 1
    return 0 if at_a and at_b else (1 if not at_a else -1)


def rpmvercmp(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, as new as, or newer than ``b``."""
    if a == b:
        return 0
    i = j = 0
    while i < len(a) or j < len(b):
        while i < len(a) and not _is_alnum(a[i]) and a[i] not in "~^":
            i += 1
        while j < len(b) and not _is_alnum(b[j]) and b[j] not in "~^":
            j += 1
        for mark in "~^":
            verdict = _special(a, i, b, j, mark)
            if verdict is not None:
                break
        if verdict is not None:
            if verdict:
                return verdict
            i, j = i + 1, j + 1
            continue
        if i >= len(a) or j >= len(b):
            break
        numeric = a[i].isdigit()
        left, i = _run(a, i)
        if b[j].isdigit() != numeric:
            return 1 if numeric else -1  # a number is newer than letters
        right, j = _run(b, j)
        if numeric:
            left, right = left.lstrip("0"), right.lstrip("0")
            if len(left) != len(right):
                return -1 if len(left) < len(right) else 1
        if left != right:
            return -1 if left < right else 1
    if i >= len(a) and j >= len(b):
        return 0
    return -1 if i >= len(a) else 1


@functools.total_ordering
class RpmVersion:
    """An RPM ``[epoch:]version[-release]``, ordered as rpm orders it."""

    def __init__(self, evr: str) -> None:
        text = evr.strip()
        if not _VALID.match(text):
            raise ValueError(f"not an RPM version: {evr!r}")
        epoch, sep, rest = text.partition(":")
        if not sep:
            epoch, rest = "0", text
        version, dash, release = rest.rpartition("-")
        if not dash:
            version, release = rest, ""
        self.parts = (int(epoch), version, release)

    def _cmp(self, other: RpmVersion) -> int:
        if self.parts[0] != other.parts[0]:
            return -1 if self.parts[0] < other.parts[0] else 1
        verdict = rpmvercmp(self.parts[1], other.parts[1])
        if verdict or not (self.parts[2] and other.parts[2]):
            return verdict
        return rpmvercmp(self.parts[2], other.parts[2])

    def __lt__(self, other: RpmVersion) -> bool:
        return self._cmp(other) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RpmVersion) and self._cmp(other) == 0

    def __hash__(self) -> int:
        return hash(self.parts[0])
