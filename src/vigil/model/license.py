"""Which licences a product may ship: the ``licenses:`` section of a gate policy file."""

from __future__ import annotations

from vigil.model._value import value
from vigil.model.finding import Severity


@value
class LicensePolicy:
    """Licence rules for third-party packages.

    ``deny`` and ``allow`` hold SPDX ids or ``fnmatch`` globs (``AGPL-*``, ``GPL-3.0*``),
    compared case-insensitively. A licence is refused when it matches ``deny``, or when
    ``allow`` is not empty and it matches none of ``allow``; a refused licence is a finding of
    ``severity``. ``unknown`` is the severity of a package whose licence is missing or not
    SPDX (None: no finding).
    """

    deny: tuple[str, ...] = ("AGPL-*", "SSPL-*")
    allow: tuple[str, ...] = ()
    unknown: Severity | None = Severity.LOW
    severity: Severity = Severity.HIGH


#: Words a licence field holds when it names no licence (SPDX's ``NOASSERTION``, ``NONE``).
NO_ASSERTION = frozenset({"NOASSERTION", "NONE", "UNKNOWN"})

#: Applied by ``vigil scan`` when no policy gives a ``licenses:`` section.
DEFAULT_LICENSE_POLICY = LicensePolicy()
