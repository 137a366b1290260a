"""``vigil scan --only bandit``: Bandit, the Python security linter, as a second engine beside
vigil's own Python analysis. Bandit runs in a subprocess of the same interpreter over the
Python files of the shared tree walk (so ``--exclude``, ``--skip-tests`` and
``--skip-vendored`` apply), and its JSON report is read by the Bandit import parser.

Bandit is optional (``pip install bandit``); tested with Bandit 1.9.4.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any, ClassVar

import orjson

from vigil.errors import ParseError, ScanError, UsageError
from vigil.ingest.bandit import BanditParser
from vigil.ingest.interface import ReportSource
from vigil.model import Finding, Tool
from vigil.scanners.engines._process import (
    chunks,
    last_line,
    relative_targets,
    run_engine,
)
from vigil.scanners.files import request_files
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("bandit")
MISSING = "bandit is not installed: pip install bandit"
#: Bandit's exit codes: 0 clean, 1 issues found; anything else is a failed run.
_RAN = (0, 1)


def installed() -> bool:
    """Whether this interpreter can run ``python -m bandit``."""
    return find_spec("bandit") is not None


def python_files(request: ScanRequest) -> Iterator[Path]:
    """The ``.py`` files of the shared walk over ``request.root``."""
    return (path for path in request_files(request) if path.suffix == ".py")


class BanditScanner:
    """Bandit over every Python file; run only when ``--only`` names it."""

    id: ClassVar[str] = "bandit"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = "Python files with Bandit (optional engine: pip install bandit)"
    default: ClassVar[bool] = False

    def applies(self, request: ScanRequest) -> bool:
        return next(python_files(request), None) is not None

    def scan(self, request: ScanRequest) -> ScanOutcome:
        if not installed():
            raise UsageError(MISSING)
        targets = relative_targets(request.root, list(python_files(request)))
        command = [sys.executable, "-m", "bandit", "-f", "json", "-q", *_config(targets.cwd)]
        outcome = ScanOutcome()
        for group in chunks(targets.files):
            done = run_engine([*command, "--", *group], targets.cwd, {})
            if done.returncode not in _RAN:
                outcome.errors.append(ScanError("bandit", last_line(done.stderr)))
                continue
            findings, errors = read_report(done.stdout)
            outcome.findings.extend(findings)
            outcome.errors.extend(errors)
        outcome.summary = f"{len(targets.files)} Python files: {len(outcome.findings)} findings"
        return outcome


def _config(folder: Path) -> list[str]:
    """``-c pyproject.toml`` when the project configures Bandit there (``skips``, ``tests``):
    Bandit reads it only when told to."""
    pyproject = folder / "pyproject.toml"
    try:
        configured = "[tool.bandit" in pyproject.read_text(errors="replace")
    except OSError:
        return []
    return ["-c", "pyproject.toml"] if configured else []


def read_report(data: bytes) -> tuple[list[Finding], list[ScanError]]:
    """Findings and unreadable files of one Bandit JSON report. Bandit names the files it was
    given as ``./name``; the prefix is dropped so paths match every other scanner's."""
    try:
        report = orjson.loads(data)
        if not isinstance(report, dict):
            raise ParseError("bandit", "the report is not a JSON object")
        for entry in (*_records(report, "results"), *_records(report, "errors")):
            if isinstance(entry.get("filename"), str):
                entry["filename"] = entry["filename"].removeprefix("./")
        source = ReportSource("bandit output", orjson.dumps(report))
        findings = list(BanditParser().parse(source))
    except (orjson.JSONDecodeError, ParseError) as exc:
        return [], [ScanError("bandit", f"unreadable output: {exc}")]
    errors = [
        ScanError(str(entry.get("filename", "?")), str(entry.get("reason", "not analysed")))
        for entry in _records(report, "errors")
    ]
    return findings, errors


def _records(report: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = report.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
