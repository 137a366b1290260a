"""Every scanner ``vigil scan`` can run. Adding one is a module and a line in ``SCANNERS``;
third-party scanners register through the ``vigil.scanners`` entry-point group.

Scanner modules are imported only when a scan runs, so ``vigil --help`` stays fast.
"""

from __future__ import annotations

import functools
from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # the CLI reads SCANNERS for its help text; the rest loads on a scan
    from vigil.scanners.interface import Scanner

#: id -> "module:Class", in the order their summaries are printed.
SCANNERS: dict[str, str] = {
    "sca": "vigil.scanners.sca:DependencyScanner",
    "secrets": "vigil.scanners.secrets.scanner:SecretsScanner",
    "sast": "vigil.scanners.sast.scanner:PythonSastScanner",
    "bandit": "vigil.scanners.engines.bandit:BanditScanner",
    "semgrep": "vigil.scanners.engines.semgrep:SemgrepScanner",
    "license": "vigil.scanners.licenses:LicenseScanner",
    "container": "vigil.scanners.container.scanner:ImageScanner",
    "iac": "vigil.scanners.iac.scanner:IacScanner",
    "checkov": "vigil.scanners.iac.checkov:CheckovScanner",
}


@functools.cache
def all_scanners() -> tuple[type[Scanner], ...]:
    """Built-in scanners followed by those from the ``vigil.scanners`` entry points."""
    from vigil.plugins import with_plugins

    builtin = []
    for target in SCANNERS.values():
        module, name = target.split(":")
        builtin.append(cast("type[Scanner]", getattr(import_module(module), name)))
    return with_plugins(builtin, "vigil.scanners", "scanners")


def by_id(scanner_id: str) -> type[Scanner]:
    """The scanner whose id is ``scanner_id``."""
    from vigil.plugins import find

    return find(all_scanners(), scanner_id, "scanner")
