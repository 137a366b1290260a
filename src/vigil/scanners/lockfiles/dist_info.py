"""Installed Python distributions: the ``*.dist-info`` folders pip, uv and installer write
into ``site-packages`` (PEP 376/627; core metadata 1.0-2.4, tested on folders installed by
uv 0.13 into a CPython 3.11 venv).

The reader is handed one ``*.dist-info`` folder and reads its ``METADATA`` (an email-style
header block): ``Name``, ``Version`` and the licence (``License-Expression``, else
``License``, else an OSI ``Classifier``). An installed tree does not say which package the
user asked for (``REQUESTED`` only tells pip's own choice), so ``direct`` is None.

Distributions installed by setuptools (``setup.py install``, old pip, distro packages such as
Debian's ``python3-*``) leave ``*.egg-info`` instead: a folder holding ``PKG-INFO``, or a single
file that is the ``PKG-INFO`` itself. PKG-INFO is the same core-metadata format, so the same
reader takes it. An ``*.egg-info`` folder is also what ``pip install -e .`` leaves in a project's
own source tree, where it names the project, not a dependency: only those inside a
``site-packages`` or ``dist-packages`` folder are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._license import normalise, spdx
from vigil.scanners.lockfiles._pypi import dependency, relative
from vigil.scanners.lockfiles.interface import DependencyReader

_MAX_METADATA = 4 * 1024 * 1024
_LICENSE_CLASSIFIER = "License :: "
_INSTALL_FOLDERS = ("site-packages", "dist-packages")


class DistInfoReader(DependencyReader):
    """Reads one installed distribution's ``*.dist-info/METADATA`` or ``*.egg-info``."""

    id: ClassVar[str] = "dist-info"
    label: ClassVar[str] = "installed Python distribution"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("*.dist-info", "*.egg-info")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        if path.name.endswith(".egg-info"):
            if path.parent.name not in _INSTALL_FOLDERS:
                return  # a project's own build metadata, not an installed dependency
            metadata = path / "PKG-INFO" if path.is_dir() else path
        else:
            metadata = path / "METADATA"
        headers = _metadata(metadata)
        name, version = headers.get("Name"), headers.get("Version")
        if not name or not version:
            raise ScanError(str(metadata), "no Name or Version header")
        yield dependency(
            str(name).strip(),
            str(version).strip(),
            relative(path, root),
            license=_license(headers),
        )


def _metadata(path: Path) -> Message:
    try:
        if path.stat().st_size > _MAX_METADATA:
            raise ScanError(str(path), "larger than 4 MiB, not core metadata")
        raw = path.read_bytes()
    except OSError as exc:
        raise ScanError(str(path), f"cannot read: {exc}") from exc
    # Only the header block matters; the body is the long description.
    return BytesHeaderParser().parsebytes(raw)


def _license(headers: Message) -> str | None:
    expression = headers.get("License-Expression")
    if expression:
        return normalise(str(expression))
    candidates = []
    text = headers.get("License")
    # Old metadata often pastes the whole licence text here; only a one-liner is a name.
    if text and "\n" not in str(text).strip() and len(str(text)) <= 100:
        candidates.append(str(text).strip())
    classifiers = [str(c) for c in headers.get_all("Classifier") or []]
    candidates += [c for c in classifiers if c.startswith(_LICENSE_CLASSIFIER)]
    # "License: BSD" says less than "Classifier: ... :: BSD 3-Clause"; the first SPDX wins.
    for candidate in candidates:
        found = spdx(candidate)
        if found:
            return found
    return normalise(candidates[0]) if candidates else None
