"""Registries of every extension point: built-in classes plus third-party ones from entry points.

Shared by the stages (like ``errors``): a parser, renderer, channel… registry is a tuple of
built-in classes; this module adds the installed plugins and refuses duplicate ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import ClassVar, Protocol, TypeVar

from vigil.errors import UsageError


class Registered(Protocol):
    """What every registered class declares: a stable id slug."""

    id: ClassVar[str]


_R = TypeVar("_R", bound=Registered)


def with_plugins(builtin: Sequence[type[_R]], group: str, what: str) -> tuple[type[_R], ...]:
    """``builtin`` followed by the classes of the ``group`` entry points; ``what`` names the
    kind of thing in the error raised when two share an id."""
    found = list(builtin)
    found.extend(entry.load() for entry in entry_points(group=group))
    seen: set[str] = set()
    for item in found:
        if item.id in seen:
            raise UsageError(f"two {what} share the id {item.id!r}")
        seen.add(item.id)
    return tuple(found)


def find(registered: Sequence[type[_R]], wanted: str, what: str) -> type[_R]:
    """The class whose id is ``wanted``; a UsageError listing the known ids otherwise."""
    for item in registered:
        if item.id == wanted:
            return item
    known = ", ".join(sorted(item.id for item in registered))
    raise UsageError(f"unknown {what} {wanted!r}; known: {known}")
