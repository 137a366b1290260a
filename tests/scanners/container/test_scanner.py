"""ImageScanner end to end: images built in the test, matched against real Debian and Alpine
OSV records (tests/data/advisories-os), and ``vigil scan --image`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.scanners.container import _images as img
from tests.scanners.container._images import DATA, file, layer
from vigil.advisories.database import AdvisoryDatabase
from vigil.advisories.osv import osv_ecosystem
from vigil.cli.main import app
from vigil.model import Category, Severity
from vigil.scanners.container.scanner import ImageScanner
from vigil.scanners.interface import ScanRequest

# Debian 9 (stretch): openssl 1.1.0l-1~deb9u5 is the last version DLA-3008-1 lists as affected.
STRETCH_OS_RELEASE = (
    'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\nNAME="Debian GNU/Linux"\nVERSION_ID="9"\n'
    'VERSION="9 (stretch)"\nVERSION_CODENAME=stretch\nID=debian\n'
)
STRETCH_STATUS = """Package: libssl1.1
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 3568
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@lists.alioth.debian.org>
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 1.1.0l-1~deb9u5
Depends: libc6 (>= 2.14)
Description: Secure Sockets Layer toolkit - shared libraries

Package: openssl
Status: install ok installed
Priority: optional
Section: utils
Installed-Size: 1452
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@lists.alioth.debian.org>
Architecture: amd64
Version: 1.1.0l-1~deb9u5
Depends: libc6 (>= 2.15), libssl1.1 (>= 1.1.0)
Description: Secure Sockets Layer toolkit - cryptographic utility
"""
ALPINE_318 = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\n'
MUSL_318 = (
    "P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\n\nP:musl-utils\nV:1.2.4-r2\nA:x86_64\no:musl\n"
)


@pytest.fixture(scope="module")
def advisory_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("osv") / "advisories.db"
    with AdvisoryDatabase.open(path) as db:
        db.import_path(DATA / "advisories-os")
    return path


def stretch_image(tmp_path: Path, **settings: object) -> Path:
    base = layer(
        file("etc/os-release", STRETCH_OS_RELEASE), file("var/lib/dpkg/status", STRETCH_STATUS)
    )
    return img.docker_save(tmp_path / "stretch.tar", [base], img.config(**settings))


def test_distribution_releases_map_to_osv_ecosystems() -> None:
    assert osv_ecosystem("deb", "pkg:deb/debian/openssl@1?distro=debian-12") == "Debian:12"
    assert (
        osv_ecosystem("deb", "pkg:deb/ubuntu/openssl@1?distro=ubuntu-22.04") == "Ubuntu:22.04:LTS"
    )
    assert osv_ecosystem("deb", "pkg:deb/ubuntu/openssl@1?distro=ubuntu-23.10") == "Ubuntu:23.10"
    assert (
        osv_ecosystem("apk", "pkg:apk/alpine/musl@1?arch=x86_64&distro=alpine-3.18")
        == "Alpine:v3.18"
    )
    assert osv_ecosystem("deb", "pkg:deb/debian/openssl@1") == "Debian"
    assert osv_ecosystem("pypi", "pkg:pypi/idna@3.20") == "PyPI"


def test_debian_packages_match_debian_advisories(tmp_path: Path, advisory_db: Path) -> None:
    image = stretch_image(tmp_path, User="app")
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    assert outcome.errors == []
    (finding,) = outcome.findings
    assert finding.title == "openssl 1.1.0l-1~deb9u5: 1 known vulnerability"
    assert finding.rule_id == "DLA-3008-1"
    assert finding.category is Category.CONTAINER
    assert finding.tool.name == "vigil-container"
    assert finding.remediation == "Upgrade openssl to 1.1.0l-1~deb9u6."
    assert finding.component is not None
    assert finding.component.purl == "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9"
    assert finding.component.paths == (
        "var/lib/dpkg/status > libssl1.1@1.1.0l-1~deb9u5",
        "var/lib/dpkg/status",
    )
    assert outcome.summary == (
        "image stretch.tar (Debian GNU/Linux 9 (stretch), 2 files, 2 packages): "
        "1 vulnerable packages, 0 config findings"
    )


def test_an_empty_advisory_database_is_an_error_not_a_clean_image(tmp_path: Path) -> None:
    image = stretch_image(tmp_path, User="app")
    empty = tmp_path / "empty.db"
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=empty))
    assert [str(e) for e in outcome.errors] == [
        f"{empty}: the advisory database is empty: run 'vigil db import' or 'vigil db update' first"
    ]
    assert outcome.findings == [] and outcome.warnings == []


def test_alpine_packages_match_alpine_advisories(tmp_path: Path, advisory_db: Path) -> None:
    base = layer(file("etc/os-release", ALPINE_318), file("lib/apk/db/installed", MUSL_318))
    image = img.oci_layout(tmp_path / "oci", [base], img.config(User="nobody"))
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    (finding,) = outcome.findings
    assert finding.title == "musl 1.2.4-r2: 1 known vulnerability"
    assert finding.vulnerability_ids == ("ALPINE-CVE-2025-26519",)
    assert finding.severity is Severity.HIGH  # CVSS 3.1 base score 7.4
    assert finding.component is not None
    assert finding.component.fixed_versions == ("1.2.4-r3",)  # the v3.18 entry only
    assert finding.remediation == "Upgrade musl to 1.2.4-r3."


def test_the_same_packages_on_another_release_are_not_matched(
    tmp_path: Path, advisory_db: Path
) -> None:
    # DLA-3008-1 covers Debian:9 only: the same openssl on Debian 12 is not matched by it.
    bookworm = STRETCH_OS_RELEASE.replace('VERSION_ID="9"', 'VERSION_ID="12"')
    base = layer(file("etc/os-release", bookworm), file("var/lib/dpkg/status", STRETCH_STATUS))
    image = img.docker_save(tmp_path / "b.tar", [base], img.config(User="app"))
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    assert outcome.findings == []


def test_scanner_applies_only_with_an_image(tmp_path: Path) -> None:
    assert not ImageScanner().applies(ScanRequest(root=tmp_path))
    assert ImageScanner().applies(ScanRequest(root=tmp_path, image=tmp_path / "x.tar"))


def test_cli_scan_image(tmp_path: Path, advisory_db: Path) -> None:
    image = stretch_image(tmp_path, Env=["DB_PASSWORD=correct-horse-battery"])
    (tmp_path / "src").mkdir()
    env = {"VIGIL_ADVISORY_DB": str(advisory_db), "NO_COLOR": "1"}
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(tmp_path / "src"),
            "--image",
            str(image),
            "--only",
            "container",
            "--format",
            "json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    assert "container: scanned image stretch.tar" in result.stderr
    titles = sorted(f["finding"]["title"] for f in json.loads(result.stdout)["findings"])
    assert titles == [
        "Image runs as root",
        "Secret in image environment variable DB_PASSWORD",
        "openssl 1.1.0l-1~deb9u5: 1 known vulnerability",
    ]
    assert "correct-horse-battery" not in result.stdout + result.stderr


def test_cli_corrupt_image_exits_2_and_says_why(tmp_path: Path, advisory_db: Path) -> None:
    image = tmp_path / "broken.tar"
    image.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 100)
    (tmp_path / "src").mkdir()
    result = CliRunner().invoke(
        app,
        ["scan", str(tmp_path / "src"), "--image", str(image), "--only", "container"],
        env={"VIGIL_ADVISORY_DB": str(advisory_db), "NO_COLOR": "1"},
    )
    assert result.exit_code == 2
    assert f"vigil: error: {image}: not a readable image tarball" in result.stderr


def test_cli_corrupt_image_leaves_the_other_scanners_running(
    tmp_path: Path, advisory_db: Path
) -> None:
    image = tmp_path / "broken.tar"
    image.write_bytes(b"not an image")
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(DATA / "lockfiles" / "gomod"),
            "--image",
            str(image),
            "--only",
            "sca,container",
            "--format",
            "json",
        ],
        env={"VIGIL_ADVISORY_DB": str(advisory_db), "NO_COLOR": "1"},
    )
    assert result.exit_code == 2
    assert "sca: scanned 3 dependency files (210 dependencies)" in result.stderr
    assert f"vigil: error: {image}: not a readable image tarball" in result.stderr
    assert json.loads(result.stdout)["findings"] == []  # gomod has no Debian/Alpine advisories


def test_ubuntu_lts_packages_match_ubuntu_notices(tmp_path: Path, advisory_db: Path) -> None:
    # An Ubuntu 22.04 libc6 paragraph as dpkg writes it, at a version USN-8611-1 lists.
    os_release = 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nPRETTY_NAME="Ubuntu 22.04.5 LTS"\n'
    status = (
        "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
        "Source: glibc\nVersion: 2.35-0ubuntu3.13\n"
    )
    base = layer(file("etc/os-release", os_release), file("var/lib/dpkg/status", status))
    image = img.docker_save(tmp_path / "jammy.tar", [base], img.config(User="app"))
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    (finding,) = outcome.findings
    assert finding.rule_id == "USN-8611-1"
    assert finding.component is not None
    assert finding.component.purl == "pkg:deb/ubuntu/glibc@2.35-0ubuntu3.13?distro=ubuntu-22.04"
    assert finding.remediation == "Upgrade glibc to 2.35-0ubuntu3.14."


def test_a_package_database_written_through_a_linked_folder_is_matched(
    tmp_path: Path, advisory_db: Path
) -> None:
    # A usr-merged base (lib -> usr/lib), then a layer that writes the apk database via lib/.
    base = layer(img.symlink("lib", "usr/lib"), file("etc/os-release", ALPINE_318))
    apk = layer(file("lib/apk/db/installed", MUSL_318))
    image = img.docker_save(tmp_path / "merged.tar", [base, apk], img.config(User="nobody"))
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    assert [f.title for f in outcome.findings] == ["musl 1.2.4-r2: 1 known vulnerability"]
    assert outcome.summary == (
        "image merged.tar (Alpine Linux v3.18, 3 files, 2 packages): "
        "1 vulnerable packages, 0 config findings"
    )


def test_a_usr_merged_alpine_base_keeps_its_apk_database_under_usr_lib(
    tmp_path: Path, advisory_db: Path
) -> None:
    # One layer as a usr-merged root file system is tarred: the link, and the file at its
    # real path.
    base = layer(
        img.symlink("lib", "usr/lib"),
        file("etc/os-release", ALPINE_318),
        file("usr/lib/apk/db/installed", MUSL_318),
    )
    image = img.docker_save(tmp_path / "usrmerge.tar", [base], img.config(User="nobody"))
    outcome = ImageScanner().scan(ScanRequest(root=tmp_path, image=image, advisory_db=advisory_db))
    assert [f.title for f in outcome.findings] == ["musl 1.2.4-r2: 1 known vulnerability"]
    assert outcome.summary == (
        "image usrmerge.tar (Alpine Linux v3.18, 3 files, 2 packages): "
        "1 vulnerable packages, 0 config findings"
    )
