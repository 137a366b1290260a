"""Checkov as an extra engine: its output read through the Checkov import parser, and, where
checkov is installed, a real run over the failing examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import _service_missing
from vigil.errors import UsageError
from vigil.scanners.iac.checkov import CheckovScanner, arguments, installed, read_report
from vigil.scanners.interface import ScanRequest

DATA = Path(__file__).parents[2] / "data"
SAMPLES = DATA / "samples" / "checkov"


def test_paths_lose_checkovs_leading_slash() -> None:
    data = (SAMPLES / "checkov-report-multiple-check_type.json").read_bytes()
    findings, errors = read_report(data)
    assert errors == []
    assert {f.location.path for f in findings if f.location} == {
        p.lstrip("/") for p in _file_paths(data)
    }
    assert all(not f.location.path.startswith("/") for f in findings if f.location)


def _file_paths(data: bytes) -> set[str]:
    import orjson

    report = orjson.loads(data)
    reports = report if isinstance(report, list) else [report]
    return {c["file_path"] for r in reports for c in r["results"]["failed_checks"]}


def test_empty_and_clean_output() -> None:
    assert read_report(b"") == ([], [])
    assert read_report((SAMPLES / "checkov-report-0-vuln.json").read_bytes()) == ([], [])


def test_parsing_errors_and_garbage_become_scan_errors() -> None:
    report = (
        b'{"check_type": "terraform", "results": {"failed_checks": [], '
        b'"parsing_errors": ["/bad.tf"]}, "summary": {"checkov_version": "3.2.0"}}'
    )
    findings, errors = read_report(report)
    assert findings == [] and [(e.source, e.problem) for e in errors] == [
        ("bad.tf", "Checkov could not parse it")
    ]
    findings, errors = read_report(b"not json")
    assert findings == [] and errors[0].source == "checkov"


@pytest.fixture
def checkov() -> None:
    """Skips without Checkov, except in CI (VIGIL_REQUIRE_SERVICES=1), which installs it."""
    if not installed():
        _service_missing("checkov is not installed (pip install checkov)")


def test_runs_by_default_only_when_installed(tmp_path: Path) -> None:
    assert CheckovScanner().applies(ScanRequest(root=tmp_path)) is installed()
    if not installed():
        with pytest.raises(UsageError, match="pip install checkov"):
            CheckovScanner().scan(ScanRequest(root=tmp_path))


@pytest.mark.usefixtures("checkov")
def test_real_checkov_run(tmp_path: Path) -> None:
    shutil.copy(DATA / "iac" / "VIGIL-TF-007" / "fail.tf", tmp_path / "main.tf")
    outcome = CheckovScanner().scan(ScanRequest(root=tmp_path))
    assert outcome.errors == []
    assert "CKV_AWS_17" in {f.rule_id for f in outcome.findings}  # RDS publicly accessible
    assert {f.location.path for f in outcome.findings if f.location} == {"main.tf"}


def test_command_line(tmp_path: Path) -> None:
    request = ScanRequest(root=tmp_path, exclude=("infra/*", "*.json"), skip_vendored=True)
    assert arguments(request, tmp_path) == [
        "-d", ".", "-o", "json", "--quiet", "--compact", "--skip-download",
        "--skip-framework", "secrets",
        "--skip-path", r"(?:^|/)(?s:infra/.*)\Z",
        "--skip-path", r"(?:^|/)(?s:.*\.json)\Z",
        "--skip-path",
        r"(?:^|/)(?:bower_components|third\-party|third_party|vendor|vendored)(?:/|\Z)",
    ]  # fmt: skip
    single = tmp_path / "main.tf"
    single.write_text("")
    assert arguments(ScanRequest(root=single), single)[:2] == ["-f", "main.tf"]


@pytest.mark.usefixtures("checkov")
def test_real_checkov_run_honours_excludes(tmp_path: Path) -> None:
    shutil.copytree(DATA / "iac" / "layout", tmp_path / "repo")
    request = ScanRequest(root=tmp_path / "repo", exclude=("infra/*", "cfn"))
    outcome = CheckovScanner().scan(request)
    assert outcome.errors == []
    assert {f.location.path for f in outcome.findings if f.location} == {
        ".github/workflows/pr.yml",
        "deploy/k8s/all.yaml",
    }


def test_code_named_like_a_dockerfile_is_left_out(tmp_path: Path) -> None:
    # Checkov takes any name containing "dockerfile" for one; vigil's naming rule decides.
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "dockerfile.py").write_text('"""FROM python"""\n')
    (tmp_path / "Dockerfile.prod").write_text("FROM python:3.12\n")
    args = arguments(ScanRequest(root=tmp_path), tmp_path)
    assert args[-2:] == ["--skip-path", r"(?:^|/)tools/dockerfile\.py\Z"]


@pytest.mark.usefixtures("checkov")
def test_real_checkov_run_skips_code_named_like_a_dockerfile(tmp_path: Path) -> None:
    (tmp_path / "dockerfile.py").write_text('BASE = "FROM python"\n')
    shutil.copy(DATA / "iac" / "VIGIL-DOCKER-002" / "fail.dockerfile", tmp_path / "Dockerfile")
    outcome = CheckovScanner().scan(ScanRequest(root=tmp_path))
    assert outcome.errors == []
    assert {f.location.path for f in outcome.findings if f.location} == {"Dockerfile"}
