"""SARIF: valid against the OASIS 2.1.0 schema and within GitHub code scanning's rules."""

from __future__ import annotations

import json
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
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Endpoint,
    Finding,
    Severity,
    Status,
    Tool,
)
from vigil.report.sarif import SarifRenderer, artifact_uri

VALIDATOR = jsonschema.Draft4Validator(
    json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
)


def render(records: list[Any], **overrides: object) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifRenderer().render(records, context(**overrides)))
    return log


def github_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning documents (or its sarif-sdk GH rules check) and would refuse."""
    problems = []
    if len(log["runs"]) > 20:
        problems.append("more than 20 runs")
    categories = [run["automationDetails"]["id"].rsplit("/", 1)[0] for run in log["runs"]]
    if len(set(categories)) != len(categories):
        problems.append(f"two runs share a category: {categories}")
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        if len(run["results"]) > 25_000 or len(rules) > 25_000:
            problems.append("run over 25,000 results or rules")
        for rule in rules:
            for key in ("shortDescription", "fullDescription", "help"):
                if not rule.get(key, {}).get("text", "").strip():
                    problems.append(f"rule {rule['id']} lacks {key}.text")
            tags = rule["properties"]["tags"]
            if len(tags) > 20 or "security" not in tags:
                problems.append(f"rule {rule['id']} tags {tags}")
            score = float(rule["properties"]["security-severity"])
            if not 0.0 <= score <= 10.0:
                problems.append(f"rule {rule['id']} security-severity {score}")
        for result in run["results"]:
            if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
                problems.append(f"result {result['ruleId']} points at the wrong rule")
            if not result["message"]["text"].strip() or not result["locations"]:
                problems.append(f"result {result['ruleId']} lacks a message or location")
            for where in result["locations"]:
                physical = where["physicalLocation"]
                uri = physical["artifactLocation"]["uri"]
                if "://" in uri and not uri.startswith("file://"):
                    problems.append(f"absolute non-file URI {uri}")
                if physical["region"]["startLine"] < 1:
                    problems.append(f"startLine < 1 in {uri}")
    return problems


def test_real_samples_render_valid_sarif_that_github_accepts() -> None:
    records = with_lifecycle(records_from(*MIXED))
    log = render(records)
    VALIDATOR.validate(log)
    assert github_problems(log) == []
    assert log["version"] == "2.1.0"
    assert [run["tool"]["driver"]["name"] for run in log["runs"]] == [
        "bandit",
        "gitleaks",
        "Trivy",
        "ZAP",
    ]
    fixed = sum(r.status is Status.FIXED for r in records)
    assert fixed == 3
    assert sum(len(run["results"]) for run in log["runs"]) == len(records) - fixed


def test_trivy_sample_maps_to_rules_results_and_locations() -> None:
    log = render(records_from("trivy/misconfigurations_and_secrets.json"))
    (run,) = log["runs"]
    assert run["automationDetails"]["id"] == "vigil/shop-api/trivy/2024-05-01T12:30:00Z"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["CVE-2021-28363", "CVE-2021-33503", "DS002", "github-pat"]
    assert len(run["results"]) == 5
    urllib = rules["CVE-2021-33503"]
    # CVSS 7.5 from the report wins over the fallback 8.0 of "high".
    assert urllib["properties"]["security-severity"] == "7.5"
    assert urllib["properties"]["tags"] == ["security", "sca", "external/cwe/cwe-400"]
    assert urllib["defaultConfiguration"] == {"level": "error"}
    assert urllib["shortDescription"]["text"] == "CVE-2021-33503 in urllib3 1.26.3"
    results = {result["ruleId"]: result for result in run["results"]}
    assert results["CVE-2021-33503"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "requirements.txt"},
        "region": {"startLine": 1},
    }
    assert results["CVE-2021-33503"]["message"]["text"].splitlines() == [
        "CVE-2021-33503 in urllib3 1.26.3",
        "Package: urllib3@1.26.3 (fixed in 1.26.5)",
        "Advisories: CVE-2021-33503",
    ]
    secrets = [r for r in run["results"] if r["ruleId"] == "github-pat"]
    assert [r["level"] for r in secrets] == ["error", "error"]
    assert [r["locations"][0]["physicalLocation"] for r in secrets] == [
        {
            "artifactLocation": {"uri": "Dockerfile"},
            "region": {"startLine": 24, "endLine": 24, "snippet": {"text": "ENV GITHUB_PAT=*****"}},
        },
        {
            "artifactLocation": {"uri": "secret.txt"},
            "region": {"startLine": 1, "endLine": 1, "snippet": {"text": "GITHUB_PAT=*****"}},
        },
    ]
    assert rules["DS002"]["properties"]["security-severity"] == "8.0"
    (fingerprint,) = results["DS002"]["partialFingerprints"].values()
    assert list(results["DS002"]["partialFingerprints"]) == ["vigil/v1"]
    assert len(fingerprint) == 40


def test_zap_findings_get_a_placeholder_file_and_a_web_request() -> None:
    log = render(records_from("zap/some_2.9.0.xml"))
    (run,) = log["runs"]
    assert run["tool"]["driver"] == {**run["tool"]["driver"], "name": "ZAP", "version": "2.9.0"}
    cookie = next(r for r in run["results"] if r["ruleId"] == "10011")
    assert cookie["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "mainsite.com"}
    assert cookie["webRequest"] == {"target": "https://mainsite.com", "method": "GET"}
    assert "URL: GET https://mainsite.com (parameter opvc)" in cookie["message"]["text"]
    assert cookie["level"] == "note"
    VALIDATOR.validate(log)


def test_record_seen_by_two_tools_goes_in_the_run_of_its_primary_tool() -> None:
    merged = record(sca(), "a" * 40, sources=("grype", "Trivy"))
    other = record(
        sca(
            tool=Tool("Trivy", "0.50.1"),
            title="CVE-2022-1 in x",
            rule_id="CVE-2022-1",
            vulnerability_ids=("CVE-2022-1",),
        ),
        "b" * 40,
    )
    log = render([other, merged])
    assert [run["tool"]["driver"]["name"] for run in log["runs"]] == ["grype", "Trivy"]
    grype, trivy = log["runs"]
    assert [r["ruleId"] for r in grype["results"]] == ["GHSA-35jh-r3h4-6jhm"]
    assert grype["results"][0]["properties"]["vigil-sources"] == ["grype", "Trivy"]
    assert grype["results"][0]["message"]["text"].endswith("Reported by: grype, Trivy")
    assert [r["ruleId"] for r in trivy["results"]] == ["CVE-2022-1"]
    assert github_problems(log) == []


def test_fixed_records_are_left_out_and_triaged_ones_suppressed() -> None:
    records = [
        record(sast(), "a" * 40, status=Status.FIXED),
        record(
            sast(rule_id="r2"), "b" * 40, status=Status.FALSE_POSITIVE, triage_reason="test code"
        ),
        record(sast(rule_id="r3"), "c" * 40, status=Status.ACCEPTED),
        record(sast(rule_id="r4"), "d" * 40, status=Status.REOPENED, is_new=False),
    ]
    (run,) = render(records)["runs"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert sorted(results) == ["r2", "r3", "r4"]
    assert results["r2"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "test code"}
    ]
    assert results["r3"]["suppressions"] == [{"kind": "external", "status": "accepted"}]
    assert "suppressions" not in results["r4"]
    assert results["r4"]["baselineState"] == "unchanged"


def test_security_severity_uses_cvss_else_the_severity_band() -> None:
    scored = record(sca(), "a" * 40)
    unscored = [
        record(sast(severity=severity, rule_id=severity.label), str(severity.value) * 40)
        for severity in Severity
    ]
    (sca_run,) = render([scored])["runs"]
    assert sca_run["tool"]["driver"]["rules"][0]["properties"]["security-severity"] == "7.2"
    (run,) = render(unscored)["runs"]
    scores = {r["id"]: r["properties"]["security-severity"] for r in run["tool"]["driver"]["rules"]}
    assert scores == {
        "critical": "9.5",
        "high": "8.0",
        "medium": "5.5",
        "low": "2.0",
        "info": "0.0",
    }
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "critical": "error",
        "high": "error",
        "medium": "warning",
        "low": "note",
        "info": "note",
    }


def test_rule_tags_are_capped_at_twenty_and_carry_cwe_tags() -> None:
    many = sast(cwes=(79, 89), tags=tuple(f"tag{i}" for i in range(30)))
    (run,) = render([record(many)])["runs"]
    tags = run["tool"]["driver"]["rules"][0]["properties"]["tags"]
    assert len(tags) == 20
    assert tags[:4] == ["security", "sast", "external/cwe/cwe-79", "external/cwe/cwe-89"]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("src/app.py", "src/app.py"),
        ("./src/app.py", "src/app.py"),
        ("src\\win\\app.py", "src/win/app.py"),
        ("dir with space/a#b.py", "dir%20with%20space/a%23b.py"),
        ("/abs/app.py", "file:///abs/app.py"),
        ("C:\\work\\app.py", "file:///C:/work/app.py"),
        ("a:b/c.py", "a%3Ab/c.py"),
    ],
)
def test_paths_become_relative_or_file_uris(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_locations_without_a_file_or_line_still_satisfy_github() -> None:
    no_line = sast(location=CodeLocation("app/a.py", None, None, 0, None, None))
    bad_columns = sast(rule_id="cols", location=CodeLocation("app/a.py", 3, 2, 9, 4, None))
    package = sca(component=Component("@scope/pkg", "1.0.0", None, "npm"))
    bare = Finding("Weak setting", Severity.LOW, Category.OTHER, Tool("custom"), "")
    log = render(
        [
            record(no_line, "1" * 40),
            record(bad_columns, "2" * 40),
            record(package, "3" * 40),
            record(bare, "4" * 40),
        ]
    )
    VALIDATOR.validate(log)
    assert github_problems(log) == []
    physical = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]
        for run in log["runs"]
        for r in run["results"]
    }
    assert physical["python.lang.security.audit.eval-detected"]["region"] == {"startLine": 1}
    assert physical["cols"]["region"] == {"startLine": 3, "startColumn": 9}
    assert physical["GHSA-35jh-r3h4-6jhm"]["artifactLocation"] == {"uri": "npm/@scope/pkg"}
    assert physical["vigil/other"]["artifactLocation"] == {"uri": "other/finding"}


def test_dast_without_path_and_hostile_urls_stay_valid() -> None:
    odd = dast(endpoints=(Endpoint("http://[::1", "POST"),))
    log = render([record(dast(), "1" * 40), record(odd, "2" * 40)])
    VALIDATOR.validate(log)
    assert github_problems(log) == []
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert sorted(uris) == ["endpoint", "shop.example/search"]


def test_tools_named_in_the_context_get_an_empty_run_and_an_empty_report_one_run() -> None:
    log = render([], tool_versions={"semgrep": "1.50.0"})
    VALIDATOR.validate(log)
    (run,) = log["runs"]
    assert run["tool"]["driver"] == {"name": "semgrep", "version": "1.50.0", "rules": []}
    assert run["results"] == []
    (empty,) = render([])["runs"]
    assert empty["tool"]["driver"]["name"] == "vigil"
    assert github_problems(render([])) == []


def test_context_version_wins_and_provenance_is_kept() -> None:
    log = render([record(sast())], tool_versions={"semgrep": "1.99.0"})
    (run,) = log["runs"]
    assert run["tool"]["driver"]["version"] == "1.99.0"
    assert run["properties"] == {"product": "shop-api", "branch": "main", "commit": "3f2a9c1d5e7b"}
    bare = json.loads(
        SarifRenderer().render([record(sast())], context(product="", branch="", commit=""))
    )
    assert "properties" not in bare["runs"][0]
    assert bare["runs"][0]["automationDetails"]["id"] == "vigil/semgrep/2024-05-01T12:30:00Z"
