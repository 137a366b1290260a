"""Secrets known only by the name they are assigned to: ``password = "..."``, ``API_KEY=...``,
``"client_secret": "..."``, ``<password>...</password>`` — in code, .env, YAML, INI,
properties, JSON, XML and notebooks.

Only lines holding a keyword are parsed. A value must then look like what its name promises:
a password (``filters.plausible_password``) or a random token (``filters.plausible_token``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from vigil.model import Confidence
from vigil.scanners.secrets.filters import (
    DEMO_PASSWORDS,
    is_example,
    is_reference,
    names_a_digest,
    plausible_password,
    plausible_token,
)
from vigil.scanners.secrets.hit import Hit
from vigil.scanners.secrets.rules import BY_ID

_KEYWORDS = re.compile(
    r"secret|token|api[_.\-]?key|apikey|access[_.\-]?key|private[_.\-]?key|auth|credential|"
    r"passw|passphrase|pwd|pass\b|_pass|signing[_.\-]?key|encryption[_.\-]?key|master[_.\-]?key"
)
_PASSWORD_NAME = re.compile(r"passw|passphrase|pwd|(?:^|[_.\-])pass(?:$|[_.\-])", re.I)
_SECRET_NAME = re.compile(
    r"secret|token|api[_.\-]?key|apikey|access[_.\-]?key|private[_.\-]?key|auth[_.\-]?key|"
    r"credential|signing[_.\-]?key|encryption[_.\-]?key|master[_.\-]?key|auth$",
    re.I,
)
#: name, then an assignment operator, then an optionally quoted value.
_ASSIGN = re.compile(
    r"(?P<name>[A-Za-z_@$][\w.\-]{0,80})[\"']?\s*\]?\s*(?::=|=>|==|=|:)\s*"
    r"(?P<q>[\"'`]?)(?P<value>[^\s\"'`]{1,256})(?P<close>[\"'`]?)"
)
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+(?::[\w.]+)?")
_XML_ELEMENT = re.compile(r"<(?P<name>[\w.\-:]{1,80})>(?P<value>[^<\s]{1,256})</")
_XML_KEY_VALUE = re.compile(
    r"(?:key|name)=\"(?P<name>[\w.\-:]{1,80})\"\s+value=\"(?P<value>[^\"\s]{1,256})\""
)
#: Files where an unquoted value is a value, not a variable or a call.
_CONFIG_SUFFIXES = frozenset(
    {
        ".env",
        ".ini",
        ".cfg",
        ".conf",
        ".properties",
        ".yaml",
        ".yml",
        ".toml",
        ".sh",
        ".bash",
        ".zsh",
        ".tfvars",
        ".hcl",
        ".tf",
        ".txt",
        ".config",
        ".pypirc",
        ".npmrc",
        ".netrc",
        ".dockerfile",
        ".service",
        ".cnf",
        ".rc",
        ".envrc",
        ".json",
        ".xml",
        ".md",
    }
)
#: Formats whose unquoted value runs to the end of the line, spaces included: a value
#: followed by more words is a sentence ("enter_password: Re-enter your password").
_LINE_VALUE_SUFFIXES = frozenset({".yaml", ".yml", ".properties", ".ini", ".cfg", ".conf"})
_TRAILING_COMMENT = re.compile(r"\s*(?:$|#|;|//)")
_CONFIG_NAMES = frozenset({"dockerfile", ".env", ".envrc", ".pypirc", ".netrc", ".npmrc"})
LOCKFILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "cargo.lock",
        "composer.lock",
        "gemfile.lock",
        "go.sum",
        "packages.lock.json",
        "pubspec.lock",
        "mix.lock",
        "podfile.lock",
        "bun.lock",
        "gradle.lockfile",
        "flake.lock",
    }
)


def has_keywords(folded: str) -> bool:
    """Whether a (lower-cased) text has any line worth the keyword-context pass."""
    return _KEYWORDS.search(folded) is not None


#: Folders of translation catalogs, whose keys name passwords and tokens in every language.
_TRANSLATION_FOLDERS = frozenset(
    {"lang", "langs", "locale", "locales", "i18n", "l10n", "translations"}
)
_TRANSLATION_SUFFIXES = frozenset(
    {".json", ".yml", ".yaml", ".po", ".pot", ".properties", ".xlf", ".xliff", ".strings", ".arb",
     ".resx", ".ftl"}
)  # fmt: skip
#: Yarn Berry's checked-in release, plugins and SDKs, and its Plug'n'Play loaders.
_YARN_FOLDERS = frozenset({"releases", "plugins", "sdks"})
_YARN_GENERATED = frozenset({".pnp.cjs", ".pnp.js", ".pnp.loader.mjs"})


def is_lockfile(path: str) -> bool:
    """Lockfiles hold integrity hashes and URLs, never hand-written credentials."""
    return PurePosixPath(path).name.lower() in LOCKFILES


def skips_keyword_rules(path: str) -> bool:
    """Files whose names and values are not written by hand as credentials, so a value next
    to a password-like name is no password: lockfiles, translation catalogs
    (``locales/pt.json`` translating "Password" as "Palavra-passe") and Yarn's generated code
    (``.yarn/releases/yarn-4.6.0.cjs``). Provider-format rules still run on them."""
    posix = PurePosixPath(path)
    folders = [part.lower() for part in posix.parts[:-1]]
    if is_lockfile(path) or posix.name.lower() in _YARN_GENERATED:
        return True
    if posix.suffix.lower() in _TRANSLATION_SUFFIXES and _TRANSLATION_FOLDERS.intersection(folders):
        return True
    return any(a == ".yarn" and b in _YARN_FOLDERS for a, b in itertools.pairwise(folders))


def _is_config(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return (
        name in _CONFIG_NAMES
        or name.startswith((".env", "dockerfile"))
        or PurePosixPath(name).suffix in _CONFIG_SUFFIXES
    )


def _keyword_lines(text: str, folded: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of every line holding a keyword; ``folded`` is ``text`` in lower case
    with the same offsets."""
    seen_end = -1
    for match in _KEYWORDS.finditer(folded):
        if match.start() < seen_end:
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        seen_end = end
        yield start, text[start:end]


