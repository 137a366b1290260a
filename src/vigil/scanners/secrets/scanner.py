"""``vigil scan --only secrets``: every text file of the tree and, with ``--history``, every
line any commit added, through the detector; inline suppressions and the allow-list applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import PurePosixPath
from typing import ClassVar

from vigil.errors import ScanError
from vigil.ingest._common import secret_digest
from vigil.model import Finding, Tool
from vigil.scanners.files import INSTALLED, is_skipped_folder, request_files
from vigil.scanners.interface import ScanOutcome, ScanRequest, SilencedFinding
from vigil.scanners.secrets import allowlist, history
from vigil.scanners.secrets.detector import Detector
from vigil.scanners.secrets.findings import TOOL, to_finding, with_commit
from vigil.scanners.secrets.rules import RULES
from vigil.scanners.suppressions import suppression_at

#: Larger files are data dumps or build output, not hand-written configuration.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: A NUL byte in the first 8 KiB marks a binary file (git's own test).
_BINARY_PROBE = 8192
_BINARY_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".ico",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".jar",
        ".war",
        ".whl",
        ".so",
        ".dll",
        ".exe",
        ".class",
        ".pyc",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".mp3",
        ".mp4",
        ".mov",
        ".sqlite",
        ".db",
        ".parquet",
    }
)
Key = tuple[str, str, str]


class SecretsScanner:
    """Hard-coded credentials in the working tree and (``--history``) the git history."""

    id: ClassVar[str] = "secrets"
    tool: ClassVar[Tool] = TOOL
    description: ClassVar[str] = (
        f"hard-coded secrets ({len(RULES)} rules, checksums validated) in files and, with "
        "--history, every commit"
    )
    default: ClassVar[bool] = True

    def applies(self, request: ScanRequest) -> bool:
        return True

    def scan(self, request: ScanRequest) -> ScanOutcome:
        outcome = ScanOutcome()
        try:
            allowed = allowlist.load(request.root)
        except ScanError as error:
            outcome.errors.append(error)
            allowed = allowlist.AllowList()
        detector = Detector(disabled=allowed.rules)
        found: dict[Key, Finding] = {}
        files = 0
        for path, data in self._files(request, allowed, outcome):
            files += 1
            for finding, reason in scan_text(detector, data, path, allowed):
                if reason is None:
                    found.setdefault(_key(finding), finding)
                else:
                    outcome.silenced.append(SilencedFinding(finding, reason))
        commits = ""
        if request.history:
            commits = self._history(request, detector, allowed, found, outcome)
        outcome.findings = list(found.values())
        outcome.summary = f"{files} files{commits}: {len(outcome.findings)} secrets"
        return outcome

    def _files(
        self, request: ScanRequest, allowed: allowlist.AllowList, outcome: ScanOutcome
    ) -> Iterator[tuple[str, bytes]]:
        root = request.root
        for path in request_files(request):
            relative = path.name if path == root else path.relative_to(root).as_posix()
            if (
                path.suffix.lower() in _BINARY_SUFFIXES
                or relative == allowlist.FILE_NAME
                or allowed.allows_path(relative)
            ):
                continue
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    outcome.warnings.append(f"{relative}: larger than 8 MiB, not read")
                    continue
                data = path.read_bytes()
            except OSError as error:
                outcome.errors.append(ScanError(relative, f"cannot read: {error.strerror}"))
                continue
            if b"\0" not in data[:_BINARY_PROBE]:
                yield relative, data

    def _history(
        self,
        request: ScanRequest,
        detector: Detector,
        allowed: allowlist.AllowList,
        found: dict[Key, Finding],
        outcome: ScanOutcome,
    ) -> str:
        if not history.is_repository(request.root):
            outcome.warnings.append(f"{request.root} is not in a git repository: no history read")
            return ""
        earliest: dict[Key, Finding] = {}
        commits: set[str] = set()
        try:
            for added in history.added_lines(request.root):
                commits.add(added.commit.sha)
                if allowed.allows_path(added.path) or _skipped(added.path, request):
                    continue
                for finding, reason in scan_text(detector, added.text, added.path, allowed, added):
                    if reason is None:  # newest first: the last one seen is the earliest
                        earliest[_key(finding)] = finding
        except OSError as error:
            outcome.errors.append(ScanError(str(request.root), f"git history: {error}"))
        for key, finding in earliest.items():
            if key in found:
                commit = history.Commit(*(str(finding.raw[k]) for k in _COMMIT_FIELDS))
                found[key] = with_commit(found[key], commit)
            else:
                found[key] = finding
        return f" and {len(commits)} commits"


_COMMIT_FIELDS = ("commit", "author", "email", "date")


def _skipped(path: str, request: ScanRequest) -> bool:
    """Whether the tree walk would leave out a file at ``path``: the history obeys the same
    folder rules, ``--exclude`` globs and binary suffixes."""
    posix = PurePosixPath(path)
    if posix.suffix.lower() in _BINARY_SUFFIXES or any(
        is_skipped_folder(part, skip_vendored=request.skip_vendored, skip_tests=request.skip_tests)
        or part in INSTALLED
        for part in posix.parts[:-1]
    ):
        return True
    # The file and each folder above it, as the walk matches them; never ".", the root itself.
    candidates = [path, *(str(parent) for parent in posix.parents if parent.parts)]
    return any(fnmatch(name, pattern) for name in candidates for pattern in request.exclude)


def _key(finding: Finding) -> Key:
    path = finding.location.path if finding.location else ""
    return finding.rule_id, path, finding.secret_hash or ""


def scan_text(
    detector: Detector,
    data: bytes,
    path: str,
    allowed: allowlist.AllowList,
    added: history.Added | None = None,
) -> Iterator[tuple[Finding, str | None]]:
    """The findings in one text (the file at ``path``, or the lines a commit ``added`` to
    it), each with the reason of the inline marker that silences it, if one does."""
    hits = detector.scan(data, path)
    if not hits:
        return
    lines = data.decode("utf-8", "replace").split("\n")
    for hit in hits:
        if allowed.allows(hit.secret, secret_digest(hit.secret)):
            continue
        marker = suppression_at(lines, hit.line)
        covered = marker is not None and marker.covers(hit.rule.id)
        reason = (marker.reason or "vigil: ignore") if marker is not None and covered else None
        line_text = lines[hit.line - 1] if hit.line <= len(lines) else ""
        if added is None:
            yield to_finding(hit, path, line_text, None), reason
        else:
            number = added.line_number(hit.line)
            end = added.line_number(hit.end_line) or number
            moved = replace(hit, line=number, end_line=end)
            yield to_finding(moved, path, line_text, added.commit), reason
