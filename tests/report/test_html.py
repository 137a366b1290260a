"""HTML: one self-contained, escaped page, summary first, findings worst first."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from tests.report.records import (
    MIXED,
    context,
    dast,
    record,
    records_from,
    sast,
    sca,
    with_lifecycle,
)
from vigil.model import Endpoint, Severity, Status
from vigil.report.html import HtmlRenderer


class _Page(HTMLParser):
    """Collects what matters for safety and structure: tags, links and loaded resources."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.summaries: list[str] = []
        self._in_title = False
        self._badges: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("src") or (tag == "link" and values.get("href")):
            self.sources.append(values.get("src") or values.get("href") or "")
        if tag == "details":
            self.summaries.append(values.get("class") or "")


def render(records: list[Any], **overrides: object) -> str:
    return HtmlRenderer().render(records, context(**overrides)).decode("utf-8")


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def test_real_samples_page_is_self_contained_and_sorted_worst_first() -> None:
    records = with_lifecycle(records_from(*MIXED))
    page = render(records, gate_lines=("2 new high findings",), gate_passed=False)
    parsed = parse(page)
    assert parsed.sources == []
    assert "script" not in parsed.tags and "iframe" not in parsed.tags
    assert page.count("<style>") == 1
    assert all(h.startswith(("https://", "http://")) for h in parsed.hrefs)
    severities = [c.split()[1] for c in parsed.summaries]
    order = ["critical", "high", "medium", "low", "info"]
    assert len(severities) == 20
    assert severities == sorted(severities, key=order.index)
    assert "Gate failed" in page and "<li>2 new high findings</li>" in page


def test_summary_counts_by_severity_status_tool_and_category() -> None:
    records = with_lifecycle(records_from(*MIXED))
    page = render(records)
    critical_row = re.search(
        r"<tr><td><span class=\"badge sev-critical\">critical</span></td>(.*?)</tr>", page
    )
    assert critical_row is not None
    cells = re.findall(r"<td[^>]*>(?:<b>)?(\d+)", critical_row.group(1))
    expected = [
        sum(r.finding.severity is Severity.CRITICAL and r.status is s for r in records)
        for s in Status
    ]
    assert [int(c) for c in cells] == [*expected, 3]
    assert "<tr><td>ZAP</td><td>" in page
    assert re.search(r"<tr><td>dast</td><td>\d+</td><td>7</td></tr>", page)


def test_finding_details_carry_links_packages_and_lifecycle() -> None:
    page = render(with_lifecycle(records_from("trivy/scheme_2_many_vulns.json")))
    nvd = "https://nvd.nist.gov/vuln/detail/CVE-2019-12900"
    assert f'<a href="{nvd}" rel="noopener noreferrer">CVE-2019-12900</a>' in page
    cwe = "https://cwe.mitre.org/data/definitions/787.html"
    assert f'<a href="{cwe}" rel="noopener noreferrer">CWE-787</a>' in page
    assert '<dt>Fixed in</dt><dd class="mono">1.0.6-r7</dd>' in page
    assert "<dt>First seen</dt><dd>2024-04-01T08:00:00Z</dd>" in page
    assert "risk accepted until the next release (accepted until 2024-12-31)" in page


def test_hostile_report_values_cannot_inject_markup_or_script_links() -> None:
    hostile = dast(
        title='<script>alert("x")</script><img src=x onerror=alert(1)>',
        description="</div><iframe src=//evil>",
        references=("javascript:alert(1)", "https://ok.example/?a=<b>"),
        endpoints=(Endpoint("javascript:alert(2)", "GET", "q", "<svg onload=1>"),),
    )
    page = render([record(hostile)], title="<b>bold</b>", product='"><script>')
    parsed = parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    assert "svg" not in parsed.tags
    assert parsed.hrefs == [
        "https://cwe.mitre.org/data/definitions/79.html",
        "https://ok.example/?a=<b>",
    ]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<title>&lt;b&gt;bold&lt;/b&gt;</title>" in page
    assert "javascript:alert(1)" in page  # shown as text, never as a link


def test_empty_report_and_open_chip_rules() -> None:
    page = render([])
    assert "<p>No findings.</p>" in page
    reopened = record(sast(), status=Status.REOPENED, is_new=True)
    assert '<span class="chip new">new</span>' in render([reopened])
    brand_new = record(sast(), status=Status.NEW, is_new=True)
    assert '<span class="chip new">new</span>' not in render([brand_new])


def test_ten_thousand_findings_stay_a_reasonable_page() -> None:
    records = [
        record(sca(title=f"CVE-2024-{i} in lib{i % 97}", description="d" * 600), f"{i:040x}")
        for i in range(10_000)
    ]
    page = HtmlRenderer().render(records, context())
    assert page.count(b"<details ") == 10_000
    assert len(page) < 40_000_000
    long = record(sast(description="x" * 50_000))
    assert len(render([long])) < 20_000
