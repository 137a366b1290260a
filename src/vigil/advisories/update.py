"""Refreshing the advisory database from OSV's per-ecosystem exports when online.

Downloads ``<base>/<ecosystem>/all.zip`` (default base: OSV's public bucket
https://osv-vulnerabilities.storage.googleapis.com, or ``$VIGIL_OSV_URL`` for a mirror) with a
conditional request (``If-Modified-Since`` from the previous download), so an unchanged export
costs one 304. The changed zips are imported into a COPY of the database, which then replaces
the original with one atomic rename: a failed download, a corrupt zip or a crash leaves the old
database whole, never half-updated.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from vigil.advisories.database import AdvisoryDatabase, ImportStats, default_path
from vigil.errors import AdvisoryError

DEFAULT_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com"
#: The ecosystems vigil's dependency readers produce.
DEFAULT_ECOSYSTEMS = ("PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "Packagist")


@dataclass
class UpdateResult:
    """Which exports changed (and what importing them did) and which were unchanged."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stats: ImportStats = field(default_factory=ImportStats)


def _download(url: str, since: str | None, target: Path, timeout: float) -> str | None:
    """Fetch ``url`` into ``target``; the new Last-Modified, or None when unchanged (304)."""
    request = urllib.request.Request(url, headers={"User-Agent": "vigil"})  # noqa: S310 - checked
    if since:
        request.add_header("If-Modified-Since", since)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - checked
            with target.open("wb") as out:
                shutil.copyfileobj(response, out)
            return str(response.headers.get("Last-Modified") or "")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise AdvisoryError(f"{url}: download failed: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AdvisoryError(f"{url}: download failed: {reason}") from None


def update(
    path: Path | None = None,
    ecosystems: tuple[str, ...] | list[str] = DEFAULT_ECOSYSTEMS,
    base_url: str | None = None,
    timeout: float = 60.0,
) -> UpdateResult:
    """Download changed OSV exports and swap in an updated database atomically."""
    path = path or default_path()
    base = (base_url or os.environ.get("VIGIL_OSV_URL") or DEFAULT_BASE_URL).rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise AdvisoryError(f"{base}: the OSV export URL must be http:// or https://")
    result = UpdateResult()
    with AdvisoryDatabase.open(path) as db:
        since = {eco: db.meta(f"last_modified:{eco}") for eco in ecosystems}
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".vigil-update-") as tmp:
        zips: list[Path] = []
        meta: dict[str, str] = {}
        for eco in ecosystems:
            target = Path(tmp) / f"{len(zips)}-all.zip"
            url = f"{base}/{quote(eco)}/all.zip"
            modified = _download(url, since[eco], target, timeout)
            if modified is None:
                result.unchanged.append(eco)
                continue
            result.changed.append(eco)
            zips.append(target)
            meta[f"last_modified:{eco}"] = modified
        if not zips:
            return result
        copy = Path(tmp) / "advisories.sqlite3"
        _copy_database(path, copy)
        with AdvisoryDatabase.open(copy) as fresh:
            result.stats = fresh.import_paths(zips, meta)
        os.replace(copy, path)  # atomic on one filesystem: readers see old or new, never half
    return result


def _copy_database(source: Path, target: Path) -> None:
    # SQLite's backup API copies a consistent snapshot even while another process reads it.
    try:
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
    except sqlite3.Error as exc:
        raise AdvisoryError(f"{source}: cannot copy the advisory database: {exc}") from None