def assignments(text: str, folded: str, path: str, kinds: set[str]) -> Iterator[Hit]:
    """Passwords (``kinds`` has "password") and generic secrets ("generic") assigned to a
    name that says so."""
    config = _is_config(path)
    line_values = PurePosixPath(path).suffix.lower() in _LINE_VALUE_SUFFIXES
    for offset, line in _keyword_lines(text, folded):
        if len(line) > 4096:  # minified code or data: names and values are not written by hand
            continue
        for name, value, quoted, column in _candidates(line, line_values):
            hit = _judge(name, value, quoted or config, kinds)
            if hit is not None:
                rule, confidence = hit
                start = offset + column
                yield Hit(BY_ID[rule], value, start, start + len(value), confidence)


def _candidates(line: str, line_values: bool = False) -> Iterator[tuple[str, str, bool, int]]:
    """(name, value, quoted, column of value) for each assignment-like pair on a line;
    ``line_values``: an unquoted value runs to the end of the line (YAML, properties)."""
    if "\\" in line:  # code inside a JSON string (a notebook cell): same length, unescaped
        for escape, plain in (('\\"', ' "'), ("\\n", "  "), ("\\t", "  "), ("\\r", "  ")):
            line = line.replace(escape, plain)
    for match in _ASSIGN.finditer(line):
        value, quote, close = match["value"], match["q"], match["close"]
        if quote and close != quote:
            continue
        if not quote:
            value = value.rstrip(",;)}]")
            if "(" in value or "[" in value:  # a call or subscript, not a literal
                continue
            if line_values and not _TRAILING_COMMENT.match(line, match.end("value")):
                continue  # the first word of a sentence
        yield match["name"], value, bool(quote), match.start("value")
    for pattern in (_XML_ELEMENT, _XML_KEY_VALUE):
        for match in pattern.finditer(line):
            yield match["name"], match["value"], True, match.start("value")


def _judge(name: str, value: str, literal: bool, kinds: set[str]) -> tuple[str, Confidence] | None:
    if not literal or names_a_digest(name.rsplit(".", 1)[-1]):
        return None
    if _DOTTED.fullmatch(value) and not any(c.isdigit() for c in value):
        return None  # settings.DB_PASSWORD, pkg.module:function: a reference to another name
    if "password" in kinds and _PASSWORD_NAME.search(name):
        return ("VIGIL-SECRET-PASSWORD", Confidence.LOW) if plausible_password(value) else None
    if "generic" in kinds and _SECRET_NAME.search(name) and plausible_token(value):
        return "VIGIL-SECRET-GENERIC", Confidence.LOW
    return None


#: The host after ``user:password@``: a name reserved for examples (RFC 2606, RFC 6761).
_RESERVED_HOST = re.compile(
    r"@(?:[\w\-]+\.)*(?:example\.(?:com|net|org)|[\w\-]+\.(?:example|test|invalid|localhost))"
    r"(?![\w\-.])",
    re.I,
)


def plausible_uri_password(uri: str, password: str) -> bool:
    """A password in a URL that is not a placeholder, a reference, a documentation password
    (``scott:tiger``), a port (``host:8080@``) or the user name again
    (``postgres:postgres@localhost``: a local default, not a leak)."""
    user = uri.split("://", 1)[-1].split(":", 1)[0]
    if password == user or password.lower() in DEMO_PASSWORDS:
        return False
    if _RESERVED_HOST.search(uri):  # RFC 2606 names exist for documentation and tests
        return False
    if password.isdigit() and len(password) <= 5:
        return False
    return not (is_reference(password) or is_example(password) or password.startswith("%"))
