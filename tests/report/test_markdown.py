"""Markdown: a PR comment with counts and the worst open findings, safe to post."""

from __future__ import annotations

from typing import Any

from tests.report.records import MIXED, context, record, records_from, sast, with_lifecycle
from vigil.model import Severity, Status
from vigil.report.markdown import MAX_CHARS, MarkdownRenderer, escape


def render(records: list[Any], **overrides: object) -> str:
    return MarkdownRenderer().render(records, context(**overrides)).decode("utf-8")


def test_real_samples_summary_and_top_findings() -> None:
    records = with_lifecycle(records_from(*MIXED))
    text = render(records, gate_passed=False, gate_lines=("2 new high findings",), markdown_top=3)
    lines = text.splitlines()
    assert lines[0] == "## vigil findings report"
    assert lines[2] == (
        "**Product:** shop-api · **Branch:** main · **Commit:** 3f2a9c1d5e7b · 2024-05-01 12:30 UTC"
    )
    assert "> ❌ **Gate failed**" in lines and "> - 2 new high findings" in lines
    opened = sum(r.is_open for r in records)
    assert f"**{opened} open** findings (4 new) out of 20." in lines
    assert "| 🔴 Critical | 2 | 0 | 1 |" in lines
    assert "| ZAP | 7 |" in lines
    top = lines[lines.index("### Top findings") + 4 :]
    assert top[0] == (
        "| 🔴 critical | [CVE-2019-12900](https://nvd.nist.gov/vuln/detail/CVE-2019-12900)"
        " in libbz2 1.0.6-r6 | libbz2@1.0.6-r6 → 1.0.6-r7 | Trivy |"
    )
    assert top[1] == "| 🔴 critical | GitHub Personal Access Token | Dockerfile:24 | Trivy |"
    assert top[2] == "| 🟠 high | Hard-coded secret: MailChimp API key 🆕 | .bashrc | gitleaks |"
    assert top[4] == f"_… and {opened - 3} more open findings._"


def test_escaping_keeps_tables_whole_and_mentions_inert() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("<img src=x>") == "\\<img src=x\\>"
    assert escape("ping @admin") == "ping @\u200badmin"
    assert escape("lodash@4.17.21 by me@example.com") == "lodash@4.17.21 by me@example.com"
    assert escape("`code` *bold* [link](x)\nnext") == "\\`code\\` \\*bold\\* \\[link\\](x) next"
    row = render([record(sast(title="x | y <b>@team</b>"))]).splitlines()
    finding = next(line for line in row if line.startswith("| 🟠 high |"))
    assert finding.count(" | ") == 3
    assert "@\u200bteam" in finding


def test_no_open_findings_and_size_cap() -> None:
    closed = record(sast(), status=Status.FIXED)
    assert "No open findings. 🎉" in render([closed])
    many = [
        record(sast(title="t" * 300, rule_id=f"r{i}", severity=Severity.CRITICAL), f"{i:040x}")
        for i in range(2000)
    ]
    text = render(many, markdown_top=2000)
    assert len(text) <= 65_536
    assert len(text) <= MAX_CHARS + 200
    assert text.rstrip().endswith("more open findings._")
