"""A located secret as a ``Finding``: redacted snippet, sha256 identity, never the secret.

``secret_hash`` is the sha256 of the secret's UTF-8 bytes, the convention every secret parser
in ``vigil.ingest`` follows (gitleaks, ggshield), so triage's secret recipe (tool + rule + file
+ hash) is stable across runs, line moves and history/tree rescans.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from vigil import __version__
from vigil.ingest._common import secret_digest
from vigil.model import Category, CodeLocation, Confidence, Finding, Tool
from vigil.scanners.files import TEST_TREES
from vigil.scanners.secrets.history import Commit
from vigil.scanners.secrets.hit import Located

TOOL = Tool("vigil-secrets", __version__)
#: CWE-798: Use of Hard-coded Credentials.
CWE_HARD_CODED_CREDENTIALS = 798
_SNIPPET_LIMIT = 240
_REMEDIATION = (
    "Revoke and rotate this credential now: it is readable by everyone with the code. Then "
    "remove it from the code (and from the git history if it was ever pushed), and read it at "
    "run time from the environment or a secrets manager."
)


def redact(secret: str) -> str:
    """At most four characters of the secret (fewer for short ones) and an ellipsis."""
    keep = min(4, len(secret) // 4)
    return secret[:keep] + "…"


def is_test_path(path: str) -> bool:
    """Test code and fixtures: their keys are usually made up, so confidence is lower."""
    parts = PurePosixPath(path.lower()).parts
    name = parts[-1] if parts else ""
    return (
        any(part in TEST_TREES for part in parts[:-1])
        or name.startswith(("test_", "test."))
        or any(marker in name for marker in ("_test.", ".test.", ".spec.", "_spec."))
    )


def snippet(line_text: str, hit: Located) -> str:
    """The line of the hit with what it points at redacted (the secret, or for an AWS key pair
    the access key id) and the secret redacted wherever else it appears; a multi-line secret
    is cut at its start."""
    single = hit.end_line == hit.line
    before = line_text[: hit.column - 1]
    spanned = line_text[hit.column - 1 : hit.end_column - 1] if single else line_text[len(before) :]
    after = line_text[hit.end_column - 1 :] if single else ""
    shown = (before + redact(spanned) + after).replace(hit.secret, redact(hit.secret))
    return shown.strip()[:_SNIPPET_LIMIT]


def _commit_fields(commit: Commit) -> dict[str, str]:
    """What a finding's ``raw`` records of the commit that added the secret."""
    return {
        "commit": commit.sha,
        "author": commit.author,
        "email": commit.email,
        "date": commit.date,
    }


def _commit_text(commit: Commit) -> str:
    return f"Introduced in commit {commit.sha} by {commit.author} on {commit.date}."


def to_finding(hit: Located, path: str, line_text: str, commit: Commit | None) -> Finding:
    """The finding for ``hit`` at ``path``; ``commit`` when it was found in the history."""
    rule = hit.rule
    confidence = hit.confidence
    tags = ["secret", rule.kind]
    if is_test_path(path):
        confidence = Confidence(max(Confidence.LOW, confidence - 1))
        tags.append("test")
    digest = secret_digest(hit.secret)
    shown = redact(hit.secret)
    raw: dict[str, object] = {"rule": rule.id, "kind": rule.kind, "redacted": shown}
    description = [f"{rule.title} ({shown}) in {path} at line {hit.line}."]
    if commit is not None:
        tags.append("history")
        raw.update(_commit_fields(commit))
        description.append(_commit_text(commit))
    return Finding(
        title=f"Hard-coded secret: {rule.title}",
        severity=rule.severity,
        category=Category.SECRET,
        tool=TOOL,
        rule_id=rule.id,
        description=" ".join(description),
        confidence=confidence,
        cwes=(CWE_HARD_CODED_CREDENTIALS,),
        location=CodeLocation(
            path=path,
            start_line=hit.line,
            end_line=hit.end_line,
            start_column=hit.column,
            end_column=hit.end_column,
            snippet=snippet(line_text, hit) or None,
        ),
        remediation=_REMEDIATION,
        tags=tuple(tags),
        secret_hash=digest,
        raw=raw,
    )


def with_commit(finding: Finding, commit: Commit) -> Finding:
    """A working-tree finding that the history shows was introduced by ``commit``."""
    return replace(
        finding,
        description=f"{finding.description} {_commit_text(commit)}",
        tags=(*finding.tags, "history"),
        raw={**finding.raw, **_commit_fields(commit)},
    )
