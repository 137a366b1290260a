"""vigil's secrets detector against detect-secrets (issue 4, items 5 and 8), through the real
commands, side by side on the same inputs:

    .venv/bin/python bench/secrets.py [--copies N]

1. Quality: both tools over the labelled corpus (``tests/data/secrets-corpus``); precision and
   recall against its labels (a detection on a secret's lines is a true positive, once per
   secret; any other detection is a false positive).
2. Speed: a generated tree of about 100,000 lines of real Python (the installed sources of
   rich, hypothesis and typer, copied without caches) plus the corpus, ``--copies`` times;
   each tool runs as a child process, and CPU seconds (user + system of all its processes,
   ``getrusage(RUSAGE_CHILDREN)``) per MB of the tree are compared. detect-secrets runs
   with its default plugins and filters, ``--all-files`` (the tree is not a git checkout).

3. With ``--combined`` (item 8): on the same tree, ``vigil scan --only sast,secrets,iac`` (the
   three scanners run in parallel processes) against Bandit, Semgrep (only with
   ``--semgrep-rules PATH``: rules are not part of this repository) and detect-secrets, each
   in a fresh process; target: vigil within 30 s wall.

Installs nothing: detect-secrets and Bandit come from the ``dev`` extra. Prints Markdown tables
for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.scanners.secrets.corpus import FILES, labels, score

BIN = Path(sys.executable).parent
VIGIL = str(BIN / "vigil")
DETECT_SECRETS = str(BIN / "detect-secrets")
SOURCES = ("rich", "hypothesis", "typer")


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds of the child and its children, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def vigil_detections(tree: Path, report: Path) -> tuple[float, float, list[tuple[str, int]]]:
    command = [VIGIL, "scan", str(tree), "--only", "secrets", "--format", "json", "-o", str(report)]
    wall, cpu, _ = run(command)
    found = json.loads(report.read_text())["findings"]
    places = [f["finding"]["location"] for f in found]
    return wall, cpu, [(p["path"], p["start_line"]) for p in places]


def detect_secrets_detections(tree: Path) -> tuple[float, float, list[tuple[str, int]]]:
    wall, cpu, out = run([DETECT_SECRETS, "scan", "--all-files", "."], cwd=tree)
    results = json.loads(out)["results"]
    return wall, cpu, [(path, r["line_number"]) for path, rs in results.items() for r in rs]


def build_tree(target: Path, copies: int) -> tuple[int, int]:
    """The speed tree; returns (bytes, lines) of the files written."""
    for copy in range(copies):
        for name in SOURCES:
            source = Path(importlib.import_module(name).__file__ or "").parent
            shutil.copytree(
                source,
                target / f"copy{copy}" / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd"),
            )
        shutil.copytree(FILES, target / f"copy{copy}" / "corpus")
    files = [p for p in target.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    return size, lines


def quality(work: Path) -> None:
    truth = labels()
    secrets = sum(label.secret for label in truth)
    print(f"Corpus: {secrets} secrets, {len(truth) - secrets} labelled hard negatives\n")
    print("| tool | true positives | false positives | missed | precision | recall |")
    print("|---|---|---|---|---|---|")
    for name, (_, _, found) in (
        ("vigil secrets", vigil_detections(FILES, work / "corpus.json")),
        ("detect-secrets 1.5.0", detect_secrets_detections(FILES)),
    ):
        result = score(found, truth)
        print(
            f"| {name} | {result.true_positives} | {len(result.false_positives)} | "
            f"{len(result.missed)} | {result.precision:.3f} | {result.recall:.3f} |"
        )


def speed(work: Path, copies: int) -> None:
    tree = work / "tree"
    size, lines = build_tree(tree, copies)
    mb = size / 1_000_000
    print(f"\nTree: {lines:,} lines, {mb:.1f} MB ({copies} cop{'y' if copies == 1 else 'ies'})\n")
    print("| tool | wall s | CPU s | CPU s per MB | detections |")
    print("|---|---|---|---|---|")
    rows = (
        ("vigil scan --only secrets", vigil_detections(tree, work / "tree.json")),
        ("detect-secrets scan --all-files", detect_secrets_detections(tree)),
    )
    per_mb = []
    for name, (wall, cpu, found) in rows:
        per_mb.append(cpu / mb)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / mb:.3f} | {len(found)} |")
    print(f"\nvigil is {per_mb[1] / per_mb[0]:.1f}x faster in CPU seconds per MB (target ≥ 20x).")


def combined(work: Path, semgrep_rules: Path | None) -> None:
    tree = work / "tree"
    commands = {
        "`vigil scan --only sast,secrets,iac`": [
            VIGIL, "scan", str(tree), "--only", "sast,secrets,iac", "-f", "json", "-o",
            str(work / "combined.json"),
        ],
        "`bandit -r` (SAST)": [str(BIN / "bandit"), "-r", "-q", "-f", "json", str(tree)],
        "`detect-secrets scan --all-files` (secrets)": [DETECT_SECRETS, "scan", "--all-files", "."],
    }  # fmt: skip
    if semgrep_rules is not None:
        commands["`semgrep scan` (SAST)"] = [
            str(BIN / "semgrep"), "scan", "--config", str(semgrep_rules), "--json",
            "--metrics=off", "--disable-version-check", "--quiet", str(tree),
        ]  # fmt: skip
    print("\n| command, same tree | wall | CPU |")
    print("|---|---|---|")
    for name, command in commands.items():
        wall, cpu, _ = run(command, cwd=tree)
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the speed tree")
    parser.add_argument("--combined", action="store_true", help="item 8: SAST+secrets+IaC")
    parser.add_argument("--semgrep-rules", type=Path, help="Semgrep rules for --combined")
    args = parser.parse_args()
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        quality(work)
        speed(work, args.copies)
        if args.combined:
            combined(work, args.semgrep_rules)


if __name__ == "__main__":
    main()
