"""Installed Python distributions: the ``*.dist-info`` folders pip, uv and installer write
into ``site-packages`` (PEP 376/627; core metadata 1.0-2.4, tested on folders installed by
uv 0.13 into a CPython 3.11 venv).

The reader is handed one ``*.dist-info`` folder and reads its ``METADATA`` (an email-style
header block): ``Name``, ``Version`` and the licence (``License-Expression``, else
``License``, else an OSI ``Classifier``). An installed tree does not say which package the
user asked for (``REQUESTED`` only tells pip's own choice), so ``direct`` is None.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._pypi import dependency, relative
from vigil.scanners.lockfiles.interface import DependencyReader

_MAX_METADATA = 4 * 1024 * 1024
_LICENSE_CLASSIFIER = "License :: OSI Approved :: "


class DistInfoReader(DependencyReader):
    """Reads one installed distribution's ``*.dist-info/METADATA``."""

    id: ClassVar[str] = "dist-info"
    label: ClassVar[str] = "installed Python distribution"
    ecosystem: ClassVar[str] = "pypi"
    patterns: ClassVar[tuple[str, ...]] = ("*.dist-info",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        headers = _metadata(path / "METADATA")
        name, version = headers.get("Name"), headers.get("Version")
        if not name or not version:
            raise ScanError(str(path / "METADATA"), "no Name or Version header")
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
        return str(expression).strip()
    text = headers.get("License")
    # Old metadata often pastes the whole licence text here; only a one-liner is a name.
    if text and "\n" not in str(text).strip() and len(str(text)) <= 100:
        return str(text).strip()
    for classifier in headers.get_all("Classifier") or []:
        if str(classifier).startswith(_LICENSE_CLASSIFIER):
            return str(classifier).removeprefix(_LICENSE_CLASSIFIER).strip()
    return None
