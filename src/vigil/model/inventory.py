"""What a project or image is made of: the third-party packages found in its manifests,
lockfiles and installed trees (the input of supply-chain scanning)."""

from __future__ import annotations

from vigil.model._value import value


@value
class Dependency:
    """One package, as one file declares or installs it.

    ``ecosystem`` is the purl type (pypi, npm, golang, cargo, maven, gem, composer…); ``name``
    is spelled as the ecosystem does (npm ``@scope/name``, Maven ``group:artifact``, Go module
    path); ``version`` is the exact resolved version, or "" when the file only declares a
    range. ``source`` is the file, relative to the scanned root. ``direct`` is None when the
    file cannot tell. ``path`` is the chain of ``name@version`` that pulled it in, from a
    direct dependency down to this one (empty for a direct one or when unknown).
    """

    ecosystem: str
    name: str
    version: str
    purl: str
    source: str
    direct: bool | None = None
    dev: bool = False
    path: tuple[str, ...] = ()
    license: str | None = None
