"""Maven version order: a port of the algorithm of Maven's ``ComparableVersion`` (3.x).

Why a port: Maven's order depends on the separators (``1.0-1`` is below ``1.0.1`` because ``-``
opens a nested list), on trailing "null" items (``1.0.0 == 1 == 1-ga``) and on qualifier
aliases that only hold before a digit (``1.0b1`` is a beta, ``1.0b`` an unknown qualifier),
which a flat token comparison gets wrong. Qualifiers rank alpha < beta < milestone < rc (= cr)
< snapshot < release (= "" = ga = final) < sp < anything else (by text).
"""

from __future__ import annotations

import functools

_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_RELEASE = _QUALIFIERS.index("")

# An item is an int, a str (qualifier) or a list of items.
_Item = int | str | list["_Item"]


def _qualifier_key(word: str) -> str:
    word = _ALIASES.get(word, word)
    if word in _QUALIFIERS:
        return str(_QUALIFIERS.index(word))
    return f"{len(_QUALIFIERS)}-{word}"  # unknown qualifiers sort after the known ones


def _word(text: str, followed_by_digit: bool) -> str:
    if followed_by_digit and len(text) == 1:
        text = {"a": "alpha", "b": "beta", "m": "milestone"}.get(text, text)
    return _ALIASES.get(text, text)


def _is_null(item: _Item) -> bool:
    if isinstance(item, list):
        return not item
    return item in (0, "")


def _normalise(items: list[_Item]) -> None:
    # Trailing null items carry no order: 1.0.0 == 1, 1-ga == 1.
    for i in range(len(items) - 1, -1, -1):
        if _is_null(items[i]):
            del items[i]
        elif not isinstance(items[i], list):
            break


def parse(version: str) -> list[_Item]:
    """Split a version into Maven's nested item lists."""
    text = version.strip().lower()
    if not text or not text[0].isalnum():
        raise ValueError(f"not a Maven version: {version!r}")
    root: list[_Item] = []
    current, stack = root, [root]
    start, is_digit = 0, False

    def item(chunk: str, followed_by_digit: bool = False) -> _Item:
        return int(chunk) if chunk.isdigit() else _word(chunk, followed_by_digit)

    def nest() -> None:
        nonlocal current
        sub: list[_Item] = []
        current.append(sub)
        current = sub
        stack.append(sub)

    for i, char in enumerate(text):
        if char in ".-":
            current.append(item(text[start:i]) if i > start else 0)
            start = i + 1
            if char == "-":
                nest()
        elif char.isdigit():
            if not is_digit and i > start:
                current.append(item(text[start:i], followed_by_digit=True))
                start = i
                nest()
            is_digit = True
        else:
            if is_digit and i > start:
                current.append(item(text[start:i]))
                start = i
                nest()
            is_digit = False
    if len(text) > start:
        current.append(item(text[start:]))
    for items in reversed(stack):
        _normalise(items)
    return root


def _compare(a: _Item | None, b: _Item | None) -> int:
    if a is None:
        return -_compare(b, None) if b is not None else 0
    if isinstance(a, int):
        if b is None:
            return int(a != 0)
        if isinstance(b, int):
            return (a > b) - (a < b)
        return 1  # a number outranks a qualifier and a nested list
    if isinstance(a, str):
        if b is None:
            ka, kb = _qualifier_key(a), str(_RELEASE)
        elif isinstance(b, str):
            ka, kb = _qualifier_key(a), _qualifier_key(b)
        else:
            return -1
        return (ka > kb) - (ka < kb)
    if b is None:
        return _compare(a[0], None) if a else 0
    if isinstance(b, int):
        return -1
    if isinstance(b, str):
        return 1
    for i in range(max(len(a), len(b))):
        c = _compare(a[i] if i < len(a) else None, b[i] if i < len(b) else None)
        if c:
            return c
    return 0


@functools.total_ordering
class MavenVersion:
    """A Maven version, ordered as Maven orders it."""

    def __init__(self, version: str) -> None:
        self.items = parse(version)

    def __lt__(self, other: MavenVersion) -> bool:
        return _compare(self.items, other.items) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MavenVersion) and _compare(self.items, other.items) == 0

    def __hash__(self) -> int:
        return hash(repr(self.items))
