"""The offline advisory database on real OSV records: import, status, indexed lookup, aliases."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.advisories._data import DATA
from vigil.advisories.database import AdvisoryDatabase, ImportStats, default_path
from vigil.errors import AdvisoryError


@pytest.fixture
def db(tmp_path: Path) -> Iterator[AdvisoryDatabase]:
    with AdvisoryDatabase.open(tmp_path / "advisories.sqlite3") as database:
        yield database


@pytest.fixture
def loaded(db: AdvisoryDatabase) -> AdvisoryDatabase:
    db.import_path(DATA)
    return db


def _ids(db: AdvisoryDatabase, ecosystem: str, name: str, version: str) -> list[str]:
    return [a.id for a in db.lookup(ecosystem, name, version)]


def test_import_folder_recursively(db: AdvisoryDatabase) -> None:
    stats = db.import_path(DATA)
    # 98 record files; redis PYSEC-2023-73 and RUSTSEC-2020-0053 are withdrawn.
    assert stats == ImportStats(files=98, stored=96, unchanged=0, withdrawn=2)
    status = db.status()
    assert status.advisories == 96
    # Ecosystems as the records spell them; GHSA-j8xg-fqg3-53r7 is a GitHub Actions record.
    assert status.ecosystems == {
        "GitHub Actions": 1,
        "Go": 6,
        "PyPI": 25,
        "crates.io": 44,
        "npm": 20,
    }
    assert status.imported_at is not None
    assert status.age_seconds is not None and 0 <= status.age_seconds < 60


def test_reimport_keeps_one_copy(loaded: AdvisoryDatabase) -> None:
    stats = loaded.import_path(DATA / "pypa" / "jinja2")
    assert stats.stored == 5  # same modified date: the copy is replaced, not duplicated
    assert loaded.status().advisories == 96


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [
        ("jinja2", "2.10", ["PYSEC-2019-217", "PYSEC-2021-66"]),
        ("Jinja2", "2.10", ["PYSEC-2019-217", "PYSEC-2021-66"]),  # PEP 503 names
        ("jinja2", "2.10.1", ["PYSEC-2021-66"]),  # the first fix
        ("jinja2", "2.11.3", []),
        ("requests", "2.19.1", ["PYSEC-2018-28", "PYSEC-2023-74"]),
        ("requests", "2.31.0", []),
        ("py", "1.11.0", ["PYSEC-2022-42969"]),  # last_affected
        ("redis", "2.10.0", []),  # withdrawn record
        ("no-such-package", "1.0", []),
    ],
)
def test_lookup_pypi(
    loaded: AdvisoryDatabase, name: str, version: str, expected: list[str]
) -> None:
    assert _ids(loaded, "PyPI", name, version) == expected


def test_aliases_merge_records_naming_each_other(loaded: AdvisoryDatabase) -> None:
    # zope 5.1: PYSEC-2021-88 and -104 share GHSA-5pr9-v234-jw36; PYSEC-2021-368 and -875
    # share GHSA-qcx9-j53g-ccgf; PYSEC-2023-193 stands alone.
    found = loaded.lookup("PyPI", "zope", "5.1")
    assert [a.id for a in found] == ["PYSEC-2021-104", "PYSEC-2021-368", "PYSEC-2023-193"]
    merged = found[0]
    assert "PYSEC-2021-88" in merged.aliases
    assert {"CVE-2021-32633", "CVE-2021-32674", "GHSA-5pr9-v234-jw36"} <= set(merged.aliases)
    assert len(merged.affected) == 2  # each record's matching zope entry
    assert found[2].cvss_score == 4.8  # CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N
    # zope 4.6.1: only PYSEC-2021-368 (4.0 to 4.6.3) and PYSEC-2023-193 (4.0 to 4.8.11).
    assert _ids(loaded, "PyPI", "zope", "4.6.1") == ["PYSEC-2021-368", "PYSEC-2023-193"]


def test_lookup_crates_merges_rustsec_duplicates(loaded: AdvisoryDatabase) -> None:
    # failure 0.1.8: RUSTSEC-2019-0036 and RUSTSEC-2020-0036 name each other's CVEs/GHSAs.
    (failure,) = loaded.lookup("crates.io", "failure", "0.1.8")
    assert failure.id == "RUSTSEC-2019-0036"
    assert "RUSTSEC-2020-0036" in failure.aliases
    assert _ids(loaded, "crates.io", "dirs", "1.0.0") == []  # withdrawn


def test_lookup_go_and_npm(loaded: AdvisoryDatabase) -> None:
    assert _ids(loaded, "Go", "golang.org/x/net", "v0.3.0") == ["GO-2022-1144", "GO-2023-1571"]
    assert _ids(loaded, "Go", "golang.org/x/net", "v0.6.0") == ["GO-2023-1571"]
    assert _ids(loaded, "Go", "golang.org/x/net", "v0.7.0") == []
    assert _ids(loaded, "Go", "stdlib", "v1.20.0") == ["GO-2023-1569", "GO-2023-1571"]
    assert _ids(loaded, "npm", "vite", "4.2.1") == [
        "GHSA-353f-5xf4-qw67",
        "GHSA-64vr-g452-qvp3",
        "GHSA-9cwx-2883-4wfx",
        "GHSA-c24v-8rfc-w8vw",
    ]
    # GHSA-rv95-896h-c2vc: introduced 5.0.0-alpha.1, fixed 5.0.0-beta.3 (npm prereleases).
    both = ["GHSA-qw6h-vgh9-j6wx", "GHSA-rv95-896h-c2vc"]
    assert _ids(loaded, "npm", "express", "5.0.0-beta.1") == both
    assert _ids(loaded, "npm", "express", "5.0.0-beta.3") == ["GHSA-qw6h-vgh9-j6wx"]
    assert _ids(loaded, "npm", "express", "5.0.0") == []


def test_lookup_is_an_indexed_query(loaded: AdvisoryDatabase) -> None:
    con = sqlite3.connect(loaded.path)
    plan = con.execute(
        "EXPLAIN QUERY PLAN SELECT a.id FROM affected f JOIN advisory a "
        "ON a.pk = f.advisory_pk WHERE f.ecosystem = ? AND f.name = ?",
        ("pypi", "jinja2"),
    ).fetchall()
    con.close()
    assert any("affected_package" in row[-1] for row in plan)


def test_import_osv_export_zip(db: AdvisoryDatabase, tmp_path: Path) -> None:
    # OSV's <ecosystem>/all.zip is a flat zip of <ID>.json records.
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((DATA / "ghsa-npm").glob("*.json")):
            zf.write(path, path.name)
    assert db.import_path(archive).stored == 21
    assert db.status().ecosystems == {"GitHub Actions": 1, "npm": 20}


def test_import_single_file_and_several_paths(db: AdvisoryDatabase) -> None:
    stats = db.import_paths(
        [DATA / "pypa" / "py" / "PYSEC-2022-42969.yaml", DATA / "golang" / "GO-2023-1571.json"]
    )
    assert (stats.files, stats.stored) == (2, 2)
    assert db.status().ecosystems == {"Go": 1, "PyPI": 1}


def _variant(tmp_path: Path, source: str, **changes: object) -> Path:
    doc = orjson.loads((DATA / source).read_bytes())
    doc.update(changes)
    out = tmp_path / "variant" / Path(source).name
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(orjson.dumps(doc))
    return out


def test_later_withdrawal_removes_and_older_copy_is_skipped(
    loaded: AdvisoryDatabase, tmp_path: Path
) -> None:
    src = "ghsa-npm/GHSA-353f-5xf4-qw67.json"
    older = _variant(tmp_path, src, modified="2020-01-01T00:00:00Z", affected=[])
    assert loaded.import_path(older).unchanged == 1
    assert "GHSA-353f-5xf4-qw67" in _ids(loaded, "npm", "vite", "4.2.1")
    gone = _variant(
        tmp_path, src, modified="2030-01-01T00:00:00Z", withdrawn="2030-01-01T00:00:00Z"
    )
    assert loaded.import_path(gone).withdrawn == 1
    assert "GHSA-353f-5xf4-qw67" not in _ids(loaded, "npm", "vite", "4.2.1")


def test_bad_record_rolls_back_the_whole_import(db: AdvisoryDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(DATA / "ghsa-npm", folder)
    good = (folder / "GHSA-353f-5xf4-qw67.json").read_bytes()
    (folder / "zzz-truncated.json").write_bytes(good[: len(good) // 2])
    with pytest.raises(AdvisoryError, match=r"zzz-truncated\.json: not valid OSV"):
        db.import_path(folder)
    assert db.status().advisories == 0
    assert db.status().imported_at is None


@pytest.mark.parametrize("name", ["missing", "broken.zip"])
def test_unreadable_inputs(db: AdvisoryDatabase, tmp_path: Path, name: str) -> None:
    if name.endswith(".zip"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(AdvisoryError, match=name):
        db.import_path(tmp_path / name)


def test_newer_database_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(AdvisoryError, match="newer than vigil knows"):
        AdvisoryDatabase.open(path)


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("VIGIL_ADVISORY_DB", str(target))
    assert default_path() == target
    with AdvisoryDatabase.open() as database:
        assert database.path == target
    assert target.exists()
    monkeypatch.delenv("VIGIL_ADVISORY_DB")
    assert default_path().name == "advisories.sqlite3"


def test_corrupt_database_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not an SQLite database, it is a leftover text file\n" * 100)
    with pytest.raises(AdvisoryError, match="cannot open the advisory database"):
        AdvisoryDatabase.open(path)
