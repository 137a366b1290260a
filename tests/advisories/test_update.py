"""``update``: OSV exports from a local HTTP server, conditional requests, atomic swap."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.advisories._data import DATA
from vigil.advisories.database import AdvisoryDatabase
from vigil.advisories.update import update
from vigil.errors import AdvisoryError


def _zip(target: Path, folder: Path, pattern: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as zf:
        for record in sorted(folder.rglob(pattern)):
            zf.write(record, record.name)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server laid out like OSV's bucket: <ecosystem>/all.zip."""
    root = tmp_path / "bucket"
    _zip(root / "npm" / "all.zip", DATA / "ghsa-npm", "*.json")
    _zip(root / "crates.io" / "all.zip", DATA / "rustsec", "*.json")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def test_update_downloads_then_uses_conditional_requests(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = server
    db_path = tmp_path / "db" / "advisories.sqlite3"
    first = update(db_path, ["npm", "crates.io"], base_url=url)
    assert first.changed == ["npm", "crates.io"]
    assert (first.stats.stored, first.stats.withdrawn) == (65, 1)  # 21 + 45 files
    with AdvisoryDatabase.open(db_path) as db:
        assert db.status().ecosystems == {"GitHub Actions": 1, "crates.io": 44, "npm": 20}
        assert db.lookup("npm", "vite", "4.2.1")[0].id == "GHSA-353f-5xf4-qw67"
    second = update(db_path, ["npm", "crates.io"], base_url=url)
    assert (second.changed, second.unchanged) == ([], ["npm", "crates.io"])


def test_failed_download_leaves_the_database_whole(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = server
    db_path = tmp_path / "advisories.sqlite3"
    update(db_path, ["npm"], base_url=url)
    before = db_path.read_bytes()
    with pytest.raises(AdvisoryError, match="HTTP 404"):
        update(db_path, ["crates.io", "PyPI"], base_url=url)  # no PyPI export on the server
    assert db_path.read_bytes() == before
    (root / "crates.io" / "all.zip").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(AdvisoryError, match="not a readable zip"):
        update(db_path, ["crates.io"], base_url=url)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["advisories.sqlite3", "bucket"]


def test_unreachable_server_and_bad_scheme(tmp_path: Path) -> None:
    with pytest.raises(AdvisoryError, match="must be http"):
        update(tmp_path / "a.sqlite3", ["npm"], base_url="file:///etc")
    with pytest.raises(AdvisoryError, match="download failed"):
        update(tmp_path / "a.sqlite3", ["npm"], base_url="http://127.0.0.1:9", timeout=5)
