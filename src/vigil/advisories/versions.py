"""Is version V affected by an OSV ``affected`` entry: OSV range semantics, ecosystem orders.

Implements the OSV schema 1.x evaluation (https://ossf.github.io/osv-schema/#evaluation):
events of a range are sorted by version (``introduced: "0"`` first); walking them, ``introduced``
at or below V turns "vulnerable" on, ``fixed`` at or below V turns it off, ``last_affected``
below V turns it off; a range with ``limit`` events only holds below some limit. A ``versions``
list matches exactly. ``GIT`` ranges name commits, not versions, so they are never evaluated
here — the ``versions`` list the OSV exporters enumerate beside them is used instead.

Orderings: ``SEMVER`` ranges and npm, Go, crates.io use SemVer 2.0.0 precedence (a prerelease
sorts below its release, so ``3.0.0-beta.1`` is inside ``introduced 0, fixed 3.0.0`` — npm's
node-semver range rule that hides prereleases does not apply to OSV data); Go accepts its ``v``
prefix, its pseudo-versions are SemVer prereleases and ``+incompatible`` is build metadata.
PyPI uses PEP 440 through ``packaging``; Maven a port of ComparableVersion (``_maven.py``);
Debian and Ubuntu dpkg's order (``_debian.py``); Alpine apk's (``_alpine.py``).
Packagist (composer stabilities dev < alpha < beta < RC < stable < patch) and RubyGems
(Gem::Version: any letter makes a prerelease) use a token comparator with each one's word
order; it is a faithful subset, not a port: composer's branch names (``dev-main``) and
RubyGems' rarer segment forms are compared as plain tokens. Tested against the boundary
versions of pypa, golang, rustsec and GHSA npm records (tests/advisories/test_versions.py);
the Maven and RubyGems orders agree with univers 32.0.1 on the cases tested there. (univers
itself is not used: its composer order puts ``1.0.0-RC1`` below ``1.0.0-alpha1``.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from packaging.version import InvalidVersion, Version

from vigil.advisories._alpine import alpine_key
from vigil.advisories._debian import DebianVersion
from vigil.advisories._maven import MavenVersion
from vigil.advisories._rpm import RpmVersion


class _Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


#: A function from a version string to something that sorts in the ecosystem's order;
#: raises ValueError for a string that is not a version there.
KeyFunc = Callable[[str], _Comparable]

_SEMVER = re.compile(
    r"^[vV=]?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)


def semver_key(version: str) -> tuple[int, int, int, tuple[int, tuple[tuple[int, int, str], ...]]]:
    """SemVer 2.0.0 precedence; a missing minor/patch counts as 0 (lenient, as advisories are)."""
    match = _SEMVER.match(version.strip())
    if not match:
        raise ValueError(f"not a semantic version: {version!r}")
    major, minor, patch, pre = match.groups()
    if pre is None:
        # A release sorts after every prerelease of the same major.minor.patch.
        return int(major), int(minor or 0), int(patch or 0), (1, ())
    idents = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in pre.split(".")
    )
    return int(major), int(minor or 0), int(patch or 0), (0, idents)


def pep440_key(version: str) -> Version:
    """PEP 440 order (``1.0rc1 < 1.0 < 1.0.post1``), as pip resolves PyPI versions."""
    try:
        return Version(version)
    except InvalidVersion as exc:
        raise ValueError(str(exc)) from exc


@dataclass(frozen=True)
class _Qualifiers:
    """How a token comparator ranks words: known words by rank, others after them by text."""

    ranks: dict[str, int]
    release: int  # rank of "no qualifier": what a missing token means after a word


_COMPOSER = _Qualifiers(
    {
        "dev": 0,
        "alpha": 1,
        "a": 1,
        "beta": 2,
        "b": 2,
        "rc": 3,
        "": 4,
        "stable": 4,
        "patch": 5,
        "pl": 5,
        "p": 5,
    },
    release=4,
)
# Gem::Version: any letter makes a prerelease; words compare by text and pad with 0.
_RUBYGEMS = _Qualifiers({}, release=-1)

_TOKEN = re.compile(r"\d+|[a-zA-Z]+")
_Token = int | str


def _tokens(version: str, *, strip_v: bool) -> list[_Token]:
    text = version.strip()
    if strip_v and text[:1] in "vV" and text[1:2].isdigit():
        text = text[1:]
    found = _TOKEN.findall(text)
    if not found or not text[:1].isalnum():
        raise ValueError(f"not a version: {version!r}")
    tokens = [int(t) if t.isdigit() else t.lower() for t in found]
    # Zeros that end a numeric run carry no order (RubyGems' canonical segments, composer's
    # 1.0 == 1.0.0.0): drop them before a word and at the end; keep them before a number.
    out: list[_Token] = []
    zeros = 0
    for tok in tokens:
        if tok == 0:
            zeros += 1
            continue
        if isinstance(tok, int):
            out.extend([0] * zeros)
        zeros = 0
        out.append(tok)
    return out or [0]


def _compare_tokens(a: Sequence[_Token], b: Sequence[_Token], q: _Qualifiers) -> int:
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        c = _compare_token(x, y, q)
        if c:
            return c
    return 0


def _word_key(word: str, q: _Qualifiers) -> tuple[int, str]:
    if word in q.ranks:
        return q.ranks[word], ""
    return max(q.ranks.values(), default=0) + 1, word


def _compare_token(x: _Token | None, y: _Token | None, q: _Qualifiers) -> int:
    if x is None and y is None:
        return 0
    if x is None or y is None:
        # A missing token is 0 against a number and "stable" against a word (composer:
        # 1.0-beta < 1.0 < 1.0-p1); RubyGems pads with 0 everywhere (1.0.a < 1.0).
        other = y if x is None else x
        assert other is not None
        if isinstance(other, int):
            pad: _Token = 0
        elif q.release < 0:
            pad = 0
        else:
            pad = ""
        return _compare_token(pad, y, q) if x is None else _compare_token(x, pad, q)
    if isinstance(x, int) and isinstance(y, int):
        return (x > y) - (x < y)
    if isinstance(x, int):
        return 1  # a number outranks any word: 1.0.1 > 1.0-p1, 1.0 > 1.0.a
    if isinstance(y, int):
        return -1
    kx, ky = _word_key(x, q), _word_key(y, q)
    return (kx > ky) - (kx < ky)


@dataclass(frozen=True)
class _TokenVersion:
    """A tokenised version ordered by one ecosystem's qualifier table."""

    tokens: tuple[_Token, ...]
    qualifiers: _Qualifiers

    def __lt__(self, other: _TokenVersion) -> bool:
        return _compare_tokens(self.tokens, other.tokens, self.qualifiers) < 0


