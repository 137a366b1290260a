"""`vigil scan` over real lockfiles with a real (test-sized) OSV database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.advisories.database import AdvisoryDatabase
from vigil.cli.main import app

DATA = Path(__file__).parent.parent / "data"
GOMOD = DATA / "lockfiles" / "gomod"
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    advisories = tmp_path / "advisories.db"
    with AdvisoryDatabase.open(advisories) as db:
        db.import_path(DATA / "advisories")
    return {
        "VIGIL_ADVISORY_DB": str(advisories),
        "VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'vigil.db'}",
        "NO_COLOR": "1",
    }


def vigil(env: dict[str, str], *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_scan_reports_the_vulnerable_module(env: dict[str, str]) -> None:
    code, out, err = vigil(env, "scan", GOMOD, "--format", "json")
    assert code == 0, err
    assert "scanned 3 dependency files (210 dependencies): 1 vulnerable packages" in err
    findings = json.loads(out)["findings"]
    assert [f["finding"]["title"] for f in findings] == [
        "golang.org/x/net v0.0.0-20210520170846-37e1c6afe023: 2 known vulnerabilities"
    ]


def test_scan_stores_and_gates(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = vigil(env, "scan", GOMOD, "--product", "shop", "--only", "sca")
    assert code == 0, err
    assert "stored vigil-sca as scan 1: 1 new, 0 still open, 0 reopened, 0 fixed" in err
    code, _, err = vigil(env, "scan", GOMOD, "--product", "shop", "--only", "sca")
    assert "stored vigil-sca as scan 2: 0 new, 1 still open, 0 reopened, 0 fixed" in err
    code, out, _ = vigil(env, "findings", "list", "--product", "shop", "--format", "json")
    assert [r["tools"] for r in json.loads(out)] == ["vigil-sca"]
    policy = tmp_path / "strict.yaml"
    policy.write_text("version: 1\nfail_on:\n  severity: medium\n  kev: false\n")
    code, out, _ = vigil(env, "scan", GOMOD, "--gate", policy)
    assert code == 1 and "gate FAILED" in out


def test_a_bad_lockfile_is_reported_and_the_rest_still_scanned(
    env: dict[str, str], tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(GOMOD, tree)
    (tree / "broken").mkdir()
    (tree / "broken" / "Cargo.lock").write_text("[[package]\nname = 'x'\n")
    code, out, err = vigil(env, "scan", tree, "--format", "json")
    assert code == 2
    assert f"vigil: error: {tree / 'broken' / 'Cargo.lock'}: " in err
    assert len(json.loads(out)["findings"]) == 1


def test_empty_advisory_database_fails_and_bad_usage_exits_2(
    env: dict[str, str], tmp_path: Path
) -> None:
    # A clean result from an empty database would be a lie: exit 2, the lockfiles still read.
    empty = env | {"VIGIL_ADVISORY_DB": str(tmp_path / "empty.db")}
    code, _, err = vigil(empty, "scan", GOMOD, "--only", "sca")
    assert code == 2 and "the advisory database is empty" in err
    assert "sca: scanned 3 dependency files (210 dependencies): 0 vulnerable packages" in err
    code, _, err = vigil(env, "scan", GOMOD, "--only", "dast")
    assert code == 2 and "unknown scanner 'dast'; known: " in err
    code, _, err = vigil(env, "scan", tmp_path / "missing")
    assert code == 2 and "no such file or folder" in err


def test_a_named_scanner_that_does_not_apply_says_what_it_needs(env: dict[str, str]) -> None:
    code, _, err = vigil(env, "scan", GOMOD, "--only", "container")
    assert code == 2
    assert "scanner 'container' does not apply here: container image (--image)" in err
