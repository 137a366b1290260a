"""IaC and pipeline checks (issue 4, item 6): speed over a repository-sized tree.

    .venv/bin/python bench/iac.py [--copies N]

The tree: about 100,000 lines of real Python (the installed sources of rich, hypothesis and
typer: files the IaC scanner must pass over by name) plus ``--copies`` copies of every IaC
example in ``tests/data/iac`` (Dockerfiles, manifests, Terraform modules, templates,
pipelines). Measured:

1. ``vigil scan TREE --only iac`` in a fresh process (start-up included): wall time and CPU
   seconds (``getrusage(RUSAGE_CHILDREN)``);
2. the scanner in this process over the same tree, and over the configuration files alone
   (lines of configuration per second).

Installs nothing. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vigil.scanners.iac.scanner import IacScanner
from vigil.scanners.interface import ScanRequest

VIGIL = str(Path(sys.executable).with_name("vigil"))
SOURCES = ("rich", "hypothesis", "typer")
EXAMPLES = Path(__file__).parents[1] / "tests" / "data" / "iac"


def lines_in(root: Path) -> int:
    return sum(
        p.read_bytes().count(b"\n") for p in root.rglob("*") if p.is_file() and not p.is_symlink()
    )


def build(tree: Path, copies: int) -> tuple[Path, Path]:
    code, config = tree / "code", tree / "config"
    for name in SOURCES:
        package = Path(importlib.import_module(name).__file__ or "").parent
        shutil.copytree(package, code / name, ignore=shutil.ignore_patterns("__pycache__"))
    for copy in range(copies):
        shutil.copytree(EXAMPLES, config / f"copy{copy}", ignore=shutil.ignore_patterns("*.md"))
    return code, config


def timed_scan(root: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    outcome = IacScanner().scan(ScanRequest(root=root))
    return time.perf_counter() - start, len(outcome.findings), outcome.summary


def fresh_process(root: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [VIGIL, "scan", str(root), "--only", "iac", "--format", "json", "-o", "/dev/null"],
        check=False,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-iac-") as folder:
        tree = Path(folder)
        code, config = build(tree, args.copies)
        code_lines, config_lines = lines_in(code), lines_in(config)
        wall, cpu = fresh_process(tree)
        whole, findings, summary = timed_scan(tree)
        only_config, _, _ = timed_scan(config)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"tree: {code_lines:,} lines of Python + {config_lines:,} lines of configuration")
    print(f"scan: {summary}\n")
    print("| measurement | seconds |\n|---|---|")
    print(f"| `vigil scan TREE --only iac`, fresh process: wall | {wall:.2f} |")
    print(f"| the same: CPU (user + system) | {cpu:.2f} |")
    print(f"| IacScanner over the whole tree, in process ({findings:,} findings) | {whole:.2f} |")
    rate = config_lines / only_config if only_config else 0.0
    print(f"| IacScanner over the configuration only ({rate:,.0f} lines/s) | {only_config:.2f} |")


if __name__ == "__main__":
    main()
