"""NpmLockReader on real lockfiles written by npm 11.19: v1, v2, v3, npm-shrinkwrap.json and
express 4.21.2's 72-package tree; and on malformed, truncated and future files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scanners.lockfiles.js_sample import EXPECTED, rows
from vigil.errors import ScanError
from vigil.scanners.lockfiles.npm_lock import NpmLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
NPM = DATA / "npm"


@pytest.mark.parametrize(
    "lockfile",
    [
        "v1/package-lock.json",
        "v2/package-lock.json",
        "v3/package-lock.json",
        "shrinkwrap/npm-shrinkwrap.json",
    ],
)
def test_every_lockfile_version_gives_the_same_inventory(lockfile: str) -> None:
    deps = list(NpmLockReader().read(NPM / lockfile, DATA))
    found = rows(deps)
    assert len(found) == len(EXPECTED)
    assert set(found) == EXPECTED
    assert {d.source for d in deps} == {f"npm/{lockfile}"}


def test_v1_without_package_json_cannot_tell_direct(tmp_path: Path) -> None:
    lock = tmp_path / "package-lock.json"
    lock.write_bytes((NPM / "v1" / "package-lock.json").read_bytes())
    deps = {(d.name, d.version): d for d in NpmLockReader().read(lock, tmp_path)}
    assert len(deps) == 8
    assert {d.direct for d in deps.values()} == {None}
    assert {d.path for d in deps.values()} == {()}
    # the lockfile's own dev flags still count
    assert {k for k, d in deps.items() if d.dev} == {("is-odd", "3.0.1"), ("is-number", "6.0.0")}


def test_hoisted_transitive_dependencies_get_the_shortest_path() -> None:
    deps = list(NpmLockReader().read(NPM / "express" / "package-lock.json", DATA))
    assert len(deps) == 72  # 73 entries, one of them the project itself
    by_key = {f"{d.name}@{d.version}": d for d in deps}
    assert [k for k, d in by_key.items() if d.direct] == ["express@4.21.2"]
    assert by_key["mime-db@1.52.0"].path == (
        "express@4.21.2",
        "accepts@1.3.8",
        "mime-types@2.1.35",
        "mime-db@1.52.0",
    )
    # two versions of ms: the hoisted one for debug, send's own nested one
    assert by_key["ms@2.0.0"].path == ("express@4.21.2", "debug@2.6.9", "ms@2.0.0")
    assert by_key["ms@2.1.3"].path == ("express@4.21.2", "send@0.19.0", "ms@2.1.3")
    assert not any(d.dev for d in deps)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"lockfileVersion": 3, "packages": {"": {}', "not valid JSON"),
        (b'{"lockfileVersion": 4, "packages": {}}', "lockfileVersion 4 is not one"),
        (b'{"name": "x", "dependencies": {}}', "no lockfileVersion"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"lockfileVersion": 2}', "without a packages map"),
        (b'{"lockfileVersion": 1, "dependencies": {"a": 1}}', "entry is not an object"),
        (
            b'{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": 1}}}',
            "version is not a string",
        ),
    ],
)
def test_bad_files_are_scan_errors(tmp_path: Path, content: bytes, problem: str) -> None:
    lock = tmp_path / "package-lock.json"
    lock.write_bytes(content)
    with pytest.raises(ScanError, match=problem) as caught:
        list(NpmLockReader().read(lock, tmp_path))
    assert caught.value.source == str(lock)


def test_truncated_real_lockfile_is_a_scan_error(tmp_path: Path) -> None:
    lock = tmp_path / "package-lock.json"
    lock.write_bytes((NPM / "v3" / "package-lock.json").read_bytes()[:1500])
    with pytest.raises(ScanError, match="not valid JSON"):
        list(NpmLockReader().read(lock, tmp_path))


def test_local_and_linked_packages_are_the_projects_own_code(tmp_path: Path) -> None:
    lock = tmp_path / "package-lock.json"
    lock.write_text(
        '{"lockfileVersion": 3, "packages": {'
        '"": {"workspaces": ["packages/a"], "dependencies": {"a": "*", "b": "file:b"}},'
        '"packages/a": {"version": "1.0.0", "dependencies": {"ms": "2.1.3"}},'
        '"node_modules/a": {"resolved": "packages/a", "link": true},'
        '"node_modules/ms": {"version": "2.1.3"}}}'
    )
    deps = list(NpmLockReader().read(lock, tmp_path))
    # a workspace's own dependencies are direct ones of the project
    assert [(d.name, d.version, d.direct) for d in deps] == [("ms", "2.1.3", True)]


def test_licenses_come_from_v2_and_v3_entries() -> None:
    deps = list(NpmLockReader().read(NPM / "express" / "package-lock.json", DATA))
    assert {d.name: d.license for d in deps if d.license != "MIT"} == {
        "inherits": "ISC",
        "qs": "BSD-3-Clause",
        "setprototypeof": "ISC",
    }
    assert sum(d.license == "MIT" for d in deps) == 69
    # lockfile v1 does not record licenses
    assert {d.license for d in NpmLockReader().read(NPM / "v1" / "package-lock.json", DATA)} == {
        None
    }
