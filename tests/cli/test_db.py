"""``vigil db import`` and ``vigil db status`` on real OSV records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.advisories.test_update import server
from vigil.cli.main import app

__all__ = ["server"]  # the local OSV mirror fixture, shared with the update tests

DATA = Path(__file__).parents[1] / "data" / "advisories"
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"VIGIL_ADVISORY_DB": str(tmp_path / "advisories.sqlite3")}


def test_import_then_status(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "import", str(DATA / "pypa"), str(DATA / "golang")], env=env)
    assert result.exit_code == 0, result.stderr
    assert "read 32 records: 31 stored, 0 older copies skipped, 1 withdrawn" in result.stderr
    assert env["VIGIL_ADVISORY_DB"] in result.stderr

    result = runner.invoke(app, ["db", "status", "--format", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["advisories"] == 31
    assert doc["ecosystems"] == {"Go": 6, "PyPI": 25}
    assert doc["path"] == env["VIGIL_ADVISORY_DB"]
    assert 0 <= doc["age_seconds"] < 60

    result = runner.invoke(app, ["db", "status"], env=env)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "advisories: 31"
    assert "min ago" in lines[2]
    assert [line.split() for line in lines[3:]] == [["Go", "6"], ["PyPI", "25"]]


def test_database_option_beats_nothing_and_status_of_empty_db(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    result = runner.invoke(app, ["db", "status", "--database", str(path)], env={})
    assert result.exit_code == 0
    assert "advisories: 0" in result.stdout
    assert "imported:   never" in result.stdout


def test_bad_input_is_one_line_exit_2_and_database_untouched(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert runner.invoke(app, ["db", "import", str(DATA / "golang")], env=env).exit_code == 0
    broken = tmp_path / "GO-broken.json"
    broken.write_bytes((DATA / "golang" / "GO-2023-1571.json").read_bytes()[:300])
    result = runner.invoke(app, ["db", "import", str(DATA / "pypa"), str(broken)], env=env)
    assert result.exit_code == 2
    assert result.stderr.startswith("vigil: error: ")
    assert "GO-broken.json: not valid OSV JSON/YAML" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    status = runner.invoke(app, ["db", "status", "-f", "json"], env=env)
    assert json.loads(status.stdout)["ecosystems"] == {"Go": 6}


def test_unknown_status_format(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "status", "--format", "xml"], env=env)
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr


def test_update_from_a_local_mirror(env: dict[str, str], server: tuple[str, Path]) -> None:
    url, _ = server
    args = ["db", "update", "--ecosystem", "npm", "-e", "crates.io"]
    result = runner.invoke(app, args, env={**env, "VIGIL_OSV_URL": url})
    assert result.exit_code == 0, result.stderr
    assert "2 exports changed (npm, crates.io), 0 unchanged; 65 records stored" in result.stderr
    again = runner.invoke(app, args, env={**env, "VIGIL_OSV_URL": url})
    assert "0 exports changed (none), 2 unchanged" in again.stderr
    missing = runner.invoke(app, ["db", "update", "-e", "PyPI", "--url", url], env=env)
    assert missing.exit_code == 2
    assert "HTTP 404" in missing.stderr
