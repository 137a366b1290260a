"""Wall time of the optional SAST engines through ``vigil scan`` against the engine run
directly on the same files (the difference is vigil's walk, chunking and parsing):

    .venv/bin/python bench/engines.py [--js PATH] [--python PATH] [--copies N]

Defaults: the JavaScript of the npm CLI installed with Node (/usr/lib/node_modules/npm),
vigil's own Python source, and a generated tree of N copies of the rule pack's vulnerable
cases (many findings, many files). Each figure is the median of three runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "vigil" / "scanners" / "engines" / "rules" / "javascript"
CASES = ROOT / "tests" / "data" / "semgrep-js"
OFFLINE = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, str]:
    times, err = [], ""
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            command,
            check=False,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, **OFFLINE},
        )
        times.append(time.perf_counter() - start)
        err = done.stderr
    return statistics.median(times), err


def summary(stderr: str, scanner: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(f"{scanner}: scanned")]
    return lines[-1] if lines else stderr.strip().splitlines()[-1]


def files(root: Path, suffixes: tuple[str, ...]) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in suffixes and "node_modules" not in p.relative_to(root).parts
    )


def semgrep_rows(tree: Path, label: str) -> None:
    vigil, err = timed([str(BIN / "vigil"), "scan", str(tree), "--only", "semgrep", "-f", "json"])
    direct, _ = timed(
        [
            str(BIN / "semgrep"),
            "scan",
            "--json",
            "--metrics=off",
            "--disable-version-check",
            "--config",
            str(RULES),
            "--",
            *files(tree, (".js", ".mjs", ".cjs", ".ts", ".jsx")),
        ],
        cwd=tree,
    )
    print(
        f"| {label} | `vigil scan --only semgrep` | {vigil:.2f} s | {direct:.2f} s | "
        f"{summary(err, 'semgrep')} |"
    )


def bandit_row(tree: Path, label: str) -> None:
    vigil, err = timed([str(BIN / "vigil"), "scan", str(tree), "--only", "bandit", "-f", "json"])
    direct, _ = timed(
        [sys.executable, "-m", "bandit", "-f", "json", "-q", *files(tree, (".py",))], cwd=tree
    )
    print(
        f"| {label} | `vigil scan --only bandit` | {vigil:.2f} s | {direct:.2f} s | "
        f"{summary(err, 'bandit')} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--js", type=Path, default=Path("/usr/lib/node_modules/npm"))
    parser.add_argument("--python", type=Path, default=ROOT / "src" / "vigil")
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    print("| input | command | vigil | engine alone | vigil's summary |")
    print("|---|---|---|---|---|")
    semgrep_rows(args.js, f"npm CLI ({args.js})")
    with tempfile.TemporaryDirectory() as tmp:
        for copy in range(args.copies):
            shutil.copytree(
                CASES, Path(tmp) / f"copy{copy:03}", ignore=shutil.ignore_patterns("*.md")
            )
        semgrep_rows(Path(tmp), f"{args.copies} copies of the rule pack's cases")
    bandit_row(args.python, f"vigil's own source ({args.python})")


if __name__ == "__main__":
    main()
