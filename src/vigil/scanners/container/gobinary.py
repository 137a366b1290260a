"""Go modules compiled into an executable, read from its build info (``go version -m``).

Go 1.18+ writes a ``.go.buildinfo`` blob into every binary: a 32-byte header (the magic
``\\xff Go buildinf:``, the pointer size, flags) followed, when flag bit 2 says the strings are
inline, by two length-prefixed strings: the toolchain version (``go1.23.8``) and the module list
(``path``/``mod``/``dep``/``=>`` lines between two 16-byte sentinels). The executable is streamed
once; only the bytes around the magic are kept. Binaries built before Go 1.18 (Go 1.13-1.17)
store pointers instead of inline strings: ``golegacy`` follows them.
"""

from __future__ import annotations

from typing import IO

from vigil.model import Dependency

MAGIC = b"\xff Go buildinf:"
_HEADER = 32
_FLAG_INLINE = 0x2
_CHUNK = 1 << 20
#: Module lists of large programs run to tens of KB; more than this is not build info.
MAX_INFO = 1 << 20
_ELF = b"\x7fELF"
_SENTINEL = 16


def go_packages(path: str, stream: IO[bytes], size: int) -> tuple[Dependency, ...]:
    """The modules (and the Go standard library) built into the ELF executable ``stream``."""
    from vigil.scanners.container.golegacy import Forward, Seen, legacy_build_info

    head = stream.read(len(_ELF))
    if head != _ELF:
        return ()
    tail = b""
    position = len(_ELF)  # file offset where the stream stands
    seen: Seen | None = None
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return ()
        if seen is None:
            seen = Seen(_ELF + chunk, MAX_INFO)
            seen.feed(_ELF)
        seen.feed(chunk)
        window = tail + chunk
        start = position - len(tail)
        position += len(chunk)
        at = window.find(MAGIC)
        if at >= 0 and len(window) - at < MAX_INFO:
            more = stream.read(MAX_INFO - (len(window) - at))
            seen.feed(more)
            position += len(more)
            window += more
        # The magic also appears as a string constant in programs that read build info.
        while at >= 0:
            blob = window[at:]
            parsed = parse_build_info(blob)
            if parsed is None and _is_legacy(blob):
                reader = Forward(blob, start + at, stream, size or 1 << 62, seen, position)
                parsed = legacy_build_info(seen, blob, reader)
                position = reader.position
            if parsed is not None:
                return dependencies(path, *parsed)
            at = window.find(MAGIC, at + 1)
        # After a read ahead, what was kept does not join the next read.
        tail = window[-(len(MAGIC) - 1) :] if position == start + len(window) else b""


def _is_legacy(blob: bytes) -> bool:
    """A pre-1.18 header: pointers, not inline strings, after the 16 header bytes."""
    return len(blob) >= _HEADER and blob[14] in (4, 8) and not blob[15] & _FLAG_INLINE


def parse_build_info(blob: bytes) -> tuple[str, str] | None:
    """(Go version, module list) from bytes starting at the magic; None if not inline build
    info (an older binary, or the magic string appearing in ordinary data)."""
    if len(blob) < _HEADER or not blob.startswith(MAGIC):
        return None
    if blob[14] not in (4, 8) or not blob[15] & _FLAG_INLINE:
        return None
    version, offset = _string(blob, _HEADER)
    modinfo, _ = _string(blob, offset)
    if version is None or modinfo is None or not version.startswith("go"):
        return None
    # Module info sits between two 16-byte sentinels when present.
    if len(modinfo) >= 2 * _SENTINEL + 1 and modinfo[-_SENTINEL - 1] == "\n":
        modinfo = modinfo[_SENTINEL:-_SENTINEL]
    return version, modinfo


def _string(blob: bytes, offset: int) -> tuple[str | None, int]:
    length, shift = 0, 0
    while offset < len(blob) and shift < 64:
        byte = blob[offset]
        offset += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            end = offset + length
            if end > len(blob):
                return None, offset
            return blob[offset:end].decode("utf-8", "replace"), end
    return None, offset


def dependencies(path: str, version: str, modinfo: str) -> tuple[Dependency, ...]:
    """Dependencies of one binary: its main module (when versioned), each ``dep`` (with its
    ``=>`` replacement applied) and the standard library at the toolchain's version."""
    found: list[tuple[str, str]] = []
    for line in modinfo.splitlines():
        fields = line.split("\t")
        if fields[0] in ("mod", "dep") and len(fields) >= 3:
            found.append((fields[1], fields[2]))
        elif fields[0] == "=>" and len(fields) >= 3 and found and fields[2]:
            found[-1] = (fields[1], fields[2])  # a replacement by a local folder has no version
    deps = [
        Dependency("golang", module, ver, f"pkg:golang/{module}@{ver}", path)
        for module, ver in found
        if ver and ver != "(devel)"
    ]
    stdlib = version.split(maxsplit=1)[0].removeprefix("go")
    if stdlib[:1].isdigit():
        deps.append(Dependency("golang", "stdlib", stdlib, f"pkg:golang/stdlib@{stdlib}", path))
    return tuple(deps)
