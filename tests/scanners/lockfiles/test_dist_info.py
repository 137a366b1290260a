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


EGG = DATA / "egg_info"


def test_an_egg_info_folder_of_a_debian_python_package() -> None:
    # Debian's python3-six 1.16.0-4 installs setuptools metadata into dist-packages.
    folder = EGG / "dist-packages" / "six-1.16.0.egg-info"
    [found] = DistInfoReader().read(folder, DATA)
    assert (found.purl, found.license) == ("pkg:pypi/six@1.16.0", "MIT")
    assert found.source == "egg_info/dist-packages/six-1.16.0.egg-info"


def test_an_egg_info_file_is_its_own_pkg_info() -> None:
    # CPython 2.7's distutils wrote a single PKG-INFO-format file, metadata 1.0.
    [found] = DistInfoReader().read(EGG / "site-packages" / "wsgiref.egg-info", DATA)
    assert (found.name, found.version, found.license) == ("wsgiref", "0.1.2", "PSF or ZPL")


def test_a_projects_own_egg_info_is_not_a_dependency() -> None:
    # `pip install -e .` leaves src/demo.egg-info in the source tree: it names the project.
    assert list(DistInfoReader().read(EGG / "project" / "src" / "demo.egg-info", DATA)) == []


def test_discovery_reads_egg_info_folders_and_files_in_install_folders_only() -> None:
    inventory = take_inventory(EGG, Discovery(all_readers()))
    assert inventory.errors == []
    assert sorted((d.name, d.version) for d in inventory.dependencies) == [
        ("six", "1.16.0"),
        ("wsgiref", "0.1.2"),
    ]


def test_an_egg_info_folder_without_pkg_info_or_a_headless_file_is_an_error(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site-packages" / "x-1.egg-info"
    folder.mkdir(parents=True)
    with pytest.raises(ScanError, match="cannot read") as caught:
        list(DistInfoReader().read(folder, tmp_path))
    assert caught.value.source == str(folder / "PKG-INFO")
    single = tmp_path / "site-packages" / "y-1.egg-info"
    single.write_text("Metadata-Version: 1.0\nSummary: no name\n")
    with pytest.raises(ScanError, match="no Name or Version"):
        list(DistInfoReader().read(single, tmp_path))
