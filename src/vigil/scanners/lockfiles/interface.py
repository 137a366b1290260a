"""The contract of a dependency-file reader: one file in, the Dependencies it names out.

A reader is one class with its metadata as class attributes, registered in ``registry.py``.
It reads only the file it is given (and, for formats that include others — ``-r`` in
requirements files — files beside it under the same root); it never runs a package manager
and never touches the network.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from vigil.model import Dependency


class DependencyReader(abc.ABC):
    """One dependency-file format.

    ``id`` is a stable slug; ``label`` is for people; ``ecosystem`` is the purl type of what it
    finds; ``patterns`` are ``fnmatch`` patterns of the file (or folder) names it reads, e.g.
    ``("poetry.lock",)`` or ``("requirements*.txt",)``.
    """

    id: ClassVar[str]
    label: ClassVar[str]
    ecosystem: ClassVar[str]
    patterns: ClassVar[tuple[str, ...]]

    @abc.abstractmethod
    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        """Yield the dependencies ``path`` names; ``Dependency.source`` is relative to ``root``.

        Raise ``vigil.errors.ScanError(str(path), "one-line problem")`` for a file that is not
        this format, is malformed, or comes from a format version this reader does not know.
        """
