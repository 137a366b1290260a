"""CSV: stable columns, one row per finding, formulas neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.report.records import context, dast, record, records_from, sast
from vigil.report.csv_report import COLUMNS, CsvRenderer, neutralise


def rows(records: list[Any]) -> list[dict[str, str]]:
    text = CsvRenderer().render(records, context()).decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_is_the_documented_column_list() -> None:
    text = CsvRenderer().render([], context()).decode("utf-8")
    assert text == ",".join(COLUMNS) + "\r\n"
    assert COLUMNS[:5] == ("fingerprint", "id", "status", "is_new", "severity")
    assert len(COLUMNS) == len(set(COLUMNS)) == 35


def test_zap_sample_rows() -> None:
    found = rows(records_from("zap/some_2.9.0.xml"))
    assert len(found) == 7
    assert found[0]["severity"] == "medium"
    cookie = next(r for r in found if r["rule_id"] == "10011")
    assert {k: cookie[k] for k in ("title", "tool", "tool_version", "endpoint_url")} == {
        "title": "Cookie Without Secure Flag",
        "tool": "ZAP",
        "tool_version": "2.9.0",
        "endpoint_url": "https://mainsite.com",
    }
    assert cookie["endpoint_method"] == "GET"
    assert cookie["endpoint_parameter"] == "opvc"
    assert cookie["cwes"] == "CWE-614"


def test_trivy_sample_package_columns() -> None:
    found = rows(records_from("trivy/misconfigurations_and_secrets.json"))
    urllib = next(r for r in found if r["rule_id"] == "CVE-2021-33503")
    assert urllib["component"] == "urllib3"
    assert urllib["component_version"] == "1.26.3"
    assert urllib["fixed_versions"] == "1.26.5"
    assert urllib["component_paths"] == "requirements.txt"
    assert urllib["cvss_score"] == "7.5"
    assert urllib["cvss_vector"] == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
    assert urllib["vulnerability_ids"] == "CVE-2021-33503"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("plain = text", "plain = text"),
    ],
)
def test_formula_cells_get_a_leading_quote(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_hostile_values_are_neutralised_in_every_column() -> None:
    hostile = dast(
        title="=cmd|' /C calc'!A0",
        rule_id="@rule",
        description='line one\nline two, with "quotes"',
    )
    (row,) = rows([record(hostile)])
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["rule_id"] == "'@rule"
    assert row["description"] == 'line one\nline two, with "quotes"'
    assert row["is_new"] == "yes"
    assert rows([record(sast(title="a\x00b"))])[0]["title"] == "ab"
