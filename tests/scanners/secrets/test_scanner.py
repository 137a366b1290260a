"""``vigil scan --only secrets`` end to end on real files and a real git repository: what a
finding holds (never the secret), allow-list, inline markers, binaries, history."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.scanners.secrets.fakes import Fakes
from vigil.errors import ScanError
from vigil.ingest._common import secret_digest
from vigil.model import Category, Confidence, Severity
from vigil.scanners.interface import ScanRequest
from vigil.scanners.registry import by_id
from vigil.scanners.secrets.findings import redact
from vigil.scanners.secrets.scanner import SecretsScanner
from vigil.triage.identity import identify

FAKE = Fakes(seed=7)
GITHUB = FAKE.checksummed("ghp_")
STRIPE = "sk_live_" + FAKE.alnum(24)
PASSWORD = FAKE.password()


def scan(root: Path, history: bool = False):  # type: ignore[no-untyped-def]
    return SecretsScanner().scan(ScanRequest(root=root, history=history))


def test_registered_as_secrets() -> None:
    assert by_id("secrets") is SecretsScanner


def test_finding_is_redacted_and_identified_by_the_secret_hash(tmp_path: Path) -> None:
    (tmp_path / "ci.py").write_text(f'import os\nTOKEN = "{GITHUB}"\n')
    outcome = scan(tmp_path)
    assert outcome.errors == [] and outcome.summary == "1 files: 1 secrets"
    [finding] = outcome.findings
    assert finding.rule_id == "VIGIL-SECRET-GITHUB-PAT"
    assert finding.category is Category.SECRET
    assert finding.severity is Severity.CRITICAL
    assert finding.confidence is Confidence.HIGH  # the CRC32 checksum holds
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("ci.py", 2)
    assert (finding.location.start_column, finding.location.end_column) == (10, 50)
    assert finding.location.snippet == 'TOKEN = "ghp_…"'
    assert finding.secret_hash == hashlib.sha256(GITHUB.encode()).hexdigest()
    assert GITHUB not in repr(finding) and GITHUB[4:12] not in repr(finding)


def test_redaction_shows_at_most_a_quarter_and_four_characters() -> None:
    assert redact("hunter2!") == "hu…"
    assert redact(GITHUB) == "ghp_…"


def test_same_secret_twice_in_a_file_is_one_finding(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(f"STRIPE={STRIPE}\nSTRIPE_AGAIN={STRIPE}\n")
    assert [f.location.start_line for f in scan(tmp_path).findings if f.location] == [1]


def test_test_files_lower_confidence(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_pay.py").write_text(f'KEY = "{STRIPE}"\n')
    [finding] = scan(tmp_path).findings
    assert finding.confidence is Confidence.LOW
    assert "test" in finding.tags


def test_inline_marker_reports_the_finding_as_silenced(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        f'A = "{STRIPE}"  # vigil: ignore[VIGIL-SECRET-STRIPE-SECRET-KEY] revoked 2026-01\n'
        f'B = "{GITHUB}"  # vigil: ignore[VIGIL-SECRET-STRIPE-SECRET-KEY] wrong rule\n'
    )
    outcome = scan(tmp_path)
    assert [f.rule_id for f in outcome.findings] == ["VIGIL-SECRET-GITHUB-PAT"]
    [silenced] = outcome.silenced
    assert silenced.finding.rule_id == "VIGIL-SECRET-STRIPE-SECRET-KEY"
    assert silenced.reason == "revoked 2026-01"


def test_allow_list_paths_hashes_regexes_and_rules(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.env").write_text(f"STRIPE={STRIPE}\n")
    (tmp_path / "b.env").write_text(f"STRIPE={STRIPE}\nGH={GITHUB}\nDB_PASSWORD={PASSWORD}\n")
    (tmp_path / "c.py").write_text(f'TOKEN = "{FAKE.checksummed("gho_")}"\n')
    (tmp_path / ".vigil-secrets.toml").write_text(
        "[allowlist]\n"
        'paths = ["docs/**"]\n'
        f'hashes = ["{secret_digest(STRIPE)}"]\n'
        'regexes = ["^gho_"]\n'
        'rules = ["VIGIL-SECRET-PASSWORD"]\n'
    )
    found = [(f.location.path, f.rule_id) for f in scan(tmp_path).findings if f.location]
    assert found == [("b.env", "VIGIL-SECRET-GITHUB-PAT")]


def test_invalid_allow_list_is_one_error_and_the_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / ".vigil-secrets.toml").write_text("[allowlist]\npaths = 'docs'\n")
    (tmp_path / "b.env").write_text(f"GH={GITHUB}\n")
    outcome = scan(tmp_path)
    assert [str(e) for e in outcome.errors] == [
        ".vigil-secrets.toml: allowlist.paths must be a list of strings"
    ]
    assert all(isinstance(e, ScanError) for e in outcome.errors)
    assert len(outcome.findings) == 1


def test_binary_and_huge_files_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01" + f"GH={GITHUB}".encode())
    (tmp_path / "logo.png").write_bytes(f"GH={GITHUB}".encode())
    (tmp_path / "dump.sql").write_bytes(f"GH={GITHUB}\n".encode() + b"-" * (8 * 1024 * 1024))
    outcome = scan(tmp_path)
    assert outcome.findings == [] and outcome.summary == "0 files: 0 secrets"
    assert outcome.warnings == ["dump.sql: larger than 8 MiB, not read"]


def _git(root: Path, *args: str, when: str = "2026-01-02T03:04:05+00:00") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Dana Dev", GIT_AUTHOR_EMAIL="dana@corp.net",
               GIT_COMMITTER_NAME="Dana Dev", GIT_COMMITTER_EMAIL="dana@corp.net",
               GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)  # fmt: skip
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _head(root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, check=True
    )
    return done.stdout.decode().strip()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "app.py").write_text("import os\n\nDEBUG = False\n")
    _git(tmp_path, "add", "app.py")
    _git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def test_history_finds_a_removed_secret_with_its_commit(repository: Path) -> None:
    (repository / "app.py").write_text(f'import os\n\nDEBUG = False\nSTRIPE = "{STRIPE}"\n')
    _git(repository, "commit", "-qam", "add billing", when="2026-02-03T04:05:06+00:00")
    leaked = _head(repository)
    (repository / "app.py").write_text('import os\n\nDEBUG = False\nSTRIPE = os.environ["S"]\n')
    _git(repository, "commit", "-qam", "read it from the environment")
    assert scan(repository).findings == []
    outcome = scan(repository, history=True)
    assert outcome.summary == "1 files and 3 commits: 1 secrets"
    [finding] = outcome.findings
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("app.py", 4)
    assert finding.location.snippet == 'STRIPE = "sk_l…"'
    assert "history" in finding.tags
    assert finding.description.endswith(
        f"Introduced in commit {leaked} by Dana Dev on 2026-02-03T04:05:06+00:00."
    )
    assert finding.raw["commit"] == leaked


def test_secret_in_tree_and_history_is_one_finding_from_its_first_commit(repository: Path) -> None:
    (repository / "deploy.env").write_text(f"GH={GITHUB}\n")
    _git(repository, "add", "deploy.env")
    _git(repository, "commit", "-qm", "deploy", when="2026-03-01T00:00:00+00:00")
    first = _head(repository)
    (repository / "deploy.env").write_text(f"# deploy\nGH={GITHUB}\n")
    _git(repository, "commit", "-qam", "comment")
    tree_only = scan(repository).findings
    both = scan(repository, history=True).findings
    assert len(both) == 1 and both[0].raw["commit"] == first
    assert both[0].location is not None and both[0].location.start_line == 2
    assert [g.fingerprint for g in identify(both)] == [g.fingerprint for g in identify(tree_only)]


def test_history_outside_a_repository_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(f"GH={GITHUB}\n")
    outcome = scan(tmp_path, history=True)
    assert outcome.warnings == [f"{tmp_path} is not in a git repository: no history read"]
    assert len(outcome.findings) == 1


def test_history_obeys_the_tree_walks_skip_rules(repository: Path) -> None:
    for folder in ("node_modules/pkg", "vendor", "docs"):
        (repository / folder).mkdir(parents=True)
        (repository / folder / "a.env").write_text(f"GH={GITHUB}\n")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-qm", "everything")
    for folder in ("node_modules", "vendor", "docs"):
        _git(repository, "rm", "-rqf", folder)
    _git(repository, "commit", "-qm", "remove")
    request = ScanRequest(root=repository, history=True, skip_vendored=True, exclude=("docs",))
    assert SecretsScanner().scan(request).findings == []
    found = [f.location.path for f in scan(repository, history=True).findings if f.location]
    assert found == ["docs/a.env", "vendor/a.env"]


def test_a_damaged_history_keeps_what_was_read_and_says_why_it_stopped(repository: Path) -> None:
    """Found scanning a juice-shop mirror that lacked one blob: git log died with status 128
    and the error did not say why."""
    (repository / "old.env").write_text(f"GH={GITHUB}\n")
    _git(repository, "add", "old.env")
    _git(repository, "commit", "-qm", "old")
    (repository / "new.env").write_text(f"GH={GITHUB}\nSTRIPE={STRIPE}\n")
    _git(repository, "add", "new.env")
    _git(repository, "commit", "-qm", "new")
    _git(repository, "rm", "-q", "old.env", "new.env")
    _git(repository, "commit", "-qm", "clean")
    blob = subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "HEAD~2:old.env"],
        capture_output=True, check=True, text=True,
    ).stdout.strip()  # fmt: skip
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    outcome = scan(repository, history=True)
    [error] = outcome.errors
    assert f"git history: git log exited with status 128: fatal: unable to read {blob}" in str(
        error
    )
    # The newer commit, read before the missing blob, still yields its secrets.
    assert sorted(f.rule_id for f in outcome.findings) == [
        "VIGIL-SECRET-GITHUB-PAT", "VIGIL-SECRET-STRIPE-SECRET-KEY",
    ]  # fmt: skip


def test_history_excludes_match_as_the_tree_walk_does() -> None:
    from vigil.scanners.secrets.scanner import _skipped

    dotfiles = ScanRequest(root=Path("."), exclude=(".*",))
    # The root itself (".") is no folder to match: '.*' leaves out dotfiles, not everything.
    assert [_skipped(p, dotfiles) for p in ("app.py", ".env", ".github/ci.yml")] == [
        False,
        True,
        True,
    ]
    docs = ScanRequest(root=Path("."), exclude=("docs",))
    assert [_skipped(p, docs) for p in ("docs/setup.md", "src/docs/setup.md")] == [True, False]
