"""The project's allow-list, ``.vigil-secrets.toml`` at the scanned root:

[allowlist]
paths = ["docs/**", "tests/fixtures/*.pem"]    # globs, relative to the root
regexes = ["^AKIA[A-Z0-9]{12}TEST$"]           # searched in the secret itself
hashes = ["9f86d081884c7d659a2feb..."]        # sha256 of a secret (as findings show it)
rules = ["VIGIL-SECRET-JWT"]                   # rules not run at all
reason = "fixtures for the token parser"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from vigil.errors import ScanError

FILE_NAME = ".vigil-secrets.toml"


@dataclass(frozen=True, slots=True)
class AllowList:
    """Paths, secret patterns and secret hashes that are known and accepted."""

    paths: tuple[str, ...] = ()
    regexes: tuple[re.Pattern[str], ...] = ()
    hashes: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()

    def allows_path(self, path: str) -> bool:
        """Whether the file at ``path`` (posix, relative to the root) is not scanned."""
        return any(fnmatch(path, pattern) for pattern in self.paths)

    def allows(self, secret: str, digest: str) -> bool:
        """Whether this secret is accepted, by its sha256 or by a pattern."""
        return digest in self.hashes or any(r.search(secret) for r in self.regexes)


def _strings(table: dict[str, object], key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScanError(source, f"allowlist.{key} must be a list of strings")
    return tuple(str(v) for v in value)


def load(root: Path) -> AllowList:
    """The allow-list of the tree at ``root``; empty when there is none. A file that is not
    valid raises ``ScanError`` naming the problem."""
    path = root / FILE_NAME
    if not root.is_dir() or not path.is_file():
        return AllowList()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ScanError(FILE_NAME, f"not valid TOML: {error}") from None
    table = data.get("allowlist", {})
    if not isinstance(table, dict):
        raise ScanError(FILE_NAME, "[allowlist] must be a table")
    try:
        regexes = tuple(re.compile(r) for r in _strings(table, "regexes", FILE_NAME))
    except re.error as error:
        raise ScanError(FILE_NAME, f"allowlist.regexes: {error}") from None
    return AllowList(
        paths=_strings(table, "paths", FILE_NAME),
        regexes=regexes,
        hashes=frozenset(h.lower() for h in _strings(table, "hashes", FILE_NAME)),
        rules=frozenset(r.upper() for r in _strings(table, "rules", FILE_NAME)),
    )
