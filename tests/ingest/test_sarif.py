"""SarifParser over real SARIF logs of CodeQL, Semgrep, Gitleaks, Dependency-Check, Grype,
Dockle, Flawfinder and SpotBugs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vigil.errors import ParseError
from vigil.ingest import registry
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_source
from vigil.ingest.sarif import SarifParser
from vigil.model import Category, CodeLocation, Component, Confidence, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def parse(name: str) -> list[Finding]:
    return list(SarifParser().parse(ReportSource.from_path(SAMPLES / "sarif" / name)))


def by_rule(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def test_spec_example_without_results() -> None:
    assert parse("appendix_k1.sarif") == []


def test_codeql_rules_in_driver_snippet_from_context_region() -> None:
    findings = parse("codeQL-output.sarif")
    assert len(findings) == 72
    first = findings[0]
    assert first.tool == Tool("CodeQL", "2.5.4")
    assert first.rule_id == "py/empty-except"
    assert first.title == "Empty except"
    assert first.category is Category.SAST
    # No result level: the rule's defaultConfiguration says "note".
    assert first.severity is Severity.LOW
    assert first.confidence is Confidence.HIGH  # precision "high"
    assert first.cwes == (390,)
    assert first.location == CodeLocation(
        path="good/db_init.py",
        start_line=39,
        start_column=5,
        end_column=30,
        snippet="    except FileNotFoundError:",
    )
    assert first.hint == "9cbc869fbfffeb60:1/0"
    assert first.description == (
        "'except' clause does nothing but pass and there is no explanatory comment.\n\n"
        "Except doesn't do anything and has no comment"
    )


def test_codeql_path_query_message_links_and_code_flows() -> None:
    (finding,) = [
        f
        for f in parse("codeQL-output.sarif")
        if f.rule_id == "py/path-injection" and f.location and f.location.path == "bad/libapi.py"
    ]
    assert finding.title == "Uncontrolled data used in path expression"
    assert finding.severity is Severity.HIGH
    # "[a user-provided value](1)" links are reduced to their text.
    assert finding.description.startswith(
        "This path depends on a user-provided value.\nThis path depends on a user-provided value."
    )
    assert finding.cwes == (22, 23, 36, 73, 99)
    assert finding.location is not None
    assert finding.location.snippet == "    Path(keyfile).touch()"
    assert len(finding.raw["codeFlows"]) == 2
    assert finding.hint == "6e479c79e8d1316:1/0"


def test_codeql_rules_in_extensions_by_tool_component_reference() -> None:
    log = json.loads((SAMPLES / "sarif" / "codeql_2.8.3_javascript.sarif").read_text())
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    findings = parse("codeql_2.8.3_javascript.sarif")
    assert len(findings) == 91
    first = findings[0]
    assert first.raw["rule"] == {
        "id": "js/polynomial-redos",
        "index": 6,
        "toolComponent": {"index": 7},
    }
    assert first.tool == Tool("CodeQL", "2.8.3")
    assert first.title == "Polynomial regular expression used on uncontrolled data"
    assert first.severity is Severity.HIGH  # security-severity 7.5
    assert first.cwes == (1333, 730, 400)
    assert first.location == CodeLocation(
        path="routes/profileImageUrlUpload.ts", start_line=18, start_column=11, end_column=62
    )
    assert first.description.startswith(
        "This regular expression that depends on a user-provided value may run slow"
    )
    assert len(identify(findings)) == 91


def test_grype_component_and_severity_from_security_severity() -> None:
    findings = parse("cxf-3.4.6.sarif")
    assert len(findings) == 22
    assert {f.category for f in findings} == {Category.SCA}
    first = findings[0]
    assert first.tool == Tool("Grype", "0.34.7")
    assert first.rule_id == "CVE-2008-0732-geronimo-j2ee-management_1.1_spec"
    assert first.vulnerability_ids == ("CVE-2008-0732",)
    assert (
        first.title
        == "CVE-2008-0732 low vulnerability for geronimo-j2ee-management_1.1_spec package"
    )
    assert first.severity is Severity.LOW  # 2.1
    assert first.component == Component(
        name="geronimo-j2ee-management_1.1_spec",
        version="1.0.1",
        ecosystem="maven",
        paths=("lib/geronimo-j2ee-management_1.1_spec-1.0.1.jar",),
    )
    (critical,) = by_rule(findings, "CVE-2019-12419-cxf-xjc-runtime")
    assert critical.severity is Severity.CRITICAL  # 9.8
    assert critical.component is not None
    assert (critical.component.name, critical.component.version) == ("cxf-xjc-runtime", "3.3.1")
    assert critical.references == ("https://github.com/anchore/grype",)


def test_dependency_check_cvss_in_properties_and_file_uris() -> None:
    findings = parse("dependency_check.sarif")
    assert len(findings) == 13
    assert findings[0].tool == Tool("dependency-check", "6.1.2")
    retire = findings[0]
    assert retire.rule_id == "Disallow calling helperMissing and blockHelperMissing directly"
    assert retire.severity is Severity.LOW  # properties.severity "low" (RetireJS, unscored)
    assert retire.location is not None
    assert retire.location.path == (
        "/src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/"
        "handlebars-1.0.0.js"
    )
    nvd = [f for f in findings if f.rule_id == "CVE-2015-9251"]
    assert [f.location.path.rsplit("/", 1)[1] for f in nvd if f.location] == [
        "jquery-1.8.0.min.js",
        "jquery.min.js",
    ]
    assert {f.severity for f in nvd} == {Severity.MEDIUM}  # cvssv3_baseScore 6.1
    assert nvd[0].vulnerability_ids == ("CVE-2015-9251",)
    assert nvd[0].title.startswith("CVE-2015-9251 - jQuery before 3.0.0 is vulnerable")


def test_dockle_results_without_location_and_levels() -> None:
    findings = parse("dockle_0_3_15.sarif")
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("CIS-DI-0010", Severity.HIGH),
        ("CIS-DI-0005", Severity.LOW),
        ("CIS-DI-0006", Severity.LOW),
        ("CIS-DI-0008", Severity.LOW),
    ]
    first = findings[0]
    assert first.category is Category.CONTAINER
    assert first.tool == Tool("Dockle", None)
    assert first.title == "Do not store credential in ENVIRONMENT vars/files"
    assert first.location == CodeLocation(path=".")
    assert first.references == (
        "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#CIS-DI-0010",
    )


def test_flawfinder_pass_result_is_not_a_finding() -> None:
    """The log has 54 results; one is ``kind: pass`` (rule FF1013 evaluated, nothing found),
    which is why DefectDojo counts 53 too. Identical lines elsewhere in a file stay apart."""
    log = json.loads((SAMPLES / "sarif" / "flawfinder.sarif").read_text())
    results = log["runs"][0]["results"]
    assert len(results) == 54
    assert [r for r in results if r.get("kind") == "pass"] == [
        {"ruleId": "FF1013", "kind": "pass", "level": "note"}
    ]
    findings = parse("flawfinder.sarif")
    assert len(findings) == 53
    assert len(identify(findings)) == 53
    setstate = by_rule(findings, "FF1048")
    assert [f.location.start_line for f in setstate if f.location] == [29, 75]
    assert {f.location.snippet for f in setstate if f.location} == {
        "      is.setstate(std::ios::failbit);"
    }
    assert setstate[0].cwes == (327,)  # from the rule's CWE taxonomy relationship
    assert setstate[0].severity is Severity.HIGH  # kind fail, no level: rule default "error"
    assert setstate[1].severity is Severity.MEDIUM  # level "warning"
    assert setstate[0].references == ("https://cwe.mitre.org/data/definitions/327.html",)


def test_gitleaks_7_secret_hashed_and_redacted_everywhere() -> None:
    findings = parse("gitleaks_7.5.0.sarif")
    assert len(findings) == 8
    first = findings[0]
    assert first.category is Category.SECRET
    assert first.tool == Tool("Gitleaks", "v7.4.0")
    # Results carry no ruleId; the rule is the one whose id opens the message.
    assert first.rule_id == "AWS Access Key"
    assert first.title == "AWS Access Key secret detected"
    assert first.secret_hash == hashlib.sha256(b"AKIAIOSFODNN7EXAMPLE").hexdigest()
    assert first.location is not None
    assert first.location.snippet == '      "raw_source_code_extract": "AKIA…",'
    assert first.raw["properties"]["offender"] == "AKIA…"
    for finding in findings:
        shown = json.dumps([finding.title, finding.description, finding.raw], default=str)
        shown += finding.location.snippet if finding.location and finding.location.snippet else ""
        assert "AKIAIOSFODNN7EXAMPLE" not in shown
        assert "BEGIN OPENSSH PRIVATE KEY-----" not in shown


def test_gitleaks_7_same_leak_in_two_commits_is_one_finding() -> None:
    """Justifies 4 (not DefectDojo's 8): each leak is reported once per commit that has it;
    vigil's secret identity (rule, file, secret hash) makes each pair one finding."""
    groups = identify(parse("gitleaks_7.5.0.sarif"))
    assert len(groups) == 4
    for group in groups:
        commits = {s.raw["properties"]["commit"] for s in group.sources}
        assert len(group.sources) == 2 and len(commits) == 2
        assert len({(s.rule_id, s.location, s.secret_hash) for s in group.sources}) == 1


def test_gitleaks_8_secret_is_the_snippet() -> None:
    (finding,) = parse("gitleaks_8_simple.sarif")
    assert finding.tool == Tool("gitleaks", "v8.0.0")
    assert finding.rule_id == "test-rule"
    assert (
        finding.title
        == "test-rule has detected secret for file auth.py at commit 0000000000000000."
    )
    assert finding.secret_hash == hashlib.sha256(b"a secret").hexdigest()
    assert finding.location == CodeLocation(
        path="auth.py", start_line=1, end_line=2, start_column=1, end_column=2, snippet="a se…"
    )
    assert finding.tags == ("tag1", "tag2", "tag3")
    assert "a secret" not in json.dumps(finding.raw)


def test_semgrep_sarif_match_based_fingerprint_and_word_severity() -> None:
    findings = parse("issue_10191.json")
    assert len(findings) == 77
    first = findings[0]
    assert first.tool == Tool("Semgrep OSS", "1.69.0")
    assert (
        first.title
        == "Improper limitation of a pathname to a restricted directory ('Path Traversal')"
    )
    assert first.severity is Severity.MEDIUM  # security-severity "MEDIUM"
    assert first.confidence is Confidence.HIGH  # precision "very-high"
    assert first.cwes == (22,)
    assert first.hint == (
        "e5aea7d033ad2f52b0c68a45048d8297e59597971eb74ca387ebdb598e9d2631c1de6945ffea9d9d"
        "c2fce6bb0f1e8f8e966061e685f3f72c40459c30f9fe7235_0"
    )
    assert first.location == CodeLocation(
        path="Gruntfile.js",
        start_line=75,
        end_line=75,
        start_column=22,
        end_column=53,
        snippet="      const buffer = fs.readFileSync('dist/' + file)",
    )
    assert len(identify(findings)) == 77


def test_semgrep_ci_in_source_suppressions_are_kept_and_tagged() -> None:
    findings = parse("semgrep_ci_nosemgrep.sarif")
    assert len(findings) == 11
    suppressed = [f for f in findings if "suppressed" in f.tags]
    assert [f.location.start_line for f in suppressed if f.location] == [6, 9, 13, 18, 16]
    assert all(f.location and "# nosemgrep" in (f.location.snippet or "") for f in suppressed)
    assert all("suppressed" not in f.tags for f in findings if f not in suppressed)
    assert findings[0].title == "useless comparison"
    assert findings[0].severity is Severity.HIGH  # rule default level "error"


def test_spotbugs_message_strings_with_arguments() -> None:
    findings = parse("spotbugs.sarif")
    assert len(findings) == 56
    first = findings[0]
    assert first.tool == Tool("SpotBugs", "4.4.0")
    assert first.rule_id == "DMI_HARDCODED_ABSOLUTE_FILENAME"
    assert first.title == "Code contains a hard coded reference to an absolute pathname."
    assert (
        first.description == "Hard coded reference to an absolute pathname in Boot.main(String[])."
    )
    assert first.severity is Severity.LOW  # level "note"
    assert first.location == CodeLocation(path="Boot.java", start_line=23)
    assert first.tags == ("STYLE",)
    encoding = by_rule(findings, "DM_DEFAULT_ENCODING")[0]
    assert encoding.description == (
        "Found reliance on default encoding in Boot.writeFrags(Log, String): "
        "new java.io.FileWriter(File)."
    )


def test_snyk_code_logs_go_to_the_snyk_parser() -> None:
    head = (SAMPLES / "snyk" / "snykcode_issue_9270.json").read_bytes()[:65536]
    assert SarifParser.sniff(head)  # it is SARIF …
    assert registry.detect(ReportSource("x.json", head)).id == "snyk"  # … but Snyk's scope


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b'{"version": "2.1.0", "runs": [', "not valid JSON"),
        (b"[]", "expected the SARIF log to be an object"),
        (b'{"version": "2.1.0"}', "not a SARIF log (no runs)"),
        (b'{"version": "1.0.0", "runs": []}', "SARIF version 1.0.0 is not supported"),
        (b'{"version": "2.1.0", "runs": {}}', "expected runs to be a list"),
        (b'{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}', "no tool.driver.name"),
        (
            b'{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [1]}]}',
            "expected a result to be an object",
        ),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_source(ReportSource("bad.sarif", data), "sarif")


def test_binary_input_is_refused() -> None:
    with pytest.raises(ParseError):
        parse_source(ReportSource("bad.sarif", b"\x89PNG\r\n\x1a\n\x00\x00"), "sarif")
