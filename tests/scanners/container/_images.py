"""Build real container images in tests: layer tars (tarfile), docker save tarballs and OCI
image layouts, laid out as docker and the OCI image spec write them."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

DATA = Path(__file__).parent.parent.parent / "data"


@dataclass(frozen=True)
class Entry:
    """One tar member: kind is file, dir, symlink, hardlink, chardev or fifo."""

    path: str
    kind: str = "file"
    data: bytes = b""
    mode: int = 0o644
    target: str = ""


def file(path: str, data: bytes | str, mode: int = 0o644) -> Entry:
    return Entry(path, "file", data.encode() if isinstance(data, str) else data, mode)


def symlink(path: str, target: str) -> Entry:
    return Entry(path, "symlink", target=target)


def whiteout(path: str) -> Entry:
    folder, _, name = path.rpartition("/")
    return file(f"{folder}/.wh.{name}" if folder else f".wh.{name}", b"")


def layer(*entries: Entry) -> bytes:
    """An uncompressed layer tar holding ``entries`` in order."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            info = tarfile.TarInfo(entry.path)
            info.mode = entry.mode
            if entry.kind == "file":
                info.size = len(entry.data)
                tar.addfile(info, io.BytesIO(entry.data))
                continue
            info.type = {
                "dir": tarfile.DIRTYPE,
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "chardev": tarfile.CHRTYPE,
                "fifo": tarfile.FIFOTYPE,
            }[entry.kind]
            info.linkname = entry.target
            tar.addfile(info)
    return out.getvalue()


def compress(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data, compresslevel=1)
    if how == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    return data


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def docker_save(
    path: Path,
    layers: list[bytes],
    config: dict[str, Any],
    tags: tuple[str, ...] = ("example/app:1.0",),
    compression: str = "none",
) -> Path:
    """A ``docker save`` tarball (docker < 25 layout: ``<id>/layer.tar``)."""
    config_bytes = json.dumps(config).encode()
    names = [f"{index:064x}/layer.tar" for index in range(1, len(layers) + 1)]
    manifest = [{"Config": "config.json", "RepoTags": list(tags), "Layers": names}]
    with tarfile.open(path, "w") as tar:
        _add(tar, "config.json", config_bytes)
        for name, data in zip(names, layers, strict=True):
            _add(tar, name, compress(data, compression))
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return path


def oci_layout(
    folder: Path,
    layers: list[bytes],
    config: dict[str, Any],
    compression: str = "gzip",
    annotations: dict[str, str] | None = None,
) -> Path:
    """An OCI image layout folder with an index, one manifest, a config and the layers."""
    blobs = folder / "blobs" / "sha256"
    blobs.mkdir(parents=True)

    def blob(data: bytes, media_type: str) -> dict[str, Any]:
        digest = _digest(data)
        (blobs / digest.split(":")[1]).write_bytes(data)
        return {"mediaType": media_type, "digest": digest, "size": len(data)}

    suffix = {"gzip": "+gzip", "zstd": "+zstd", "none": ""}[compression]
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": blob(json.dumps(config).encode(), "application/vnd.oci.image.config.v1+json"),
        "layers": [
            blob(compress(data, compression), "application/vnd.oci.image.layer.v1.tar" + suffix)
            for data in layers
        ],
        "annotations": annotations or {},
    }
    descriptor = blob(json.dumps(manifest).encode(), manifest["mediaType"])
    descriptor["annotations"] = {"org.opencontainers.image.ref.name": "example/app:oci"}
    descriptor["platform"] = {"os": "linux", "architecture": "amd64"}
    index = {"schemaVersion": 2, "manifests": [descriptor]}
    (folder / "index.json").write_text(json.dumps(index))
    (folder / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    return folder


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def config(**settings: Any) -> dict[str, Any]:
    """An image config document with ``settings`` as its ``config`` and an optional history."""
    history = settings.pop("history", [])
    return {
        "architecture": "amd64",
        "os": "linux",
        "config": settings,
        "rootfs": {"type": "layers", "diff_ids": []},
        "history": [{"created_by": line} for line in history],
    }
