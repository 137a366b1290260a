"""Open a container image in any of the forms ``vigil scan --image`` accepts and build its
file system (see ``layers``):

* a ``docker save`` tarball: ``manifest.json`` names the config and the layer tars (docker
  before 25 writes ``<id>/layer.tar``; docker 25+ writes an OCI layout inside, which the same
  ``manifest.json`` points into);
* an OCI image layout, as a folder or a tar of one: ``index.json`` -> manifest (an image index
  is followed to its linux/amd64 manifest, else its first) -> config and layer blobs;
* an unpacked root file system (any other folder).

Layers may be plain tar, gzip or zstd (zstd needs the ``zstandard`` package, a dependency of
vigil). Layers are streamed in manifest order; nothing is unpacked to disk.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import orjson

from vigil.errors import ScanError
from vigil.scanners.container.layers import Filesystem, Node, is_kept

_DIGEST = re.compile(r"^(sha256|sha512):([0-9a-f]{64}|[0-9a-f]{128})$")
_MAX_JSON = 16 * 1024 * 1024
_INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)


@dataclass
class Image:
    """What a scan reads from an image: its name, config document and file system."""

    name: str
    config: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    annotations: dict[str, str] = field(default_factory=dict)


def load(path: Path, fs: Filesystem) -> Image:
    """Read the image at ``path`` into ``fs``; ScanError when it cannot be read."""
    if path.is_dir():
        if (path / "manifest.json").is_file() or (path / "index.json").is_file():
            return _archive(_FolderSource(path), fs)
        _read_rootfs(path, fs)
        return Image(path.name)
    with path.open("rb") as raw, _seekable_tar(raw, path, fs.limits.max_total_bytes) as plain:
        try:
            outer = tarfile.open(fileobj=plain, mode="r:")  # noqa: SIM115 - closed below
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ScanError(str(path), f"not a readable image tarball ({exc})") from None
        with outer:
            return _archive(_TarSource(path, outer), fs)


@contextmanager
def _seekable_tar(raw: IO[bytes], path: Path, limit: int) -> Iterator[IO[bytes]]:
    """The image tarball as a plain, seekable tar. A compressed one (``docker save | gzip``)
    is decompressed once into a temporary file: reading its layers in manifest order straight
    from the compressed stream would decompress it again from the start for every layer."""
    head = raw.read(6)
    raw.seek(0)
    if head[:2] != b"\x1f\x8b" and head[:4] != b"\x28\xb5\x2f\xfd":
        yield raw
        return
    with tempfile.TemporaryFile() as plain:
        try:
            with decompressed(raw, str(path)) as stream:
                copied = 0
                while chunk := stream.read(1 << 20):
                    copied += len(chunk)
                    if copied > limit:
                        raise ScanError(str(path), f"more than {limit} bytes decompressed")
                    plain.write(chunk)
        except _stream_errors() as exc:
            raise ScanError(str(path), f"not a readable image tarball ({exc})") from None
        plain.seek(0)
        yield plain


class _FolderSource:
    """The files of an image laid out in a folder (an OCI layout, an untarred docker save)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = root.name

    def has(self, name: str) -> bool:
        return (self.root / name).is_file()

    def open(self, name: str) -> IO[bytes]:
        if name.startswith("/") or ".." in name.split("/"):
            raise ScanError(str(self.root), f"unsafe file name {name!r} in the image documents")
        target = self.root / name
        try:
            if not target.resolve().is_relative_to(self.root.resolve()):
                raise ScanError(str(self.root), f"{name!r} leads outside the image folder")
            return target.open("rb")
        except OSError as exc:
            raise ScanError(str(self.root), f"cannot open {name}: {exc.strerror or exc}") from None


class _TarSource:
    """The members of an image tarball; only regular members, looked up by name (a member is
    read in place, never extracted)."""

    def __init__(self, path: Path, outer: tarfile.TarFile) -> None:
        self.name = path.name
        self.path = path
        self.outer = outer
        try:
            members = outer.getmembers()
        except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error) as exc:
            raise ScanError(str(path), f"corrupt image tarball ({exc})") from None
        self.members = {m.name.removeprefix("./"): m for m in members if m.isreg()}

    def has(self, name: str) -> bool:
        return name.removeprefix("./") in self.members

    def open(self, name: str) -> IO[bytes]:
        member = self.members.get(name.removeprefix("./"))
        handle = self.outer.extractfile(member) if member is not None else None
        if handle is None:
            raise ScanError(str(self.path), f"the image names {name!r}, which it does not hold")
        return handle


_Source = _FolderSource | _TarSource


def _archive(source: _Source, fs: Filesystem) -> Image:
    if source.has("manifest.json"):
        image, layers = _docker_manifest(source)
    elif source.has("index.json"):
        image, layers = _oci_layout(source)
    else:
        raise ScanError(source.name, "neither a docker save tarball nor an OCI image layout")
    for number, layer in enumerate(layers, 1):
        label = f"{source.name}: layer {number} ({layer})"
        try:
            with source.open(layer) as raw, decompressed(raw, label) as stream:
                fs.apply_tar(stream, label)
        except _stream_errors() as exc:
            raise ScanError(label, f"corrupt compressed layer ({exc})") from None
    return image


