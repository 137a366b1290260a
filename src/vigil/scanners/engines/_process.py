"""Running an external engine: a clean, offline environment, relative target paths so that
findings do not depend on where the tree was checked out, and argument lists cut into
chunks that fit the operating system's limit."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Bytes of file names per command line: well under Linux's 2 MiB ARG_MAX, and few enough
#: chunks that an engine's start-up time is paid rarely.
ARGUMENT_BYTES = 100_000
#: Never passed to an engine: a platform token would make Semgrep talk to its servers.
_HIDDEN_VARIABLES = ("SEMGREP_APP_TOKEN", "SEMGREP_REPO_URL")


@dataclass(frozen=True, slots=True)
class Targets:
    """Files to hand to an engine, relative to ``cwd``."""

    cwd: Path
    files: tuple[str, ...]


def relative_targets(root: Path, files: Sequence[Path]) -> Targets:
    """``files`` (found under ``root``) as paths relative to the folder the engine runs in:
    ``root`` itself, or its parent when ``root`` is a single file."""
    cwd = root.parent if root.is_file() else root
    return Targets(cwd, tuple(f.relative_to(cwd).as_posix() for f in files))


def chunks(files: Sequence[str], limit: int = ARGUMENT_BYTES) -> Iterator[list[str]]:
    """``files`` in consecutive groups whose names add up to at most ``limit`` bytes."""
    group: list[str] = []
    size = 0
    for name in files:
        cost = len(name.encode()) + 1
        if group and size + cost > limit:
            yield group
            group, size = [], 0
        group.append(name)
        size += cost
    if group:
        yield group


@dataclass(frozen=True, slots=True)
class Completed:
    """What an engine printed and how it exited."""

    returncode: int
    stdout: bytes
    stderr: str


def run_engine(command: Sequence[str], cwd: Path, extra_env: dict[str, str]) -> Completed:
    """Run ``command`` in ``cwd`` with a throwaway home folder, so that no login, cache or
    settings of the user's own installation (which could reach the network) are read."""
    with tempfile.TemporaryDirectory(prefix="vigil-engine-") as home:
        env = {k: v for k, v in os.environ.items() if k not in _HIDDEN_VARIABLES}
        env.update(HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home, **extra_env)
        done = subprocess.run(  # noqa: S603 - a fixed executable, arguments are file names
            list(command), cwd=cwd, env=env, capture_output=True, check=False
        )
    return Completed(done.returncode, done.stdout, done.stderr.decode(errors="replace"))


def last_line(text: str) -> str:
    """The last non-blank line of an engine's stderr, for a one-line error message."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
