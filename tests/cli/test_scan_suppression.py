"""Every kind of suppression applies to ``vigil scan`` (issue 4, item 7): an inline marker, a
baseline file and a triage in the store; the gate and the reports say what was suppressed and
why. Driven through the real CLI with the real secrets scanner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.scanners.secrets.fakes import Fakes
from vigil.cli.main import app

FAKE = Fakes(seed=33)
runner = CliRunner()


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    """The default policy, spelt out: secrets fail whatever their age."""
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\nfail_on:\n  secrets: true\n")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "deploy.py").write_text(
        f'TOKEN = "{FAKE.checksummed("ghp_")}"\n'
        f'STRIPE = "sk_live_{FAKE.alnum(24)}"'
        "  # vigil: ignore[VIGIL-SECRET-STRIPE-SECRET-KEY] test-mode key, revoked 2026-11\n"
    )
    return root


def scan(tree: Path, *args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(
        app, ["scan", str(tree), "--only", "secrets", *map(str, args)], env=env or {}
    )
    return result.exit_code, result.stdout + result.stderr


def test_gate_names_the_inline_suppression_and_its_reason(tree: Path, policy: Path) -> None:
    code, out = scan(tree, "--gate", policy)
    assert code == 1
    assert "[secret] a secret is exposed here" in out
    suppressed = [line for line in out.splitlines() if line.startswith("suppressed")]
    assert len(suppressed) == 1
    assert "deploy.py:2" in suppressed[0]
    assert suppressed[0].endswith(
        "in the source [VIGIL-SECRET-STRIPE-SECRET-KEY]: test-mode key, revoked 2026-11"
    )
    assert "1 failing" in out and "1 triaged" in out


def test_sarif_marks_the_inline_suppression_in_source(tree: Path) -> None:
    code, out = scan(tree, "--format", "sarif")
    assert code == 0
    results = json.loads(out[: out.rindex("}") + 1])["runs"][0]["results"]
    by_rule = {r["ruleId"]: r.get("suppressions") for r in results}
    assert by_rule == {
        "VIGIL-SECRET-GITHUB-PAT": None,
        "VIGIL-SECRET-STRIPE-SECRET-KEY": [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": "test-mode key, revoked 2026-11",
            }
        ],
    }


def test_a_baseline_makes_known_findings_pass_a_new_only_gate(tree: Path, tmp_path: Path) -> None:
    report = tmp_path / "before.json"
    assert scan(tree, "--format", "json", "--output", report)[0] == 0
    policy = tmp_path / "new-only.yaml"
    policy.write_text("version: 1\nnew_only: true\nfail_on:\n  secrets: new\n")
    code, out = scan(tree, "--gate", policy, "--baseline", report)
    assert code == 0, out
    assert "gate PASSED: 0 failing" in out


def test_a_false_positive_triaged_in_the_store_stays_out_of_the_gate(
    tree: Path, tmp_path: Path, policy: Path
) -> None:
    env = {"VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'vigil.db'}"}
    code, out = scan(tree, "--product", "shop", "--gate", policy, env=env)
    assert code == 1
    listed = runner.invoke(
        app, ["findings", "list", "--product", "shop", "--format", "json"], env=env
    )
    (stored,) = json.loads(listed.stdout)
    triage = runner.invoke(
        app,
        ["triage", str(stored["id"]), "--status", "false-positive", "--reason", "a fixture"],
        env=env,
    )
    assert triage.exit_code == 0, triage.stderr
    code, out = scan(tree, "--product", "shop", "--gate", policy, env=env)
    assert code == 0, out
    assert "gate PASSED: 0 failing" in out and "2 triaged" in out


def test_markers_silence_findings_of_every_scanner(tmp_path: Path) -> None:
    # The SAST engine does not read markers itself: the scan applies them to every scanner.
    root = tmp_path / "app"
    root.mkdir()
    (root / "views.py").write_text(
        "from flask import Flask, request\n"
        "app = Flask(__name__)\n"
        "\n"
        '@app.route("/calc")\n'
        "def calc():\n"
        "    # vigil: ignore[VIGIL-PY-CODE] sandboxed by the caller, see ADR-7\n"
        '    return str(eval(request.args["expr"]))\n'
        "\n"
        '@app.route("/run")\n'
        "def run():\n"
        '    return str(eval(request.args["code"]))  # vigil: ignore[VIGIL-PY-SQLI] wrong rule\n'
    )
    result = runner.invoke(app, ["scan", str(root), "--only", "sast", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "sast: scanned" in result.stderr and "1 suppressed in the source" in result.stderr
    found = sorted(
        (
            f["finding"]["location"]["start_line"],
            f["finding"]["rule_id"],
            f["status"],
            f["triage_reason"],
        )
        for f in json.loads(result.stdout)["findings"]
    )
    assert found == [
        (7, "VIGIL-PY-CODE", "suppressed", "sandboxed by the caller, see ADR-7"),
        (7, "VIGIL-PY-XSS", "new", None),  # the marker names only the code injection
        (11, "VIGIL-PY-CODE", "new", None),
        (11, "VIGIL-PY-XSS", "new", None),
    ]
