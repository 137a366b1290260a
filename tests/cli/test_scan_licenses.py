"""`vigil scan` applies the license policy: from --license-policy, else the --gate file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli.main import app

DATA = Path(__file__).parent.parent / "data"
COMPOSER = DATA / "lockfiles" / "composer" / "coarnotifyphp"
runner = CliRunner()


def vigil(tmp_path: Path, *args: str | Path) -> tuple[int, str, str]:
    env = {"VIGIL_ADVISORY_DB": str(tmp_path / "empty.db"), "NO_COLOR": "1"}
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def _titles(report: str) -> list[str]:
    return sorted(f["finding"]["title"] for f in json.loads(report)["findings"])


def test_license_policy_file_denies_and_the_gate_fails(tmp_path: Path) -> None:
    policy = tmp_path / "licenses.yaml"
    policy.write_text("version: 1\nlicenses:\n  allow: [BSD-3-Clause]\n  severity: medium\n")
    code, out, err = vigil(
        tmp_path, "scan", COMPOSER, "--only", "license", "--license-policy", policy, "-f", "json"
    )
    assert code == 0, err
    titles = _titles(out)
    assert len(titles) == 26  # the MIT-licensed packages
    assert titles[0] == "brick/math 0.12.3: license MIT is not allowed by the license policy"
    assert "license: scanned 1 dependency files with licenses: 26 license findings" in err

    gate = tmp_path / "gate.yaml"
    gate.write_text("version: 1\nfail_on:\n  severity: high\nlicenses:\n  deny: [MIT]\n")
    code, out, _ = vigil(tmp_path, "scan", COMPOSER, "--only", "license", "--gate", gate)
    assert code == 1 and "gate FAILED" in out


def test_default_policy_and_bad_policy_file(tmp_path: Path) -> None:
    code, out, err = vigil(tmp_path, "scan", COMPOSER, "--only", "license", "-f", "json")
    assert (code, _titles(out)) == (0, []), err
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nlicenses:\n  deny: MIT\n")
    code, _, err = vigil(tmp_path, "scan", COMPOSER, "--license-policy", bad)
    assert code == 2 and "licenses.deny: expected a list" in err


def test_a_bad_lockfile_is_named_once_though_two_scanners_read_it(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "broken").mkdir(parents=True)
    (tree / "broken" / "Cargo.lock").write_text("[[package]\nname = 'x'\n")
    code, _, err = vigil(tmp_path, "scan", tree, "--only", "sca,license")
    assert code == 2
    assert err.count(f"vigil: error: {tree / 'broken' / 'Cargo.lock'}: ") == 1
