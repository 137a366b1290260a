"""Alpine package version order, the common subset of apk-tools' ``apk_version_compare``.

Format: ``1.2.3[letter][_suffix[N]]...[-rN]``. Numbers compare component by component (a
version with more components is greater when the shared ones are equal), then the optional
letter, then suffixes — ``_alpha < _beta < _pre < _rc`` sort below the bare version, ``_cvs <
_svn < _git < _hg < _p`` above it — then the ``-r`` package revision. apk's rule that a later
component with a leading zero compares as a decimal fraction is not implemented (rare in
Alpine's own packages).
"""

from __future__ import annotations

import re

_VERSION = re.compile(
    r"^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:-r(\d+))?$"
)
_SUFFIX = re.compile(r"_([a-z]+)(\d*)")
_RANK = {
    "alpha": 0,
    "beta": 1,
    "pre": 2,
    "rc": 3,
    "": 4,
    "cvs": 5,
    "svn": 6,
    "git": 7,
    "hg": 8,
    "p": 9,
}
_BARE = (_RANK[""], 0)


def alpine_key(
    version: str,
) -> tuple[tuple[int, ...], str, tuple[tuple[int, int], ...], int]:
    """A sort key for an Alpine package version; ValueError when it is not one."""
    match = _VERSION.match(version.strip())
    if not match:
        raise ValueError(f"not an Alpine version: {version!r}")
    numbers, letter, suffixes, revision = match.groups()
    # The bare marker ends the suffix list, so 1.0_rc1 < 1.0 < 1.0_p1.
    ranked = tuple((_RANK[name], int(num or 0)) for name, num in _SUFFIX.findall(suffixes))
    return (
        tuple(int(n) for n in numbers.split(".")),
        letter,
        (*ranked, _BARE),
        int(revision or 0),
    )
