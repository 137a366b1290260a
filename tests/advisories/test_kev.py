"""CISA KEV catalog: the real excerpt reads to exact entries; broken catalogs are refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vigil.advisories.kev import (
    ENV_VAR,
    KevEntry,
    KevError,
    catalog_path,
    load_kev,
    parse_catalog,
    read_catalog,
)

EXCERPT = Path(__file__).parent.parent / "data" / "kev" / "known_exploited_vulnerabilities.json"


def test_excerpt_reads_to_the_exact_cve_set() -> None:
    assert load_kev(EXCERPT) == frozenset(
        {
            "CVE-2025-48384",
            "CVE-2024-8068",
            "CVE-2024-8069",
            "CVE-2020-11023",
            "CVE-2021-45046",
            "CVE-2019-7238",
            "CVE-2021-44228",
            "CVE-2020-15999",
        }
    )


def test_catalog_header_and_entries() -> None:
    catalog = read_catalog(EXCERPT)
    assert catalog.version == "2025.08.25"
    assert catalog.released == date(2025, 8, 25)
    assert len(catalog) == 8  # the header's "count" (1404) is the full catalog's, not ours
    assert catalog.entries["CVE-2021-44228"] == KevEntry(
        cve_id="CVE-2021-44228",
        vendor_project="Apache",
        product="Log4j2",
        name="Apache Log4j2 Remote Code Execution Vulnerability",
        date_added=date(2021, 12, 10),
        due_date=date(2021, 12, 24),
        required_action=(
            "For all affected software assets for which updates exist, the only acceptable"
            " remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency"
            " networks. Temporary mitigations using one of the measures provided at"
            " https://www.cisa.gov/uscert/ed-22-02-apache-log4j-recommended-mitigation-measures"
            " are only acceptable until updates are available."
        ),
        ransomware=True,
        cwes=(20, 400, 502),
    )
    freetype = catalog.entries["CVE-2020-15999"]
    assert (freetype.vendor_project, freetype.product, freetype.ransomware) == (
        "Google",
        "Chrome FreeType",
        False,
    )
    assert freetype.date_added == date(2021, 11, 3)
    assert catalog.entries["CVE-2025-48384"].cwes == (59, 436)
    assert "cve-2021-44228" in catalog and "CVE-2021-4422" not in catalog and 44228 not in catalog


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the KEV catalog file is empty"),
        (b"\xff\xfe{", "the KEV catalog is not valid JSON ("),
        (b'{"vulnerabilities": [', "the KEV catalog is not valid JSON ("),
        (b"[]", "not a KEV catalog (no 'vulnerabilities' list)"),
        (b'{"title": "CISA Catalog"}', "not a KEV catalog (no 'vulnerabilities' list)"),
        (b'{"vulnerabilities": {"cveID": "CVE-2021-44228"}}', "not a KEV catalog (no"),
        (
            b'{"vulnerabilities": [{"cveID": "CVE-2021-44228"}, {"cve": "x"}]}',
            "vulnerabilities[2] has no valid 'cveID'",
        ),
        (
            b'{"vulnerabilities": [{"cveID": "Log4Shell"}]}',
            "vulnerabilities[1] has no valid 'cveID'",
        ),
        (b'{"vulnerabilities": ["CVE-2021-44228"]}', "vulnerabilities[1] has no valid 'cveID'"),
    ],
)
def test_broken_catalogs_are_refused(data: bytes, problem: str) -> None:
    with pytest.raises(KevError) as caught:
        parse_catalog(data, "kev.json")
    assert str(caught.value).startswith(f"kev.json: {problem}")


def test_minimal_catalog_tolerates_missing_metadata() -> None:
    catalog = parse_catalog(
        b'{"vulnerabilities": [{"cveID": " cve-2021-44228 ", "dateAdded": "soon"}]}', "k"
    )
    assert catalog.cve_ids == frozenset({"CVE-2021-44228"})
    assert catalog.version == "" and catalog.released is None
    assert catalog.entries["CVE-2021-44228"].date_added is None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KevError) as caught:
        load_kev(tmp_path / "kev.json")
    assert str(caught.value) == (
        f"{tmp_path / 'kev.json'}: cannot read the KEV catalog (No such file or directory)"
    )


def test_environment_variable_wins_over_the_policy(tmp_path: Path) -> None:
    configured = tmp_path / "policy-kev.json"
    assert catalog_path(configured, {}) == configured
    assert catalog_path(None, {}) is None
    assert catalog_path(configured, {ENV_VAR: "  "}) == configured
    assert catalog_path(configured, {ENV_VAR: "/ci/kev.json"}) == Path("/ci/kev.json")
    assert catalog_path(None, {ENV_VAR: "/ci/kev.json"}) == Path("/ci/kev.json")


def test_environment_defaults_to_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(EXCERPT))
    assert catalog_path(None) == EXCERPT
    monkeypatch.delenv(ENV_VAR)
    assert catalog_path(None) is None
