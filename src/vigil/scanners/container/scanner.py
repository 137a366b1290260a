"""``vigil scan --image``: a container image's OS and language packages against the offline
advisory database, plus findings from its config (root user, secrets, ADD from URLs…).

The image is read once (``image.load``); the packages come from the OS package databases
(``ospackages``, ``rpmdb``), the installed Python distributions and ``node_modules`` trees (read
by the same readers as ``vigil scan PATH``, over the few files kept from the image), and the Go
executables and jars streamed past (``gobinary``, ``jars``). Matching is
``vigil.scanners.sca.vulnerable_dependencies``; its findings are relabelled as container
findings of this tool.

Caps (``Limits``) can be raised or lowered with ``VIGIL_IMAGE_MAX_BYTES`` (unpacked bytes) and
``VIGIL_IMAGE_MAX_FILES`` (members over all layers).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from vigil import __version__
from vigil.errors import ScanError, UsageError
from vigil.model import Category, Dependency, Finding, Tool
from vigil.scanners.container.layers import LANGUAGE_PATTERNS, Filesystem, Limits
from vigil.scanners.container.ospackages import (
    Distro,
    apk_packages,
    dpkg_packages,
    read_os_release,
)
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("vigil-container", __version__)


def limits_from_environment() -> Limits:
    """The default caps, overridden by ``VIGIL_IMAGE_MAX_BYTES`` / ``VIGIL_IMAGE_MAX_FILES``."""
    changes: dict[str, int] = {}
    for variable, name in (
        ("VIGIL_IMAGE_MAX_BYTES", "max_total_bytes"),
        ("VIGIL_IMAGE_MAX_FILES", "max_files"),
    ):
        raw = os.environ.get(variable)
        if raw:
            try:
                changes[name] = int(raw)
            except ValueError:
                raise UsageError(f"{variable}={raw!r} is not a whole number") from None
    return dataclasses.replace(Limits(), **changes)


@dataclasses.dataclass
class ImageInventory:
    """What an image holds: its distribution, packages, config findings and problems."""

    distro: Distro | None
    dependencies: list[Dependency]
    config_findings: list[Finding]
    errors: list[ScanError]
    warnings: list[str]
    files: int


def take_image_inventory(path: Path, limits: Limits | None = None) -> ImageInventory:
    """Read the image at ``path``: a ScanError for an unreadable image is returned in
    ``errors`` (with whatever was read before it), never raised."""
    from vigil.scanners.container.config import config_findings
    from vigil.scanners.container.gobinary import go_packages
    from vigil.scanners.container.image import load
    from vigil.scanners.container.jars import jar_packages

    fs = Filesystem(limits or Limits(), go_inspector=go_packages, jar_inspector=jar_packages)
    errors: list[ScanError] = []
    try:
        image = load(path, fs)
    except ScanError as exc:
        return ImageInventory(None, [], [], [exc], fs.warnings, fs.files)
    name = image.tags[0] if image.tags else path.name
    found = list(config_findings(image.config, name, TOOL, image.annotations))
    distro = _distro(fs)
    deps = list(_os_packages(fs, distro, errors, fs.warnings))
    deps.extend(_language_packages(fs, errors))
    deps.extend(fs.binary_packages())
    return ImageInventory(distro, deps, found, errors, fs.warnings, fs.files)


def _distro(fs: Filesystem) -> Distro | None:
    for candidate in ("etc/os-release", "usr/lib/os-release"):
        data = fs.read(candidate)
        if data is not None:
            return read_os_release(data.decode("utf-8", "replace"))
    return None


def _apk_database(fs: Filesystem) -> list[tuple[str, bytes]]:
    # A usr-merged Alpine keeps it in usr/lib, reached through its lib -> usr/lib link.
    for candidate in ("lib/apk/db/installed", "usr/lib/apk/db/installed"):
        data = fs.read(candidate)
        if data is not None:
            return [(candidate, data)]
    return []


def _os_packages(
    fs: Filesystem, distro: Distro | None, errors: list[ScanError], warnings: list[str]
) -> Iterator[Dependency]:
    from vigil.scanners.container.rpmdb import rpm_packages

    sources = [
        *(("dpkg", p, d) for p, d in fs.kept_files("var/lib/dpkg/status")),
        *(("dpkg", p, d) for p, d in fs.kept_files("var/lib/dpkg/status.d/*")),
        *(("apk", p, d) for p, d in _apk_database(fs)),
        *(("rpm", p, d) for p, d in fs.kept_files("*rpm/rpmdb.sqlite")),
    ]
    if not any(kind == "rpm" for kind, _, _ in sources):
        sources.extend(("rpm", p, d) for p, d in fs.kept_files("var/lib/rpm/Packages"))
    for kind, path, data in sources:
        if kind == "dpkg" and path.endswith((".md5sums", ".list")):
            continue
        try:
            if kind == "rpm":
                yield from list(rpm_packages(data, path, distro))
            elif kind == "dpkg":
                yield from list(dpkg_packages(data.decode("utf-8", "replace"), path, distro))
            else:
                yield from list(apk_packages(data.decode("utf-8", "replace"), path, distro))
        except ScanError as exc:
            errors.append(exc)
    ndb = "usr/lib/sysimage/rpm/Packages.db"
    if fs.read(ndb) is not None and not any(k == "rpm" for k, _, _ in sources):
        warnings.append(f"{ndb}: unsupported rpmdb format (ndb); rpm packages not read")


def _language_packages(fs: Filesystem, errors: list[ScanError]) -> list[Dependency]:
    """Installed Python and npm packages, read by the lockfile readers from the kept files
    written into a private temporary folder (only regular files, under sanitised names)."""
    from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
    from vigil.scanners.lockfiles.dist_info import DistInfoReader
    from vigil.scanners.lockfiles.node_modules import NodeModulesReader

    kept = [(p, d) for pattern in LANGUAGE_PATTERNS for p, d in fs.kept_files(pattern)]
    if not kept:
        return []
    with tempfile.TemporaryDirectory(prefix="vigil-image-", dir=_memory_backed()) as tmp:
        root = Path(tmp)
        for path, data in kept:
            target = root / path
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            except OSError as exc:  # a file where another kept path needs a folder
                errors.append(ScanError(path, f"cannot be read with the others ({exc.strerror})"))
        inventory = take_inventory(root, Discovery((DistInfoReader, NodeModulesReader)))
    for error in inventory.errors:
        source = Path(error.source)
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        errors.append(ScanError(shown, error.problem))
    return inventory.dependencies


def _memory_backed() -> str | None:
    """A RAM-backed temporary folder when the system has one: an image's thousands of small
    manifests are written and removed there in a tenth of a second, not seconds on a disk."""
    shm = Path("/dev/shm")  # noqa: S108 - only the parent of a private mkdtemp folder
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class ImageScanner:
    """``vigil scan --image IMAGE``: OS and language packages of a container image matched
    against the offline advisory database, and the image config's own problems."""

    id: ClassVar[str] = "container"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = (
        "container image (--image): OS and language packages, Go binaries, jars, config"
    )
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return request.image is not None

    def scan(self, request: ScanRequest) -> ScanOutcome:
        from vigil.advisories.database import AdvisoryDatabase
        from vigil.scanners.sca import advisory_data_problems, vulnerable_dependencies

        assert request.image is not None
        inventory = take_image_inventory(request.image, limits_from_environment())
        with AdvisoryDatabase.open(request.advisory_db) as advisories:
            data_errors, data_warnings = advisory_data_problems(advisories)
            warnings = [*data_warnings, *inventory.warnings]
            vulnerable = [
                dataclasses.replace(f, tool=TOOL, category=Category.CONTAINER)
                for f in vulnerable_dependencies(inventory.dependencies, advisories)
            ]
        distro = inventory.distro.pretty_name if inventory.distro else "unknown distribution"
        return ScanOutcome(
            findings=[*vulnerable, *inventory.config_findings],
            errors=[*inventory.errors, *data_errors],
            warnings=warnings,
            summary=f"image {request.image.name} ({distro}, {inventory.files} files, "
            f"{len(inventory.dependencies)} packages): {len(vulnerable)} vulnerable packages, "
            f"{len(inventory.config_findings)} config findings",
        )
