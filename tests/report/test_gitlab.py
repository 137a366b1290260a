"""GitLab security reports: valid against GitLab's published v15.0.7 schemas, one type each."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import pytest

from tests.report.records import (
    MIXED,
    SCHEMAS,
    context,
    dast,
    record,
    records_from,
    sast,
    sca,
    with_lifecycle,
)
from vigil.errors import UsageError
from vigil.model import Category, CodeLocation, Component, Cvss, Finding, Severity, Status, Tool
from vigil.report.gitlab import GitlabRenderer, choose_type, cvss_vectors, identifiers, report_type


@cache
def validator(kind: str) -> jsonschema.Draft7Validator:
    path = SCHEMAS / "gitlab-15.0.7" / f"{kind.replace('_', '-')}-report-format.json"
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def render(records: list[Any], **overrides: object) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(GitlabRenderer().render(records, context(**overrides)))
    validator(report["scan"]["type"]).validate(report)
    return report


@pytest.mark.parametrize(
    ("kind", "samples", "count"),
    [
        ("sast", ("bandit/one_vuln.json", "trivy/misconfigurations_and_secrets.json"), 2),
        ("dependency_scanning", ("trivy/misconfigurations_and_secrets.json",), 2),
        ("container_scanning", ("trivy/scheme_2_many_vulns.json",), 5),
        ("secret_detection", ("gitleaks/data_many.json",), 2),
        ("dast", ("zap/some_2.9.0.xml",), 7),
    ],
)
def test_each_report_type_from_real_samples_is_schema_valid(
    kind: str, samples: tuple[str, ...], count: int
) -> None:
    report = render(records_from(*samples), gitlab_report_type=kind)
    assert report["scan"]["type"] == kind
    assert report["version"] == "15.0.7"
    assert report["schema"].endswith(f"/v15.0.7/dist/{kind.replace('_', '-')}-report-format.json")
    assert len(report["vulnerabilities"]) == count


def test_mixed_records_pick_the_dominant_type_and_stay_valid() -> None:
    records = with_lifecycle(records_from(*MIXED))
    # 7 ZAP alerts outnumber 5 container, 4 secret, 2 sast/iac and 2 sca findings.
    assert choose_type(records, context()) == "dast"
    report = render(records)
    fixed_dast = sum(
        r.status is Status.FIXED and r.finding.category is Category.DAST for r in records
    )
    assert len(report["vulnerabilities"]) == 7 - fixed_dast
    for kind in ("sast", "dependency_scanning", "container_scanning", "secret_detection"):
        render(records, gitlab_report_type=kind)


def test_dependency_scanning_entry_from_trivy() -> None:
    report = render(
        records_from("trivy/misconfigurations_and_secrets.json"),
        gitlab_report_type="dependency_scanning",
    )
    urllib = next(
        v for v in report["vulnerabilities"] if v["name"] == "CVE-2021-33503 in urllib3 1.26.3"
    )
    assert urllib["severity"] == "High"
    assert urllib["identifiers"] == [
        {
            "type": "cve",
            "name": "CVE-2021-33503",
            "value": "CVE-2021-33503",
            "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-33503",
        },
        {
            "type": "cwe",
            "name": "CWE-400",
            "value": "400",
            "url": "https://cwe.mitre.org/data/definitions/400.html",
        },
    ]
    assert urllib["location"] == {
        "file": "requirements.txt",
        "dependency": {"package": {"name": "urllib3"}, "version": "1.26.3"},
    }
    assert urllib["solution"] == "Upgrade urllib3 to 1.26.5."
    assert urllib["cvss_vectors"] == [
        {"vendor": "Trivy", "vector": "AV:N/AC:L/Au:N/C:N/I:N/A:P"},
        {"vendor": "Trivy", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"},
    ]
    assert report["dependency_files"] == [
        {
            "path": "requirements.txt",
            "package_manager": "unknown",
            "dependencies": [{"package": {"name": "urllib3"}, "version": "1.26.3"}],
        }
    ]
    assert report["scan"]["scanner"] == {
        "id": "trivy",
        "name": "Trivy",
        "version": "unknown",
        "vendor": {"name": "Trivy"},
    }


def test_dast_and_secret_locations_from_real_samples() -> None:
    zap = render(records_from("zap/some_2.9.0.xml"))
    csp = next(v for v in zap["vulnerabilities"] if v["identifiers"][0]["value"] == "10055")
    assert csp["location"] == {
        "hostname": "https://mainsite.com",
        "path": "/",
        "method": "GET",
        "param": "Content-Security-Policy",
    }
    assert csp["severity"] == "Medium"
    assert zap["scan"]["scanned_resources"] == [
        {"method": "GET", "url": "https://mainsite.com", "type": "url"}
    ]
    assert zap["scan"]["scanner"]["version"] == "2.9.0"
    secrets = render(records_from("gitleaks/data_many.json"))
    github = next(v for v in secrets["vulnerabilities"] if v["name"] == "Hard-coded secret: Github")
    assert github["location"] == {"file": ".bashrc", "commit": {"sha": "3f2a9c1d5e7b"}}
    assert github["raw_source_code_extract"] == "export JEKYLL_GITH…"
    without_commit = render(records_from("gitleaks/data_many.json"), commit="")
    assert without_commit["vulnerabilities"][0]["location"]["commit"] == {"sha": "0000000"}


def test_container_entry_names_os_from_the_purl() -> None:
    alpine = sca(
        category=Category.CONTAINER,
        title="CVE-2019-14697 in musl 1.1.22-r2",
        rule_id="CVE-2019-14697",
        vulnerability_ids=("CVE-2019-14697",),
        component=Component(
            "musl",
            "1.1.22-r2",
            "pkg:apk/alpine/musl@1.1.22-r2?arch=x86_64&distro=3.10.2",
            "apk",
            ("1.1.22-r3",),
            ("alpine:3.10 (alpine 3.10.2)",),
        ),
    )
    (entry,) = render([record(alpine)])["vulnerabilities"]
    assert entry["location"] == {
        "dependency": {"package": {"name": "musl"}, "version": "1.1.22-r2"},
        "operating_system": "alpine 3.10.2",
        "image": "alpine:3.10 (alpine 3.10.2)",
    }


def test_identifiers_put_the_rule_first_for_code_and_the_advisory_first_for_packages() -> None:
    assert [i["value"] for i in identifiers(sca())] == [
        "GHSA-35jh-r3h4-6jhm",
        "CVE-2021-23337",
        "77",
    ]
    code = sast(vulnerability_ids=("CVE-2020-1",))
    assert [(i["type"], i["value"]) for i in identifiers(code)] == [
        ("semgrep_id", "python.lang.security.audit.eval-detected"),
        ("cve", "CVE-2020-1"),
        ("cwe", "95"),
    ]
    bare = Finding("x", Severity.LOW, Category.OTHER, Tool("t"), "")
    assert identifiers(bare) == [{"type": "vigil_category", "name": "other", "value": "other"}]


def test_only_cvss_vectors_gitlab_accepts_are_kept() -> None:
    finding = sca(
        cvss=(
            Cvss("2.0", "(AV:N/AC:L/Au:N/C:P/I:P/A:P)", 7.5),
            Cvss("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            Cvss("4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
            Cvss("3.1", "garbage", 5.0),
            Cvss("3.1", None, 5.0),
        )
    )
    assert [v["vector"] for v in cvss_vectors(finding)] == [
        "AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    ]
    render([record(finding)])


def test_false_positives_are_flagged_and_fixed_records_left_out() -> None:
    records = [
        record(sast(), "a" * 40, status=Status.FALSE_POSITIVE, triage_reason="sanitised upstream"),
        record(sast(rule_id="r2"), "b" * 40, status=Status.FIXED),
        record(sast(rule_id="r3"), "c" * 40, status=Status.ACCEPTED),
    ]
    report = render(records)
    names = [v["identifiers"][0]["value"] for v in report["vulnerabilities"]]
    assert names == ["python.lang.security.audit.eval-detected", "r3"]
    assert report["vulnerabilities"][0]["flags"] == [
        {
            "type": "flagged-as-likely-false-positive",
            "origin": "vigil",
            "description": "sanitised upstream",
        }
    ]
    assert "flags" not in report["vulnerabilities"][1]


def test_vulnerability_ids_are_stable_uuids_of_the_fingerprint() -> None:
    first = render([record(sast(), "a" * 40)])["vulnerabilities"][0]["id"]
    again = render([record(sast(title="other title"), "a" * 40)])["vulnerabilities"][0]["id"]
    other = render([record(sast(), "b" * 40)])["vulnerabilities"][0]["id"]
    assert first == again != other
    assert len(first) == 36


def test_type_follows_category_or_shape_and_ties_go_to_the_earlier_type() -> None:
    assert report_type(sast(category=Category.IAC)) == "sast"
    assert report_type(dast(category=Category.OTHER)) == "dast"
    assert report_type(sca(category=Category.OTHER)) == "dependency_scanning"
    assert report_type(sast(category=Category.OTHER)) == "sast"
    tie = [record(sca(), "a" * 40), record(sast(), "b" * 40)]
    assert choose_type(tie, context()) == "sast"
    assert choose_type([], context()) == "sast"
    only_fixed = [record(dast(), "c" * 40, status=Status.FIXED), record(sca(), "d" * 40)]
    assert choose_type(only_fixed, context()) == "dependency_scanning"


def test_an_empty_report_is_valid_for_every_type() -> None:
    for kind in ("sast", "dependency_scanning", "container_scanning", "secret_detection", "dast"):
        report = render([], gitlab_report_type=kind)
        assert report["vulnerabilities"] == []


def test_long_or_odd_fields_are_cut_to_the_schema_limits() -> None:
    long = sast(
        title="t" * 400,
        remediation="r" * 9000,
        references=("javascript:alert(1)", "ftp://files.example/x", "https://ok.example"),
        location=CodeLocation("a.py", None, None, None, None, None),
    )
    (entry,) = render([record(long)])["vulnerabilities"]
    assert len(entry["name"]) == 255
    assert len(entry["solution"]) <= 7000
    assert entry["links"] == [{"url": "https://ok.example"}]
    assert entry["location"] == {"file": "a.py"}


def test_unknown_report_type_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown GitLab report type 'secrets'"):
        context(gitlab_report_type="secrets")
