"""The decorator for vigil's value types: immutable to the type checker, fast to build.

A frozen dataclass sets every field through ``object.__setattr__``, which makes building one
about five times slower than a plain dataclass — and imports build hundreds of thousands of
findings. These classes are plain slotted dataclasses at run time and frozen ones to mypy (PEP
681), which rejects any assignment to a field; change a value with ``dataclasses.replace``.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, eq_default=True)
def value(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a slotted, hashable dataclass that mypy treats as frozen."""
    return dataclasses.dataclass(slots=True, unsafe_hash=True)(cls)
