"""``vigil scan --only iac``: vigil's own checks of Dockerfiles, Kubernetes manifests,
Terraform, CloudFormation and CI/CD pipelines (GitHub Actions, GitLab CI, Jenkins, CodeBuild).

One walk over the tree sorts files by name; only anonymous YAML/JSON files are opened to be
sniffed. A file that cannot be read becomes a ``ScanError`` and the scan goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from vigil import __version__
from vigil.model import Category, CodeLocation, Finding, Tool
from vigil.scanners.iac.kinds import Kind, by_name
from vigil.scanners.iac.rules import BY_ID, Hit
from vigil.scanners.interface import ScanOutcome, ScanRequest

TOOL = Tool("vigil-iac", __version__)
#: Rules whose line may hold a credential: their findings carry no snippet.
_SECRET_CWES = frozenset({798})


class IacScanner:
    """Every IaC and pipeline file under the root, against vigil's rules."""

    id: ClassVar[str] = "iac"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = (
        "Dockerfiles, Kubernetes, Terraform, CloudFormation and CI/CD pipelines"
    )
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return True

    def scan(self, request: ScanRequest) -> ScanOutcome:
        from vigil.scanners.iac.engine import Run

        run = Run(request.root, request.exclude)
        run.scan(_candidates(request))
        findings = [_finding(run.base, path, hit, line) for path, hit, line in run.hits]
        return ScanOutcome(
            findings=findings,
            errors=run.errors,
            summary=f"{run.files} configuration files: {len(findings)} findings",
        )


def _candidates(request: ScanRequest) -> Iterator[tuple[Path, Kind]]:
    from vigil.scanners.files import request_files

    for path in request_files(request):
        kind = by_name(path)
        if kind is not None:
            yield path, kind


def _finding(base: Path, path: Path, hit: Hit, line_text: str | None) -> Finding:
    rule = BY_ID[hit.rule_id]
    try:
        shown = path.relative_to(base).as_posix()
    except ValueError:
        shown = path.as_posix()
    secret = rule.cwe in _SECRET_CWES
    snippet = None if secret or not line_text else line_text.strip()[:300]
    return Finding(
        title=rule.title,
        severity=rule.severity,
        category=Category.IAC,
        tool=TOOL,
        rule_id=rule.id,
        description=f"{rule.title}: {hit.detail}" if hit.detail and not secret else rule.title,
        cwes=(rule.cwe,) if rule.cwe else (),
        location=CodeLocation(path=shown, start_line=hit.line, end_line=hit.line, snippet=snippet),
        remediation=rule.remediation,
        references=(rule.reference,),
    )
