"""Licence strings as package metadata spells them, turned into SPDX expressions when the
meaning is unambiguous.

Manifests say ``MIT``, ``mit``, ``MIT License``, ``Apache License, Version 2.0`` or a Trove
classifier; a licence policy can only compare SPDX ids. A string that is already a valid SPDX
expression comes back in the SPDX list's spelling; a well-known name maps to its id; anything
else (``BSD License``, which does not say which BSD, or a pasted paragraph) is kept as written
so a person can still read it, and the licence scanner calls it unknown.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Names seen in npm, PyPI (License and Trove classifiers), Composer and Maven metadata that
# denote exactly one SPDX licence. Keys are lower-case with spaces collapsed.
_KNOWN_NAMES = {
    "mit license": "MIT",
    "the mit license": "MIT",
    "mit license (mit)": "MIT",
    "the mit license (mit)": "MIT",
    "expat": "MIT",
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache license version 2.0": "Apache-2.0",
    "the apache license, version 2.0": "Apache-2.0",
    "the apache software license, version 2.0": "Apache-2.0",
    "apache software license 2.0": "Apache-2.0",
    "apache software license, version 2.0": "Apache-2.0",
    "asl 2.0": "Apache-2.0",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "new bsd license": "BSD-3-Clause",
    "modified bsd license": "BSD-3-Clause",
    "3-clause bsd license": "BSD-3-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "simplified bsd license": "BSD-2-Clause",
    "2-clause bsd license": "BSD-2-Clause",
    "isc license": "ISC",
    "isc license (iscl)": "ISC",
    "python software foundation license": "PSF-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "mozilla public license 2.0": "MPL-2.0",
    "mpl 2.0": "MPL-2.0",
    "eclipse public license 2.0": "EPL-2.0",
    "eclipse public license - v 2.0": "EPL-2.0",
    "eclipse public license 1.0": "EPL-1.0",
    "eclipse public license - v 1.0": "EPL-1.0",
    "gnu general public license v2 (gplv2)": "GPL-2.0-only",
    "gnu general public license v2 or later (gplv2+)": "GPL-2.0-or-later",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later",
    "gnu lesser general public license v2 (lgplv2)": "LGPL-2.0-only",
    "gnu lesser general public license v2 or later (lgplv2+)": "LGPL-2.0-or-later",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
    "gnu lesser general public license v3 or later (lgplv3+)": "LGPL-3.0-or-later",
    "gnu affero general public license v3": "AGPL-3.0-only",
    "gnu affero general public license v3 or later (agplv3+)": "AGPL-3.0-or-later",
    "the unlicense (unlicense)": "Unlicense",
    "the unlicense": "Unlicense",
    "cc0 1.0 universal (cc0 1.0) public domain dedication": "CC0-1.0",
    "zlib/libpng license": "Zlib",
    "boost software license 1.0 (bsl-1.0)": "BSL-1.0",
    "universal permissive license (upl)": "UPL-1.0",
}
_TROVE_PREFIX = re.compile(r"^license\s*::\s*(osi approved\s*::\s*)?", re.IGNORECASE)
_LICENCE_WORD = re.compile(r"\s+licen[cs]e$", re.IGNORECASE)
#: SPDX's "the file says nothing" words: no licence is known.
NO_ASSERTION = frozenset({"NOASSERTION", "NONE", "UNKNOWN", "UNLICENSED"})


@functools.cache
def spdx_licensing() -> Any:
    """The SPDX licence list as ``license_expression`` parses against it, built once."""
    # Loading the SPDX licence list takes ~0.1 s: only when a licence is first seen.
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@functools.lru_cache(maxsize=4096)
def normalise(text: str | None) -> str | None:
    """The SPDX expression ``text`` means, or ``text`` stripped when it is not one; None for
    nothing at all. ``NOASSERTION``-style words are kept: they say no licence is known."""
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    if text.upper() in NO_ASSERTION:
        return text.upper()
    # A classifier's "License :: OSI Approved ::" says nothing about which licence it is.
    return spdx(text) or _TROVE_PREFIX.sub("", text) or text


@functools.lru_cache(maxsize=4096)
def spdx(text: str) -> str | None:
    """The SPDX expression ``text`` unambiguously means, else None."""
    plain = _TROVE_PREFIX.sub("", " ".join(text.split()))
    # "Apache-2.0 license", "Expat license": the id followed by the word licence.
    for candidate in dict.fromkeys((plain, _LICENCE_WORD.sub("", plain))):
        known = _KNOWN_NAMES.get(candidate.lower())
        if known:
            return known
        found = _spdx_expression(candidate) if candidate else None
        if found:
            return found
    return None


def _spdx_expression(text: str) -> str | None:
    licensing = spdx_licensing()
    try:
        info = licensing.validate(text, strict=False)
    except Exception:  # the parser raises many kinds on odd text
        return None
    if info.errors or info.invalid_symbols or not info.normalized_expression:
        return None
    return str(info.normalized_expression)


def any_of(names: list[str]) -> str | None:
    """One expression for a list of licences a package offers (npm ``licenses``, Composer's
    ``license`` array): the user may pick any of them."""
    # Tools often declare one licence twice (an SPDX id and a classifier): keep it once.
    parts = list(dict.fromkeys(n for n in (normalise(name) for name in names) if n))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " OR ".join(f"({p})" if " " in p else p for p in parts)
