"""PnpmLockReader on real pnpm-lock.yaml files written by pnpm 7.33 (lockfileVersion 5.4),
8.15 (6.0) and 9.15 (9.0), and on malformed, truncated and future files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scanners.lockfiles.js_sample import EXPECTED, rows
from vigil.errors import ScanError
from vigil.scanners.lockfiles.pnpm import PnpmLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
PNPM = DATA / "pnpm"


@pytest.mark.parametrize("tool", ["pnpm7", "pnpm8", "pnpm9"])
def test_every_lockfile_version_gives_the_same_inventory(tool: str) -> None:
    deps = list(PnpmLockReader().read(PNPM / tool / "pnpm-lock.yaml", DATA))
    found = rows(deps)
    assert len(found) == len(EXPECTED)
    assert set(found) == EXPECTED
    assert {d.source for d in deps} == {f"pnpm/{tool}/pnpm-lock.yaml"}


def test_workspace_importers_and_peer_suffixes(tmp_path: Path) -> None:
    (tmp_path / "pnpm-lock.yaml").write_text(
        "lockfileVersion: '9.0'\n"
        "importers:\n"
        "  .:\n"
        "    devDependencies:\n"
        "      react-dom: {specifier: ^18, version: 18.3.1(react@18.3.1)}\n"
        "  packages/app:\n"
        "    dependencies:\n"
        "      react: {specifier: ^18, version: 18.3.1}\n"
        "      lib: {specifier: 'workspace:*', version: link:../lib}\n"
        "packages:\n"
        "  react@18.3.1: {}\n"
        "  react-dom@18.3.1: {}\n"
        "snapshots:\n"
        "  react@18.3.1: {}\n"
        "  react-dom@18.3.1(react@18.3.1):\n"
        "    dependencies:\n"
        "      react: 18.3.1\n"
    )
    deps = {d.name: d for d in PnpmLockReader().read(tmp_path / "pnpm-lock.yaml", tmp_path)}
    assert set(deps) == {"react", "react-dom"}
    assert (deps["react"].version, deps["react"].direct, deps["react"].dev) == (
        "18.3.1",
        True,
        False,
    )
    assert (deps["react-dom"].version, deps["react-dom"].direct, deps["react-dom"].dev) == (
        "18.3.1",
        True,
        True,
    )


def test_v5_peer_suffix_is_not_part_of_the_version(tmp_path: Path) -> None:
    (tmp_path / "pnpm-lock.yaml").write_text(
        "lockfileVersion: 5.4\n"
        "dependencies:\n"
        "  '@x/plugin': 1.0.0_react@18.3.1\n"
        "packages:\n"
        "  /@x/plugin/1.0.0_react@18.3.1:\n"
        "    dependencies: {react: 18.3.1}\n"
        "  /react/18.3.1: {dev: false}\n"
    )
    deps = {d.name: d for d in PnpmLockReader().read(tmp_path / "pnpm-lock.yaml", tmp_path)}
    assert deps["@x/plugin"].purl == "pkg:npm/%40x/plugin@1.0.0"
    assert deps["react"].path == ("@x/plugin@1.0.0", "react@18.3.1")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("lockfileVersion: '10.0'\n", "lockfileVersion 10.0 is not one"),
        ("lockfileVersion: '7.0'\n", "lockfileVersion 7.0 is not one"),
        ("packages: {}\n", "no lockfileVersion"),
        ("lockfileVersion: '9.0'\nimporters: [\n", "not valid YAML"),
        ("- a\n", "not a YAML map"),
        ("lockfileVersion: '6.0'\npackages:\n  /ms: {}\n", "has no version"),
        ("lockfileVersion: 5.4\npackages:\n  /ms: {}\n", "has no version"),
        ("lockfileVersion: '9.0'\nimporters:\n  .: 3\n", "importer is not a map"),
    ],
)
def test_bad_files_are_scan_errors(tmp_path: Path, content: str, problem: str) -> None:
    lock = tmp_path / "pnpm-lock.yaml"
    lock.write_text(content)
    with pytest.raises(ScanError, match=problem) as caught:
        list(PnpmLockReader().read(lock, tmp_path))
    assert caught.value.source == str(lock)


def test_truncated_real_lockfile_is_a_scan_error(tmp_path: Path) -> None:
    text = (PNPM / "pnpm8" / "pnpm-lock.yaml").read_text()
    lock = tmp_path / "pnpm-lock.yaml"
    lock.write_text(text[: text.index("/debug@2.6.9") + 8])  # cut inside a key
    with pytest.raises(ScanError, match=r"has no version|not valid YAML"):
        list(PnpmLockReader().read(lock, tmp_path))
