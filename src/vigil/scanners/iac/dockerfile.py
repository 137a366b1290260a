"""Dockerfile checks, on the instructions (continuation lines joined, comments dropped)."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from vigil.scanners.iac._common import PIPE_TO_SHELL, is_literal_secret, is_secret_name
from vigil.scanners.iac._common import unpinned_image as _unpinned
from vigil.scanners.iac.rules import Hit

_APT_INSTALL = re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*install\b")
_COMMAND_SPLIT = re.compile(r"&&|\|\||;|\n")
#: Files that should never reach an image through ``COPY . .``.
_SECRET_FILES = (
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "id_rsa",
    "id_ed25519",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "credentials",
    "*.p12",
    ".aws",
    ".ssh",
)
_ROOT_USERS = frozenset({"root", "0"})
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][\w-]*)[\"']?")


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction; ``starts`` maps offsets in ``args`` to the physical lines they come
    from, so a hit inside a continued line or a heredoc names its own line."""

    line: int
    keyword: str
    args: str
    starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int:
        """The physical line holding character ``offset`` of ``args``."""
        found = self.line
        for start, number in self.starts:
            if start > offset:
                break
            found = number
        return found


def instructions(text: str) -> Iterator[Instruction]:
    """Instructions with the line they start on. ``\\`` (or the character an ``# escape=``
    directive names) continues a line; heredoc bodies (``RUN <<EOF``) join their instruction."""
    lines = text.splitlines()
    escape = _escape_character(lines)
    pieces, index = list[tuple[int, str]](), 0
    while index < len(lines):
        stripped = lines[index].strip()
        index += 1
        if stripped.startswith("#") or (not pieces and not stripped):
            continue  # comments inside a continued instruction are dropped by Docker too
        continues = stripped.endswith(escape)
        pieces.append((index, stripped[:-1] if continues else stripped))
        if continues:
            continue
        for terminator in _HEREDOC.findall(" ".join(text for _, text in pieces)):
            while index < len(lines) and lines[index].strip() != terminator:
                pieces.append((index + 1, "\n" + lines[index]))
                index += 1
            index += 1  # the terminator itself
        yield _instruction(pieces)
        pieces = []
    if pieces:
        yield _instruction(pieces)


def _escape_character(lines: list[str]) -> str:
    """The continuation character: a parser directive may only open the file."""
    for line in lines:
        directive = re.match(r"#\s*escape\s*=\s*(\S)", line.strip(), re.I)
        if directive:
            return directive[1]
        if not re.match(r"#\s*\w+\s*=", line.strip()):
            break
    return "\\"


def _instruction(pieces: list[tuple[int, str]]) -> Instruction:
    joined, starts = "", []
    for number, piece in pieces:
        separator = "" if not joined or piece.startswith("\n") else " "
        starts.append((len(joined) + len(separator), number))
        joined += separator + piece
    parts = re.match(r"(\S*)\s*", joined)
    keyword, shift = (parts[1], parts.end()) if parts else ("", 0)
    return Instruction(
        pieces[0][0],
        keyword.upper(),
        joined[shift:].rstrip(),
        tuple((max(start - shift, 0), number) for start, number in starts),
    )


def check(path: Path, text: str) -> Iterator[Hit]:
    """Every hit in the Dockerfile at ``path`` whose content is ``text``."""
    steps = list(instructions(text))
    yield from _stage_checks(steps)
    for step in steps:
        yield from _instruction_checks(step)
        if step.keyword in ("COPY", "ADD") and _copies_everything(step.args):
            leaked = _unignored_secret_files(path.parent)
            if leaked:
                yield Hit("VIGIL-DOCKER-010", step.line, f"context holds {', '.join(leaked)}")
    froms = [s for s in steps if s.keyword == "FROM"]
    if froms and not any(s.keyword == "HEALTHCHECK" for s in steps):
        yield Hit("VIGIL-DOCKER-009", froms[-1].line)


