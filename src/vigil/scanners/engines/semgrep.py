"""``vigil scan``'s Semgrep engine: vigil's own JavaScript/TypeScript rule pack (package data
under ``rules/javascript``) and the user's rule files or folders (``--semgrep-rules``), run by
a locally installed Semgrep over the files of the shared tree walk. The JSON report is read
by the Semgrep import parser.

Semgrep runs offline: rules come only from local files (never the registry), metrics and the
version check are off, and a throwaway home folder hides any login. Tested with Semgrep 1.185.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson

from vigil.errors import ParseError, ScanError, UsageError
from vigil.ingest.interface import ReportSource
from vigil.ingest.semgrep import LOGIN_PLACEHOLDER, SemgrepParser
from vigil.model import Finding, Tool
from vigil.scanners.engines._process import (
    Targets,
    chunks,
    last_line,
    relative_targets,
    run_engine,
)
from vigil.scanners.files import request_files
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("semgrep")
#: vigil's own rules for JavaScript and TypeScript.
JAVASCRIPT_RULES = Path(__file__).parent / "rules" / "javascript"
#: Files vigil's JavaScript/TypeScript pack reads; Semgrep picks its own for user rules.
JAVASCRIPT_SUFFIXES = frozenset({".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"})
MINIFIED = (".min.js", "-min.js")
#: Yarn Berry's own folder (its checked-in release, plugins, SDKs) and Plug'n'Play loaders:
#: megabytes of generated JavaScript that is the package manager, not the project.
_YARN_GENERATED = (".pnp.cjs", ".pnp.js", ".pnp.loader.mjs")
MISSING = "semgrep is not installed: pip install semgrep"
#: Semgrep exits 0 after a scan (1 with findings under --error); 2 and up are failures.
_RAN = (0, 1)
#: Snippets read back from the files: a minified line can be a megabyte long.
_SNIPPET_LINES = 20
_SNIPPET_LINE_CHARS = 1000
_OFFLINE = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def executable() -> str | None:
    """The ``semgrep`` installed beside this interpreter (a virtualenv need not be
    activated), else the one on ``PATH``."""
    beside = Path(sys.executable).parent / "semgrep"
    return str(beside) if beside.is_file() else shutil.which("semgrep")


def javascript_files(request: ScanRequest) -> Iterator[Path]:
    """The JavaScript and TypeScript files of the shared walk. Minified bundles (``x.min.js``,
    ``x-min.js``) and Yarn's generated files (``.yarn/releases/yarn-4.6.0.cjs``, ``.pnp.cjs``)
    are left out: they are not the project's source, and slow Semgrep down to timeouts."""
    for path in request_files(request):
        if path.suffix not in JAVASCRIPT_SUFFIXES or path.name.endswith(MINIFIED):
            continue
        if path.name in _YARN_GENERATED or ".yarn" in path.parts[len(request.root.parts) :]:
            continue
        yield path


class SemgrepScanner:
    """Semgrep with vigil's JavaScript/TypeScript pack plus the user's rules."""

    id: ClassVar[str] = "semgrep"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = (
        "JavaScript/TypeScript with vigil's Semgrep rules, plus --semgrep-rules "
        "(optional engine: pip install semgrep)"
    )
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return bool(request.semgrep_rules) or next(javascript_files(request), None) is not None

    def scan(self, request: ScanRequest) -> ScanOutcome:
        program = executable()
        if program is None:
            if request.semgrep_rules:
                raise UsageError(MISSING)
            return ScanOutcome(
                warnings=[f"{MISSING} (JavaScript/TypeScript files were not analysed)"],
                summary="nothing: semgrep is not installed",
            )
        outcome = ScanOutcome()
        configs = [JAVASCRIPT_RULES]
        for rules in request.semgrep_rules:
            if rules.exists():
                configs.append(rules.resolve())
            else:
                outcome.errors.append(ScanError(str(rules), "no such Semgrep rule file or folder"))
        files = list(request_files(request) if len(configs) > 1 else javascript_files(request))
        targets = relative_targets(request.root, files)
        for group in chunks(targets.files):
            if not _run(program, configs, targets, group, outcome):
                break  # the rules are refused: every further run would fail alike
        outcome.summary = f"{len(files)} files: {len(outcome.findings)} findings"
        return outcome


