"""Container image scan speed (issue 3, item 7: a 500 MB image tarball in <= 30 s, bounded
memory), through the real command:

    .venv/bin/python bench/image.py [--size-mb 500] [--compression none|gzip]

Builds a ``docker save`` tarball in a temporary folder: a Debian base layer with this machine's
real dpkg status (or the test excerpt), then layers of filler files (random bytes, so nothing
compresses away), Go executables (ELF files carrying kubectl's real build info), Python
dist-info folders, a node_modules tree, jars, and whiteouts removing some of them. Then runs
``vigil scan --image`` in a fresh process against an advisory database made from the test
advisories, and prints wall time, CPU time and the child's peak RSS as a Markdown table row.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from vigil.advisories.database import AdvisoryDatabase

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
VIGIL = str(Path(sys.executable).with_name("vigil"))
FILLER = 64 * 1024  # default filler file size; --file-kb changes it
GO_BINARY_MB = 8


def _add(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def _status() -> bytes:
    real = Path("/var/lib/dpkg/status")
    return (
        real.read_bytes()
        if real.is_file()
        else (DATA / "container" / "debian-12-dpkg-status").read_bytes()
    )


def _jar(number: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            f"META-INF/maven/org.example/lib{number}/pom.properties",
            f"groupId=org.example\nartifactId=lib{number}\nversion=1.{number}.0\n",
        )
        archive.writestr("payload.bin", os.urandom(256 * 1024))
    return out.getvalue()


def layer(kind: int, number: int, budget: int) -> bytes:
    """One layer tar of about ``budget`` bytes; ``kind`` picks what it carries besides filler."""
    blob = (DATA / "container" / "kubectl-1.32.4-buildinfo.bin").read_bytes()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        used = 0
        if kind == 0:
            _add(tar, "etc/os-release", (DATA / "container" / "debian-12-os-release").read_bytes())
            _add(tar, "var/lib/dpkg/status", _status())
        elif kind == 1:
            go = b"\x7fELF" + os.urandom(GO_BINARY_MB * 2**20) + blob
            _add(tar, f"usr/local/bin/tool{number}", go, 0o755)
            used += len(go)
        elif kind == 2:
            for i in range(400):
                pkg = json.dumps({"name": f"pkg{number}-{i}", "version": f"1.0.{i}"}).encode()
                _add(tar, f"app{number}/node_modules/pkg{number}-{i}/package.json", pkg)
            _add(tar, f"opt/lib{number}.jar", _jar(number))
        elif kind == 3:
            for i in range(100):
                meta = f"Metadata-Version: 2.1\nName: dist{number}-{i}\nVersion: 0.{i}\n".encode()
                _add(
                    tar,
                    f"usr/lib/python3/site-packages/dist{number}_{i}-0.{i}.dist-info/METADATA",
                    meta,
                )
            _add(tar, f"app{number - 1}/node_modules/.wh.pkg{number - 1}-0", b"")
        count = 0
        while used < budget:
            _add(tar, f"srv/data{number}/f{count:06d}.bin", os.urandom(FILLER))
            used += FILLER
            count += 1
    return out.getvalue()


def build(path: Path, size_mb: int, layers: int, compression: str) -> int:
    budget = size_mb * 2**20 // layers
    names = []
    with tarfile.open(path, "w") as tar:
        for number in range(layers):
            data = layer(number % 4, number, budget)
            if compression == "gzip":
                import gzip

                data = gzip.compress(data, compresslevel=1)
            name = f"{number:064x}/layer.tar"
            _add(tar, name, data)
            names.append(name)
        config = {"config": {"User": "", "Env": ["PATH=/usr/bin"]}, "history": []}
        _add(tar, "config.json", json.dumps(config).encode())
        manifest = [{"Config": "config.json", "RepoTags": ["bench/image:1"], "Layers": names}]
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--layers", type=int, default=24)
    parser.add_argument("--compression", choices=("none", "gzip"), default="none")
    parser.add_argument("--file-kb", type=int, default=64, help="filler file size")
    parser.add_argument(
        "--outer-gzip", action="store_true", help="gzip the whole tarball (docker save | gzip)"
    )
    args = parser.parse_args()
    global FILLER  # noqa: PLW0603 - one knob for the whole generated image
    FILLER = args.file_kb * 1024
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        image = work / "image.tar"
        size = build(image, args.size_mb, args.layers, args.compression)
        if args.outer_gzip:
            import gzip

            zipped = work / "image.tar.gz"
            with image.open("rb") as source, gzip.open(zipped, "wb", compresslevel=1) as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
            image.unlink()
            image, size = zipped, zipped.stat().st_size
        db = work / "advisories.db"
        with AdvisoryDatabase.open(db) as advisories:
            advisories.import_paths([DATA / "advisories", DATA / "advisories-os"])
        (work / "src").mkdir()
        env = {**os.environ, "VIGIL_ADVISORY_DB": str(db), "NO_COLOR": "1"}
        command = [
            VIGIL,
            "scan",
            str(work / "src"),
            "--image",
            str(image),
            "--only",
            "container",
            "--format",
            "json",
            "-o",
            str(work / "out.json"),
        ]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime  # less sensitive than wall time to a busy machine
        summary = [line for line in done.stderr.splitlines() if "scanned" in line]
        print(f"python {platform.python_version()}, exit {done.returncode}: {summary}")
        findings = len(json.loads((work / "out.json").read_text())["findings"])
        files = summary[0].split(", ")[1] if summary else "?"
        print("| image | size | layers | files | wall time | CPU time | peak RSS | findings |")
        print("|---|---|---|---|---|---|---|---|")
        print(
            f"| docker save{' piped to gzip' if args.outer_gzip else ''}, "
            f"{args.compression} layers, {args.file_kb} KiB filler files | "
            f"{size / 2**20:.0f} MiB | {args.layers} | {files} | {wall:.2f} s | {cpu:.2f} s | "
            f"{rss:.0f} MB | {findings} |"
        )


if __name__ == "__main__":
    main()
