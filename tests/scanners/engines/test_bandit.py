"""Bandit as vigil's second Python engine, run for real over a small tree."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.errors import UsageError
from vigil.model import Category, Severity
from vigil.scanners.engines.bandit import BanditScanner, read_report
from vigil.scanners.interface import ScanRequest
from vigil.scanners.registry import by_id

TREE = Path(__file__).parents[2] / "data" / "bandit-engine"
PASSWORD = "vigil-bandit-test-pw-9876"

pytestmark = pytest.mark.usefixtures("bandit_installed")


def test_every_python_file_of_the_walk_is_analysed_and_unreadable_ones_are_named() -> None:
    outcome = BanditScanner().scan(ScanRequest(root=TREE))
    found = sorted(
        (f.location.path, f.location.start_line, f.rule_id)
        for f in outcome.findings
        if f.location is not None
    )
    assert found == [
        ("src/shop/admin.py", 3, "B404"),
        ("src/shop/admin.py", 7, "B105"),
        ("src/shop/admin.py", 11, "B602"),
        ("src/shop/admin.py", 15, "B506"),
        ("src/shop/admin.py", 19, "B603"),
        ("src/shop/admin.py", 19, "B607"),
        ("tests/test_admin.py", 2, "B101"),
    ]
    assert [str(e) for e in outcome.errors] == [
        "src/shop/broken.py: syntax error while parsing AST from file"
    ]
    assert outcome.summary == "3 Python files: 7 findings"


def test_findings_carry_bandits_levels_and_the_password_is_never_in_clear() -> None:
    outcome = BanditScanner().scan(ScanRequest(root=TREE, skip_tests=True))
    by_rule = {f.rule_id: f for f in outcome.findings}
    assert set(by_rule) == {"B404", "B105", "B602", "B506", "B603", "B607"}
    shell = by_rule["B602"]
    assert (shell.severity, shell.category, shell.cwes) == (Severity.HIGH, Category.SAST, (78,))
    assert shell.tool.name == "bandit" and shell.tool.version
    assert shell.location is not None
    assert shell.location.snippet == (
        '    return subprocess.call("pg_dump -t " + table + " shop > backup.sql", shell=True)'
    )
    password = by_rule["B105"]
    assert password.category is Category.SECRET and password.secret_hash
    assert PASSWORD not in repr(password)


def test_excludes_and_a_single_file_root(tmp_path: Path) -> None:
    excluded = BanditScanner().scan(ScanRequest(root=TREE, exclude=("src/shop/*",)))
    assert [(f.location.path if f.location else "", f.rule_id) for f in excluded.findings] == [
        ("tests/test_admin.py", "B101")
    ]
    assert excluded.errors == []
    single = BanditScanner().scan(ScanRequest(root=TREE / "tests" / "test_admin.py"))
    assert [(f.location.path if f.location else "", f.rule_id) for f in single.findings] == [
        ("test_admin.py", "B101")
    ]
    empty = tmp_path / "js-only"
    empty.mkdir()
    (empty / "index.js").write_text("console.log(1)\n")
    assert not BanditScanner().applies(ScanRequest(root=empty))


def test_output_that_is_not_a_bandit_report_is_one_clear_error() -> None:
    findings, errors = read_report(b"<html>proxy error</html>")
    assert findings == []
    assert [str(e).split(":", 2)[:2] for e in errors] == [["bandit", " unreadable output"]]


def test_vigil_scan_only_bandit_stores_nothing_and_exits_2_for_the_unreadable_file(
    tmp_path: Path,
) -> None:
    assert by_id("bandit") is BanditScanner
    tree = tmp_path / "tree"
    shutil.copytree(TREE, tree)
    result = CliRunner().invoke(app, ["scan", str(tree), "--only", "bandit", "--format", "json"])
    assert result.exit_code == 2, result.output
    assert "src/shop/broken.py: syntax error while parsing AST from file" in result.stderr
    assert "bandit: scanned 3 Python files: 7 findings" in result.stderr
    assert PASSWORD not in result.output


def test_without_bandit_the_scan_stops_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules is how Python marks a module as not importable.
    monkeypatch.setitem(sys.modules, "bandit", None)
    with pytest.raises(UsageError, match=r"^bandit is not installed: pip install bandit$"):
        BanditScanner().scan(ScanRequest(root=TREE))
    result = CliRunner().invoke(app, ["scan", str(TREE), "--only", "bandit"])
    assert result.exit_code == 2
    assert "bandit is not installed: pip install bandit" in result.stderr


def test_a_file_name_that_looks_like_an_option_is_still_a_file(tmp_path: Path) -> None:
    (tmp_path / "-r.py").write_text("import pickle\n")
    outcome = BanditScanner().scan(ScanRequest(root=tmp_path))
    assert [(f.location.path if f.location else "", f.rule_id) for f in outcome.findings] == [
        ("-r.py", "B403")
    ]


def test_the_projects_bandit_settings_in_pyproject_apply(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('import subprocess\nsubprocess.call("ls", shell=True)\n')
    before = BanditScanner().scan(ScanRequest(root=tmp_path))
    assert sorted(f.rule_id for f in before.findings) == ["B404", "B602", "B607"]
    (tmp_path / "pyproject.toml").write_text('[tool.bandit]\nskips = ["B404", "B607"]\n')
    after = BanditScanner().scan(ScanRequest(root=tmp_path))
    assert [f.rule_id for f in after.findings] == ["B602"]
