"""The offline OSV advisory database: one indexed SQLite file, imported from OSV data.

The file lives at ``$VIGIL_ADVISORY_DB`` or ``<user data dir>/vigil/advisories.sqlite3``. It
holds each record's document once and an index row per ``affected`` entry keyed by (ecosystem,
normalised package name), so a lookup is one indexed query plus a version check of the few
records naming that package. Withdrawn records are not stored (and a withdrawal removes an
earlier copy); of two copies of one id the later ``modified`` wins. Records that name each other
through ``aliases`` (PYSEC-… ⇄ GHSA-… ⇄ CVE-…) come back from ``lookup`` merged into one
advisory. Imports take a folder (searched recursively for .json/.yaml/.yml), single files, or an
OSV export zip (``PyPI/all.zip``), all inside ONE transaction: a bad record leaves the database
as it was.
"""

from __future__ import annotations

import os
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import orjson
import platformdirs

from vigil.advisories._merge import merge_groups
from vigil.advisories.osv import Advisory, load_document, normalise_name, parse_record
from vigil.advisories.versions import is_affected
from vigil.errors import AdvisoryError

#: The environment variable naming the database file.
ENV_VAR = "VIGIL_ADVISORY_DB"
_SCHEMA_VERSION = 1
#: One OSV record is a few KB; a much larger file or zip member is not a record.
MAX_RECORD_BYTES = 16 * 1024 * 1024
_SUFFIXES = (".json", ".yaml", ".yml")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS advisory (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    modified TEXT NOT NULL,
    document BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS affected (
    advisory_pk INTEGER NOT NULL REFERENCES advisory(pk) ON DELETE CASCADE,
    ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS affected_package ON affected (ecosystem, name);
CREATE INDEX IF NOT EXISTS affected_advisory ON affected (advisory_pk);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class ImportStats:
    """What one import did: records stored, skipped as older, withdrawn, and files read."""

    files: int = 0
    stored: int = 0
    unchanged: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class DatabaseStatus:
    """The database's content: advisories per ecosystem, total, and when it was last imported."""

    path: Path
    advisories: int
    ecosystems: dict[str, int] = field(default_factory=dict)
    imported_at: datetime | None = None

    @property
    def age_seconds(self) -> float | None:
        """Seconds since the last import; None if nothing was ever imported."""
        if self.imported_at is None:
            return None
        return (datetime.now(UTC) - self.imported_at).total_seconds()


def default_path() -> Path:
    """``$VIGIL_ADVISORY_DB``, else the SQLite file in the user data dir."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return platformdirs.user_data_path("vigil") / "advisories.sqlite3"


def _ecosystem_key(ecosystem: str) -> str:
    return ecosystem.strip().lower()


class AdvisoryDatabase:
    """An open advisory database. Use ``AdvisoryDatabase.open(path)``; close it (or ``with``)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        # Parsed records by primary key: a scan looks up thousands of packages, and records
        # such as Go's stdlib ones would otherwise be decoded again for every lookup.
        #: Records parsed by earlier lookups, each with the (ecosystem, name) match key of
        #: every ``affected`` entry: a scan looks the same records up again and again.
        self._parsed: dict[int, tuple[Advisory, tuple[tuple[str, str], ...]]] = {}

    @classmethod
    def open(cls, path: Path | None = None) -> AdvisoryDatabase:
        """Open (creating if needed) the database at ``path`` or ``default_path()``."""
        path = path or default_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA foreign_keys = ON")
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version > _SCHEMA_VERSION:
                db.close()
                raise AdvisoryError(
                    f"{path}: advisory database format {version} is newer than vigil knows"
                )
            if version < _SCHEMA_VERSION:
                # Only a new file is written on open, so opening to read changes nothing.
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as exc:
            raise AdvisoryError(f"{path}: cannot open the advisory database: {exc}") from None
        return cls(path, db)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> AdvisoryDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def import_paths(self, paths: list[Path], meta: dict[str, str] | None = None) -> ImportStats:
        """Import folders, record files and OSV zips in one transaction; all or nothing.

        ``meta`` entries (an updater's validators) are written in the same transaction.
        """
        stats = ImportStats()
        self._parsed.clear()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for path in paths:
                for source, doc in _documents(path):
                    stats.files += 1
                    self._store(source, doc, stats)
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('imported_at', ?)",
                (datetime.now(UTC).isoformat(),),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (meta or {}).items()
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return stats

    def meta(self, key: str) -> str | None:
        """One value an import recorded (e.g. an updater's ``Last-Modified``), or None."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def import_path(self, path: Path) -> ImportStats:
        """Import one folder, record file or OSV zip (see ``import_paths``)."""
        return self.import_paths([path])

    def _store(self, source: str, doc: object, stats: ImportStats) -> None:
        advisory = parse_record(doc, source)
        row = self._db.execute(
            "SELECT pk, modified FROM advisory WHERE id = ?", (advisory.id,)
        ).fetchone()
        if row is not None and row[1] > advisory.modified:
            stats.unchanged += 1  # an older copy of a record we already hold
            return
        if row is not None:
            self._db.execute("DELETE FROM advisory WHERE pk = ?", (row[0],))
        if advisory.withdrawn:
            stats.withdrawn += 1
            return
        try:
            document = orjson.dumps(doc)
        except TypeError as exc:
            raise AdvisoryError(f"{source}: cannot store record: {exc}") from None
        cursor = self._db.execute(
            "INSERT INTO advisory (id, modified, document) VALUES (?, ?, ?)",
            (advisory.id, advisory.modified, document),
        )
        # Matching ignores case in the ecosystem; status shows it as the record spells it.
        keys = {
            (_ecosystem_key(a.ecosystem), normalise_name(a.ecosystem, a.name), a.ecosystem)
            for a in advisory.affected
            if a.ecosystem and a.name
        }
        self._db.executemany(
            "INSERT INTO affected (advisory_pk, ecosystem, name, label) VALUES (?, ?, ?, ?)",
            [(cursor.lastrowid, *key) for key in sorted(keys)],
        )
        stats.stored += 1

    def lookup(self, ecosystem: str, name: str, version: str) -> list[Advisory]:
        """Advisories affecting ``name`` at ``version`` in ``ecosystem`` (an OSV name: PyPI,
        npm, Go, crates.io, Maven, …), aliases merged, ordered by id."""
        eco = _ecosystem_key(ecosystem)
        norm = normalise_name(ecosystem, name)
        rows = self._db.execute(
            "SELECT a.pk, a.id, a.document FROM affected f JOIN advisory a "
            "ON a.pk = f.advisory_pk WHERE f.ecosystem = ? AND f.name = ?",
            (eco, norm),
        ).fetchall()
        matches = []
        for pk, ident, document in rows:
            parsed = self._parsed.get(pk)
            if parsed is None:
                advisory = parse_record(orjson.loads(document), f"{self.path}#{ident}")
                keys = tuple(
                    (_ecosystem_key(a.ecosystem), normalise_name(a.ecosystem, a.name))
                    for a in advisory.affected
                )
                parsed = self._parsed[pk] = (advisory, keys)
            advisory, keys = parsed
            hits = tuple(
                a
                for a, key in zip(advisory.affected, keys, strict=True)
                if key == (eco, norm) and is_affected(version, a.ecosystem, a.ranges, a.versions)
            )
            if hits:
                matches.append((advisory, hits))
        return merge_groups(matches)

    def status(self) -> DatabaseStatus:
        """Ecosystems with advisory counts, the total, and the last import time."""
        ecosystems = dict(
            self._db.execute(
                "SELECT label, COUNT(DISTINCT advisory_pk) FROM affected "
                "GROUP BY label ORDER BY label"
            ).fetchall()
        )
        (total,) = self._db.execute("SELECT COUNT(*) FROM advisory").fetchone()
        row = self._db.execute("SELECT value FROM meta WHERE key = 'imported_at'").fetchone()
        imported = datetime.fromisoformat(row[0]) if row else None
        return DatabaseStatus(self.path, total, ecosystems, imported)


def _documents(path: Path) -> Iterator[tuple[str, object]]:
    """Every OSV document under ``path``: a folder (recursively), a zip, or one file."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.suffix.lower() in _SUFFIXES and child.is_file():
                yield str(child), load_document(_read(child), str(child))
    elif path.suffix.lower() == ".zip":
        yield from _zip_documents(path)
    elif path.is_file():
        yield str(path), load_document(_read(path), str(path))
    else:
        raise AdvisoryError(f"{path}: no such file or folder")


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise AdvisoryError(f"{path}: too large for an OSV record")
        return path.read_bytes()
    except OSError as exc:
        raise AdvisoryError(f"{path}: cannot read: {exc.strerror}") from None


def _zip_documents(path: Path) -> Iterator[tuple[str, object]]:
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                if info.is_dir() or not name.lower().endswith(_SUFFIXES):
                    continue
                if info.file_size > MAX_RECORD_BYTES:
                    raise AdvisoryError(f"{path}!{name}: too large for an OSV record")
                yield f"{path}!{name}", load_document(archive.read(info), name)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise AdvisoryError(f"{path}: not a readable zip: {exc}") from None
