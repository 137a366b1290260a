"""An image's file system as its layers build it, holding only what a scan reads.

Each layer tar is streamed once, member by member, and never written to disk. Whiteouts
(``.wh.name`` removes ``name`` and everything under it; ``.wh..wh..opq`` empties its folder)
apply to the layers below, so a layer's whiteouts are applied before its own files. What is
kept: symlinks (to resolve paths inside the image), the small files the package readers need
(package databases, ``os-release``, ``METADATA``, ``PKG-INFO``, ``package.json``) and, instead
of their bytes, the packages found in Go executables and jars as they stream past. Everything
else is counted and skipped. A member written through a symlinked folder is kept at its real
path (see ``_Folders``).

Hostile archives are refused with a ``ScanError``: absolute or ``..`` member names, more members
or bytes than the ``Limits`` allow. Links are resolved inside this virtual tree only (an
absolute target or a ``..`` past the top stays at the image root, as in a container), devices
and FIFOs are skipped, so nothing an image contains can reach the host.
"""

from __future__ import annotations

import posixpath
import re
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch, translate
from typing import IO

from vigil.errors import ScanError
from vigil.model import Dependency

#: Installed Python and npm packages' metadata, read by the lockfile readers.
LANGUAGE_PATTERNS = (
    "*.dist-info/METADATA",
    "*-packages/*.egg-info",
    "*-packages/*.egg-info/PKG-INFO",
    "*node_modules/*package.json",
)
#: Files whose bytes a scan reads (image paths, no leading slash; fnmatch patterns).
KEPT_PATTERNS = (
    "etc/os-release",
    "usr/lib/os-release",
    "var/lib/dpkg/status",
    "var/lib/dpkg/status.d/*",
    "lib/apk/db/installed",
    "usr/lib/apk/db/installed",
    "var/lib/rpm/rpmdb.sqlite",
    "usr/lib/sysimage/rpm/rpmdb.sqlite",
    "var/lib/rpm/Packages",
    "usr/lib/sysimage/rpm/Packages.db",
    *LANGUAGE_PATTERNS,
)
_ARCHIVES = (".jar", ".war", ".ear")
_MAX_LINK_HOPS = 40
_WHITEOUT = ".wh."
_OPAQUE = ".wh..wh..opq"


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that turn a tar bomb into a clear error instead of a full disk or memory."""

    max_total_bytes: int = 16 * 1024**3
    max_files: int = 2_000_000
    max_layers: int = 512
    #: One kept file (a package database is a few MB; rpmdb.sqlite can reach 100 MB).
    max_kept_file: int = 256 * 1024**2
    #: All kept files together (they are held in memory until the image is read).
    max_kept_total: int = 1024**3
    #: Executables larger than this are not inspected for Go build info (they stream past).
    max_binary: int = 512 * 1024**2
    #: Jars larger than this are not opened (a jar is read into memory to be unzipped).
    max_archive: int = 128 * 1024**2


@dataclass(slots=True)
class Node:
    """A kept entry: a symlink (``target``), a file's bytes, or packages found in a binary."""

    target: str | None = None
    data: bytes | None = None
    found: tuple[Dependency, ...] = ()
    #: The name a layer wrote a kept file under, when a linked folder put it elsewhere.
    written: str | None = None


#: Reads packages out of a streamed binary: (image path, member stream, size) -> packages.
Inspector = Callable[[str, IO[bytes], int], tuple[Dependency, ...]]


