"""`vigil sbom` on real lockfiles: valid CycloneDX 1.6, VEX with triage states, and the round
trip — scanning the written SBOM finds what scanning the lockfiles found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from typer.testing import CliRunner

from vigil.advisories.database import AdvisoryDatabase
from vigil.cli.main import app
from vigil.scanners.lockfiles.cyclonedx_sbom import CycloneDxSbomReader
from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.registry import all_readers

DATA = Path(__file__).parent.parent / "data"
SCHEMAS = DATA / "schemas" / "cyclonedx"
GOMOD = DATA / "lockfiles" / "gomod"
NPM = DATA / "lockfiles" / "npm" / "express"
runner = CliRunner()


def validate(bom: dict[str, Any]) -> None:
    """Validate against the official CycloneDX 1.6 schema and the two it references."""
    resources = []
    for name in ("spdx.schema.json", "jsf-0.82.schema.json"):
        schema = json.loads((SCHEMAS / name).read_text())
        resources.append((name, Resource.from_contents(schema)))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    schema = json.loads((SCHEMAS / "bom-1.6.schema.json").read_text())
    validator = jsonschema.Draft7Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(bom)]
    assert errors == []


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    advisories = tmp_path / "advisories.db"
    with AdvisoryDatabase.open(advisories) as db:
        db.import_path(DATA / "advisories")
    return {
        "VIGIL_ADVISORY_DB": str(advisories),
        "VIGIL_DATABASE_URL": f"sqlite:///{tmp_path / 'vigil.db'}",
        "NO_COLOR": "1",
    }


def vigil(env: dict[str, str], *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_sbom_of_an_npm_project_is_valid_cyclonedx_with_licences_and_graph(
    env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "bom.cdx.json"
    code, _, err = vigil(env, "sbom", NPM, "-o", out)
    assert code == 0, err
    bom = json.loads(out.read_text())
    validate(bom)
    inventory = take_inventory(NPM, Discovery(all_readers()))
    assert len(bom["components"]) == len({d.purl for d in inventory.dependencies}) == 72
    assert "vulnerabilities" not in bom
    qs = next(c for c in bom["components"] if c["name"] == "qs")
    assert qs == {
        "type": "library",
        "bom-ref": "pkg:npm/qs@6.13.0",
        "name": "qs",
        "version": "6.13.0",
        "purl": "pkg:npm/qs@6.13.0",
        "licenses": [{"expression": "BSD-3-Clause"}],
    }
    graph = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
    assert graph["vigil:root"] == ["pkg:npm/express@4.21.2"]
    assert "pkg:npm/qs@6.13.0" in graph["pkg:npm/express@4.21.2"]


def test_round_trip_same_components_and_same_findings(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "bom.cdx.json"
    code, _, err = vigil(env, "sbom", GOMOD, "--vex", "-o", out)
    assert code == 0, err
    bom = json.loads(out.read_text())
    validate(bom)
    # one entry per advisory, each with its own aliases and the upgrade that fixes it
    net = "pkg:golang/golang.org/x/net@v0.0.0-20210520170846-37e1c6afe023"
    assert [
        (v["id"], [r["id"] for r in v["references"]], v["affects"], v["recommendation"])
        for v in bom["vulnerabilities"]
    ] == [
        (
            "GO-2022-1144",
            ["CVE-2022-41717", "GHSA-xrjj-mj9h-534m"],
            [{"ref": net}],
            "Upgrade golang.org/x/net to v0.4.0.",
        ),
        (
            "GO-2023-1571",
            ["CVE-2022-41723", "GHSA-vvpx-j8f3-3w6h"],
            [{"ref": net}],
            "Upgrade golang.org/x/net to v0.7.0.",
        ),
    ]
    assert {v["analysis"]["state"] for v in bom["vulnerabilities"]} == {"in_triage"}

    def key(d: Any) -> tuple[str, str, str, str | None, bool | None]:
        return (d.ecosystem, d.name, d.version, d.license, d.direct)

    original = take_inventory(GOMOD, Discovery(all_readers())).dependencies
    again = list(CycloneDxSbomReader().read(out, tmp_path))
    assert len(again) == len({d.purl for d in original}) == len(bom["components"])
    assert {key(d) for d in again} == {key(d) for d in original}

    _, direct_out, _ = vigil(env, "scan", GOMOD, "--only", "sca", "--format", "json")
    code, sbom_out, err = vigil(env, "scan", out, "--only", "sca", "--format", "json")
    assert code == 0, err

    def titles(report: str) -> list[tuple[str, str, list[str]]]:
        return sorted(
            (f["finding"]["title"], f["finding"]["severity"], f["finding"]["vulnerability_ids"])
            for f in json.loads(report)["findings"]
        )

    assert titles(sbom_out) == titles(direct_out) != []


def test_vex_carries_the_triage_state_from_the_store(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = vigil(env, "scan", GOMOD, "--only", "sca", "--product", "shop")
    assert code == 0, err
    _, listed, _ = vigil(env, "findings", "list", "--product", "shop", "--format", "json")
    [record] = json.loads(listed)
    code, _, err = vigil(
        env, "triage", str(record["id"]), "--status", "false-positive", "--reason", "not called"
    )
    assert code == 0, err
    out = tmp_path / "vex.json"
    code, _, err = vigil(env, "sbom", GOMOD, "--vex", "--product", "shop", "-o", out)
    assert code == 0, err
    bom = json.loads(out.read_text())
    validate(bom)
    # the package's triage applies to each of its advisories
    assert [v["analysis"] for v in bom["vulnerabilities"]] == [
        {"state": "not_affected", "detail": "not called"}
    ] * 2


def test_missing_path_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = vigil(env, "sbom", tmp_path / "missing")
    assert code == 2 and "no such file or folder" in err


def test_an_unreadable_lockfile_is_an_error_and_the_rest_described(
    env: dict[str, str], tmp_path: Path
) -> None:
    shutil.copytree(GOMOD / "cobra", tmp_path / "cobra")
    (tmp_path / "requirements.txt").write_text("flask==\n")
    code, out, err = vigil(env, "sbom", tmp_path)
    assert code == 2
    assert f"vigil: error: {tmp_path / 'requirements.txt'}: " in err
    assert "(the rest is described)" in err
    assert json.loads(out)["components"]


def test_round_trip_same_license_findings(env: dict[str, str], tmp_path: Path) -> None:
    policy = tmp_path / "licenses.yaml"
    policy.write_text("version: 1\nlicenses:\n  allow: [MIT]\n")
    out = tmp_path / "sbom.json"
    code, _, err = vigil(env, "sbom", NPM, "-o", out)
    assert code == 0, err

    def titles(target: Path) -> list[str]:
        code, report, err = vigil(
            env, "scan", target, "--only", "license", "--license-policy", policy, "-f", "json"
        )
        assert code == 0, err
        return sorted(f["finding"]["title"] for f in json.loads(report)["findings"])

    assert (
        titles(out)
        == titles(NPM)
        == [
            "inherits 2.0.4: license ISC is not allowed by the license policy",
            "qs 6.13.0: license BSD-3-Clause is not allowed by the license policy",
            "setprototypeof 1.2.0: license ISC is not allowed by the license policy",
        ]
    )


def test_nightly_rescan_of_a_real_spdx_tag_value_document(env: dict[str, str]) -> None:
    bom = DATA / "sboms" / "sbom4python" / "jinja2.spdx"
    code, out, err = vigil(env, "scan", bom, "--only", "sca,license", "-f", "json")
    assert code == 0, err
    found = sorted(
        (f["finding"]["rule_id"], f["finding"]["title"]) for f in json.loads(out)["findings"]
    )
    assert found == [
        ("PYSEC-2019-217", "jinja2 2.10: 2 known vulnerabilities"),
        ("license-unknown", "markupsafe 3.0.4: license unknown"),
    ]


def test_nightly_rescan_of_a_real_sbom_finds_todays_advisories(env: dict[str, str]) -> None:
    bom = DATA / "sboms" / "cyclonedx-py" / "shop-api.cdx.json"
    code, out, err = vigil(env, "scan", bom, "--only", "sca,license", "-f", "json")
    assert code == 0, err
    found = sorted(
        (f["finding"]["rule_id"], f["finding"]["title"], f["finding"]["severity"])
        for f in json.loads(out)["findings"]
    )
    assert found == [
        ("PYSEC-2019-217", "jinja2 2.10: 2 known vulnerabilities", "medium"),
        ("license-unknown", "jinja2 2.10: license unknown (BSD License)", "low"),
        ("license-unknown", "requests 2.31.0: license unknown (Apache Software License)", "low"),
    ]


def test_source_date_epoch_makes_the_bom_reproducible(env: dict[str, str], tmp_path: Path) -> None:
    fixed = env | {"SOURCE_DATE_EPOCH": "1767225600"}
    outputs = []
    for name in ("a.json", "b.json"):
        code, _, err = vigil(fixed, "sbom", NPM, "--vex", "-o", tmp_path / name)
        assert code == 0, err
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    bom = json.loads(outputs[0])
    assert bom["metadata"]["timestamp"] == "2026-01-01T00:00:00Z"
    code, _, _ = vigil(env, "sbom", NPM, "-o", tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_bytes())["serialNumber"] != bom["serialNumber"]


def test_vex_of_a_distribution_package_names_its_release_advisory(tmp_path: Path) -> None:
    # deb/apk packages match the release's ecosystem (Debian:9), as the SCA scanner does.
    purl = "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9"
    tree = tmp_path / "in"
    tree.mkdir()
    component = {"type": "library", "bom-ref": purl, "name": "openssl"}
    component |= {"version": "1.1.0l-1~deb9u5", "purl": purl}
    bom_in = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1}
    (tree / "bom.cdx.json").write_text(json.dumps(bom_in | {"components": [component]}))
    advisories = tmp_path / "os.db"
    with AdvisoryDatabase.open(advisories) as db:
        db.import_path(DATA / "advisories-os")
    code, out, err = vigil({"VIGIL_ADVISORY_DB": str(advisories)}, "sbom", tree, "--vex")
    assert code == 0, err
    bom = json.loads(out)
    validate(bom)
    assert [(v["id"], [a["ref"] for a in v["affects"]]) for v in bom["vulnerabilities"]] == [
        ("DLA-3008-1", [purl])
    ]
