"""GradleLockReader on a real gradle.lockfile (JoseLion/maybe, Gradle 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.gradle import GradleLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
LOCK = DATA / "gradle" / "maybe" / "gradle.lockfile"


def _read(path: Path, root: Path = DATA) -> list[Dependency]:
    return list(GradleLockReader().read(path, root))


def test_every_locked_module() -> None:
    deps = _read(LOCK)
    assert len(deps) == 99
    assert {d.direct for d in deps} == {None}
    assert {d.path for d in deps} == {()}
    # two versions of one module, in different configurations, are two dependencies
    assert [d.version for d in deps if d.name == "org.apache.commons:commons-lang3"] == [
        "3.14.0",
        "3.8.1",
    ]


def test_test_configurations_are_dev() -> None:
    deps = {f"{d.name}@{d.version}": d for d in _read(LOCK)}
    assert deps["org.mockito:mockito-core@5.12.0"] == Dependency(
        ecosystem="maven",
        name="org.mockito:mockito-core",
        version="5.12.0",
        purl="pkg:maven/org.mockito/mockito-core@5.12.0",
        source="gradle/maybe/gradle.lockfile",
        dev=True,  # =testCompileClasspath,testRuntimeClasspath
    )
    # =checkstyle,compileClasspath: on the compile classpath, so not dev
    assert deps["com.google.code.findbugs:jsr305@3.0.2"].dev is False
    # java17TestCompileClasspath and the like are test configurations too
    assert deps["org.assertj:assertj-core@3.26.3"].dev is True
    assert deps["org.eclipse.jdt:org.eclipse.jdt.annotation@2.2.700"].dev is False
    assert len([d for d in deps.values() if d.dev]) == 15


def test_legacy_per_configuration_lockfile(tmp_path: Path) -> None:
    locks = tmp_path / "gradle" / "dependency-locks"
    locks.mkdir(parents=True)
    (locks / "testRuntimeClasspath.lockfile").write_text("# comment\norg.junit:junit:4.13.2\n")
    (locks / "runtimeClasspath.lockfile").write_text("com.google.guava:guava:31.1-jre\n")
    assert [(d.name, d.dev) for d in _read(locks / "testRuntimeClasspath.lockfile", tmp_path)] == [
        ("org.junit:junit", True)
    ]
    [guava] = _read(locks / "runtimeClasspath.lockfile", tmp_path)
    assert (guava.dev, guava.source) == (False, "gradle/dependency-locks/runtimeClasspath.lockfile")


@pytest.mark.parametrize(
    "text", ["org.junit:junit=testCompileClasspath\n", "<html>\n", "a:b:c:d=x\n"]
)
def test_bad_line_is_a_scan_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "gradle.lockfile").write_text(text)
    with pytest.raises(ScanError, match="line 1"):
        _read(tmp_path / "gradle.lockfile", tmp_path)


def test_not_utf8_is_a_scan_error(tmp_path: Path) -> None:
    (tmp_path / "gradle.lockfile").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ScanError, match="not readable"):
        _read(tmp_path / "gradle.lockfile", tmp_path)
