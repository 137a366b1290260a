"""DistInfoReader on real METADATA files of a venv that uv 0.13.9 installed requests into."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.dist_info import DistInfoReader
from vigil.scanners.lockfiles.registry import all_readers

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
SITE = DATA / "dist_info" / "site-packages"


@pytest.mark.parametrize(
    ("folder", "name", "version", "license"),
    [
        ("certifi-2026.10.19.post1.dist-info", "certifi", "2026.10.19.post1", "MPL-2.0"),
        ("charset_normalizer-3.5.3.dist-info", "charset-normalizer", "3.5.3", "MIT"),
        ("idna-3.20.dist-info", "idna", "3.20", "BSD-3-Clause"),  # License-Expression
        ("requests-2.34.2.dist-info", "requests", "2.34.2", "Apache-2.0"),
        ("urllib3-2.8.0.dist-info", "urllib3", "2.8.0", "MIT"),
    ],
)
def test_real_installed_distributions(folder: str, name: str, version: str, license: str) -> None:
    [found] = DistInfoReader().read(SITE / folder, DATA)
    assert (found.name, found.version, found.license) == (name, version, license)
    assert found.purl == f"pkg:pypi/{name}@{version}"
    assert found.source == f"dist_info/site-packages/{folder}"
    assert (found.direct, found.dev, found.path) == (None, False, ())


def test_licence_from_a_classifier_and_a_pep_503_purl(tmp_path: Path) -> None:
    folder = tmp_path / "Zope.Interface-6.0.dist-info"
    folder.mkdir()
    (folder / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: Zope.Interface\nVersion: 6.0\n"
        "License: Long licence text\n that goes on\n"
        "Classifier: License :: OSI Approved :: Zope Public License\n\nBody\n"
    )
    [found] = DistInfoReader().read(folder, tmp_path)
    assert (found.purl, found.license) == ("pkg:pypi/zope-interface@6.0", "Zope Public License")


def test_missing_or_headless_metadata_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "x-1.dist-info"
    folder.mkdir()
    with pytest.raises(ScanError, match="cannot read"):
        list(DistInfoReader().read(folder, tmp_path))
    (folder / "METADATA").write_text("Metadata-Version: 2.1\nSummary: no name\n")
    with pytest.raises(ScanError, match="no Name or Version"):
        list(DistInfoReader().read(folder, tmp_path))


def test_discovery_reads_every_dist_info_folder_of_a_site_packages() -> None:
    inventory = take_inventory(SITE, Discovery(all_readers()))
    assert inventory.errors == []
    assert sorted(d.purl for d in inventory.dependencies) == [
        "pkg:pypi/certifi@2026.10.19.post1",
        "pkg:pypi/charset-normalizer@3.5.3",
        "pkg:pypi/idna@3.20",
        "pkg:pypi/requests@2.34.2",
        "pkg:pypi/urllib3@2.8.0",
    ]