def _token_key(q: _Qualifiers, *, strip_v: bool) -> KeyFunc:
    def key(version: str) -> _Comparable:
        return _TokenVersion(tuple(_tokens(version, strip_v=strip_v)), q)

    return key


def _cached(key: KeyFunc) -> KeyFunc:
    # A lookup compares one version with many range bounds that recur across records and
    # lookups (0.0.0-0, 1.0.0, ...); parsing each string once keeps a 5,000-component match fast.
    return functools.lru_cache(maxsize=1 << 16)(key)


_SEMVER_CACHED = _cached(semver_key)
_ECOSYSTEM_KEYS: dict[str, KeyFunc] = {
    "pypi": _cached(pep440_key),
    "npm": _SEMVER_CACHED,
    "go": _SEMVER_CACHED,
    "crates.io": _SEMVER_CACHED,
    "maven": _cached(MavenVersion),
    "packagist": _cached(_token_key(_COMPOSER, strip_v=True)),
    "rubygems": _cached(_token_key(_RUBYGEMS, strip_v=False)),
    # "Debian:12", "Ubuntu:22.04:LTS": the part before the first colon picks dpkg's order.
    "debian": _cached(DebianVersion),
    "ubuntu": _cached(DebianVersion),
    "alpine": _cached(alpine_key),
    # "Rocky Linux:9", "AlmaLinux:8", "Red Hat:enterprise_linux:9::appstream": rpm's EVR order.
    "rocky linux": _cached(RpmVersion),
    "almalinux": _cached(RpmVersion),
    "red hat": _cached(RpmVersion),
}


