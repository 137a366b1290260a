"""The CycloneDX writer: triage states in VEX, licences, development scope, graph and
deterministic bytes; every BOM valid against the official 1.6 schema."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.cli.test_sbom import validate
from vigil.model import (
    Category,
    Component,
    Cvss,
    Dependency,
    Finding,
    FindingRecord,
    Severity,
    Status,
    Tool,
)
from vigil.report.cyclonedx import render_bom

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SERIAL = uuid.UUID("12345678-1234-5678-1234-567812345678")
APP = Dependency(
    "npm", "express", "4.21.2", "pkg:npm/express@4.21.2", "package-lock.json", True, license="MIT"
)
QS = Dependency(
    "npm",
    "qs",
    "6.13.0",
    "pkg:npm/qs@6.13.0",
    "package-lock.json",
    False,
    path=("express@4.21.2", "qs@6.13.0"),
    license="BSD-3-Clause",
)
JEST = Dependency(
    "npm",
    "jest",
    "29.7.0",
    "pkg:npm/jest@29.7.0",
    "package-lock.json",
    True,
    dev=True,
    license="SEE LICENSE IN LICENSE",
)
FINDING = Finding(
    title="qs 6.13.0: 1 known vulnerability",
    severity=Severity.HIGH,
    category=Category.SCA,
    tool=Tool("vigil-sca", "0.1.0"),
    rule_id="GHSA-6rw7-vpxm-498p",
    description="GHSA-6rw7-vpxm-498p: qs prototype pollution",
    cvss=(Cvss("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),),
    vulnerability_ids=("GHSA-6rw7-vpxm-498p", "CVE-2022-24999"),
    component=Component("qs", "6.13.0", "pkg:npm/qs@6.13.0", "npm"),
    remediation="Upgrade qs to 6.14.1.",
)


def _bom(records: list[FindingRecord] | None = None) -> dict:  # type: ignore[type-arg]
    data = render_bom(
        [APP, QS, JEST],
        subject="shop",
        tool_version="0.1.0",
        records=records,
        generated_at=WHEN,
        serial=SERIAL,
    )
    bom = json.loads(data)
    validate(bom)
    return bom


def test_components_licences_scope_and_graph() -> None:
    bom = _bom()
    assert bom["serialNumber"] == "urn:uuid:12345678-1234-5678-1234-567812345678"
    assert bom["metadata"]["timestamp"] == "2026-01-02T03:04:05Z"
    assert bom["metadata"]["component"] == {
        "type": "application",
        "name": "shop",
        "bom-ref": "vigil:root",
    }
    by_ref = {c["bom-ref"]: c for c in bom["components"]}
    assert by_ref["pkg:npm/qs@6.13.0"]["licenses"] == [{"expression": "BSD-3-Clause"}]
    assert by_ref["pkg:npm/jest@29.7.0"]["licenses"] == [
        {"license": {"name": "SEE LICENSE IN LICENSE"}}
    ]
    assert by_ref["pkg:npm/jest@29.7.0"]["scope"] == "optional"
    assert "scope" not in by_ref["pkg:npm/express@4.21.2"]
    assert bom["dependencies"] == [
        {"ref": "vigil:root", "dependsOn": ["pkg:npm/express@4.21.2", "pkg:npm/jest@29.7.0"]},
        {"ref": "pkg:npm/express@4.21.2", "dependsOn": ["pkg:npm/qs@6.13.0"]},
        {"ref": "pkg:npm/jest@29.7.0", "dependsOn": []},
        {"ref": "pkg:npm/qs@6.13.0", "dependsOn": []},
    ]


def test_same_input_same_bytes() -> None:
    def render() -> bytes:
        return render_bom(
            [QS, APP], subject="x", tool_version="1", generated_at=WHEN, serial=SERIAL
        )

    assert render() == render()


@pytest.mark.parametrize(
    ("status", "analysis"),
    [
        (Status.NEW, {"state": "in_triage"}),
        (Status.REOPENED, {"state": "in_triage"}),
        (Status.CONFIRMED, {"state": "exploitable", "detail": "why"}),
        (Status.ACCEPTED, {"state": "exploitable", "response": ["will_not_fix"], "detail": "why"}),
        (Status.FALSE_POSITIVE, {"state": "not_affected", "detail": "why"}),
        (Status.FIXED, {"state": "resolved", "detail": "why"}),
    ],
)
def test_vex_states_follow_triage(status: Status, analysis: dict[str, object]) -> None:
    record = FindingRecord(fingerprint="f", finding=FINDING, sources=("vigil-sca",), status=status)
    if status not in (Status.NEW, Status.REOPENED):
        record = replace(record, triage_reason="why")
    [vuln] = _bom([record])["vulnerabilities"]
    assert vuln["analysis"] == analysis
    assert vuln["id"] == "GHSA-6rw7-vpxm-498p"
    assert vuln["references"] == [
        {
            "id": "CVE-2022-24999",
            "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2022-24999"},
        }
    ]
    assert vuln["ratings"] == [
        {
            "method": "CVSSv31",
            "score": 7.5,
            "severity": "high",
            "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        }
    ]
    assert vuln["affects"] == [{"ref": "pkg:npm/qs@6.13.0"}]


def test_vex_without_matches_is_an_empty_list_and_foreign_findings_are_left_out() -> None:
    assert _bom([])["vulnerabilities"] == []
    elsewhere = replace(FINDING, component=Component("left-pad", "1.0.0", "pkg:npm/left-pad@1.0.0"))
    record = FindingRecord(fingerprint="f", finding=elsewhere, sources=("vigil-sca",))
    assert _bom([record])["vulnerabilities"] == []
