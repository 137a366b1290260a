"""``vigil scan --only sast``: vigil's own taint-tracking SAST engine for Python."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from vigil import __version__
from vigil.model import Finding, Tool
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("vigil-sast", __version__)


def tree_files(request: ScanRequest) -> tuple[list[Path], list[Path]]:
    """The ``.py`` files and the template files under the request's root, in one walk with
    the skip rules every scanner shares."""
    from vigil.scanners.files import source_files
    from vigil.scanners.sast.templates import TEMPLATE_SUFFIXES

    python: list[Path] = []
    templates: list[Path] = []
    for path in source_files(
        request.root,
        skip_vendored=request.skip_vendored,
        skip_tests=request.skip_tests,
        exclude=request.exclude,
    ):
        if path.suffix == ".py":
            python.append(path)
        elif path.suffix.lower() in TEMPLATE_SUFFIXES:
            templates.append(path)
    return python, templates


class PythonSastScanner:
    """Taint tracking from web request data, the environment, files and sockets to SQL,
    shell, eval, deserialisation, file, URL, redirect, HTML, XML, LDAP and XPath sinks, plus
    weak crypto, weak randomness and insecure cookies. See docs/scanning/sast.md."""

    id: ClassVar[str] = "sast"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = "Python source: taint-tracking SAST (injection, XSS, XXE, crypto)"
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return True

    def scan(self, request: ScanRequest) -> ScanOutcome:
        from vigil.scanners.sast.engine import MAX_FILE_BYTES, analyse
        from vigil.scanners.sast.findings import to_finding

        root = request.root if request.root.is_dir() else request.root.parent
        files, templates = tree_files(request)
        analysis = analyse(files, root, templates)
        # Looked up once per finding: a dict, not a scan of every module each time.
        by_path = {module.path: module for module in analysis.modules.values()}
        findings: list[Finding] = [to_finding(raw, by_path) for raw in analysis.findings]
        skipped = analysis.too_large
        return ScanOutcome(
            findings=findings,
            errors=analysis.errors,
            warnings=[
                f"{len(skipped)} files over {MAX_FILE_BYTES:,} bytes left out as generated "
                f"code: {', '.join(skipped[:5])}{' …' if len(skipped) > 5 else ''}"
            ]
            if skipped
            else [],
            summary=f"{len(files)} Python files ({analysis.lines} lines): {len(findings)} findings",
        )
