"""The lines each commit added, from one streamed ``git log -p`` over every ref.

Only added lines can introduce a secret, so deleted and context lines are never read
(``--unified=0``). Each file of each commit becomes one text of its added lines, with the line
numbers they have in that commit, so the detector runs once per file change.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_COMMIT = b"\x00commit "
_FORMAT = "--format=%x00commit %H%x1f%an%x1f%ae%x1f%aI"


@dataclass(frozen=True, slots=True)
class Commit:
    """Who introduced a change, and when (ISO 8601 author date)."""

    sha: str
    author: str
    email: str
    date: str


@dataclass(slots=True)
class Added:
    """The lines one commit added to one file, and the line number of each in that commit."""

    commit: Commit
    path: str
    chunks: list[bytes] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def text(self) -> bytes:
        return b"\n".join(self.chunks)

    def line_number(self, index: int) -> int:
        """The file line number of the 1-based ``index``-th added line."""
        return self.numbers[index - 1] if 0 < index <= len(self.numbers) else 0


def is_repository(root: Path) -> bool:
    """Whether ``root`` lies in a git work tree that git can read."""
    if shutil.which("git") is None or not root.is_dir():
        return False
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return done.returncode == 0 and done.stdout.strip() == b"true"


def added_lines(root: Path) -> Iterator[Added]:
    """Every file change of every commit reachable from any ref, newest first; paths are
    relative to ``root``. Raises ``OSError`` when git fails."""
    command = [
        "git",
        "-C",
        str(root),
        "-c",
        "core.quotepath=off",
        "log",
        "-p",
        "--all",
        "--no-color",
        "--unified=0",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--diff-filter=d",
        "--relative",
        _FORMAT,
    ]
    # git's complaint (a missing object in a damaged or partial clone) names the problem; a
    # file, not a pipe, so a chatty stderr can never block the stdout being read.
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command, stdout=subprocess.PIPE, stderr=errors
        ) as git,
    ):
        assert git.stdout is not None
        yield from _parse(git.stdout)
        git.wait()
        errors.seek(0)
        complaint = errors.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
    if git.returncode != 0:
        detail = f": {complaint[-1][:300]}" if complaint else ""
        raise OSError(f"git log exited with status {git.returncode}{detail}")


def _parse(stream: Iterator[bytes]) -> Iterator[Added]:
    commit: Commit | None = None
    current: Added | None = None
    next_line = 0
    in_hunk = False
    for raw in stream:
        line = raw.rstrip(b"\n").rstrip(b"\r")
        if line.startswith(_COMMIT):
            fields = line[len(_COMMIT) :].decode("utf-8", "replace").split("\x1f")
            commit = Commit(*[*fields, "", "", "", ""][:4])
        elif line.startswith(b"diff --git "):
            if current is not None and current.chunks:
                yield current
            current, in_hunk = None, False
        elif not in_hunk and line.startswith(b"+++ ") and commit is not None:
            current = Added(commit, _path(line[4:]))
        elif line.startswith(b"@@ ") and current is not None:
            match = _HUNK.match(line)
            next_line, in_hunk = (int(match[1]) if match else 0), True
        elif in_hunk and current is not None and line.startswith(b"+"):
            current.chunks.append(line[1:])
            current.numbers.append(next_line)
            next_line += 1
    if current is not None and current.chunks:
        yield current


def _path(name: bytes) -> str:
    text = name.decode("utf-8", "replace").strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1].encode("latin-1", "replace").decode("unicode_escape", "replace")
    return text[2:] if text.startswith("b/") else text
