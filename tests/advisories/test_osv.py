"""Parsing real OSV records (pypa YAML, golang/rustsec/GHSA JSON) and refusing broken ones."""

from __future__ import annotations

import pytest

from tests.advisories._data import DATA, record
from vigil.advisories.osv import PURL_TYPE_ECOSYSTEMS, Severity, normalise_name, parse_bytes
from vigil.advisories.versions import Event, Range
from vigil.errors import AdvisoryError


def test_pypa_yaml_record() -> None:
    adv = record("pypa/jinja2/PYSEC-2019-217.yaml")
    assert adv.id == "PYSEC-2019-217"
    assert adv.aliases == ("CVE-2019-10906", "GHSA-462w-v97r-4m45")
    assert adv.withdrawn is None
    assert adv.modified.startswith("20")
    (affected,) = adv.affected
    assert (affected.ecosystem, affected.name, affected.purl) == (
        "PyPI",
        "jinja2",
        "pkg:pypi/jinja2",
    )
    assert affected.ranges == (
        Range("ECOSYSTEM", (Event("introduced", "0"), Event("fixed", "2.10.1"))),
    )
    assert len(affected.versions) == 31
    assert "2.0rc1" in affected.versions


def test_pypa_withdrawn_and_last_affected() -> None:
    assert record("pypa/redis/PYSEC-2023-73.yaml").withdrawn == "2023-06-06T10:37:00Z"
    (py,) = record("pypa/py/PYSEC-2022-42969.yaml").affected
    assert py.ranges[0].events == (Event("introduced", "0"), Event("last_affected", "1.11.0"))


def test_go_record_with_two_packages() -> None:
    adv = record("golang/GO-2023-1571.json")
    assert [(a.ecosystem, a.name) for a in adv.affected] == [
        ("Go", "stdlib"),
        ("Go", "golang.org/x/net"),
    ]
    assert adv.affected[0].ranges[0].events == (
        Event("introduced", "0"),
        Event("fixed", "1.19.6"),
        Event("introduced", "1.20.0-0"),
        Event("fixed", "1.20.1"),
    )
    assert adv.aliases == ("CVE-2022-41723", "GHSA-vvpx-j8f3-3w6h")


def test_rustsec_and_ghsa_severity() -> None:
    rust = record("rustsec/RUSTSEC-2023-0090.json")
    assert rust.severity == (Severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H"),)
    assert rust.affected[0].purl == "pkg:cargo/wasmtime"
    assert record("rustsec/RUSTSEC-2020-0053.json").withdrawn == "2021-04-19T12:00:00Z"
    vite = record("ghsa-npm/GHSA-353f-5xf4-qw67.json")
    assert vite.database_severity == "HIGH"
    assert vite.cvss_score == 7.5
    assert len(vite.affected) == 6


def test_every_copied_record_parses() -> None:
    files = [p for p in DATA.rglob("*") if p.suffix in (".json", ".yaml")]
    assert len(files) == 98
    ids = {parse_bytes(p.read_bytes(), str(p)).id for p in files}
    assert len(ids) == 98


@pytest.mark.parametrize(
    ("ecosystem", "name", "expected"),
    [
        ("PyPI", "Jinja2", "jinja2"),
        ("PyPI", "zope.interface", "zope-interface"),
        ("PyPI", "Foo__Bar", "foo-bar"),
        ("crates.io", "tokio_util", "tokio-util"),
        ("npm", "@babel/traverse", "@babel/traverse"),
        ("Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml"),
        ("Packagist", "Symfony/HTTP-Kernel", "symfony/http-kernel"),
    ],
)
def test_normalise_name(ecosystem: str, name: str, expected: str) -> None:
    assert normalise_name(ecosystem, name) == expected


@pytest.mark.parametrize(
    ("data", "source", "problem"),
    [
        (b'{"id": "X-1", "modified": "2024-01-01T00:00:00Z"', "x.json", "not valid OSV"),
        (b"id: [unclosed", "x.yaml", "not valid OSV"),
        (b"[1, 2]", "x.json", "must be an object"),
        (b'{"modified": "2024-01-01T00:00:00Z"}', "x.json", "without an id"),
        (b'{"id": "X-1", "schema_version": "2.0.0"}', "x.json", "newer than vigil knows"),
        (b'{"id": "X-1", "affected": {"package": {}}}', "x.json", "expected a list"),
        (
            b'{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", '
            b'"events": [{"introduced": "0", "fixed": "1"}]}]}]}',
            "x.json",
            "exactly one key",
        ),
        (
            b'{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", '
            b'"events": [{"broken": "1"}]}]}]}',
            "x.json",
            "unknown range event",
        ),
    ],
)
def test_malformed_records_raise(data: bytes, source: str, problem: str) -> None:
    with pytest.raises(AdvisoryError, match=problem) as info:
        parse_bytes(data, source)
    assert str(info.value).startswith(f"{source}: ")


def test_truncated_real_record_raises() -> None:
    path = DATA / "golang" / "GO-2023-1571.json"
    with pytest.raises(AdvisoryError, match="not valid OSV"):
        parse_bytes(path.read_bytes()[:200], str(path))


def test_purl_types_map_to_osv_ecosystems() -> None:
    # The ecosystems of the copied records, reached from the purls they carry.
    assert (
        PURL_TYPE_ECOSYSTEMS["pypi"]
        == record("pypa/py/PYSEC-2022-42969.yaml").affected[0].ecosystem
    )
    assert (
        PURL_TYPE_ECOSYSTEMS["cargo"]
        == record("rustsec/RUSTSEC-2023-0090.json").affected[0].ecosystem
    )
    assert (
        PURL_TYPE_ECOSYSTEMS["golang"] == record("golang/GO-2023-1571.json").affected[0].ecosystem
    )
    assert (
        PURL_TYPE_ECOSYSTEMS["npm"]
        == record("ghsa-npm/GHSA-353f-5xf4-qw67.json").affected[0].ecosystem
    )
