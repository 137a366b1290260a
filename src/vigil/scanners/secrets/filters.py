"""What looks like a secret but is not one: placeholders, variable references, documentation
examples, UUIDs, hashes, encoded images and lockfile integrity strings.

Provider rules only run ``is_example`` (their format is specific enough); keyword-context rules
(generic tokens, passwords, URLs with credentials) run every filter here.
"""

from __future__ import annotations

import base64
import binascii
import re

from vigil.scanners.secrets.validators import entropy, has_classes

#: Words that mark a value as written for a reader, not a system.
_EXAMPLE_WORDS = re.compile(
    r"example|sample|dummy|placeholder|changeme|change[_-]me|replace[_-]?me|your[_-]|yourpass|"
    r"redacted|xxxx|mypass|\*\*\*|fake|notreal|not[_-]a[_-]real|insert|todo|fixme|secret_here|"
    r"<[^>]*>|\.\.\.|…|^[sprk]k_test_|^pk_live_",
    re.IGNORECASE,
)
#: References to a value kept elsewhere: ${VAR}, $VAR, %(x)s, {{ x }}, #{x}, @x@, env lookups,
#: format and f-string fields ({}, {0}, {user.password}).
_REFERENCE = re.compile(
    r"^\$|\$\{|\$\(|%\(|%[A-Za-z_]+%|\{\{|\}\}|#\{|^@[\w.]+@$|^\{[\w.]*\}$|os\.environ|getenv|"
    r"process\.env|env\(|ENV\[|secrets\.|vault:|^!|^\*+$|^%s$|^\?$|\{[^{}\s]*\}",
    re.IGNORECASE,
)
_SEQUENCES = ("abcdefgh", "12345678", "0123456789", "qwerty", "asdfgh", "98765432")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_HASH_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
#: Base64 of image and font files (magic numbers), data: URLs and SRI/lockfile integrity.
_ENCODED_DATA = re.compile(r"^(?:data:|iVBORw0KGgo|/9j/|R0lGOD|PHN2Zy|UklGR|d09GR|AAABAA|sha\d+-)")
#: Name segments that say an assigned value is a digest or a setting, not a credential.
_DIGEST_SEGMENTS = frozenset(
    {"hash", "hashed", "sha", "sha1", "sha256", "sha512", "md5", "checksum", "digest",
     "integrity", "etag", "commit", "revision", "fingerprint", "public", "pubkey", "nonce",
     "id", "uuid", "keyid", "tokenizer", "length", "len", "size", "max", "min", "timeout",
     "ttl", "expiry", "expires", "expiration", "type", "name", "url", "uri", "path", "file",
     "dir", "header", "field", "prefix", "format", "count", "validators", "hasher", "hashers",
     "policy", "rounds", "reset", "hint", "label", "question", "endpoint", "algorithm", "env",
     "salt", "encrypted", "crypted", "ciphertext"}
)  # fmt: skip
_SEGMENT = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])")
#: Values that are the name of what is asked for, not a value ("password: password").
_SELF_NAMES = frozenset(
    {"password", "passwd", "secret", "token", "apikey", "api_key", "pass", "pwd", "none", "null",
     "nil", "true", "false", "undefined", "empty", "required", "optional", "string", "str",
     "bytes", "int", "bool", "default", "hidden", "masked", "unset", "test", "testing", "admin",
     "root", "guest", "user", "username", "secret_key", "access_token", "refresh_token"}
)  # fmt: skip
#: Passwords of documentation and tutorials (scott/tiger, hunter2…): known to everyone.
DEMO_PASSWORDS = frozenset(
    {"tiger", "hunter2", "secret", "password", "pass", "passwd", "pwd", "changeme", "admin",
     "root", "test", "foo", "bar", "foobar", "letmein", "123456", "12345678", "qwerty",
     "p@ssw0rd", "pa55word", "passw0rd", "s3cr3t", "secret123", "admin123", "welcome1",
     "mysecretpassword", "example", "sekrit", "topsecret", "s3cret"}
)  # fmt: skip


def is_example(value: str) -> bool:
    """A documentation example or placeholder (``AKIAIOSFODNN7EXAMPLE``, ``your_api_key``)."""
    return bool(_EXAMPLE_WORDS.search(value)) or is_repetitive(value)


