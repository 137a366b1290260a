"""PomReader on a real pom.xml (Apache Commons Text) and on the POM features it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.maven import PomReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
POM = DATA / "maven" / "commons-text" / "pom.xml"


def _read(path: Path, root: Path = DATA) -> dict[str, Dependency]:
    return {d.name: d for d in PomReader().read(path, root)}


def test_declared_dependencies_with_properties_resolved() -> None:
    deps = _read(POM)
    assert {n: (d.version, d.dev) for n, d in deps.items()} == {
        "org.apache.commons:commons-lang3": ("3.20.0", False),  # ${commons.lang3.version}
        # versions managed by the parent POM (commons-parent), which is not fetched
        "org.junit.jupiter:junit-jupiter": ("", True),
        "org.junit-pioneer:junit-pioneer": ("", True),
        "net.bytebuddy:byte-buddy": ("1.18.10", True),
        "net.bytebuddy:byte-buddy-agent": ("1.18.10", True),
        "commons-io:commons-io": ("2.22.0", True),
        "org.apache.commons:commons-rng-simple": ("1.7", True),
        "org.openjdk.jmh:jmh-core": ("1.37", True),
        "org.openjdk.jmh:jmh-generator-annprocess": ("1.37", True),
        "org.apache.commons:commons-csv": ("1.14.1", True),
    }
    assert deps["org.apache.commons:commons-lang3"] == Dependency(
        ecosystem="maven",
        name="org.apache.commons:commons-lang3",
        version="3.20.0",
        purl="pkg:maven/org.apache.commons/commons-lang3@3.20.0",
        source="maven/commons-text/pom.xml",
        direct=True,
    )
    assert (
        deps["org.junit.jupiter:junit-jupiter"].purl == "pkg:maven/org.junit.jupiter/junit-jupiter"
    )


MANAGED = """\
<?xml version="1.0"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>2.1.0</version></parent>
  <artifactId>child</artifactId>
  <properties>
    <jackson.major>2.17</jackson.major>
    <jackson.version>${jackson.major}.1</jackson.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
        <version>${jackson.version}</version>
      </dependency>
      <dependency>
        <groupId>org.junit</groupId><artifactId>junit-bom</artifactId><version>5.10.2</version>
        <type>pom</type><scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>${project.groupId}</groupId><artifactId>sibling</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>[1.7,2.0)</version>
    </dependency>
    <dependency>
      <groupId>javax.servlet</groupId><artifactId>servlet-api</artifactId><version>2.5</version>
      <scope>provided</scope>
    </dependency>
  </dependencies>
</project>
"""


def test_managed_versions_project_version_ranges_and_no_namespace(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(MANAGED)
    deps = _read(tmp_path / "pom.xml", tmp_path)
    assert {n: (d.version, d.dev) for n, d in deps.items()} == {
        "org.example:sibling": ("2.1.0", False),  # the parent's version and groupId
        "com.fasterxml.jackson.core:jackson-databind": ("2.17.1", False),
        "org.slf4j:slf4j-api": ("", False),  # a range is no one version
        "javax.servlet:servlet-api": ("2.5", False),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<project><modelVersion>4.0.0</modelVersion><dependencies>", "not a readable POM"),
        ("<settings/>", "root element is <settings>"),
        ("<project><modelVersion>5.0.0</modelVersion></project>", "modelVersion '5.0.0'"),
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "b">]><project>&a;</project>',
            "not a readable POM",
        ),
        (
            "<project><modelVersion>4.0.0</modelVersion><dependencies><dependency>"
            "<artifactId>x</artifactId></dependency></dependencies></project>",
            "without groupId",
        ),
    ],
)
def test_bad_input_is_a_scan_error(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "pom.xml").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(PomReader().read(tmp_path / "pom.xml", tmp_path))


def test_truncated_real_pom_is_a_scan_error(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_bytes(POM.read_bytes()[:4000])
    with pytest.raises(ScanError, match="not a readable POM"):
        list(PomReader().read(tmp_path / "pom.xml", tmp_path))
