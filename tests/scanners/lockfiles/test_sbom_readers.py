"""CycloneDX and SPDX SBOMs as dependency sources: real BOMs from Trivy, jake and Grype, the
SPDX specification's examples, graphs, sniffing, and fuzzing."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.cyclonedx_sbom import CycloneDxSbomReader
from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.registry import all_readers, for_file
from vigil.scanners.lockfiles.spdx_sbom import SpdxSbomReader

DATA = Path(__file__).parent.parent.parent / "data"
CDX = DATA / "samples" / "cyclonedx"
SPDX = DATA / "sboms"


def _cdx(name: str) -> list[Dependency]:
    return list(CycloneDxSbomReader().read(CDX / name, CDX))


@pytest.mark.parametrize(
    ("name", "count", "licensed", "ecosystems"),
    [
        ("jake2.json", 67, 59, {"pypi"}),  # jake (cyclonedx-python-lib), 1.4 JSON
        ("jake.xml", 204, 0, {"pypi"}),  # jake, XML
        ("log4j.json", 1, 0, {"maven"}),  # Grype 0.41, 1.4 JSON
        ("log4j.xml", 1, 0, {"maven"}),
        ("trivy-pom-1.5.json", 2, 0, {"maven"}),  # Trivy, 1.5
        ("trivy-fluentd-1.6.json", 3, 1, {"deb", "gem"}),  # Trivy, 1.6
        ("valid-vulnerability-1.6.xml", 1, 0, {"maven"}),
        ("nested-component-log4j.json", 2, 0, {"oci", "maven"}),
    ],
)
def test_real_cyclonedx_boms(name: str, count: int, licensed: int, ecosystems: set[str]) -> None:
    deps = _cdx(name)
    assert (len(deps), sum(d.license is not None for d in deps)) == (count, licensed)
    assert {d.ecosystem for d in deps} == ecosystems
    assert all(d.source == name for d in deps)


def test_cyclonedx_graph_through_a_lockfile_node_gives_direct_and_paths() -> None:
    log4shell, jackson = _cdx("trivy-pom-1.5.json")
    assert (log4shell.name, log4shell.direct, log4shell.path) == (
        "com.example:log4shell",
        True,
        (),
    )
    assert jackson == Dependency(
        ecosystem="maven",
        name="com.fasterxml.jackson.core:jackson-databind",
        version="2.9.1",
        purl="pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1",
        source="trivy-pom-1.5.json",
        direct=False,
        path=(
            "com.example:log4shell@1.0-SNAPSHOT",
            "com.fasterxml.jackson.core:jackson-databind@2.9.1",
        ),
    )


def test_cyclonedx_licences_and_names_from_jake() -> None:
    deps = {d.name: d for d in _cdx("jake2.json")}
    assert deps["webencodings"].license == "BSD"  # not SPDX: kept as written
    assert deps["webencodings"].direct is None  # no dependency graph in the BOM
    # "Apache-2.0 license", "Expat license" and "BSD 3-Clause License" become SPDX ids; which
    # BSD "BSD" means, or what "Python license" is, nobody can tell.
    assert Counter(d.license for d in deps.values()) == {
        "MIT": 34,
        "Apache-2.0": 10,
        None: 8,
        "BSD": 4,
        "BSD-3-Clause": 3,
        "ISC": 2,
        "BSD License": 1,
        "BSD-2-Clause OR Apache-2.0": 1,
        "Unlicense": 1,
        "Python license": 1,
        "BSD or Apache License, Version 2.0": 1,
        "MPL-2.0": 1,
    }


@pytest.mark.parametrize(
    "name",
    [
        "SPDXJSONExample-v2.3.spdx.json",
        "SPDXJSONExample-v2.2.spdx.json",
        "SPDXTagExample-v2.3.spdx",
        "SPDXTagExample-v2.2.spdx",
    ],
)
def test_the_spdx_specification_examples(name: str) -> None:
    # Four packages, one with a purl (Jena); the graph does not reach it from the
    # described package, so it is not direct.
    assert list(SpdxSbomReader().read(SPDX / name, SPDX)) == [
        Dependency(
            ecosystem="maven",
            name="org.apache.jena:apache-jena",
            version="3.12.0",
            purl="pkg:maven/org.apache.jena/apache-jena@3.12.0",
            source=name,
            direct=False,
        )
    ]


def _spdx_package(spdxid: str, purl: str, licence: str = "NOASSERTION") -> dict[str, object]:
    return {
        "SPDXID": spdxid,
        "name": spdxid,
        "licenseConcluded": licence,
        "externalRefs": [
            {
                "referenceCategory": "PACKAGE-MANAGER",
                "referenceType": "purl",
                "referenceLocator": purl,
            }
        ],
    }


SPDX_DOC = {
    "spdxVersion": "SPDX-2.3",
    "SPDXID": "SPDXRef-DOCUMENT",
    "packages": [
        _spdx_package("SPDXRef-app", "pkg:npm/app@1.0.0"),
        _spdx_package("SPDXRef-express", "pkg:npm/express@4.21.2", "MIT"),
        _spdx_package("SPDXRef-qs", "pkg:npm/qs@6.13.0", "BSD-3-Clause"),
        _spdx_package("SPDXRef-jest", "pkg:npm/jest@29.7.0", "MIT"),
        {"SPDXID": "SPDXRef-nopurl", "name": "internal", "externalRefs": []},
    ],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-app",
        },
        {
            "spdxElementId": "SPDXRef-app",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "SPDXRef-express",
        },
        {
            "spdxElementId": "SPDXRef-qs",
            "relationshipType": "DEPENDENCY_OF",
            "relatedSpdxElement": "SPDXRef-express",
        },
        {
            "spdxElementId": "SPDXRef-jest",
            "relationshipType": "DEV_DEPENDENCY_OF",
            "relatedSpdxElement": "SPDXRef-app",
        },
    ],
}


def test_spdx_relationships_give_direct_dev_and_paths(tmp_path: Path) -> None:
    (tmp_path / "sbom.spdx.json").write_text(json.dumps(SPDX_DOC))
    deps = {d.name: d for d in SpdxSbomReader().read(tmp_path / "sbom.spdx.json", tmp_path)}
    assert sorted(deps) == ["app", "express", "jest", "qs"]
    assert (deps["app"].direct, deps["app"].license) == (None, None)  # the product itself
    assert (deps["express"].direct, deps["express"].license) == (True, "MIT")
    assert (deps["qs"].direct, deps["qs"].path) == (False, ("express@4.21.2", "qs@6.13.0"))
    assert (deps["jest"].direct, deps["jest"].dev) == (True, True)


def test_spdx_tag_value_reads_like_json(tmp_path: Path) -> None:
    lines = ["SPDXVersion: SPDX-2.3", "DataLicense: CC0-1.0", "SPDXID: SPDXRef-DOCUMENT"]
    for package in SPDX_DOC["packages"]:  # type: ignore[attr-defined]
        lines += [f"PackageName: {package['name']}", f"SPDXID: {package['SPDXID']}"]
        lines += ["PackageComment: <text>a comment", "PackageName: not a tag</text>"]
        for ref in package["externalRefs"]:
            lines.append(f"ExternalRef: PACKAGE-MANAGER purl {ref['referenceLocator']}")
        if "licenseConcluded" in package:
            lines.append(f"PackageLicenseConcluded: {package['licenseConcluded']}")
    for rel in SPDX_DOC["relationships"]:  # type: ignore[attr-defined]
        lines.append(f"Relationship: {' '.join(rel.values())}")
    (tmp_path / "app.spdx").write_text("\n".join(lines) + "\n")
    (tmp_path / "app.spdx.json").write_text(json.dumps(SPDX_DOC))
    tag_value = list(SpdxSbomReader().read(tmp_path / "app.spdx", tmp_path))
    from_json = list(SpdxSbomReader().read(tmp_path / "app.spdx.json", tmp_path))
    assert len(tag_value) == 4
    assert [d.__class__(**{**_fields(d), "source": ""}) for d in tag_value] == [
        d.__class__(**{**_fields(d), "source": ""}) for d in from_json
    ]


def _fields(dependency: Dependency) -> dict[str, object]:
    return {k: getattr(dependency, k) for k in Dependency.__dataclass_fields__}


def test_each_reader_leaves_the_other_format_and_random_json_alone(tmp_path: Path) -> None:
    shutil.copy(CDX / "trivy-pom-1.5.json", tmp_path / "sbom-cdx.json")
    (tmp_path / "sbom-spdx.json").write_text(json.dumps(SPDX_DOC))
    (tmp_path / "sbom-settings.json").write_text('{"theme": "dark"}')
    (tmp_path / "sbom-broken.json").write_text("{not json")
    assert {r.id for r in for_file("sbom-cdx.json")} == {"cyclonedx-sbom", "spdx-sbom"}
    inventory = take_inventory(tmp_path, Discovery(all_readers()))
    assert inventory.errors == []
    assert sorted({(d.source, d.name) for d in inventory.dependencies}) == [
        ("sbom-cdx.json", "com.example:log4shell"),
        ("sbom-cdx.json", "com.fasterxml.jackson.core:jackson-databind"),
        ("sbom-spdx.json", "app"),
        ("sbom-spdx.json", "express"),
        ("sbom-spdx.json", "jest"),
        ("sbom-spdx.json", "qs"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bom.cdx.json", "{oops", "not valid JSON"),
        ("bom.json", '{"spdxVersion": "SPDX-2.3"}', "not a CycloneDX BOM"),
        (
            "bom.cdx.json",
            '{"bomFormat": "CycloneDX", "components": {}}',
            "'components' is not a list",
        ),
        ("bom.cdx.xml", "<bom", "not valid XML"),
        (
            "bom.cdx.json",
            '{"bomFormat": "CycloneDX", "dependencies": [{"x": 1}]}',
            "without a 'ref'",
        ),
        ("x.spdx.json", '{"spdxVersion": "SPDX-3.0"}', "SPDX version 'SPDX-3.0' is not read"),
        ("x.spdx.json", '{"bomFormat": "CycloneDX"}', "not an SPDX document"),
        ("x.spdx", "PackageName: a\n", "no SPDXVersion tag"),
    ],
)
def test_malformed_sboms_are_one_line_errors(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    (tmp_path / name).write_text(content)
    reader = SpdxSbomReader() if "spdx" in name else CycloneDxSbomReader()
    with pytest.raises(ScanError, match=problem):
        list(reader.read(tmp_path / name, tmp_path))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)
_KEYS = st.sampled_from(
    [
        "components",
        "dependencies",
        "metadata",
        "purl",
        "bom-ref",
        "licenses",
        "dependsOn",
        "ref",
        "packages",
        "relationships",
        "externalRefs",
        "SPDXID",
        "referenceType",
        "referenceLocator",
    ]
)


@settings(
    max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    body=st.dictionaries(_KEYS, _JSON, max_size=6),
    kind=st.sampled_from(["cdx", "spdx"]),
)
def test_fuzzed_json_sboms_fail_cleanly(tmp_path: Path, body: dict[str, object], kind: str) -> None:
    if kind == "cdx":
        body["bomFormat"] = "CycloneDX"
        path, reader = tmp_path / "f.cdx.json", CycloneDxSbomReader()
    else:
        body["spdxVersion"] = "SPDX-2.3"
        path, reader = tmp_path / "f.spdx.json", SpdxSbomReader()
    path.write_text(json.dumps(body))
    try:
        deps = list(reader.read(path, tmp_path))
    except ScanError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(d.purl.startswith("pkg:") for d in deps)


@settings(
    max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(data=st.binary(max_size=300), name=st.sampled_from(["f.cdx.xml", "f.spdx", "sbom.json"]))
def test_fuzzed_bytes_fail_cleanly(tmp_path: Path, data: bytes, name: str) -> None:
    (tmp_path / name).write_bytes(data)
    for reader in (CycloneDxSbomReader(), SpdxSbomReader()):
        with contextlib.suppress(ScanError):
            list(reader.read(tmp_path / name, tmp_path))


CDX_PY = SPDX / "cyclonedx-py"


@pytest.mark.parametrize("name", ["shop-api.cdx.json", "shop-api.cdx.xml"])
def test_a_real_cyclonedx_py_environment_bom(name: str) -> None:
    # cyclonedx-py 7.5.0 on a venv with requests 2.31.0 and jinja2 2.10 (1.6 JSON, 1.5 XML)
    deps = {d.name: d for d in CycloneDxSbomReader().read(CDX_PY / name, CDX_PY)}
    assert sorted(deps) == [
        "certifi",
        "charset-normalizer",
        "idna",
        "jinja2",
        "markupsafe",
        "pip",
        "requests",
        "setuptools",
        "urllib3",
    ]
    assert {n for n, d in deps.items() if d.direct} == {"jinja2", "requests"}
    assert deps["urllib3"].path == ("requests@2.31.0", "urllib3@2.8.0")
    assert deps["markupsafe"].path == ("jinja2@2.10", "markupsafe@3.0.4")
    # an SPDX id and the classifier saying the same licence are one licence
    assert deps["certifi"].license == "MPL-2.0"
    # classifiers that do not say which BSD or which Apache licence stay as written
    assert (deps["jinja2"].license, deps["requests"].license) == (
        "BSD License",
        "Apache Software License",
    )
    assert deps["jinja2"].purl == "pkg:pypi/jinja2@2.10"


S4P = SPDX / "sbom4python"


@pytest.mark.parametrize("name", ["requests.spdx.json", "requests.spdx"])
def test_real_sbom4python_spdx_documents(name: str) -> None:
    # sbom4python 0.12.6, SPDX 2.3 JSON and tag-value of requests 2.31.0 as installed
    found = [
        (d.name, d.version, d.direct, d.license) for d in SpdxSbomReader().read(S4P / name, S4P)
    ]
    assert found == [
        ("requests", "2.31.0", None, "Apache-2.0"),  # what the document describes
        ("certifi", "2026.10.19.post1", True, "MPL-2.0"),
        ("charset-normalizer", "3.5.3", True, "MIT"),
        ("idna", "3.20", True, None),  # NOASSERTION
        ("urllib3", "2.8.0", True, None),
    ]
