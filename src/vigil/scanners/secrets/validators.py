"""Checks a candidate must pass beyond its regex: documented checksums, decodable structure,
and the Shannon entropy that tells a random key from a word.

A validator returns ``True`` (the structure is proven: high confidence), ``False`` (the
candidate cannot be a real credential: dropped) or ``None`` (nothing to check).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from collections import Counter
from collections.abc import Callable

Validator = Callable[[str], bool | None]

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(number: int, width: int = 6) -> str:
    """``number`` in GitHub's base62 alphabet, left-padded with zeros to ``width``."""
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = BASE62[rest] + digits
    return digits.rjust(width, "0")


def crc32_base62_ok(token: str) -> bool:
    """GitHub (``ghp_`` …) and npm (``npm_``) tokens: 30 random base62 characters followed by
    the CRC32 of those 30 characters in 6 base62 digits (GitHub's 2021 token format)."""
    body = token.rsplit("_", 1)[-1]
    if len(body) != 36:
        return False
    return base62(zlib.crc32(body[:30].encode())) == body[30:]


def _b64_decode(text: str) -> bytes | None:
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return None


def jwt_ok(token: str) -> bool:
    """A JWT whose header decodes to a JSON object naming its algorithm and whose payload is
    JSON: random ``eyJ…`` look-alikes fail."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    header, payload = _b64_decode(parts[0]), _b64_decode(parts[1])
    if header is None or payload is None:
        return False
    try:
        decoded = json.loads(header)
        json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(decoded, dict) and "alg" in decoded


def pypi_ok(token: str) -> bool:
    """A PyPI API token is ``pypi-`` and a base64 macaroon whose location is (test.)pypi.org."""
    raw = _b64_decode(token.removeprefix("pypi-"))
    return raw is not None and b"pypi.org" in raw[:40]


def private_key_ok(block: str) -> bool:
    """A PEM/OpenSSH/PGP block with a real body: at least 64 base64 characters, not ``...``."""
    parts = block.split("-----")
    body = parts[2] if len(parts) >= 5 else block
    letters = sum(1 for c in body if c.isalnum() or c in "+/=")
    return letters >= 64 and "..." not in body and "xxxx" not in body.lower()


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    size = len(text)
    return -sum(n / size * math.log2(n / size) for n in Counter(text).values())


def has_classes(text: str, classes: int) -> bool:
    """Whether ``text`` mixes at least ``classes`` of: lower, upper, digit, other."""
    kinds = (
        any(c.islower() for c in text)
        + any(c.isupper() for c in text)
        + any(c.isdigit() for c in text)
        + any(not c.isalnum() for c in text)
    )
    return kinds >= classes


VALIDATORS: dict[str, Validator] = {
    "crc32-base62": crc32_base62_ok,
    "jwt": jwt_ok,
    "pypi": pypi_ok,
    "private-key": private_key_ok,
}