def key_for(ecosystem: str, range_type: str) -> KeyFunc | None:
    """The ordering for a range, or None when it cannot be evaluated (GIT, unknown ecosystem)."""
    if range_type == "SEMVER":
        return _SEMVER_CACHED
    if range_type != "ECOSYSTEM":
        return None
    # "Debian:12", "Alpine:v3.19": the part before the colon picks the ordering.
    return _ECOSYSTEM_KEYS.get(ecosystem.split(":", 1)[0].lower())


@dataclass(frozen=True)
class Event:
    """One OSV range event: kind is introduced, fixed, last_affected or limit."""

    kind: str
    version: str


@dataclass(frozen=True)
class Range:
    """One OSV range: its type (SEMVER, ECOSYSTEM, GIT) and its events in file order."""

    type: str
    events: tuple[Event, ...]
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Ranges key the cache of compiled ranges, hashed on every evaluation: hash once.
        object.__setattr__(self, "_hash", hash((self.type, self.events)))

    def __hash__(self) -> int:
        return self._hash


def in_range(version: str, rng: Range, ecosystem: str) -> bool:
    """Whether ``version`` lies in ``rng`` by OSV's evaluation; False when it cannot tell."""
    compiled = _compiled(rng, ecosystem)
    if compiled is None:
        return False
    key, limits, steps = compiled
    try:
        v = key(version)
    except ValueError:
        return False  # a version the ecosystem cannot order is judged by versions lists only
    if limits and not any(v < lim for lim in limits):
        return False
    vulnerable = False
    for kind, k in steps:
        if kind == "introduced":
            if k is None or not v < k:
                vulnerable = True
        elif kind == "fixed":
            if k is not None and not v < k:
                vulnerable = False
        elif kind == "last_affected" and k is not None and k < v:
            vulnerable = False
    return vulnerable


_Step = tuple[str, "_Comparable | None"]


@functools.lru_cache(maxsize=1 << 16)
def _compiled(
    rng: Range, ecosystem: str
) -> tuple[KeyFunc, tuple[_Comparable, ...], tuple[_Step, ...]] | None:
    """A range made ready to evaluate: its ordering, its limits and its other events sorted.

    Ranges recur across the versions of one package and the lookups of one scan; sorting
    their events once keeps a 5,000-component match within a second.
    """
    key = key_for(ecosystem, rng.type)
    if key is None:
        return None
    try:
        keyed = [(_event_key(e, key), e) for e in rng.events]
    except ValueError:
        return None  # an event the ecosystem cannot order: versions lists decide instead
    limits = tuple(k for k, e in keyed if e.kind == "limit" and k is not None)
    ordered = sorted(
        ((k, e) for k, e in keyed if e.kind != "limit"), key=functools.cmp_to_key(_by_version)
    )
    return key, limits, tuple((e.kind, k) for k, e in ordered)


def _event_key(event: Event, key: KeyFunc) -> _Comparable | None:
    """None stands for ``introduced: "0"``, below every version."""
    if event.kind == "introduced" and event.version == "0":
        return None
    return key(event.version)


def _by_version(a: tuple[_Comparable | None, Event], b: tuple[_Comparable | None, Event]) -> int:
    ka, kb = a[0], b[0]
    if ka is None or kb is None:
        return (kb is None) - (ka is None)
    return (kb < ka) - (ka < kb)


def is_affected(
    version: str, ecosystem: str, ranges: Sequence[Range], versions: Sequence[str]
) -> bool:
    """Whether ``version`` is affected by one OSV ``affected`` entry (its ranges and versions)."""
    if version in versions or any(in_range(version, rng, ecosystem) for rng in ranges):
        return True
    key = _ECOSYSTEM_KEYS.get(ecosystem.split(":", 1)[0].lower())
    if key is None or not versions:
        return False
    # "1.0" and "1.0.0" are one PyPI version; compare as the ecosystem does, not as text.
    try:
        v = key(version)
    except ValueError:
        return False
    for listed in versions:
        try:
            k = key(listed)
        except ValueError:
            continue
        if not v < k and not k < v:
            return True
    return False
