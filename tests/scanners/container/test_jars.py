"""Maven coordinates from jars built in the test the way maven-archiver lays them out."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from vigil.scanners.container.jars import jar_packages, parse_properties

# As maven-archiver 3.x writes it into META-INF/maven/<group>/<artifact>/pom.properties.
LOG4J = b"""#Created by Apache Maven 3.6.3
artifactId=log4j-core
groupId=org.apache.logging.log4j
version=2.14.1
"""
JACKSON = b"artifactId=jackson-databind\ngroupId=com.fasterxml.jackson.core\nversion=2.9.10.1\n"


def jar(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def read(data: bytes) -> list[tuple[str, str, str, str]]:
    found = jar_packages("app/app.jar", io.BytesIO(data), len(data))
    return [(d.name, d.version, d.purl, d.source) for d in found]


def test_pom_properties_name_the_artifact() -> None:
    data = jar(
        {
            "META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n",
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties": LOG4J,
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.xml": b"<project/>",
        }
    )
    assert read(data) == [
        (
            "org.apache.logging.log4j:log4j-core",
            "2.14.1",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "app/app.jar",
        )
    ]


def test_a_fat_jar_lists_its_nested_jars() -> None:
    inner = jar(
        {"META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties": JACKSON}
    )
    data = jar(
        {
            "BOOT-INF/lib/jackson-databind-2.9.10.1.jar": inner,
            "BOOT-INF/classes/A.class": b"\xca\xfe",
        }
    )
    assert read(data) == [
        (
            "com.fasterxml.jackson.core:jackson-databind",
            "2.9.10.1",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1",
            "app/app.jar!/BOOT-INF/lib/jackson-databind-2.9.10.1.jar",
        )
    ]


def test_not_a_zip_or_no_coordinates_is_nothing() -> None:
    assert read(b"PK\x03\x04 truncated") == []
    assert read(jar({"META-INF/MANIFEST.MF": b"Implementation-Version: 1\n"})) == []
    assert read(jar({"META-INF/maven/g/a/pom.properties": b"groupId=g\nartifactId=a\n"})) == []


def test_properties_syntax() -> None:
    assert parse_properties("# c\n! c\nkey = value\nother: 2\n\nbad\n") == {
        "key": "value",
        "other": "2",
    }


@given(st.binary(max_size=300))
def test_any_bytes_are_a_list_of_packages(data: bytes) -> None:
    assert isinstance(jar_packages("x.jar", io.BytesIO(data), len(data)), tuple)
