"""What every JavaScript reader must find in the sample project of tests/data/lockfiles/npm,
yarn, pnpm and node_modules: one package.json (debug 2.6.9, ms 2.1.3, a scoped package, an
alias ``my-ms`` → ms 2.1.2, the optional is-number 7.0.0 and the dev dependency is-odd 3.0.1)
installed or locked by each real tool. Each row: purl, direct, dev, path."""

from __future__ import annotations

from collections.abc import Iterable

from vigil.model import Dependency

Row = tuple[str, bool | None, bool, tuple[str, ...]]

EXPECTED: set[Row] = {
    ("pkg:npm/%40babel/helper-validator-identifier@7.24.7", True, False, ()),
    ("pkg:npm/debug@2.6.9", True, False, ()),
    ("pkg:npm/ms@2.0.0", False, False, ("debug@2.6.9", "ms@2.0.0")),
    ("pkg:npm/ms@2.1.3", True, False, ()),
    ("pkg:npm/ms@2.1.2", True, False, ()),  # the alias my-ms, under its real name
    ("pkg:npm/is-number@7.0.0", True, False, ()),  # optional, still a run-time dependency
    ("pkg:npm/is-odd@3.0.1", True, True, ()),
    ("pkg:npm/is-number@6.0.0", False, True, ("is-odd@3.0.1", "is-number@6.0.0")),
}


def rows(deps: Iterable[Dependency]) -> list[Row]:
    """The dependencies as comparable rows, after checking the fields every row shares."""
    out: list[Row] = []
    for dep in deps:
        assert dep.ecosystem == "npm"
        assert dep.purl == f"pkg:npm/{dep.name.replace('@', '%40')}@{dep.version}"
        out.append((dep.purl, dep.direct, dep.dev, dep.path))
    return out