def is_repetitive(value: str) -> bool:
    """Runs of one character, very few distinct characters, or a keyboard/number sequence."""
    lowered = value.lower()
    if any(s in lowered for s in _SEQUENCES):
        return True
    if re.search(r"(.)\1{5,}", value):
        return True
    return len(value) >= 12 and len(set(value)) < max(4, len(value) // 6)


_CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(?:[_\-.][A-Z0-9]+)+$")
_TERRAFORM = re.compile(r"^(?:var|local|module|data|each|self)\.[\w.\-\[\]]+$")


def is_reference(value: str) -> bool:
    """A reference to a variable, template parameter, environment lookup, a constant's name
    (``VALID_USER_TOKEN``) or a Terraform expression (``var.db_password``)."""
    return bool(
        _REFERENCE.search(value)
        or _CONSTANT.match(value)
        or _TERRAFORM.match(value)
        or "://" in value
    )


def is_lookalike(value: str, *, named: bool = False) -> bool:
    """A UUID, encoded binary data, or a hex digest of a common hash length — unless
    ``named``: assigned to a credential's name (``api_key = "<32 hex>"``), hex is a key."""
    if _UUID.match(value) or _ENCODED_DATA.match(value):
        return True
    return not named and len(value) in _HASH_LENGTHS and bool(_HEX.match(value))


def names_a_digest(name: str) -> bool:
    """Whether an assigned name says its value is a digest or a setting, not a credential
    (``password_hash``, ``tokenUrl``, ``API_KEY_FILE``)."""
    return any(s.lower() in _DIGEST_SEGMENTS for s in _SEGMENT.findall(name))


_VALIDATION_RULES = re.compile(r"[a-z_]+(?::[\w,.]+)?(?:\|[a-z_]+(?::[\w,.]+)?)+")
_NUMBER = re.compile(r"[-+]?\d*\.\d+(?:[eE][-+]?\d+)?")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def base64_text(value: str) -> str | None:
    """The printable text a canonical base64 value encodes, else None. Kubernetes Secrets
    (``data: password: cGFzc3dvcmQ=``) hold their values so: judged encoded, "password" looks
    random. Random bytes are rarely all printable ASCII, so a real password that happens to be
    valid base64 almost never decodes to text."""
    if len(value) < 8 or not _BASE64.fullmatch(value):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not all(0x20 <= byte < 0x7F for byte in raw):
        return None
    return raw.decode("ascii")


def plausible_password(value: str) -> bool:
    """A value that could be a real password: not a placeholder, reference or self-name, long
    enough, and either mixing character kinds or long and varied. A base64 value is judged by
    the text it encodes."""
    value = base64_text(value) or value
    lowered = value.lower()
    if not value.isascii():  # a translation ("VIS_KODEORD_RÅD", CJK prose has no spaces)
        return False
    if len(value) < 6 or lowered in _SELF_NAMES or lowered in DEMO_PASSWORDS:
        return False
    if is_reference(value) or is_example(value) or "passw" in lowered:  # "password1": a demo
        return False
    if _NUMBER.fullmatch(value):  # a measure (test timings keyed by spec file names)
        return False
    if value.isalpha() and len(value) < 16:  # a word or camelCase name ("challengePassword")
        return False
    if re.fullmatch(r"[a-z]+(?:[_.-][a-z]+)*", value):  # lower-case words: a name, not a secret
        return False
    if _VALIDATION_RULES.fullmatch(value):  # Laravel-style rules: "required|string|min:8"
        return False
    return has_classes(value, 2) and entropy(value) >= 2.3


def plausible_token(value: str, *, named: bool = True) -> bool:
    """A value that looks random: long, high entropy for its alphabet, not a placeholder,
    reference or look-alike (``named``: see ``is_lookalike``)."""
    if len(value) < 16 or not value.isascii() or is_reference(value) or is_example(value):
        return False
    if is_lookalike(value, named=named):
        return False
    if not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
        return False
    threshold = 3.0 if _HEX.match(value) else 3.6
    return entropy(value) >= threshold
