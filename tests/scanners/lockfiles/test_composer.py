"""ComposerLockReader on a real composer.lock + composer.json pair (coarnotifyphp)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.composer import ComposerLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
PROJECT = DATA / "composer" / "coarnotifyphp"


def _read(path: Path, root: Path = DATA) -> dict[str, Dependency]:
    return {d.name: d for d in ComposerLockReader().read(path, root)}


def test_packages_and_packages_dev() -> None:
    deps = _read(PROJECT / "composer.lock")
    assert len(deps) == 53
    assert len([d for d in deps.values() if not d.dev]) == 15
    assert {n for n, d in deps.items() if d.direct} == {
        "ramsey/uuid",
        "doctrine/annotations",
        "guzzlehttp/guzzle",
        "phpunit/phpunit",
        "slim/slim",
        "slim/psr7",
        "monolog/monolog",
    }
    assert {n for n, d in deps.items() if d.direct and d.dev} == {
        "phpunit/phpunit",
        "slim/slim",
        "slim/psr7",
        "monolog/monolog",
    }


def test_exact_values_paths_and_v_prefix() -> None:
    deps = _read(PROJECT / "composer.lock")
    assert deps["symfony/deprecation-contracts"] == Dependency(
        ecosystem="composer",
        name="symfony/deprecation-contracts",
        version="3.5.1",  # locked as "v3.5.1"
        purl="pkg:composer/symfony/deprecation-contracts@3.5.1",
        source="composer/coarnotifyphp/composer.lock",
        direct=False,
        dev=False,
        path=("guzzlehttp/guzzle@7.9.2", "symfony/deprecation-contracts@3.5.1"),
        license="MIT",
    )
    # slim/slim (dev) also needs psr/http-factory: a run-time package's path avoids dev tools.
    assert deps["psr/http-factory"].path == (
        "guzzlehttp/guzzle@7.9.2",
        "guzzlehttp/psr7@2.7.0",
        "psr/http-factory@1.1.0",
    )
    assert deps["sebastian/object-reflector"].path == (
        "phpunit/phpunit@9.6.22",
        "sebastian/global-state@5.0.7",
        "sebastian/object-reflector@2.0.4",
    )
    assert deps["ramsey/uuid"].path == ()


def test_without_composer_json_direct_is_unknown(tmp_path: Path) -> None:
    shutil.copy(PROJECT / "composer.lock", tmp_path)
    deps = _read(tmp_path / "composer.lock", tmp_path)
    assert len(deps) == 53
    assert {d.direct for d in deps.values()} == {None}
    assert {d.path for d in deps.values()} == {()}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"packages": [{"name": "a/b"', "not readable JSON"),
        ('{"name": "a/b", "require": {}}', "no 'packages' list"),
        ('{"packages": [{"name": "a/b"}]}', "without name and version"),
        ('{"packages": [{"name": "a/b", "version": "1.0", "require": []}]}', "not an object"),
    ],
)
def test_bad_input_is_a_scan_error(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "composer.lock").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(ComposerLockReader().read(tmp_path / "composer.lock", tmp_path))


def test_truncated_real_file_is_a_scan_error(tmp_path: Path) -> None:
    (tmp_path / "composer.lock").write_bytes((PROJECT / "composer.lock").read_bytes()[:20000])
    with pytest.raises(ScanError, match="not readable JSON"):
        list(ComposerLockReader().read(tmp_path / "composer.lock", tmp_path))


def test_malformed_composer_json_is_a_scan_error(tmp_path: Path) -> None:
    shutil.copy(PROJECT / "composer.lock", tmp_path)
    (tmp_path / "composer.json").write_text('{"require": ["guzzlehttp/guzzle"]}')
    with pytest.raises(ScanError, match=r"composer\.json: 'require' is not an object"):
        list(ComposerLockReader().read(tmp_path / "composer.lock", tmp_path))


def test_licences_from_each_locked_package() -> None:
    deps = _read(PROJECT / "composer.lock")
    licences = [d.license for d in deps.values()]
    assert (licences.count("BSD-3-Clause"), licences.count("MIT"), len(licences)) == (27, 26, 53)
    assert deps["ramsey/uuid"].license == "MIT"
    assert deps["doctrine/annotations"].license == "MIT"
