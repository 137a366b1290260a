"""``vigil scan --only checkov``: Checkov as one more IaC engine beside vigil's own rules.

Runs ``checkov -d ROOT -o json --quiet`` (``-f`` for a single file) offline
(``--skip-download``: no platform calls) without its secrets framework (vigil's secrets
scanner covers that), and reads the report with the Checkov import parser. Tested with
Checkov 3.3.30. Checkov is optional and heavy (``pip install checkov``), so this scanner runs
by default only where ``checkov`` is on PATH.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson

from vigil.errors import ParseError, ScanError, UsageError
from vigil.ingest.checkov import CheckovParser
from vigil.ingest.interface import ReportSource
from vigil.model import Finding, Tool
from vigil.scanners.engines._process import last_line, run_engine
from vigil.scanners.files import TEST_TREES, VENDORED, source_files
from vigil.scanners.iac.kinds import Kind, by_name
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("Checkov")
MISSING = "checkov is not installed (pip install checkov)"
#: Checkov exits 0 when every check passed, 1 when one failed; anything else is a failed run.
_RAN = (0, 1)


def installed() -> bool:
    return shutil.which("checkov") is not None


class CheckovScanner:
    """Checkov over the root; runs by default only when installed."""

    id: ClassVar[str] = "checkov"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = "IaC with Checkov (optional engine, runs when on PATH)"
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return installed()

    def scan(self, request: ScanRequest) -> ScanOutcome:
        executable = shutil.which("checkov")
        if executable is None:
            raise UsageError(MISSING)
        root = request.root.resolve()
        cwd = root.parent if root.is_file() else root
        command = [executable, *arguments(request, root)]
        done = run_engine(command, cwd, {})
        if done.returncode not in _RAN:
            return ScanOutcome(
                errors=[ScanError("checkov", last_line(done.stderr))], summary="checkov failed"
            )
        findings, errors = read_report(done.stdout)
        return ScanOutcome(
            findings=findings,
            errors=errors,
            summary=f"the tree with Checkov: {len(findings)} failed checks",
        )


def arguments(request: ScanRequest, root: Path) -> list[str]:
    """Checkov's command line for ``request`` (run in ``root``, or its folder for a file).
    ``--skip-path`` takes regular expressions matched anywhere in a path: each ``--exclude``
    glob is translated, and ``--skip-tests``/``--skip-vendored`` name their folders."""
    target = ["-f", root.name] if root.is_file() else ["-d", "."]
    fixed = ["-o", "json", "--quiet", "--compact", "--skip-download"]
    skipped = [f"(?:^|/){fnmatch.translate(pattern)}" for pattern in request.exclude]
    folders = sorted(
        (VENDORED if request.skip_vendored else set())
        | (TEST_TREES if request.skip_tests else set())
    )
    if folders:
        skipped.append(f"(?:^|/)(?:{'|'.join(map(re.escape, folders))})(?:/|\\Z)")
    skipped.extend(f"(?:^|/){re.escape(name)}\\Z" for name in _misnamed(request, root))
    return [
        *target,
        *fixed,
        "--skip-framework",
        "secrets",
        *(argument for regex in skipped for argument in ("--skip-path", regex)),
    ]


def _misnamed(request: ScanRequest, root: Path) -> list[str]:
    """Files Checkov would take for Dockerfiles by a name that merely contains the word
    (``dockerfile.py``, ``test_dockerfile.go``) and vigil's naming rule does not."""
    if root.is_file():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in source_files(
            root,
            skip_vendored=request.skip_vendored,
            skip_tests=request.skip_tests,
            exclude=request.exclude,
        )
        if "dockerfile" in path.name.lower() and by_name(path) is not Kind.DOCKERFILE
    )


def read_report(data: bytes) -> tuple[list[Finding], list[ScanError]]:
    """Findings and parsing errors of Checkov's JSON output. Checkov writes paths as
    ``/dir/main.tf`` relative to the folder it scanned; the ``/`` is dropped so paths match
    vigil's own IaC findings."""
    if not data.strip():
        return [], []
    try:
        report = orjson.loads(data)
        reports = report if isinstance(report, list) else [report]
        errors = []
        for item in reports:
            for check in _failed(item):
                if isinstance(check.get("file_path"), str):
                    check["file_path"] = check["file_path"].lstrip("/")
            errors += [
                ScanError(str(e).lstrip("/"), "Checkov could not parse it")
                for e in _parsing_errors(item)
            ]
        source = ReportSource("checkov output", orjson.dumps(report))
        return list(CheckovParser().parse(source)), errors
    except (orjson.JSONDecodeError, ParseError) as exc:
        return [], [ScanError("checkov", f"unreadable output: {exc}")]


def _results(item: Any) -> dict[str, Any]:
    results = item.get("results") if isinstance(item, dict) else None
    return results if isinstance(results, dict) else {}


def _failed(item: Any) -> Iterator[dict[str, Any]]:
    checks = _results(item).get("failed_checks")
    return (c for c in (checks if isinstance(checks, list) else []) if isinstance(c, dict))


def _parsing_errors(item: Any) -> list[Any]:
    errors = _results(item).get("parsing_errors")
    return errors if isinstance(errors, list) else []