def _run(
    program: str, configs: list[Path], targets: Targets, group: list[str], outcome: ScanOutcome
) -> bool:
    """Semgrep over one group of files; False when it could not scan at all."""
    command = [program, "scan", "--json", "--metrics=off", "--disable-version-check"]
    command += ["--no-rewrite-rule-ids", "--quiet"]
    for config in configs:
        command += ["--config", str(config)]
    done = run_engine([*command, "--", *group], targets.cwd, _OFFLINE)
    try:
        report = orjson.loads(done.stdout)
    except orjson.JSONDecodeError:
        report = None
    if not isinstance(report, dict):
        outcome.errors.append(ScanError("semgrep", last_line(done.stderr)))
        return False
    if done.returncode not in _RAN and not report.get("results"):
        # Most often a rule Semgrep refuses: it then scans nothing.
        errors = [_error(e) for e in _dicts(report.get("errors"))]
        outcome.errors.extend(errors or [ScanError("semgrep", last_line(done.stderr))])
        return False
    findings, errors = read_report(report, targets.cwd)
    outcome.findings.extend(findings)
    # Warnings (a file parsed only in part, a rule that timed out on a file) leave the rest
    # of the file analysed; errors mean a file was not analysed at all.
    levels = [str(e.get("level", "error")) for e in _dicts(report.get("errors"))]
    for level, error in zip(levels, errors, strict=True):
        if level == "warn":
            outcome.warnings.append(str(error))
        else:
            outcome.errors.append(error)
    return True


def read_report(report: dict[str, Any], cwd: Path) -> tuple[list[Finding], list[ScanError]]:
    """Findings and unanalysed inputs of one Semgrep JSON report. Logged-out Semgrep hides the
    matched lines; they are read back from the files before parsing, so findings get their
    snippet (and the parser can redact a matched secret in it)."""
    results = report.get("results")
    if isinstance(results, list):
        _restore_lines(results, cwd)
    try:
        findings = list(SemgrepParser().parse(ReportSource("semgrep output", orjson.dumps(report))))
    except (ParseError, ValueError) as exc:
        return [], [ScanError("semgrep", f"unreadable output: {exc}")]
    return findings, [_error(e) for e in _dicts(report.get("errors"))]


def _restore_lines(results: Iterable[Any], cwd: Path) -> None:
    files: dict[str, list[str]] = {}
    for result in _dicts(results):
        extra, start, end = result.get("extra"), result.get("start"), result.get("end")
        path = result.get("path")
        if not (isinstance(extra, dict) and isinstance(path, str)):
            continue
        if extra.get("lines") not in (None, LOGIN_PLACEHOLDER):
            continue
        if path not in files:
            try:
                files[path] = (cwd / path).read_text(errors="replace").splitlines()
            except OSError:
                files[path] = []
        first, last = _line(start), _line(end)
        if files[path] and first and last:
            lines = files[path][first - 1 : min(last, first + _SNIPPET_LINES - 1)]
            extra["lines"] = "\n".join(line[:_SNIPPET_LINE_CHARS] for line in lines)


def _line(position: Any) -> int | None:
    line = position.get("line") if isinstance(position, dict) else None
    return line if isinstance(line, int) and line > 0 else None


def _error(entry: dict[str, Any]) -> ScanError:
    """One of Semgrep's errors, named after the file (target or rule file) it is about."""
    parts = [entry.get("message"), entry.get("short_msg"), entry.get("long_msg")]
    text = ": ".join(str(p).strip().splitlines()[0] for p in parts if p and str(p).strip())
    where = entry.get("path")
    spans = _dicts(entry.get("spans"))
    if not where and spans:
        line = _line(spans[0].get("start"))
        where = f"{spans[0].get('file')}:{line}" if line else spans[0].get("file")
    return ScanError(str(where or "semgrep"), text or str(entry.get("type") or "not analysed"))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
