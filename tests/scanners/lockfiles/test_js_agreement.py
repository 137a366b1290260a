"""The four JavaScript lockfile formats, written by npm 11.19, yarn 1.22, yarn 4.18, pnpm 8.15
and pnpm 9.15 for the same project (express 4.21.2 and nothing else), give the same 72
packages with the same direct and dev flags; classic yarn's multi-spec entries
(``content-type@~1.0.4, content-type@~1.0.5``) and hoisting do not change the result. And
npm, yarn 1, yarn 4 and pnpm 9 agree on a real workspace project."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.interface import DependencyReader
from vigil.scanners.lockfiles.npm_lock import NpmLockReader
from vigil.scanners.lockfiles.pnpm import PnpmLockReader
from vigil.scanners.lockfiles.registry import all_readers
from vigil.scanners.lockfiles.yarn import YarnLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"


def _inventory(reader: DependencyReader, lockfile: str) -> set[tuple[str, str, bool | None, bool]]:
    return {(d.name, d.version, d.direct, d.dev) for d in reader.read(DATA / lockfile, DATA)}


@pytest.mark.parametrize(
    ("reader", "lockfile"),
    [
        (YarnLockReader(), "yarn/express-v1/yarn.lock"),
        (YarnLockReader(), "yarn/express-berry/yarn.lock"),
        (PnpmLockReader(), "pnpm/express-pnpm8/pnpm-lock.yaml"),
        (PnpmLockReader(), "pnpm/express-pnpm9/pnpm-lock.yaml"),
    ],
)
def test_every_tool_agrees_with_npm(reader: DependencyReader, lockfile: str) -> None:
    npm = _inventory(NpmLockReader(), "npm/express/package-lock.json")
    assert len(npm) == 72
    assert _inventory(reader, lockfile) == npm
    paths = {d.name: d.path for d in reader.read(DATA / lockfile, DATA)}
    assert paths["mime-db"] == (
        "express@4.21.2",
        "accepts@1.3.8",
        "mime-types@2.1.35",
        "mime-db@1.52.0",
    )


WORKSPACE = {
    # (name, version, direct, dev, path)
    ("debug", "2.6.9", True, False, ()),  # packages/app
    ("ms", "2.0.0", False, False, ("debug@2.6.9", "ms@2.0.0")),
    ("ms", "2.1.3", True, False, ()),  # packages/lib
    ("is-number", "7.0.0", True, True, ()),  # packages/app's dev dependency
    ("is-odd", "3.0.1", True, True, ()),  # the root's dev dependency
    ("is-number", "6.0.0", False, True, ("is-odd@3.0.1", "is-number@6.0.0")),
}


@pytest.mark.parametrize(
    ("reader", "lockfile"),
    [
        (NpmLockReader(), "npm/workspaces/package-lock.json"),
        (YarnLockReader(), "yarn/workspaces-v1/yarn.lock"),
        (YarnLockReader(), "yarn/workspaces-berry/yarn.lock"),
        (PnpmLockReader(), "pnpm/workspaces-pnpm9/pnpm-lock.yaml"),
    ],
)
def test_workspaces_dependencies_are_direct(reader: DependencyReader, lockfile: str) -> None:
    # a root with one dev dependency and two workspaces, app depending on lib: the workspaces
    # are the project's own code, so neither is reported, and what they need is direct
    deps = list(reader.read(DATA / lockfile, DATA))
    assert len(deps) == len(WORKSPACE)
    assert {(d.name, d.version, d.direct, d.dev, d.path) for d in deps} == WORKSPACE


def test_discovery_finds_and_reads_every_javascript_sample() -> None:
    readers = all_readers()
    found: dict[str, list[str]] = {}
    for folder in ("npm", "yarn", "pnpm", "node_modules"):
        inventory = take_inventory(DATA / folder, Discovery(readers))
        assert inventory.errors == []
        found[folder] = inventory.files
        # reading twice gives equal values
        again = take_inventory(DATA / folder, Discovery(readers))
        assert again.dependencies == inventory.dependencies
    assert len(found["npm"]) == 6
    assert len(found["yarn"]) == 8
    assert len(found["pnpm"]) == 6
    assert found["node_modules"] == ["project/node_modules"]  # claimed, not descended into
