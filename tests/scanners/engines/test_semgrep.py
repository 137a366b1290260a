"""The Semgrep engine: user rules beside vigil's pack, offline, and clear errors for rules
Semgrep refuses or a Semgrep that is not installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.errors import UsageError
from vigil.model import Finding
from vigil.scanners.engines import semgrep
from vigil.scanners.engines._process import chunks
from vigil.scanners.engines.semgrep import SemgrepScanner
from vigil.scanners.interface import ScanRequest

DATA = Path(__file__).parents[2] / "data" / "semgrep-user"
APP = DATA / "app"


def located(findings: list[Finding]) -> list[tuple[str, int | None, str]]:
    return sorted(
        (f.location.path, f.location.start_line, f.rule_id) for f in findings if f.location
    )


@pytest.mark.usefixtures("semgrep_installed")
def test_user_rules_run_beside_the_pack_over_every_language_they_name() -> None:
    outcome = SemgrepScanner().scan(ScanRequest(root=APP, semgrep_rules=(DATA / "rules",)))
    assert outcome.errors == []
    assert located(outcome.findings) == [
        ("server.js", 4, "acme.js.no-console-log"),
        ("server.js", 5, "vigil.js.weak-hash"),
        ("session.py", 5, "acme.python.no-pickle-loads"),
    ]
    assert outcome.summary == "2 files: 3 findings"


@pytest.mark.usefixtures("semgrep_installed")
def test_without_user_rules_only_javascript_files_are_handed_to_semgrep() -> None:
    outcome = SemgrepScanner().scan(ScanRequest(root=APP))
    assert located(outcome.findings) == [("server.js", 5, "vigil.js.weak-hash")]
    assert outcome.summary == "1 files: 1 findings"


@pytest.mark.usefixtures("semgrep_installed")
def test_excluded_files_are_not_scanned() -> None:
    request = ScanRequest(root=APP, semgrep_rules=(DATA / "rules",), exclude=("*.js",))
    outcome = SemgrepScanner().scan(request)
    assert located(outcome.findings) == [("session.py", 5, "acme.python.no-pickle-loads")]


@pytest.mark.usefixtures("semgrep_installed")
def test_a_rule_semgrep_refuses_and_a_missing_rule_path_are_errors_not_a_crash(
    tmp_path: Path,
) -> None:
    request = ScanRequest(
        root=APP, semgrep_rules=(DATA / "broken-rule.yaml", tmp_path / "no-such-rules")
    )
    outcome = SemgrepScanner().scan(request)
    assert outcome.findings == []
    messages = [str(e) for e in outcome.errors]
    assert messages[0] == f"{tmp_path / 'no-such-rules'}: no such Semgrep rule file or folder"
    assert len(messages) == 3
    assert messages[1] == (
        f"{DATA / 'broken-rule.yaml'}:2: Invalid rule schema: {{'id': 'acme.broken', 'message': "
        "'a rule with no pattern', 'severity': 'ERROR', 'languages': ['python']} "
        "is not valid under any of the given schemas"
    )
    assert messages[2] == "semgrep: invalid configuration file found (1 configs were invalid)"


def test_semgrep_applies_to_javascript_trees_and_to_any_tree_given_user_rules(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.py").write_text("print(1)\n")
    assert not SemgrepScanner().applies(ScanRequest(root=tmp_path))
    assert SemgrepScanner().applies(ScanRequest(root=tmp_path, semgrep_rules=(DATA / "rules",)))
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "app.min.js").write_text("x()\n")
    (tmp_path / "web" / "chart-min.js").write_text("x()\n")
    # Found scanning monicahq/monica: Yarn's checked-in 2.7 MB release timed Semgrep out.
    (tmp_path / ".yarn" / "releases").mkdir(parents=True)
    (tmp_path / ".yarn" / "releases" / "yarn-4.6.0.cjs").write_text("x()\n")
    (tmp_path / ".pnp.cjs").write_text("x()\n")
    assert not SemgrepScanner().applies(ScanRequest(root=tmp_path))
    (tmp_path / "web" / "app.ts").write_text("x()\n")
    assert SemgrepScanner().applies(ScanRequest(root=tmp_path))


def test_a_missing_semgrep_is_a_warning_or_with_user_rules_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An interpreter in a folder without semgrep, and nothing on PATH.
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert semgrep.executable() is None
    outcome = SemgrepScanner().scan(ScanRequest(root=APP))
    assert outcome.findings == [] and outcome.errors == []
    assert outcome.warnings == [
        "semgrep is not installed: pip install semgrep "
        "(JavaScript/TypeScript files were not analysed)"
    ]
    with pytest.raises(UsageError, match=r"^semgrep is not installed: pip install semgrep$"):
        SemgrepScanner().scan(ScanRequest(root=APP, semgrep_rules=(DATA / "rules",)))


def test_file_lists_are_cut_to_fit_a_command_line() -> None:
    names = [f"src/module_{i:04}.js" for i in range(1000)]
    groups = list(chunks(names, limit=2000))
    assert [n for g in groups for n in g] == names
    assert all(sum(len(n) + 1 for n in g) <= 2000 for g in groups)
    assert len(groups) == 10


@pytest.mark.usefixtures("semgrep_installed")
def test_vigil_scan_semgrep_rules_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "VIGIL_SEMGREP_RULES": str(DATA / "rules")}
    result = CliRunner().invoke(
        app, ["scan", str(APP), "--only", "semgrep", "--format", "sarif"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "semgrep: scanned 2 files: 3 findings" in result.stderr
    for rule in ("acme.js.no-console-log", "acme.python.no-pickle-loads", "vigil.js.weak-hash"):
        assert rule in result.stdout


@pytest.mark.usefixtures("semgrep_installed")
def test_a_file_semgrep_parses_only_in_part_is_a_warning_and_the_rest_is_scanned(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.js").write_text("function f( {\n  eval(req.query.x);\n")
    (tmp_path / "hash.js").write_text(
        "const crypto = require('crypto');\nconst h = crypto.createHash('sha1');\n"
    )
    outcome = SemgrepScanner().scan(ScanRequest(root=tmp_path))
    assert located(outcome.findings) == [("hash.js", 2, "vigil.js.weak-hash")]
    assert outcome.errors == []
    assert outcome.warnings == ["broken.js: Syntax error at line broken.js:1:"]


@pytest.mark.usefixtures("semgrep_installed")
def test_a_file_name_that_looks_like_an_option_is_still_a_file(tmp_path: Path) -> None:
    (tmp_path / "--config.js").write_text(
        "const crypto = require('crypto');\ncrypto.createHash('md5');\n"
    )
    outcome = SemgrepScanner().scan(ScanRequest(root=tmp_path))
    assert located(outcome.findings) == [("--config.js", 2, "vigil.js.weak-hash")]


@pytest.mark.usefixtures("semgrep_installed")
def test_snippets_read_back_from_a_minified_line_are_cut(tmp_path: Path) -> None:
    padding = "var a = 1;" * 500
    (tmp_path / "bundle.js").write_text(
        f"const crypto = require('crypto');\n{padding} crypto.createHash('md5');\n"
    )
    (finding,) = SemgrepScanner().scan(ScanRequest(root=tmp_path)).findings
    assert finding.location is not None
    assert finding.location.snippet == padding[:1000]