def _docker_manifest(source: _Source) -> tuple[Image, list[str]]:
    doc = _json(source, "manifest.json")
    if not isinstance(doc, list) or not doc or not isinstance(doc[0], dict):
        raise ScanError(source.name, "manifest.json is not a list of images")
    entry = doc[0]
    if len(doc) > 1:
        raise ScanError(
            source.name,
            f"manifest.json holds {len(doc)} images; save one image per tarball to scan it",
        )
    layers = entry.get("Layers")
    config_name = entry.get("Config")
    if not isinstance(layers, list) or not all(isinstance(x, str) for x in layers):
        raise ScanError(source.name, "manifest.json: 'Layers' is not a list of names")
    config = _json(source, config_name) if isinstance(config_name, str) else {}
    tags = tuple(t for t in entry.get("RepoTags") or () if isinstance(t, str))
    return Image(source.name, _object(config, source.name), tags), layers


def _oci_layout(source: _Source) -> tuple[Image, list[str]]:
    doc = _json(source, "index.json")
    descriptor = _pick(doc, source.name)
    manifest = _json(source, blob_path(descriptor.get("digest"), source.name))
    for _ in range(2):  # an index may point at a platform index
        if not isinstance(manifest, dict) or manifest.get("mediaType") not in _INDEX_TYPES:
            break
        descriptor = _pick(manifest, source.name)
        manifest = _json(source, blob_path(descriptor.get("digest"), source.name))
    if not isinstance(manifest, dict) or not isinstance(manifest.get("layers"), list):
        raise ScanError(source.name, "the OCI manifest has no layers list")
    config_desc = manifest.get("config")
    config_digest = config_desc.get("digest") if isinstance(config_desc, dict) else None
    config = _json(source, blob_path(config_digest, source.name))
    layers = [
        blob_path(d.get("digest") if isinstance(d, dict) else None, source.name)
        for d in manifest["layers"]
    ]
    annotations = {
        **_strings(descriptor.get("annotations")),
        **_strings(manifest.get("annotations")),
    }
    ref = annotations.get("io.containerd.image.name") or annotations.get(
        "org.opencontainers.image.ref.name"
    )
    image = Image(source.name, _object(config, source.name), (ref,) if ref else (), annotations)
    return image, layers


def _pick(index: object, name: str) -> dict[str, Any]:
    manifests = index.get("manifests") if isinstance(index, dict) else None
    usable = [m for m in manifests if isinstance(m, dict)] if isinstance(manifests, list) else []
    if not usable:
        raise ScanError(name, "the OCI index lists no manifests")
    for descriptor in usable:
        platform = descriptor.get("platform")
        if isinstance(platform, dict) and (platform.get("os"), platform.get("architecture")) == (
            "linux",
            "amd64",
        ):
            return descriptor
    return usable[0]


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def _object(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScanError(name, "the image config is not a JSON object")
    return value


def _json(source: _Source, name: str) -> Any:
    with source.open(name) as handle:
        raw = handle.read(_MAX_JSON + 1)
    if len(raw) > _MAX_JSON:
        raise ScanError(source.name, f"{name}: over {_MAX_JSON} bytes, not an image document")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ScanError(source.name, f"{name}: not valid JSON ({exc})") from None


def blob_path(digest: object, source: str) -> str:
    """``blobs/<alg>/<hex>`` for a descriptor digest; ScanError for anything else (a digest
    is the only name an OCI layout gives, so it must not smuggle in a path)."""
    if not isinstance(digest, str) or not _DIGEST.match(digest):
        raise ScanError(source, f"invalid blob digest {digest!r}")
    algorithm, hexdigest = digest.split(":", 1)
    return f"blobs/{algorithm}/{hexdigest}"


@contextmanager
def decompressed(stream: IO[bytes], source: str) -> Iterator[IO[bytes]]:
    """``stream`` as tar bytes: gzip and zstd layers are decompressed on the fly."""
    head = stream.read(4)
    stream.seek(0)  # image files and tar members are both seekable
    if head[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=stream) as unzipped:
            yield cast(IO[bytes], unzipped)
    elif head == b"\x28\xb5\x2f\xfd":
        try:
            import zstandard
        except ImportError:
            raise ScanError(source, "zstd layer, and the zstandard package is missing") from None
        with zstandard.ZstdDecompressor().stream_reader(stream) as reader:
            yield reader
    else:
        yield stream


def _stream_errors() -> tuple[type[BaseException], ...]:
    """What a corrupt compressed layer raises while it is read."""
    try:
        import zstandard
    except ImportError:
        return (zlib.error, EOFError, OSError)
    return (zlib.error, EOFError, OSError, zstandard.ZstdError)


def _read_rootfs(root: Path, fs: Filesystem) -> None:
    """An unpacked root file system: links are recorded (never followed by the OS) and kept
    files read with ``O_NOFOLLOW``, so a link cannot lead the scan outside ``root``."""
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            full = here / name
            rel = full.relative_to(root).as_posix()
            try:
                info = full.lstat()
            except OSError:
                continue  # removed while the walk ran
            fs.files += 1
            if stat.S_ISLNK(info.st_mode):
                fs.add_node(rel, Node(target=os.readlink(full)))
            elif stat.S_ISREG(info.st_mode):
                _read_root_file(fs, full, rel, info)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]


def _read_root_file(fs: Filesystem, full: Path, rel: str, info: os.stat_result) -> None:
    fs.total_bytes += info.st_size
    if not is_kept(rel) and fs.inspector_for(rel, info.st_mode, info.st_size) is None:
        return
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        fs.warnings.append(f"{rel}: cannot read ({exc.strerror})")
        return
    with os.fdopen(fd, "rb") as handle:
        node = fs.file_node(rel, handle, info.st_mode, info.st_size)
    if node is not None:
        fs.add_node(rel, node)