@dataclass
class Filesystem:
    """The merged view of the layers applied so far."""

    limits: Limits = field(default_factory=Limits)
    go_inspector: Inspector | None = None
    jar_inspector: Inspector | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    files: int = 0
    total_bytes: int = 0
    kept_bytes: int = 0
    layers: int = 0
    warnings: list[str] = field(default_factory=list)

    def apply_tar(self, stream: IO[bytes], source: str) -> None:
        """Apply one uncompressed or compressed-stream layer tar (``source`` names it)."""
        self.layers += 1
        if self.layers > self.limits.max_layers:
            raise ScanError(source, f"more than {self.limits.max_layers} layers")
        try:
            with tarfile.open(fileobj=stream, mode="r|") as tar:
                self._apply_members(tar, source)
        except tarfile.TarError as exc:
            raise ScanError(source, f"not a readable tar layer ({exc})") from None
        except (EOFError, OSError, ValueError) as exc:
            raise ScanError(source, f"corrupt or truncated layer ({exc})") from None

    def _apply_members(self, tar: tarfile.TarFile, source: str) -> None:
        removed: list[str] = []
        opaque: list[str] = []
        added: dict[str, Node | None] = {}
        folders = _Folders(self, added)
        for member in tar:
            # Stream mode would otherwise keep every header of the layer in memory.
            tar.members.clear()  # type: ignore[attr-defined]
            written = safe_name(member.name, source)
            path = folders.real(written)
            self._count(member, source)
            base = posixpath.basename(path)
            if base == _OPAQUE:
                opaque.append(posixpath.dirname(path))
            elif base.startswith(_WHITEOUT):
                removed.append(posixpath.join(posixpath.dirname(path), base[len(_WHITEOUT) :]))
            else:
                node = self._node(tar, member, (path, written), folders, source)
                if path in folders.looked:
                    folders.replacing(path, node)
                self._add(added, path, node)
        for folder in opaque:
            self._remove_under(folder)
        for path in removed:
            self.nodes.pop(path, None)
            self._remove_under(path)
        for path, node in added.items():
            if node is None:
                self.nodes.pop(path, None)
            else:
                self.nodes[path] = node

    def _add(self, added: dict[str, Node | None], path: str, node: Node | None) -> None:
        added.pop(path, None)  # a later member of one name replaces an earlier one
        if node is not None or path in self.nodes:
            added[path] = node  # None hides what a lower layer had at this path

    def _count(self, member: tarfile.TarInfo, source: str) -> None:
        self.files += 1
        self.total_bytes += max(member.size, 0)
        if self.files > self.limits.max_files:
            raise ScanError(source, f"more than {self.limits.max_files} files (tar bomb?)")
        if self.total_bytes > self.limits.max_total_bytes:
            raise ScanError(
                source, f"more than {self.limits.max_total_bytes} bytes unpacked (tar bomb?)"
            )

    def _node(
        self,
        tar: tarfile.TarFile,
        member: tarfile.TarInfo,
        names: tuple[str, str],
        folders: _Folders,
        source: str,
    ) -> Node | None:
        if member.issym():
            return Node(target=member.linkname)
        if member.islnk():
            target = folders.real(safe_name(member.linkname, source))
            # The target as this layer left it (perhaps replaced by an unkept file), else below.
            return folders.current(target)
        if not member.isreg():
            return None  # folders, devices, FIFOs: nothing to read
        return self._regular(tar, member, *names)

    def _regular(
        self, tar: tarfile.TarFile, member: tarfile.TarInfo, path: str, written: str
    ) -> Node | None:
        kept = is_kept(path) or (written != path and is_kept(written))
        if not kept and self.inspector_for(path, member.mode, member.size) is None:
            return None  # skipped unread: the tar stream moves past it
        handle = tar.extractfile(member)
        if handle is None:
            return None
        return self.file_node(path, handle, member.mode, member.size, written)

    def file_node(
        self, path: str, handle: IO[bytes], mode: int, size: int, written: str | None = None
    ) -> Node | None:
        """The kept form of one regular file: its bytes, or the packages inside it.
        ``written`` is the name it was written under, when a linked folder moved it."""
        written = written if written != path else None
        if is_kept(path) or (written is not None and is_kept(written)):
            if size > self.limits.max_kept_file:
                self.warnings.append(f"{path}: {size} bytes, larger than the cap; not read")
                return None
            self.kept_bytes += size
            if self.kept_bytes > self.limits.max_kept_total:
                raise ScanError(
                    path, f"package files over {self.limits.max_kept_total} bytes in all"
                )
            return Node(data=handle.read(size), written=written)
        inspector = self.inspector_for(path, mode, size)
        found = inspector(path, handle, size) if inspector is not None else ()
        return Node(found=found) if found else None

    def inspector_for(self, path: str, mode: int, size: int) -> Inspector | None:
        """What reads packages out of the file at ``path``, if it is a jar or an executable."""
        if size < 64:
            return None
        if path.endswith(_ARCHIVES):
            return self.jar_inspector if size <= self.limits.max_archive else None
        if mode & 0o111 and size <= self.limits.max_binary:
            return self.go_inspector
        return None

    def _remove_under(self, folder: str) -> None:
        prefix = folder.rstrip("/") + "/" if folder else ""
        for path in [p for p in self.nodes if p.startswith(prefix)]:
            del self.nodes[path]

    def add_node(self, path: str, node: Node) -> None:
        """Add one entry directly (an unpacked root file system is read this way)."""
        self.nodes[path] = node

    def resolve(self, path: str) -> str | None:
        """``path`` with every symlink on the way followed inside the image; None for a loop."""
        return _resolve(path, self.nodes.get)

    def read(self, path: str) -> bytes | None:
        """The kept bytes at ``path`` (links followed), or None."""
        real = self.resolve(path)
        node = self.nodes.get(real) if real is not None else None
        return node.data if node is not None else None

    def kept_files(self, pattern: str) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of every kept regular file matching ``pattern``, sorted by path."""
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if node.data is None:
                continue
            # A file written through a linked folder answers to the name it was written under.
            if fnmatch(path, pattern):
                yield path, node.data
            elif node.written is not None and fnmatch(node.written, pattern):
                yield node.written, node.data

    def binary_packages(self) -> Iterator[Dependency]:
        """Packages found in the Go executables and jars still present in the image."""
        for path in sorted(self.nodes):
            yield from self.nodes[path].found


class _Folders:
    """Where a layer's members really land: a member written through a symlinked folder
    (``lib/apk/db/installed`` with ``lib -> usr/lib``) is kept under the resolved path, as the
    kernel would store it, so a lookup by the real path finds it. The link in the last name
    is not followed (a member at a link's path replaces the link). Folders are resolved
    against the layers below plus this layer so far; the answers are cached until a link
    changes."""

    def __init__(self, fs: Filesystem, added: dict[str, Node | None]) -> None:
        self.fs = fs
        self.added = added
        self.cache: dict[str, str] = {}
        #: Every path the cached answers depend on: only a link change there can alter them.
        self.looked: set[str] = set()

    def current(self, path: str) -> Node | None:
        """The entry at ``path`` as this layer so far leaves it, else as the layers below do."""
        return self.added[path] if path in self.added else self.fs.nodes.get(path)

    def lookup(self, path: str) -> Node | None:
        self.looked.add(path)
        return self.current(path)

    def real(self, path: str) -> str:
        folder, _, name = path.rpartition("/")
        if not folder:
            return path
        real = self.cache.get(folder)
        if real is None:
            # A loop leaves the name as written: it cannot be looked up through links anyway.
            real = _resolve(folder, self.lookup)
            real = folder if real is None else real
            self.cache[folder] = real
        if real == folder:
            return path  # the common case: no link on the way, no new string
        return f"{real}/{name}" if real else name

    def replacing(self, path: str, node: Node | None) -> None:
        """Forget the cached answers, which went through ``path``, if it becomes a link or
        stops being one (a layer's many links to files touch no cached folder)."""
        if _is_link(node) or _is_link(self.current(path)):
            self.cache.clear()
            self.looked.clear()


def _is_link(node: Node | None) -> bool:
    return node is not None and node.target is not None


def _resolve(path: str, lookup: Callable[[str], Node | None]) -> str | None:
    parts = [p for p in path.split("/") if p]
    resolved: list[str] = []
    hops = 0
    while parts:
        part = parts.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        here = "/".join((*resolved, part))
        node = lookup(here)
        if node is None or node.target is None:
            resolved.append(part)
            continue
        hops += 1
        if hops > _MAX_LINK_HOPS:
            return None
        target = [p for p in node.target.split("/") if p]
        if node.target.startswith("/"):
            resolved = []
        parts = target + parts
    return "/".join(resolved)


_KEPT = re.compile("|".join(translate(pattern) for pattern in KEPT_PATTERNS))


def is_kept(path: str) -> bool:
    """Whether the bytes of the file at ``path`` are kept for a reader."""
    return _KEPT.match(path) is not None


def safe_name(name: str, source: str) -> str:
    """A member name as a relative image path; ScanError for absolute or ``..`` names."""
    if name.startswith("/"):
        raise ScanError(source, f"unsafe member name {name!r}: absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ScanError(source, f"unsafe member name {name!r}: '..' in path")
    return "/".join(parts)
