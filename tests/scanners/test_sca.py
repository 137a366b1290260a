"""Real lockfiles matched against real OSV advisories (tests/data/advisories)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.advisories.database import AdvisoryDatabase
from vigil.model import Category, Dependency, Severity
from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.registry import all_readers
from vigil.scanners.sca import vulnerable_dependencies

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> AdvisoryDatabase:
    db = AdvisoryDatabase.open(tmp_path_factory.mktemp("osv") / "advisories.db")
    db.import_path(DATA / "advisories")
    return db


def test_every_test_lockfile_has_one_vulnerable_go_module(database: AdvisoryDatabase) -> None:
    inventory = take_inventory(DATA / "lockfiles", Discovery(all_readers()))
    findings = list(vulnerable_dependencies(inventory.dependencies, database))
    assert len(findings) == 1
    (net,) = findings
    assert (
        net.title == "golang.org/x/net v0.0.0-20210520170846-37e1c6afe023: 2 known vulnerabilities"
    )
    assert net.category is Category.SCA and net.severity is Severity.MEDIUM
    assert net.vulnerability_ids == (
        "GO-2022-1144",
        "CVE-2022-41717",
        "GHSA-xrjj-mj9h-534m",
        "GO-2023-1571",
        "CVE-2022-41723",
        "GHSA-vvpx-j8f3-3w6h",
    )
    assert net.component is not None
    assert net.component.purl == "pkg:golang/golang.org/x/net@v0.0.0-20210520170846-37e1c6afe023"
    assert net.component.fixed_versions == ("0.4.0", "0.7.0")
    assert net.component.paths == ("gomod/okteto/go.mod",)
    # 0.4.0 fixes the first advisory only; 0.7.0 is the smallest that fixes both.
    assert net.remediation == "Upgrade golang.org/x/net to v0.7.0."
    assert net.tags == ("transitive",)


def test_fixed_and_unknown_versions_are_not_findings(database: AdvisoryDatabase) -> None:
    def go(version: str) -> Dependency:
        return Dependency(
            "golang",
            "golang.org/x/net",
            version,
            f"pkg:golang/golang.org/x/net@{version}",
            "go.mod",
        )

    assert list(vulnerable_dependencies([go("v0.7.0"), go("")], database)) == []
    (between,) = vulnerable_dependencies([go("v0.5.0")], database)
    assert between.rule_id == "GO-2023-1571"
    assert between.remediation == "Upgrade golang.org/x/net to v0.7.0."


def test_one_finding_per_package_version_with_every_file_listed(database: AdvisoryDatabase) -> None:
    vulnerable = "v0.0.0-20210520170846-37e1c6afe023"
    deps = [
        Dependency(
            "golang",
            "golang.org/x/net",
            vulnerable,
            "pkg:golang/x",
            source,
            direct=False,
            path=path,
        )
        for source, path in (("a/go.mod", ()), ("b/go.mod", ("example.com/m@v1",)))
    ]
    (finding,) = vulnerable_dependencies(deps, database)
    assert finding.component is not None
    assert finding.component.paths == ("a/go.mod", "b/go.mod > example.com/m@v1")
