"""vigil's speed targets, measured end to end through the real CLI.

    .venv/bin/python bench/run.py [--findings 100000] [--postgres URL]

Generates its own reports (a SARIF and a Trivy report of N distinct findings), then times, each
in a fresh process: import into an empty SQLite store, identical re-import, `vigil gate` over
the stored findings, and `vigil --help`; peak memory is the child's max RSS. With --postgres,
also runs 20 concurrent imports into PostgreSQL and checks nothing was lost or duplicated.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

VIGIL = str(Path(sys.executable).with_name("vigil"))
SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")


def sarif_report(count: int) -> bytes:
    """A Semgrep-style SARIF run with ``count`` distinct results over 50 rules."""
    rules = [
        {
            "id": f"python.lang.security.rule-{r}",
            "shortDescription": {"text": f"Rule {r}"},
            "defaultConfiguration": {"level": ("note", "warning", "error")[r % 3]},
            "properties": {"tags": [f"CWE-{78 + r}"], "security-severity": str(2 + r % 8)},
        }
        for r in range(50)
    ]
    results = [
        {
            "ruleId": f"python.lang.security.rule-{i % 50}",
            "level": ("note", "warning", "error")[i % 3],
            "message": {"text": f"Dangerous call number {i}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f"src/pkg{i % 97}/module_{i // 20}.py"},
                        "region": {
                            "startLine": 10 + i % 20,
                            "endLine": 10 + i % 20,
                            "snippet": {"text": f"value_{i} = eval(request.args['q{i}'])"},
                        },
                    }
                }
            ],
        }
        for i in range(count)
    ]
    return orjson.dumps(
        {
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [
                {
                    "tool": {
                        "driver": {"name": "Semgrep OSS", "version": "1.90.0", "rules": rules}
                    },
                    "results": results,
                }
            ],
        }
    )


def trivy_report(count: int) -> bytes:
    """A Trivy schema-2 image report with ``count`` distinct package/CVE pairs."""
    per_package = 10
    vulnerabilities = [
        {
            "VulnerabilityID": f"CVE-2024-{10000 + i}",
            "PkgName": f"package-{i // per_package}",
            "PkgIdentifier": {"PURL": f"pkg:pypi/package-{i // per_package}@1.{i % 7}.0"},
            "InstalledVersion": f"1.{i % 7}.0",
            "FixedVersion": f"1.{i % 7}.1",
            "Severity": SEVERITIES[i % 4],
            "Title": f"Issue {i} in package-{i // per_package}",
            "Description": "A long enough description of the problem. " * 4,
            "PrimaryURL": f"https://avd.aquasec.com/nvd/cve-2024-{10000 + i}",
            "CweIDs": [f"CWE-{20 + i % 50}"],
            "CVSS": {
                "nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V3Score": 9.8}
            },
            "References": [f"https://example.org/advisory/{i}"],
        }
        for i in range(count)
    ]
    return orjson.dumps(
        {
            "SchemaVersion": 2,
            "ArtifactName": "registry.example/shop:1.0",
            "ArtifactType": "container_image",
            "Results": [
                {
                    "Target": "usr/lib/python3/site-packages",
                    "Class": "lang-pkgs",
                    "Type": "python-pkg",
                    "Vulnerabilities": vulnerabilities,
                }
            ],
        }
    )


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Run a command; wall seconds, peak RSS in MB, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def bench_import(name: str, report: Path, workdir: Path, rows: list[tuple[str, str, str]]) -> None:
    """Import into an empty store, gate, re-import the same report, gate again."""
    url = f"sqlite:///{workdir / (name + '.db')}"
    env = os.environ | {"VIGIL_DATABASE_URL": url}
    base = [VIGIL, "import", "--product", name, "--branch", "main", str(report)]
    seconds, peak, _ = timed(base, env)
    rows.append((f"import {name} into empty SQLite", f"{seconds:.2f} s", f"{peak:.0f} MB"))
    bench_gate(url, name, "right after that import (all findings new)", rows)
    seconds, peak, _ = timed(base, env)
    rows.append((f"re-import same {name} report", f"{seconds:.2f} s", f"{peak:.0f} MB"))
    bench_gate(url, name, "after the re-import", rows)


def bench_gate(url: str, product: str, when: str, rows: list[tuple[str, str, str]]) -> None:
    env = os.environ | {"VIGIL_DATABASE_URL": url}
    seconds, peak, code = timed([VIGIL, "gate", "--product", product, "--branch", "main"], env)
    rows.append(
        (
            f"gate over the stored {product} findings, {when}; exit {code}",
            f"{seconds:.2f} s",
            f"{peak:.0f} MB",
        )
    )


def bench_help(rows: list[tuple[str, str, str]]) -> None:
    samples = [timed([VIGIL, "--help"], dict(os.environ))[0] for _ in range(7)]
    rows.append(("vigil --help (median of 7)", f"{statistics.median(samples):.3f} s", ""))


def bench_concurrent(url: str, report: Path, rows: list[tuple[str, str, str]]) -> None:
    """20 imports at once into one PostgreSQL product; then count what is stored."""
    from sqlalchemy import create_engine, text

    env = os.environ | {"VIGIL_DATABASE_URL": url}
    product = f"concurrent-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [VIGIL, "import", "--product", product, "--branch", f"b{i % 4}", str(report)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(20)
    ]
    failures = [p for p in procs if p.wait() != 0]
    elapsed = time.perf_counter() - start
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT (branch, fingerprint)) FROM findings f "
                "JOIN products p ON p.id = f.product_id WHERE p.name = :p"
            ),
            {"p": product},
        ).one()
        scans = conn.execute(
            text(
                "SELECT count(*) FROM scans s JOIN products p ON p.id = s.product_id "
                "WHERE p.name = :p"
            ),
            {"p": product},
        ).scalar()
    rows.append(
        (
            f"20 concurrent imports into PostgreSQL ({len(failures)} failed, {scans} scans, "
            f"{stored[0]} findings, {stored[1]} distinct)",
            f"{elapsed:.2f} s",
            "",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("VIGIL_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sarif = work / "big.sarif"
        sarif.write_bytes(sarif_report(args.findings))
        trivy = work / "big-trivy.json"
        trivy.write_bytes(trivy_report(args.findings))
        bench_import("sarif", sarif, work, rows)
        bench_import("trivy", trivy, work, rows)
        bench_help(rows)
        if args.postgres:
            small = work / "small-trivy.json"
            small.write_bytes(trivy_report(2_000))
            bench_concurrent(args.postgres, small, rows)
    print(
        f"{args.findings:,} findings per report; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print("| measurement | wall time | peak memory |\n|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
