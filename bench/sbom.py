"""SBOM and licence speed, through the real code:

    .venv/bin/python bench/sbom.py [COUNT]

1. render a CycloneDX 1.6 BOM of COUNT (default 5,000) npm packages, each with a licence and a
   dependency path (the graph a large lockfile gives);
2. read that BOM back with the CycloneDX reader, and the same packages as an SPDX 2.3 document
   with the SPDX reader (what `vigil scan bom.json` does before matching);
3. judge every package's licence under a policy with deny globs and an allow list;
4. `vigil sbom tests/data/lockfiles` end to end in a fresh process (every real lockfile sample);
5. with OSV folders given (``--osv FOLDER...``, e.g. the shared pypa, golang, rustsec and ghsa
   copies), the VEX part of ``vigil sbom --vex`` for 5,000 components of which 500 are named by
   advisories: matching, one record per advisory, rendering.

Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vigil.model import Dependency
from vigil.model.license import LicensePolicy
from vigil.report.cyclonedx import render_bom
from vigil.scanners.licenses import licence_findings
from vigil.scanners.lockfiles.cyclonedx_sbom import CycloneDxSbomReader
from vigil.scanners.lockfiles.spdx_sbom import SpdxSbomReader

ROOT = Path(__file__).resolve().parent.parent
LICENCES = [
    "MIT",
    "Apache-2.0",
    "ISC",
    "BSD-3-Clause",
    "MIT OR GPL-3.0-only",
    "GPL-3.0-or-later",
    "SEE LICENSE IN LICENSE",
    "AGPL-3.0-only",
    "(MIT AND Zlib)",
    "BSD License",
]


def inventory(count: int) -> list[Dependency]:
    deps = []
    for i in range(count):
        name, version = f"pkg-{i}", f"1.{i % 7}.{i % 13}"
        parent = i // 4  # a tree four wide: paths up to ~7 long at 5,000
        chain: list[str] = []
        while parent and len(chain) < 12:
            chain.insert(0, f"pkg-{parent}@1.{parent % 7}.{parent % 13}")
            parent //= 4
        deps.append(
            Dependency(
                "npm",
                name,
                version,
                f"pkg:npm/{name}@{version}",
                "package-lock.json",
                direct=not chain,
                path=(*chain, f"{name}@{version}") if chain else (),
                license=LICENCES[i % len(LICENCES)],
            )
        )
    return deps


def spdx(deps: list[Dependency]) -> dict[str, object]:
    packages = [{"SPDXID": "SPDXRef-root", "name": "root"}]
    rels = [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-root",
        }
    ]
    for d in deps:
        packages.append(
            {
                "SPDXID": f"SPDXRef-{d.name}",
                "name": d.name,
                "licenseConcluded": d.license,
                "externalRefs": [
                    {
                        "referenceCategory": "PACKAGE-MANAGER",
                        "referenceType": "purl",
                        "referenceLocator": d.purl,
                    }
                ],
            }
        )
        parent = d.path[-2].split("@")[0] if len(d.path) > 1 else "root"
        rels.append(
            {
                "spdxElementId": f"SPDXRef-{parent}",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": f"SPDXRef-{d.name}",
            }
        )
    return {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "packages": packages,
        "relationships": rels,
    }


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def vex(folders: list[str]) -> list[tuple[str, float]]:
    from advisories import components  # bench/advisories.py, beside this script
    from vigil.cli.sbom import _vex_records

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "advisories.db"
        subprocess.run(
            [str(Path(sys.executable).with_name("vigil")), "db", "import", *folders],
            env={"VIGIL_ADVISORY_DB": str(database), "PATH": ""},
            check=True,
            capture_output=True,
        )
        deps = components(database, 5_000, 500)
        start = time.perf_counter()
        records = _vex_records(deps, database, None)
        data = render_bom(deps, subject="bench", tool_version="0", records=records)
        seconds = time.perf_counter() - start
    vulns = len(json.loads(data)["vulnerabilities"])
    return [(f"VEX for 5,000 components, 500 named by advisories ({vulns:,} entries)", seconds)]


def main() -> None:
    args = sys.argv[1:]
    folders = args[args.index("--osv") + 1 :] if "--osv" in args else []
    args = args[: args.index("--osv")] if "--osv" in args else args
    count = int(args[0]) if args else 5_000
    deps = inventory(count)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, seconds = timed(lambda: render_bom(deps, subject="bench", tool_version="0"))
        rows.append((f"render CycloneDX 1.6 ({count:,} components, graph, licences)", seconds))
        (folder / "bom.cdx.json").write_bytes(data)
        read, seconds = timed(
            lambda: list(CycloneDxSbomReader().read(folder / "bom.cdx.json", folder))
        )
        assert len(read) == count and sum(d.direct is True for d in read) == 4
        rows.append((f"read it back (CycloneDX reader, {len(data) / 1e6:.1f} MB)", seconds))
        (folder / "bom.spdx.json").write_text(json.dumps(spdx(deps)))
        read, seconds = timed(lambda: list(SpdxSbomReader().read(folder / "bom.spdx.json", folder)))
        assert len(read) == count
        rows.append(("read the same packages as SPDX 2.3 JSON", seconds))
        policy = LicensePolicy(
            deny=("AGPL-*", "GPL-3.0*"), allow=("MIT", "Apache-2.0", "BSD-*", "ISC", "Zlib")
        )
        (findings, _, _), seconds = timed(lambda: licence_findings(read, policy))
        rows.append((f"judge {count:,} licences ({len(findings):,} findings)", seconds))
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("vigil")),
            "sbom",
            str(ROOT / "tests/data/lockfiles"),
            "-o",
            "/dev/null",
        ],
        check=False,
        capture_output=True,
    )
    rows.append(("`vigil sbom tests/data/lockfiles` (fresh process)", time.perf_counter() - start))
    if folders:
        rows += vex(folders)
    print("| measurement | wall time |\n|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
