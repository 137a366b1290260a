"""Supply-chain speed targets (issue 3, item 7), through the real code:

    .venv/bin/python bench/advisories.py OSV_FOLDER...

1. `vigil db import` of the given OSV folders into a new database, in a fresh process;
2. matching 5,000 components against that database in one scan, timed inside one process
   after opening the database, as `vigil scan` does it: once with 500 packages that advisories
   name (a typical project), once with 5,000 (every component has advisories: the worst case).

The folders are not part of the repository (e.g. the shared OSV copies of pypa, golang,
rustsec and GHSA); prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vigil.advisories.database import AdvisoryDatabase
from vigil.advisories.osv import PURL_TYPE_ECOSYSTEMS
from vigil.model import Dependency
from vigil.scanners.sca import vulnerable_dependencies

VIGIL = str(Path(sys.executable).with_name("vigil"))
COMPONENTS = 5_000
_PURL_TYPE = {osv: purl for purl, osv in PURL_TYPE_ECOSYSTEMS.items()}


def components(database: Path, count: int, known: int) -> list[Dependency]:
    """``known`` real package names from the database, at versions its advisories name,
    topped up to ``count`` with packages no advisory names."""
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT DISTINCT f.ecosystem, f.name, a.document FROM affected f "
            "JOIN advisory a ON a.pk = f.advisory_pk ORDER BY f.ecosystem, f.name"
        ).fetchall()
    import orjson

    found: list[Dependency] = []
    for ecosystem, name, document in rows:
        purl_type = next(
            (p for osv, p in _PURL_TYPE.items() if osv.lower() == ecosystem.lower()), None
        )
        if purl_type is None:
            continue
        record = orjson.loads(document)
        versions = [
            e.get("introduced") or e.get("fixed")
            for a in record.get("affected", [])
            for r in a.get("ranges", [])
            for e in r.get("events", [])
        ]
        version = next((v for v in versions if v and v != "0"), "1.0.0")
        found.append(
            Dependency(purl_type, name, version, f"pkg:{purl_type}/{name}@{version}", "bench")
        )
        if len(found) == known:
            break
    while len(found) < count:
        n = len(found)
        found.append(
            Dependency("npm", f"unknown-{n}", "1.0.0", f"pkg:npm/unknown-{n}@1.0.0", "bench")
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / "advisories.db"
        env = os.environ | {"VIGIL_ADVISORY_DB": str(database)}
        start = time.perf_counter()
        subprocess.run(
            [VIGIL, "db", "import", *map(str, args.folders)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        rows.append(
            (
                f"vigil db import of {', '.join(f.name for f in args.folders)}",
                f"{time.perf_counter() - start:.2f} s",
            )
        )
        for known in (COMPONENTS // 10, COMPONENTS):
            dependencies = components(database, COMPONENTS, known)
            with AdvisoryDatabase.open(database) as db:
                start = time.perf_counter()
                findings = list(vulnerable_dependencies(dependencies, db))
                elapsed = time.perf_counter() - start
            label = (
                f"match {len(dependencies):,} components, {known:,} of them named by "
                f"advisories ({len(findings):,} vulnerable)"
            )
            rows.append((label, f"{elapsed:.2f} s"))
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| measurement | wall time |\n|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} |")


if __name__ == "__main__":
    main()