def _stage_checks(steps: list[Instruction]) -> Iterator[Hit]:
    """Base images and the user of the final stage (a stage built FROM another inherits
    its USER)."""
    users: dict[str, Instruction | None] = {}
    user: Instruction | None = None
    last_from: Instruction | None = None
    name = ""
    for step in steps:
        if step.keyword == "FROM":
            users[name], last_from = user, step
            words = [w for w in step.args.split() if not w.startswith("--")]
            image = words[0] if words else ""
            name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
            user = users.get(image.lower())
            if image.lower() not in users and image != "scratch" and _unpinned(image):
                yield Hit("VIGIL-DOCKER-002", step.line, image)
        elif step.keyword == "USER":
            user = step
    if last_from is None:
        return
    if user is None:
        yield Hit("VIGIL-DOCKER-001", last_from.line, "no USER instruction")
    elif user.args.split(":")[0].strip() in _ROOT_USERS:
        yield Hit("VIGIL-DOCKER-001", user.line, f"USER {user.args}")


def _instruction_checks(step: Instruction) -> Iterator[Hit]:
    url = re.search(r"(?:^|\s)https?://", step.args) if step.keyword == "ADD" else None
    if url:
        yield Hit("VIGIL-DOCKER-003", step.line_at(url.end() - 1))
    elif step.keyword == "RUN":
        yield from _run_checks(step)
    elif step.keyword in ("ENV", "ARG"):
        for name, value in _assignments(step):
            secret_arg = step.keyword == "ARG" and is_secret_name(name)
            if secret_arg or (is_secret_name(name) and is_literal_secret(value, name)):
                at = step.line_at(max(step.args.find(name), 0))
                yield Hit("VIGIL-DOCKER-005", at, f"{step.keyword} {name}")
    elif step.keyword == "EXPOSE":
        ssh = re.search(r"(?:^|\s)22(?:/tcp)?(?:\s|$)", step.args)
        if ssh:
            yield Hit("VIGIL-DOCKER-008", step.line_at(ssh.end() - 1))


def _run_checks(step: Instruction) -> Iterator[Hit]:
    piped = PIPE_TO_SHELL.search(step.args)
    if piped:
        yield Hit("VIGIL-DOCKER-004", step.line_at(piped.start()))
    for install in _APT_INSTALL.finditer(step.args):
        begin = max(
            (m.end() for m in _COMMAND_SPLIT.finditer(step.args, 0, install.start())), default=0
        )
        after = _COMMAND_SPLIT.search(step.args, install.end())
        command = step.args[begin : after.start() if after else len(step.args)]
        if "--no-install-recommends" not in command:
            yield Hit("VIGIL-DOCKER-006", step.line_at(install.start()))
    sudo = re.search(r"(?:^|[\s;&|(])sudo\s", step.args)
    if sudo:
        yield Hit("VIGIL-DOCKER-007", step.line_at(sudo.end() - 1))


def _assignments(step: Instruction) -> Iterator[tuple[str, str | None]]:
    try:
        words = shlex.split(step.args)
    except ValueError:
        words = step.args.split()
    if step.keyword == "ENV" and words and "=" not in words[0]:
        yield words[0], " ".join(words[1:])  # the legacy form: ENV KEY value with spaces
        return
    for word in words:
        name, equals, value = word.partition("=")
        yield name, value if equals else None


def _copies_everything(args: str) -> bool:
    words = [w for w in args.split() if not w.startswith("--")]
    if any(w.startswith("--from") for w in args.split()):
        return False
    return any(source in (".", "./", "*", "./*") for source in words[:-1])


def _unignored_secret_files(context: Path) -> list[str]:
    try:
        names = sorted(os.listdir(context))
    except OSError:
        return []
    secrets = [n for n in names if any(fnmatch(n, p) for p in _SECRET_FILES)]
    if not secrets:
        return []
    ignored = _dockerignore(context / ".dockerignore")
    return [n for n in secrets if not any(fnmatch(n, p) for p in ignored)]


def _dockerignore(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    patterns = [line.strip().removeprefix("./").removeprefix("**/").rstrip("/") for line in lines]
    return [p for p in patterns if p and not p.startswith(("#", "!"))]
