"""The vigil command end to end on real sample reports: import, list, show, triage, gate,
report, and bad input (one line naming the file, exit 2, store untouched)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vigil.cli.main import app

TRIVY = SAMPLES / "trivy" / "scheme_2_many_vulns.json"
GRYPE = SAMPLES / "anchore_grype" / "check_all_fields.json"
BANDIT = SAMPLES / "bandit" / "one_vuln.json"
GITLEAKS = SAMPLES / "gitleaks" / "gitleaks8_many.json"
runner = CliRunner()


@pytest.fixture
def env(store_url: str) -> dict[str, str]:
    return {
        "VIGIL_DATABASE_URL": store_url,
        "VIGIL_PRODUCT": "shop",
        "VIGIL_BRANCH": "main",
        "NO_COLOR": "1",
    }


def vigil(env: dict[str, str], *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def listing(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    code, out, _ = vigil(env, "findings", "list", "--format", "json", *args)
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_import_prints_summary_and_reimport_changes_nothing(env: dict[str, str]) -> None:
    code, _, err = vigil(env, "import", TRIVY, BANDIT)
    assert code == 0
    assert "imported 6 reported findings as 6 distinct findings" in err
    # Trivy: critical, high and 3 medium; Bandit: one low
    assert err.splitlines()[2].split() == ["new", "1", "1", "3", "1", "0", "6"]
    first = listing(env)
    code, _, err = vigil(env, "import", TRIVY, BANDIT)
    assert err.splitlines()[2].split() == ["new", "0", "0", "0", "0", "0", "0"]
    assert err.splitlines()[3].split() == ["still", "open", "1", "1", "3", "1", "0", "6"]
    again = listing(env)
    assert [(r["id"], r["status"], r["fingerprint"]) for r in again] == [
        (r["id"], r["status"], r["fingerprint"]) for r in first
    ]


def test_fixed_and_reopened_through_the_cli(env: dict[str, str]) -> None:
    vigil(env, "import", TRIVY, BANDIT)
    code, _, err = vigil(env, "import", TRIVY)
    assert code == 0
    # the Bandit scope got no report this time, so nothing of Bandit's is fixed
    assert err.splitlines()[5].split()[-1] == "0"
    empty = SAMPLES / "trivy" / "scheme_2_no_vuln.json"
    code, _, err = vigil(env, "import", empty)
    assert err.splitlines()[5].split() == ["fixed", "1", "1", "3", "0", "0", "5"]
    assert {r["status"] for r in listing(env, "--tool", "trivy")} == {"fixed"}
    vigil(env, "import", TRIVY)
    assert {r["status"] for r in listing(env, "--tool", "trivy")} == {"reopened"}
    finding_id = listing(env, "--tool", "trivy")[0]["id"]
    code, out, _ = vigil(env, "findings", "show", str(finding_id))
    assert code == 0
    assert [line.split()[1] for line in out.split("History:")[1].strip().splitlines()] == [
        "created",
        "fixed",
        "reopened",
    ]


def test_filters(env: dict[str, str]) -> None:
    vigil(env, "import", TRIVY, BANDIT, GITLEAKS)
    assert {r["category"] for r in listing(env, "--category", "secret")} == {"secret"}
    assert {r["severity"] for r in listing(env, "--severity", "high+")} <= {"high", "critical"}
    assert {r["tools"] for r in listing(env, "--tool", "bandit")} == {"bandit"}
    assert listing(env, "--status", "false-positive") == []
    code, _, err = vigil(env, "findings", "list", "--status", "bogus")
    assert code == 2 and "unknown value" in err


def test_triage_survives_import_and_shows_in_history(env: dict[str, str]) -> None:
    vigil(env, "import", BANDIT)
    finding_id = str(listing(env)[0]["id"])
    code, _, err = vigil(env, "triage", finding_id, "--status", "accepted", "--reason", "legacy")
    assert code == 2 and "--until" in err
    for wrong in ("bogus", "fixed", "suppressed"):
        code, _, err = vigil(env, "triage", finding_id, "--status", wrong, "--reason", "x")
        assert code == 2
        assert f"must be one of confirmed, false-positive, accepted, not '{wrong}'" in err
    code, _, err = vigil(
        env,
        "triage",
        finding_id,
        "--status",
        "false-positive",
        "--reason",
        "test code only",
        "--actor",
        "alice",
    )
    assert code == 0 and "new -> false-positive" in err
    vigil(env, "import", BANDIT)
    assert listing(env)[0]["status"] == "false-positive"
    _, out, _ = vigil(env, "findings", "show", finding_id, "--format", "json")
    history = json.loads(out)["history"]
    assert history[-1]["actor"] == "alice" and history[-1]["reason"] == "test code only"


def test_gate_from_files_and_from_store(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = vigil(env, "gate", GITLEAKS)
    assert code == 1
    assert "[secret]" in out and "gate FAILED" in out
    policy = tmp_path / "lenient.yaml"
    policy.write_text("version: 1\nfail_on:\n  severity: critical\n  secrets: off\n  kev: off\n")
    code, out, _ = vigil(env, "gate", "--policy", policy, GITLEAKS)
    assert code == 0, out
    vigil(env, "import", BANDIT)
    code, out, _ = vigil(env, "gate", "--policy", policy)
    assert code == 0 and "gate PASSED" in out
    code, _, err = vigil(env, "gate", "--policy", tmp_path / "missing.yaml", GITLEAKS)
    assert code == 2 and "missing.yaml" in err


def test_reports_render_from_store_and_files(env: dict[str, str], tmp_path: Path) -> None:
    vigil(env, "import", TRIVY, BANDIT)
    for fmt in ("json", "sarif", "junit", "html", "markdown", "csv", "gitlab"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = vigil(env, "report", "--format", fmt, "--output", target)
        assert code == 0, err
        assert target.stat().st_size > 200
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert sum(len(run["results"]) for run in sarif["runs"]) == 6
    code, out, _ = vigil(env, "report", "--format", "json", TRIVY)
    assert code == 0 and len(json.loads(out)["findings"]) == 5
    code, _, err = vigil(env, "report", "--format", "pdf")
    assert code == 2 and "pdf" in err


HOSTILE = {
    "empty.json": b"",
    "truncated.json": TRIVY.read_bytes()[:700],
    "binary.bin": bytes(range(256)) * 4,
    "unknown.json": b'{"hello": "world"}',
    "nested.json": b"[" * 100_000 + b"]" * 100_000,
    "laughs.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><OWASPZAPReport>&lol2;</OWASPZAPReport>',
    "xxe.xml": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<issues><issue><name>&x;</name></issue></issues>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bad_input_is_one_line_exit_2_and_store_untouched(
    env: dict[str, str], tmp_path: Path, name: str
) -> None:
    vigil(env, "import", BANDIT)
    before = listing(env)
    bad = tmp_path / name
    bad.write_bytes(HOSTILE[name])
    code, _, err = vigil(env, "import", TRIVY, bad)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"vigil: error: {bad}: ")
    assert listing(env) == before
    code, _, err = vigil(env, "gate", bad)
    assert code == 2 and str(bad) in err


def test_huge_report_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A 1 GB file: refused by size in well under a second, with bounded memory."""
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(1024**3)
    code = (
        "import resource, sys\n"
        "from vigil.cli.main import run\n"
        "try:\n    run()\n"
        "except SystemExit as exit:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "    print(f'{exit.code} {peak}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "gate", str(huge)],
        capture_output=True,
        text=True,
        env=os.environ | {"VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        check=False,
    )
    exit_code, peak_mb = map(int, result.stdout.split())
    assert exit_code == 2
    assert "over the 268,435,456-byte limit" in result.stderr
    assert peak_mb < 300


def test_baseline_makes_only_later_findings_fail(env: dict[str, str], tmp_path: Path) -> None:
    policy = tmp_path / "new-only.toml"
    policy.write_text('version = 1\n[fail_on]\nseverity = "high"\nsecrets = "new"\nkev = "off"\n')
    code, _, _ = vigil(env, "gate", "--policy", policy, GITLEAKS)
    assert code == 1
    baseline = tmp_path / "baseline.json"
    code, _, err = vigil(env, "gate", "--write-baseline", baseline, GITLEAKS)
    assert code == 0 and "wrote a baseline of 3 findings" in err
    code, out, _ = vigil(env, "gate", "--policy", policy, "--baseline", baseline, GITLEAKS)
    assert code == 0, out
    code, out, _ = vigil(env, "gate", "--policy", policy, "--baseline", baseline, GITLEAKS, TRIVY)
    failing = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert code == 1
    assert len(failing) == 2 and all(" CVE-" in line for line in failing)
