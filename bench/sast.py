"""SAST quality on OWASP Benchmark for Python (issue 4, item 3), vigil against Bandit and
Semgrep in one run:

    .venv/bin/python bench/sast.py PATH_TO_BenchmarkPython --semgrep-rules PATH/semgrep-rules/python

The benchmark checkout (GPL) and the Semgrep rules are never part of this repository. Each
tool scans the whole checkout (so helpers are visible to those that follow calls); a test case
counts as flagged when the tool reports, in that test case's file, a finding whose CWE is the
category's (OWASP scorecard method, with the CWE aliases below granted to every tool). Per
category: TPR - FPR (Youden index, x100); overall: the mean over categories.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from vigil.scanners.interface import ScanRequest
from vigil.scanners.sast.scanner import PythonSastScanner

BIN = Path(sys.executable).parent
#: CWEs accepted for a category's CWE, for every tool alike (a finer or coarser CWE of the
#: same weakness, as the tools label it).
ALIASES: dict[int, set[int]] = {
    94: {94, 95},
    78: {78, 77},
    89: {89, 564},
    22: {22, 23, 36, 73},
    79: {79, 80},
    328: {328, 327, 916},
    330: {330, 338},
    611: {611, 776},
}

Hits = dict[str, set[int]]  # test case name -> CWEs reported in its file


def expected(root: Path) -> list[tuple[str, str, bool, int]]:
    path = next(root.glob("expectedresults-*.csv"))
    rows = []
    with path.open(newline="") as handle:
        for row in csv.reader(handle):
            if row and not row[0].startswith("#"):
                rows.append((row[0].strip(), row[1].strip(), row[2].strip() == "true", int(row[3])))
    return rows


def _add(hits: Hits, path: str, cwes: Iterable[int]) -> None:
    name = Path(path).stem
    if name.startswith("BenchmarkTest"):
        hits.setdefault(name, set()).update(cwes)


Run = tuple[Hits, float, int]  # hits, seconds, files the tool could not parse


def run_vigil(root: Path) -> Run:
    start = time.perf_counter()
    outcome = PythonSastScanner().scan(ScanRequest(root=root))
    elapsed = time.perf_counter() - start
    hits: Hits = {}
    for finding in outcome.findings:
        if finding.location is not None:
            _add(hits, finding.location.path, finding.cwes)
    return hits, elapsed, len(outcome.errors)


def run_bandit(root: Path) -> Run:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "bandit"), "-r", str(root), "-f", "json", "-q"],
        capture_output=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    hits: Hits = {}
    report = json.loads(done.stdout)
    for result in report["results"]:
        cwe = (result.get("issue_cwe") or {}).get("id")
        if cwe:
            _add(hits, result["filename"], [int(cwe)])
    return hits, elapsed, len(report.get("errors", []))


def run_semgrep(root: Path, rules: Path) -> Run:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "semgrep"), "scan", "--config", str(rules), "--json", "--metrics=off",
         "--disable-version-check", "-q", str(root)],
        capture_output=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    hits: Hits = {}
    report = json.loads(done.stdout)
    for result in report["results"]:
        cwes = result["extra"].get("metadata", {}).get("cwe") or []
        if isinstance(cwes, str):
            cwes = [cwes]
        numbers = [int(c.split(":")[0].removeprefix("CWE-")) for c in cwes if c.startswith("CWE-")]
        _add(hits, result["path"], numbers)
    unparsed = {e.get("path") for e in report.get("errors", []) if "Syntax" in str(e.get("type"))}
    return hits, elapsed, len(unparsed)


def _flagged(hits: Hits, name: str, cwe: int) -> bool:
    """Whether a tool reported the test case's weakness (its CWE or an accepted alias)."""
    return bool(hits.get(name, set()) & ALIASES.get(cwe, {cwe}))


def score(rows: list[tuple[str, str, bool, int]], hits: Hits) -> dict[str, float]:
    """Youden index x100 per category and ``"overall"`` (the mean)."""
    counts: dict[str, list[int]] = {}  # category -> [tp, fn, fp, tn]
    for name, category, real, cwe in rows:
        flagged = _flagged(hits, name, cwe)
        slot = (0 if flagged else 1) if real else (2 if flagged else 3)
        counts.setdefault(category, [0, 0, 0, 0])[slot] += 1
    result: dict[str, float] = {}
    for category, (tp, fn, fp, tn) in sorted(counts.items()):
        tpr = tp / (tp + fn) if tp + fn else 0.0
        fpr = fp / (fp + tn) if fp + tn else 0.0
        result[category] = 100 * (tpr - fpr)
    result["overall"] = sum(result.values()) / len(result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmark", type=Path, help="a checkout of OWASP BenchmarkPython")
    parser.add_argument("--semgrep-rules", type=Path, help="semgrep-rules' python/ folder")
    parser.add_argument("--only-vigil", action="store_true", help="skip Bandit and Semgrep")
    parser.add_argument("--misses", action="store_true", help="list vigil's FN and FP cases")
    args = parser.parse_args()
    rows = expected(args.benchmark)
    tools: dict[str, Run] = {"vigil": run_vigil(args.benchmark)}
    if not args.only_vigil:
        tools["Bandit"] = run_bandit(args.benchmark)
        if args.semgrep_rules is not None:
            tools["Semgrep"] = run_semgrep(args.benchmark, args.semgrep_rules)
    scores = {tool: score(rows, run[0]) for tool, run in tools.items()}
    names = list(tools)
    print(f"OWASP Benchmark for Python, {len(rows)} test cases; Youden index x100 (TPR - FPR)")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}\n")
    print("| category | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for category in scores["vigil"]:
        cells = [f"{round(scores[t][category]) + 0}" for t in names]
        label = f"**{category}**" if category == "overall" else category
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| scan time (s) | " + " | ".join(f"{tools[t][1]:.1f}" for t in names) + " |")
    print("| files it could not parse | " + " | ".join(str(tools[t][2]) for t in names) + " |")
    if args.misses:
        hits = tools["vigil"][0]
        for name, category, real, cwe in rows:
            flagged = _flagged(hits, name, cwe)
            if flagged != real:
                print("FN" if real else "FP", category, name)


if __name__ == "__main__":
    main()
