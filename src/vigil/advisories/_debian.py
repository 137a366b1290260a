"""Debian (and Ubuntu) package version order, as dpkg compares versions.

Debian Policy 5.6.12: ``[epoch:]upstream_version[-debian_revision]``; epochs compare as
numbers, then upstream and revision each by dpkg's ``verrevcmp``: alternating runs of
non-digits (letters sort before non-letters, ``~`` before everything, even the end) and digits
(as numbers). So ``1.0~rc1 < 1.0 < 1.0+b1`` and ``1:0.1 > 9.9``.
"""

from __future__ import annotations

import functools
import re

_VALID = re.compile(r"^(?:\d+:)?[0-9][A-Za-z0-9.+~:-]*$")


def _order(char: str) -> int:
    if not char or char.isdigit():
        return 0
    if char.isalpha():
        return ord(char)
    if char == "~":
        return -1
    return ord(char) + 256


def _verrevcmp(a: str, b: str) -> int:
    i = j = 0
    while i < len(a) or j < len(b):
        # Non-digit run, character by character; the end of a string orders as 0.
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i] if i < len(a) else "")
            bc = _order(b[j] if j < len(b) else "")
            if ac != bc:
                return -1 if ac < bc else 1
            i += 1
            j += 1
        # Digit run, as a number.
        si = i
        while i < len(a) and a[i].isdigit():
            i += 1
        sj = j
        while j < len(b) and b[j].isdigit():
            j += 1
        na, nb = int(a[si:i] or 0), int(b[sj:j] or 0)
        if na != nb:
            return -1 if na < nb else 1
    return 0


@functools.total_ordering
class DebianVersion:
    """A Debian package version, ordered as dpkg orders it."""

    def __init__(self, version: str) -> None:
        text = version.strip()
        if not _VALID.match(text):
            raise ValueError(f"not a Debian version: {version!r}")
        epoch, sep, rest = text.partition(":")
        if not sep:
            epoch, rest = "0", text
        upstream, dash, revision = rest.rpartition("-")
        if not dash:
            upstream, revision = rest, ""
        self.parts = (int(epoch), upstream, revision)

    def _cmp(self, other: DebianVersion) -> int:
        if self.parts[0] != other.parts[0]:
            return -1 if self.parts[0] < other.parts[0] else 1
        return _verrevcmp(self.parts[1], other.parts[1]) or _verrevcmp(
            self.parts[2], other.parts[2]
        )

    def __lt__(self, other: DebianVersion) -> bool:
        return self._cmp(other) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DebianVersion) and self._cmp(other) == 0

    def __hash__(self) -> int:
        return hash(self.parts[0])
