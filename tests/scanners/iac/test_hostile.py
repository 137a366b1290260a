"""Hostile inputs stay linear: no pattern may rescan a long stretch of text once per line or
per occurrence (a 100,000-line blank YAML file once took minutes to sniff)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.scanners.iac.engine import check_file
from vigil.scanners.iac.kinds import Kind, sniff

#: Generous for a 2-core machine under load; the quadratic cases took from 5 s to minutes.
LIMIT_SECONDS = 2.0
CASES = {
    "blank lines": (Kind.DATA, "\n" * 200_000),
    "indented blank lines": (Kind.DATA, (" " * 40 + "\n") * 20_000),
    "list dashes": (Kind.DATA, "- " * 200_000),
    "template openers": (Kind.DATA, "{{ " * 100_000),
    "expression openers": (
        Kind.GITHUB_ACTIONS,
        "on: push\njobs: {a: {steps: [{run: '" + "${{ " * 30_000 + "'}]}}\n",
    ),
    "echo chain": (
        Kind.GITHUB_ACTIONS,
        "on: push\njobs: {a: {steps: [{run: '" + "echo " * 30_000 + "'}]}}\n",
    ),
    "git chain": (
        Kind.GITHUB_ACTIONS,
        "on: pull_request_target\njobs: {a: {steps: [{run: '" + "git fetch " * 20_000 + "'}]}}\n",
    ),
    "curl chain": (Kind.DOCKERFILE, "FROM a:1\nRUN " + "curl " * 50_000 + "\n"),
    "apt flags": (Kind.DOCKERFILE, "FROM a:1\nRUN apt-get " + "-y " * 50_000 + "\n"),
    "continued lines": (Kind.DOCKERFILE, "FROM a:1\nRUN a \\\n" * 20_000),
    "heredoc openers": (Kind.DOCKERFILE, "RUN " + "<<A " * 5_000 + "\n"),
    "open triple quotes": (Kind.JENKINSFILE, 'sh """\n' * 20_000),
    "open quotes": (Kind.JENKINSFILE, 'sh "' * 50_000),
    "long pipeline script": (Kind.GITLAB, "job:\n  script:\n" + "    - make\n" * 50_000),
    "long buildspec": (
        Kind.BUILDSPEC,
        "version: 0.2\nphases:\n  b:\n    commands:\n" + "      - make\n" * 50_000,
    ),
    "docker run chain": (
        Kind.BUILDSPEC,
        "version: 0.2\nphases: {b: {commands: ['" + "docker run " * 20_000 + "']}}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_linear(name: str) -> None:
    kind, text = CASES[name]
    start = time.perf_counter()
    if kind is Kind.DATA:
        sniff(Path("x.yaml"), text)
    else:
        with contextlib.suppress(ScanError):  # refusing the input quickly is fine too
            check_file(Path("x"), kind, text)
    assert time.perf_counter() - start < LIMIT_SECONDS
