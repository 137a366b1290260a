"""MobSF report JSON (Android 3.1.9 and 3.6.7, iOS 3.7.9), mobsfscan JSON and QARK JSON
against real reports."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.ingest.mobsf import MobsfParser
from vigil.ingest.reader import parse_file, parse_source
from vigil.model import Category, CodeLocation, Confidence, Finding, Severity, Tool
from vigil.triage.identity import identify

SAMPLES = Path(__file__).parent.parent / "data" / "samples" / "mobsf"
ALL = sorted(p.name for p in SAMPLES.glob("*.json"))


def raw(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def sections(findings: tuple[Finding, ...]) -> Counter[str]:
    return Counter(f.raw["section"] for f in findings)


@pytest.mark.parametrize("name", ALL)
def test_sniffing_picks_mobsf(name: str) -> None:
    assert parse_file(SAMPLES / name).parser is MobsfParser


# --- mobsfscan ------------------------------------------------------------------------------


def test_mobsfscan_no_findings() -> None:
    assert parse_file(SAMPLES / "no_findings.json").findings == ()


def test_mobsfscan_findings() -> None:
    findings = parse_file(SAMPLES / "many_findings.json").findings
    assert [f.rule_id for f in findings] == [
        "android_certificate_transparency",
        "android_kotlin_hardcoded",
        "android_kotlin_hardcoded",
        "android_prevent_screenshot",
        "android_root_detection",
        "android_safetynet",
        "android_ssl_pinning",
        "android_tapjacking",
    ]
    hardcoded = findings[1]
    assert hardcoded.title == (
        "Files may contain hardcoded sensitive information like usernames, passwords, keys etc"
    )
    assert hardcoded.severity is Severity.MEDIUM  # WARNING
    assert hardcoded.category is Category.SAST
    assert hardcoded.tool == Tool("mobsfscan", "0.0.6")
    assert hardcoded.cwes == (798,)
    assert hardcoded.location == CodeLocation(
        path="app/src/main/java/com/routes/domain/analytics/event/Signatures.kt",
        start_line=10,
        end_line=10,
        snippet='key = "hmi_busroutes_health"',
    )
    assert hardcoded.tags == ("MSTG-STORAGE-14", "M9: Reverse Engineering")
    assert hardcoded.references == (
        "https://github.com/MobSF/owasp-mstg/blob/master/Document/0x05d-Testing-Data-Storage.md"
        "#storing-a-key---example",
    )
    assert findings[2].location is not None
    assert findings[2].location.path.endswith("Signatures2.kt")
    assert findings[2].location.start_line == 20

    # a rule that fires on a missing protection concerns the whole project
    root = findings[4]
    assert root.title == "This app does not have root detection capabilities"
    assert root.severity is Severity.INFO
    assert root.cwes == (919,)
    assert root.location == CodeLocation(path=".")
    assert len(identify(findings)) == 8


# --- MobSF 3.1.9, Android ---------------------------------------------------------------------


def test_android_3_1_9_sections() -> None:
    findings = parse_file(SAMPLES / "report1.json").findings
    assert len(findings) == 54
    assert sections(findings) == {
        "permissions": 2,
        "manifest": 5,
        "code": 12,
        "binary": 32,
        "secrets": 3,
    }
    assert {f.tool for f in findings} == {Tool("MobSF", "3.1.9")}
    assert len(identify(findings)) == 54


def test_android_3_1_9_differs_from_defectdojo_as_justified() -> None:
    """DefectDojo's 68 = 3 permissions + 4 code rules + 56 binary check results + 5 android_api
    entries (its 3.1.9 manifest_analysis list is skipped). vigil's 54 = 2 dangerous permissions
    + 5 manifest results + 12 (rule, file) code results + 32 failed binary checks + 3 secrets."""
    report = raw("report1.json")
    statuses = Counter(p["status"] for p in report["permissions"].values())
    assert statuses == {"dangerous": 2, "normal": 1}
    assert len(report["manifest_analysis"]) == 5
    assert len(report["android_api"]) == 5  # API inventory, not weaknesses: not read
    code_files = sum(len(rule["files"]) for rule in report["code_analysis"].values())
    assert (len(report["code_analysis"]), code_files) == (4, 12)
    checks = Counter(
        check["severity"]
        for library in report["binary_analysis"]
        for name, check in library.items()
        if name != "name"
    )
    assert checks == {"high": 25, "warning": 7, "info": 24}  # info: the check passed
    assert len(report["secrets"]) == 3
    defectdojo = statuses.total() + len(report["code_analysis"]) + checks.total() + 5
    assert defectdojo == 68
    vigil = statuses["dangerous"] + 5 + code_files + checks["high"] + checks["warning"] + 3
    assert vigil == len(identify(parse_file(SAMPLES / "report1.json").findings)) == 54


def test_android_3_1_9_findings() -> None:
    findings = parse_file(SAMPLES / "report1.json").findings
    storage = findings[0]
    assert storage.title == "Dangerous permission android.permission.WRITE_EXTERNAL_STORAGE"
    assert storage.rule_id == "android.permission.WRITE_EXTERNAL_STORAGE"
    assert storage.severity is Severity.LOW
    assert storage.category is Category.OTHER
    assert storage.location == CodeLocation(path="AndroidManifest.xml")
    assert storage.description == (
        "The app requests the dangerous permission android.permission.WRITE_EXTERNAL_STORAGE:"
        " read/modify/delete external storage contents. Allows an application to write to"
        " external storage."
    )

    debuggable = findings[2]
    assert debuggable.title == "Debug Enabled For App [android:debuggable=true]"
    assert debuggable.rule_id == "debug-enabled-for-app-android-debuggable-true"
    assert debuggable.severity is Severity.HIGH
    assert debuggable.location == CodeLocation(path="AndroidManifest.xml")
    exported = [
        f.title for f in findings if f.rule_id == "is-not-protected-an-intent-filter-exists"
    ]
    assert exported == [
        "Activity (jakhar.aseem.diva.APICredsActivity) is not Protected. An intent-filter exists.",
        "Activity (jakhar.aseem.diva.APICreds2Activity) is not Protected. An intent-filter exists.",
    ]

    sql = [f for f in findings if f.rule_id == "android_sql_raw_query"]
    assert [f.location.path for f in sql if f.location] == [
        "jakhar/aseem/diva/SQLInjectionActivity.java",
        "jakhar/aseem/diva/InsecureDataStorage2Activity.java",
        "jakhar/aseem/diva/NotesProvider.java",
    ]
    provider = sql[2]
    assert provider.title == "App uses SQLite Database and execute raw SQL query"
    assert provider.severity is Severity.HIGH
    assert provider.category is Category.SAST
    assert provider.cwes == (89,)
    assert provider.tags == ("code", "M7: Client Code Quality")
    # MobSF lists the lines unordered ("12,10,43,11"): the first one is the location
    assert provider.location == CodeLocation(
        path="jakhar/aseem/diva/NotesProvider.java", start_line=10
    )
    assert provider.description.endswith("\nLines: 10, 11, 12, 43")

    library = [f for f in findings if f.location and f.location.path.endswith("v7a/libdivajni.so")]
    assert [(f.rule_id, f.severity) for f in library] == [
        ("nx", Severity.HIGH),
        ("stack_canary", Severity.HIGH),
        ("relocation_readonly", Severity.HIGH),
        ("fortify", Severity.MEDIUM),
    ]
    assert library[0].title == "The shared object does not have NX bit set"


def test_android_3_1_9_secrets_hashed_not_kept() -> None:
    findings = parse_file(SAMPLES / "report1.json").findings
    secrets = [f for f in findings if f.category is Category.SECRET]
    assert [f.title for f in secrets] == [
        "Possible hard-coded secret: ids1_password",
        "Possible hard-coded secret: ids1_user",
        "Possible hard-coded secret: pkey",
    ]
    pkey = secrets[2]
    assert pkey.severity is Severity.MEDIUM
    assert pkey.confidence is Confidence.LOW
    assert pkey.rule_id == "hardcoded-secret"
    assert pkey.cwes == (798,)
    assert pkey.location == CodeLocation(path="diva-beta.apk")
    assert pkey.secret_hash == hashlib.sha256(b"notespin").hexdigest()
    assert pkey.raw["item"] == '"pkey" : "note…"'
    for finding in findings:
        kept = repr(finding) + orjson.dumps(dict(finding.raw)).decode()
        assert "notespin" not in kept
        assert "Enter 3rd party service password" not in kept


# --- MobSF 3.6.7, Android (added sample) ------------------------------------------------------


def test_android_3_6_7_wrapped_sections() -> None:
    findings = parse_file(SAMPLES / "issue_9132.json").findings
    report = raw("issue_9132.json")
    code_files = sum(len(rule["files"]) for rule in report["code_analysis"]["findings"].values())
    assert code_files == 59
    assert sections(findings) == {
        "permissions": 3,  # of 5: INTERNET and WAKE_LOCK are normal
        "manifest": 7,
        "certificate": 3,  # of 4: "Signed Application" (info) is a pass
        "code": 59,
        "secrets": 1,
    }
    assert {f.tool for f in findings} == {Tool("MobSF", "3.6.7")}
    certificates = [f for f in findings if f.raw["section"] == "certificate"]
    assert [(f.title, f.severity) for f in certificates] == [
        ("Application vulnerable to Janus Vulnerability", Severity.MEDIUM),
        ("Application signed with debug certificate", Severity.HIGH),
        ("Certificate algorithm vulnerable to hash collision", Severity.HIGH),
    ]
    assert certificates[1].rule_id == "application-signed-with-debug-certificate"
    assert certificates[1].location == CodeLocation(path="InsecureShop.apk")

    cleartext = next(f for f in findings if f.rule_id == "clear_text_traffic")
    assert cleartext.title == (
        "Clear text traffic is Enabled For App [android:usesCleartextTraffic=true]"
    )
    assert cleartext.severity is Severity.HIGH

    webview = next(f for f in findings if f.rule_id == "android_webview_ignore_ssl")
    assert webview.title == "Insecure WebView Implementation"
    assert webview.severity is Severity.HIGH
    assert webview.cwes == (295,)
    assert webview.location == CodeLocation(
        path="com/insecureshop/util/CustomWebViewClient.java", start_line=13
    )
    assert webview.references == (
        "https://github.com/MobSF/owasp-mstg/blob/master/Document/"
        "0x05g-Testing-Network-Communication.md#webview-server-certificate-verification",
    )
    assert webview.tags == ("code", "MSTG-NETWORK-3", "M3: Insecure Communication")

    (secret,) = [f for f in findings if f.category is Category.SECRET]
    assert secret.title == "Possible hard-coded secret: aws_Identity_pool_ID"
    value = "us-east-1:7e9426f7-42af-4717-8689-00a9a4b65c1c"
    assert secret.secret_hash == hashlib.sha256(value.encode()).hexdigest()
    assert value not in repr(secret)
    assert len(identify(findings)) == 73


# --- MobSF 3.7.9, iOS -------------------------------------------------------------------------


def test_ios_3_7_9() -> None:
    findings = parse_file(SAMPLES / "mobsf_3_7_9.json").findings
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("binary-makes-use-of-insecure-api-s", Severity.HIGH),
        ("binary-makes-use-of-malloc-function", Severity.HIGH),
        ("arc", Severity.MEDIUM),
        ("encrypted", Severity.MEDIUM),
    ]
    insecure = findings[0]
    assert insecure.title == "Binary makes use of insecure API(s)"
    assert insecure.description == (
        "The binary may contain the following insecure API(s) _memcpy , _strlen"
    )
    assert insecure.cwes == (676,)
    assert insecure.category is Category.SAST
    assert insecure.tool == Tool("MobSF", "3.7.9")
    assert insecure.tags == ("binary", "MSTG-CODE-8", "M7: Client Code Quality")
    assert insecure.location == CodeLocation(path="BitbarIOSSample")
    assert findings[1].cwes == (789,)
    assert findings[2].title == "This binary has debug symbols stripped"
    assert findings[3].description == "This binary is not encrypted."


def test_ios_3_7_9_differs_from_defectdojo_as_justified() -> None:
    """DefectDojo reads binary_analysis only (2); vigil also reads the Mach-O hardening checks,
    two of which fail (ARC unknown, not encrypted) while six pass with "info"."""
    report = raw("mobsf_3_7_9.json")
    assert len(report["binary_analysis"]["findings"]) == 2
    macho = Counter(v["severity"] for k, v in report["macho_analysis"].items() if k != "name")
    assert macho == {"info": 6, "warning": 2}
    assert len(identify(parse_file(SAMPLES / "mobsf_3_7_9.json").findings)) == 2 + 2


# --- QARK -------------------------------------------------------------------------------------


def test_qark_list() -> None:
    findings = parse_file(SAMPLES / "report2.json").findings
    assert len(findings) == 1465
    first = findings[0]
    assert first.title == "Potential API Key found"
    assert first.rule_id == "potential-api-key-found"
    assert first.severity is Severity.INFO
    assert first.category is Category.SAST
    assert first.tool == Tool("QARK")
    # the absolute build path is made relative to the APK
    assert first.location == CodeLocation(path="assets/food.db", start_line=224296)
    assert first.raw["file_object"] == "/Users/setup/build/qark/assets/food.db"

    debug = next(f for f in findings if f.rule_id == "manifest-is-manually-set-to-debug")
    assert debug.severity is Severity.HIGH  # VULNERABILITY
    assert debug.category is Category.OTHER
    assert debug.location == CodeLocation(path="AndroidManifest.xml")
    single = [f for f in findings if f.rule_id == "launchmode-singletask-found"]
    assert [f.location.start_line for f in single if f.location] == [53, 47, 98, 55]
    exported = next(f for f in findings if f.rule_id == "exported-tags")
    assert exported.title == "Exported tags (com.insulet.myblue.pdm.AdbService)"
    assert exported.severity is Severity.MEDIUM


def test_qark_duplicates_merge_like_defectdojo() -> None:
    """QARK repeats identical issues; both DefectDojo and vigil keep 1022 distinct ones."""
    records = raw("report2.json")
    distinct = {
        (r["name"], r["file_object"], r["description"], repr(r["line_number"])) for r in records
    }
    assert (len(records), len(distinct)) == (1465, 1022)
    assert len(identify(parse_file(SAMPLES / "report2.json").findings)) == 1022


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "report is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not valid JSON"),
        (b'"a string"', "expected a MobSF JSON object"),
        (b'{"version": "v3"}', "not a MobSF report"),
        (b'{"results": [], "errors": []}', "expected mobsfscan 'results' to be an object"),
        (b'{"results": {"x": {}}, "errors": []}', "mobsfscan rule x has no metadata"),
        (b'[{"category": "file"}]', "QARK issue 0 is not an object with a name"),
    ],
)
def test_bad_input(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=re.escape(problem)):
        parse_source(ReportSource("bad.json", data), "mobsf")


def test_truncated_report() -> None:
    data = (SAMPLES / "report1.json").read_bytes()
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_source(ReportSource("cut.json", data[: len(data) // 3]), "mobsf")


def test_wrong_section_shape() -> None:
    report = raw("mobsf_3_7_9.json")
    report["code_analysis"] = {"findings": {"rule": {"files": ["a.m"], "metadata": {}}}}
    with pytest.raises(ParseError, match="code rule rule: expected files by path"):
        parse_source(ReportSource("shape.json", json.dumps(report).encode()), "mobsf")
