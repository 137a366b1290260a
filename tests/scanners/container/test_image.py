"""Images in every accepted form, built in the test from real package files: OS packages,
Python and npm packages, a Go binary and a jar, across layers with whiteouts."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scanners.container import _images as img
from tests.scanners.container._images import DATA, file, layer, symlink, whiteout
from tests.scanners.container.test_jars import LOG4J, jar
from vigil.scanners.container.layers import Limits
from vigil.scanners.container.scanner import take_image_inventory

CONTAINER = DATA / "container"
SITE = "usr/local/lib/python3.11/site-packages"
MODULES = DATA / "lockfiles" / "node_modules" / "project" / "node_modules"
GO = b"\x7fELF" + b"\x00" * 4000 + (CONTAINER / "kubectl-1.32.4-buildinfo.bin").read_bytes()


def layers() -> list[bytes]:
    """A Debian image: base layer, a Python and npm layer, and a layer that removes one npm
    package and adds a Go binary and a jar."""
    metadata = (
        DATA / "lockfiles" / "dist_info" / "site-packages" / "idna-3.20.dist-info" / "METADATA"
    )
    return [
        layer(
            file("usr/lib/os-release", (CONTAINER / "debian-12-os-release").read_bytes()),
            symlink("etc/os-release", "../usr/lib/os-release"),
            file("var/lib/dpkg/status", (CONTAINER / "debian-12-dpkg-status").read_bytes()),
            file("usr/share/doc/filler.txt", b"x" * 10000),
        ),
        layer(
            file(f"{SITE}/idna-3.20.dist-info/METADATA", metadata.read_bytes()),
            file(
                "app/node_modules/ms/package.json", (MODULES / "ms" / "package.json").read_bytes()
            ),
            file(
                "app/node_modules/is-number/package.json",
                (MODULES / "is-number" / "package.json").read_bytes(),
            ),
        ),
        layer(
            whiteout("app/node_modules/is-number"),
            file("usr/local/bin/kubectl", GO, mode=0o755),
            file(
                "opt/app/app.jar",
                jar({"META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties": LOG4J}),
            ),
        ),
    ]


def summary(path: Path) -> list[tuple[str, str, str, str]]:
    inventory = take_image_inventory(path)
    assert inventory.errors == []
    return sorted({(d.ecosystem, d.name, d.version, d.source) for d in inventory.dependencies})


def expected() -> list[tuple[str, str, str, str]]:
    return sorted(
        {
            *(
                (d, n, v, "var/lib/dpkg/status")
                for d, n, v in [
                    ("deb", "base-files", "12.4+deb12u11"),
                    ("deb", "bash", "5.2.15-2"),
                    ("deb", "gzip", "1.12-1"),
                    ("deb", "glibc", "2.36-9+deb12u14"),
                    ("deb", "openssl", "3.0.19-1~deb12u2"),
                    ("deb", "util-linux", "2.38.1-5+deb12u3"),
                    ("deb", "tar", "1.34+dfsg-1.2+deb12u1"),
                    ("deb", "zlib", "1:1.2.13.dfsg-1"),
                ]
            ),
            ("pypi", "idna", "3.20", f"{SITE}/idna-3.20.dist-info"),
            ("npm", "ms", "2.1.3", "app/node_modules/ms/package.json"),
            ("golang", "golang.org/x/net", "v0.30.0", "usr/local/bin/kubectl"),
            ("maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "opt/app/app.jar"),
        }
    )


def interesting(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    # The Go binary brings 75 modules; one of them stands for all in these comparisons.
    return [f for f in found if f[0] != "golang" or f[1] == "golang.org/x/net"]


def test_docker_save_tarball(tmp_path: Path) -> None:
    path = img.docker_save(tmp_path / "app.tar", layers(), img.config(User="app"))
    found = summary(path)
    assert interesting(found) == expected()
    assert sum(1 for f in found if f[0] == "golang") == 75
    inventory = take_image_inventory(path)
    assert inventory.distro is not None and inventory.distro.qualifier == "debian-12"
    assert inventory.files == 10
    assert inventory.config_findings == []


@pytest.mark.parametrize("compression", ["gzip", "zstd", "none"])
def test_oci_layout_folder(tmp_path: Path, compression: str) -> None:
    path = img.oci_layout(tmp_path / "oci", layers(), img.config(), compression)
    assert interesting(summary(path)) == expected()
    (root,) = take_image_inventory(path).config_findings
    assert root.location is not None and root.location.path == "example/app:oci"


def test_gzipped_docker_save_layers(tmp_path: Path) -> None:
    path = img.docker_save(tmp_path / "app.tar", layers(), img.config(), compression="gzip")
    assert interesting(summary(path)) == expected()


def test_docker_25_save_holds_an_oci_layout(tmp_path: Path) -> None:
    folder = img.oci_layout(tmp_path / "oci", layers(), img.config(), "none")
    index = json.loads((folder / "index.json").read_text())
    manifest_digest = index["manifests"][0]["digest"].split(":")[1]
    manifest = json.loads((folder / "blobs" / "sha256" / manifest_digest).read_text())
    docker_manifest = [
        {
            "Config": "blobs/sha256/" + manifest["config"]["digest"].split(":")[1],
            "RepoTags": ["example/app:25"],
            "Layers": ["blobs/sha256/" + d["digest"].split(":")[1] for d in manifest["layers"]],
        }
    ]
    (folder / "manifest.json").write_text(json.dumps(docker_manifest))
    tarball = tmp_path / "docker25.tar"
    with tarfile.open(tarball, "w") as tar:
        tar.add(folder, arcname=".")
    assert interesting(summary(tarball)) == expected()
    (root,) = take_image_inventory(tarball).config_findings
    assert root.location is not None and root.location.path == "example/app:25"


def test_unpacked_root_filesystem_never_leaves_its_root(tmp_path: Path) -> None:
    outside = tmp_path / "host"
    (outside / "apk" / "db").mkdir(parents=True)
    (outside / "apk" / "db" / "installed").write_text("P:hostpkg\nV:1.0-r0\n")
    root = tmp_path / "rootfs"
    (root / "etc").mkdir(parents=True)
    (root / "usr" / "lib").mkdir(parents=True)
    (root / "usr" / "lib" / "os-release").write_bytes(
        (CONTAINER / "alpine-3.15-os-release").read_bytes()
    )
    os.symlink("../usr/lib/os-release", root / "etc" / "os-release")
    # A link into the host, absolute and relative: inside the image they name image paths.
    os.symlink(str(outside), root / "lib")
    os.symlink("../../../../../../../../../" + str(outside).lstrip("/"), root / "var")
    (root / "bin").mkdir()
    (root / "bin" / "kubectl").write_bytes(GO)
    (root / "bin" / "kubectl").chmod(0o755)
    inventory = take_image_inventory(root)
    assert inventory.errors == []
    assert inventory.distro is not None and inventory.distro.qualifier == "alpine-3.15"
    assert {d.name for d in inventory.dependencies if d.ecosystem == "apk"} == set()
    assert len(inventory.dependencies) == 75  # the Go binary's modules, nothing from the host


def test_a_corrupt_gzip_layer_is_one_clear_error(tmp_path: Path) -> None:
    good = gzip.compress(layer(file("etc/os-release", "ID=debian\n")))
    corrupt = good[:20] + bytes(b ^ 0xFF for b in good[20:40]) + good[40:]
    path = tmp_path / "oci"
    img.oci_layout(path, [b""], img.config())
    blob = next(
        p for p in (path / "blobs" / "sha256").iterdir() if p.read_bytes()[:2] == b"\x1f\x8b"
    )
    blob.write_bytes(corrupt)
    (error,) = take_image_inventory(path).errors
    assert error.source == f"oci: layer 1 (blobs/sha256/{blob.name})"
    assert error.problem == (
        "not a readable tar layer (zlib error: Error -3 while decompressing data: "
        "invalid bit length repeat)"
    )
    blob.write_bytes(good[:-30])
    (error,) = take_image_inventory(path).errors
    assert error.problem == (
        "corrupt or truncated layer (Compressed file ended before the end-of-stream marker "
        "was reached)"
    )


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    (error,) = take_image_inventory(path).errors
    assert str(error).startswith(f"{path}: not a readable image tarball")


def test_a_manifest_naming_a_missing_layer(tmp_path: Path) -> None:
    path = tmp_path / "app.tar"
    with tarfile.open(path, "w") as tar:
        data = json.dumps([{"Config": "c.json", "Layers": ["gone/layer.tar"]}]).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("c.json")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"{}"))
    (error,) = take_image_inventory(path).errors
    assert str(error) == f"{path}: the image names 'gone/layer.tar', which it does not hold"


def test_an_oci_digest_cannot_be_a_path(tmp_path: Path) -> None:
    folder = tmp_path / "oci"
    folder.mkdir()
    index = {"manifests": [{"digest": "sha256:../../../etc/passwd"}]}
    (folder / "index.json").write_text(json.dumps(index))
    (error,) = take_image_inventory(folder).errors
    assert str(error) == "oci: invalid blob digest 'sha256:../../../etc/passwd'"


@pytest.mark.parametrize("manifests", [[], ["not a descriptor"], None])
def test_an_oci_index_without_a_manifest_is_an_error(tmp_path: Path, manifests: object) -> None:
    folder = tmp_path / "oci"
    folder.mkdir()
    (folder / "index.json").write_text(json.dumps({"manifests": manifests}))
    (error,) = take_image_inventory(folder).errors
    assert str(error) == "oci: the OCI index lists no manifests"


def test_a_tar_bomb_image_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = layer(*(file(f"f/{i}", "x") for i in range(50)))
    path = img.docker_save(tmp_path / "bomb.tar", [bomb], img.config(), compression="gzip")
    (error,) = take_image_inventory(path, Limits(max_files=20)).errors
    assert error.problem == "more than 20 files (tar bomb?)"


def test_a_jar_over_its_cap_is_not_opened(tmp_path: Path) -> None:
    data = jar({"META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties": LOG4J})
    path = img.docker_save(tmp_path / "a.tar", [layer(file("app.jar", data))], img.config())
    assert len(take_image_inventory(path).dependencies) == 1
    small = Limits(max_archive=len(data) - 1)
    assert take_image_inventory(path, small).dependencies == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000), st.sampled_from(["", "manifest.json", "index.json"]))
def test_any_bytes_as_an_image_are_a_result_or_one_error(
    tmp_path: Path, data: bytes, name: str
) -> None:
    path = tmp_path / "fuzz.tar"
    if name:
        with tarfile.open(path, "w") as tar:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    else:
        path.write_bytes(data)
    inventory = take_image_inventory(path)
    assert len(inventory.errors) <= 1
    assert all(
        str(e).startswith("fuzz.tar") or str(e).startswith(str(path)) for e in inventory.errors
    )


def test_oci_archive_tarball(tmp_path: Path) -> None:
    # What 'skopeo copy ... oci-archive:' and 'podman save --format oci-archive' write.
    folder = img.oci_layout(tmp_path / "oci", layers(), img.config(), "zstd")
    tarball = tmp_path / "app-oci.tar"
    with tarfile.open(tarball, "w") as tar:
        tar.add(folder, arcname=".")
    assert interesting(summary(tarball)) == expected()


def test_a_docker_save_of_several_images_is_refused_clearly(tmp_path: Path) -> None:
    path = img.docker_save(tmp_path / "two.tar", [layer()], img.config())
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        entry = json.loads(member.read())[0]
    two = tmp_path / "both.tar"
    with tarfile.open(path) as source, tarfile.open(two, "w") as tar:
        for info in source.getmembers():
            if info.name != "manifest.json":
                tar.addfile(info, source.extractfile(info))
        data = json.dumps([entry, {**entry, "RepoTags": ["example/other:2"]}]).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    (error,) = take_image_inventory(two).errors
    assert str(error) == (
        "both.tar: manifest.json holds 2 images; save one image per tarball to scan it"
    )


def test_kept_files_that_collide_are_an_error_not_a_crash(tmp_path: Path) -> None:
    clash = layer(
        file("a/node_modules/package.json", "{}"),
        file("a/node_modules/package.json/node_modules/x/package.json", '{"version": "1"}'),
    )
    path = img.docker_save(tmp_path / "clash.tar", [clash], img.config())
    errors = take_image_inventory(path).errors
    assert [e.source for e in errors] == ["a/node_modules/package.json/node_modules/x/package.json"]
    assert errors[0].problem == "cannot be read with the others (Not a directory)"


def test_an_rpm_image_with_a_berkeleydb_rpmdb(tmp_path: Path) -> None:
    centos = 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nVERSION_ID="7"\n'
    base = layer(
        file("etc/os-release", centos),
        file("var/lib/rpm/Packages", (CONTAINER / "rpm-bdb-Packages").read_bytes()),
    )
    path = img.docker_save(tmp_path / "centos.tar", [base], img.config())
    assert summary(path) == [
        ("rpm", "bash", "5.1.8-6.el9_1", "var/lib/rpm/Packages"),
        ("rpm", "openssl-libs", "1:3.0.7-24.el9", "var/lib/rpm/Packages"),
        ("rpm", "tzdata", "2024a-1.el9", "var/lib/rpm/Packages"),
    ]


def test_a_gzipped_docker_save(tmp_path: Path) -> None:
    # docker save app | gzip > app.tar.gz
    plain = img.docker_save(tmp_path / "app.tar", layers(), img.config())
    zipped = tmp_path / "app.tar.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes(), compresslevel=1))
    assert interesting(summary(zipped)) == expected()


def test_a_gzipped_docker_save_bomb_stops_at_the_byte_cap(tmp_path: Path) -> None:
    plain = img.docker_save(tmp_path / "app.tar", [layer(file("f", b"\0" * 200_000))], {})
    zipped = tmp_path / "bomb.tar.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    (error,) = take_image_inventory(zipped, Limits(max_total_bytes=100_000)).errors
    assert str(error) == f"{zipped}: more than 100000 bytes decompressed"


def test_egg_info_packages_in_an_image(tmp_path: Path) -> None:
    eggs = DATA / "lockfiles" / "egg_info"
    six = (eggs / "dist-packages" / "six-1.16.0.egg-info" / "PKG-INFO").read_bytes()
    wsgiref = (eggs / "site-packages" / "wsgiref.egg-info").read_bytes()
    base = layer(
        file("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", six),
        file("usr/lib/python2.7/site-packages/wsgiref.egg-info", wsgiref),
        # A project's own metadata, copied into the image with its sources: not a dependency.
        file("app/src/demo.egg-info/PKG-INFO", b"Metadata-Version: 2.1\nName: demo\nVersion: 1\n"),
    )
    path = img.docker_save(tmp_path / "eggs.tar", [base], img.config())
    assert summary(path) == [
        ("pypi", "six", "1.16.0", "usr/lib/python3/dist-packages/six-1.16.0.egg-info"),
        ("pypi", "wsgiref", "0.1.2", "usr/lib/python2.7/site-packages/wsgiref.egg-info"),
    ]
