"""YarnLockReader on real yarn.lock files written by yarn 1.22 (v1) and yarn 4.18 (Berry,
__metadata.version 10), and on malformed, truncated and future files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.scanners.lockfiles.js_sample import EXPECTED, rows
from vigil.errors import ScanError
from vigil.scanners.lockfiles.yarn import YarnLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
YARN = DATA / "yarn"


@pytest.mark.parametrize("flavour", ["v1", "berry"])
def test_real_lockfiles_with_package_json(flavour: str) -> None:
    deps = list(YarnLockReader().read(YARN / flavour / "yarn.lock", DATA))
    found = rows(deps)
    assert len(found) == len(EXPECTED)
    assert set(found) == EXPECTED
    assert {d.source for d in deps} == {f"yarn/{flavour}/yarn.lock"}


def test_classic_without_package_json_cannot_tell_direct(tmp_path: Path) -> None:
    shutil.copy(YARN / "v1" / "yarn.lock", tmp_path)
    deps = list(YarnLockReader().read(tmp_path / "yarn.lock", tmp_path))
    assert len(deps) == 8
    assert {(d.direct, d.dev, d.path) for d in deps} == {(None, False, ())}


def test_berry_without_package_json_uses_the_root_workspace(tmp_path: Path) -> None:
    shutil.copy(YARN / "berry" / "yarn.lock", tmp_path)
    deps = {
        f"{d.name}@{d.version}": d for d in YarnLockReader().read(tmp_path / "yarn.lock", tmp_path)
    }
    assert "vigil-js-sample@0.0.0-use.local" not in deps
    assert {k for k, d in deps.items() if d.direct} == {
        "@babel/helper-validator-identifier@7.24.7",
        "debug@2.6.9",
        "is-number@7.0.0",
        "is-odd@3.0.1",
        "ms@2.1.3",
        "ms@2.1.2",
    }
    assert deps["is-number@6.0.0"].path == ("is-odd@3.0.1", "is-number@6.0.0")
    assert not any(d.dev for d in deps.values())  # the workspace entry does not say


def test_classic_multi_spec_entries_and_scoped_names(tmp_path: Path) -> None:
    (tmp_path / "yarn.lock").write_text(
        "# yarn lockfile v1\n\n\n"
        '"@scope/a@^1.0.0", "@scope/a@^1.2.0":\n'
        '  version "1.2.3"\n'
        "  dependencies:\n"
        '    "@scope/b" "~2"\n\n'
        '"@scope/b@~2":\n'
        '  version "2.0.1"\n'
    )
    (tmp_path / "package.json").write_text('{"dependencies": {"@scope/a": "^1.2.0"}}')
    deps = {d.name: d for d in YarnLockReader().read(tmp_path / "yarn.lock", tmp_path)}
    assert deps["@scope/a"].direct is True
    assert deps["@scope/b"].path == ("@scope/a@1.2.3", "@scope/b@2.0.1")
    assert deps["@scope/b"].purl == "pkg:npm/%40scope/b@2.0.1"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("__metadata:\n  version: 11\n", "__metadata.version 11 is not one"),
        ('__metadata:\n  version: 8\n"a@npm:1": [unclosed\n', "not valid YAML"),
        ('__metadata:\n  version: 8\n"a@npm:1":\n  version: 1.0.0\n', "has no resolution"),
        ("# yarn lockfile v1\n\nms@2.1.3:\n", "has no version"),
        ('# yarn lockfile v1\n\nms@2.1.3:\n      version "2.1.3"\n', "not yarn.lock v1 syntax"),
        ('# yarn lockfile v1\n\n"ms@2.1.3:\n  version "2.1.3"\n', "not yarn.lock v1 syntax"),
    ],
)
def test_bad_files_are_scan_errors(tmp_path: Path, content: str, problem: str) -> None:
    lock = tmp_path / "yarn.lock"
    lock.write_text(content)
    with pytest.raises(ScanError, match=problem) as caught:
        list(YarnLockReader().read(lock, tmp_path))
    assert caught.value.source == str(lock)


def test_truncated_real_classic_lockfile_is_a_scan_error(tmp_path: Path) -> None:
    text = (YARN / "v1" / "yarn.lock").read_text()
    cut = text.index("is-odd@3.0.1:") + len("is-odd@3.0.1:\n")
    (tmp_path / "yarn.lock").write_text(text[:cut])
    with pytest.raises(ScanError, match=re.escape("'is-odd@3.0.1' has no version")):
        list(YarnLockReader().read(tmp_path / "yarn.lock", tmp_path))


def test_berry_builtin_patches_are_the_package_they_patch() -> None:
    # yarn 4 patches resolve and typescript itself: each has an npm entry and a patch entry
    deps = list(YarnLockReader().read(YARN / "berry-patch" / "yarn.lock", DATA))
    assert sorted((d.name, d.version, d.direct, d.dev) for d in deps) == [
        ("function-bind", "1.1.2", False, False),
        ("hasown", "2.0.4", False, False),
        ("is-core-module", "2.18.0", False, False),
        ("path-parse", "1.0.7", False, False),
        ("resolve", "1.22.8", True, False),
        ("supports-preserve-symlinks-flag", "1.0.0", False, False),
        ("typescript", "5.4.5", True, True),
    ]
    by_name = {d.name: d for d in deps}
    assert by_name["function-bind"].path == (
        "resolve@1.22.8",
        "is-core-module@2.18.0",
        "hasown@2.0.4",
        "function-bind@1.1.2",
    )


def test_berry_builtin_patches_of_a_range_are_the_package_they_patch() -> None:
    """Found scanning 0xBigBoss/yarn-workspaces-demo: with a range (``typescript@^5.4.3``),
    the patch entry resolves to ``npm%3A5.9.3``, no spec of the lockfile; it was reported as
    a second, production copy of the dev-only typescript."""
    folder = YARN / "berry-patch-range"
    deps = list(YarnLockReader().read(folder / "yarn.lock", DATA))
    assert sorted((d.name, d.version, d.direct, d.dev) for d in deps) == [
        ("es-errors", "1.3.0", False, False),
        ("function-bind", "1.1.2", False, False),
        ("hasown", "2.0.4", False, False),
        ("is-core-module", "2.18.0", False, False),
        ("path-parse", "1.0.7", False, False),
        ("resolve", "1.22.14", True, False),
        ("supports-preserve-symlinks-flag", "1.0.0", False, False),
        ("typescript", "5.9.3", True, True),
    ]
