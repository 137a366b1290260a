"""Through ``vigil scan``: no output format, no message and no store ever holds a secret in
clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.scanners.secrets.fakes import Fakes
from vigil.cli.main import app

FAKE = Fakes(seed=21)
SECRETS = {
    "GITHUB": FAKE.checksummed("ghp_"),
    "PASSWORD": FAKE.password(),
    "AWS": FAKE.aws_secret(),
    "SILENCED": "sk_live_" + FAKE.alnum(24),
}
FORMATS = ["json", "sarif", "junit", "html", "markdown", "csv", "gitlab"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "settings.py").write_text(
        f'GITHUB_TOKEN = "{SECRETS["GITHUB"]}"\n'
        f'DB_PASSWORD = "{SECRETS["PASSWORD"]}"\n'
        f'AWS_ACCESS_KEY_ID = "{FAKE.aws_id()}"\n'
        f'AWS_SECRET_ACCESS_KEY = "{SECRETS["AWS"]}"\n'
        f'STRIPE = "{SECRETS["SILENCED"]}"'
        "  # vigil: ignore[VIGIL-SECRET-STRIPE-SECRET-KEY] revoked\n"
    )
    return root


def _leaks(text: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if secret in text or secret[4:-4] in text]


@pytest.mark.parametrize("output_format", [None, *FORMATS])
def test_no_report_or_message_shows_a_secret(tree: Path, output_format: str | None) -> None:
    args = ["scan", str(tree), "--only", "secrets"]
    if output_format:
        args += ["--format", output_format]
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "scanned 1 files: 3 secrets" in result.stderr
    assert _leaks(result.stdout) == [] and _leaks(result.stderr) == []


def test_json_report_lists_redacted_findings_and_the_silenced_one(tree: Path) -> None:
    result = CliRunner().invoke(app, ["scan", str(tree), "--only", "secrets", "--format", "json"])
    found = {
        f["finding"]["rule_id"]: (f["status"], f["finding"]["location"]["snippet"])
        for f in json.loads(result.stdout)["findings"]
    }
    assert found == {
        "VIGIL-SECRET-GITHUB-PAT": ("new", 'GITHUB_TOKEN = "ghp_…"'),
        "VIGIL-SECRET-PASSWORD": ("new", f'DB_PASSWORD = "{SECRETS["PASSWORD"][:4]}…"'),
        "VIGIL-SECRET-AWS-KEY-PAIR": ("new", 'AWS_ACCESS_KEY_ID = "AKIA…"'),
        "VIGIL-SECRET-STRIPE-SECRET-KEY": (
            "suppressed",
            'STRIPE = "sk_l…"  # vigil: ignore[VIGIL-SECRET-STRIPE-SECRET-KEY] revoked',
        ),
    }


def test_the_store_never_holds_a_secret(tree: Path, tmp_path: Path) -> None:
    database = tmp_path / "vigil.db"
    env = {"VIGIL_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(
        app, ["scan", str(tree), "--only", "secrets", "--product", "p"], env=env
    )
    assert result.exit_code == 0, result.stderr
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("vigil.db*"))
    assert stored and _leaks(stored.decode("latin-1")) == []
