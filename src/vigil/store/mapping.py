"""Finding ⇄ JSON document. Hand-written rather than ``dataclasses.asdict`` because imports map
100,000 findings at a time and asdict's deep copies cost seconds."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Confidence,
    Cvss,
    Endpoint,
    Finding,
    Severity,
    Tool,
)


def _prune(document: dict[str, Any]) -> dict[str, Any]:
    # Keep falsy numbers (line 0, score 0.0); drop None and empty strings and collections.
    return {
        k: v
        for k, v in document.items()
        if v or not (v is None or isinstance(v, str | list | tuple | dict))
    }


def finding_to_document(finding: Finding) -> dict[str, Any]:
    """A JSON-ready dict of every field, empty ones left out."""
    component = finding.component
    location = finding.location
    return _prune(
        {
            "title": finding.title,
            "severity": finding.severity.label,
            "category": finding.category.value,
            "tool": _prune({"name": finding.tool.name, "version": finding.tool.version}),
            "rule_id": finding.rule_id,
            "description": finding.description,
            "confidence": finding.confidence.label if finding.confidence else None,
            "cvss": [
                _prune({"version": c.version, "vector": c.vector, "score": c.score})
                for c in finding.cvss
            ],
            "cwes": list(finding.cwes),
            "vulnerability_ids": list(finding.vulnerability_ids),
            "component": None
            if component is None
            else _prune(
                {
                    "name": component.name,
                    "version": component.version,
                    "purl": component.purl,
                    "ecosystem": component.ecosystem,
                    "fixed_versions": list(component.fixed_versions),
                    "paths": list(component.paths),
                }
            ),
            "location": None
            if location is None
            else _prune(
                {
                    "path": location.path,
                    "start_line": location.start_line,
                    "end_line": location.end_line,
                    "start_column": location.start_column,
                    "end_column": location.end_column,
                    "snippet": location.snippet,
                }
            ),
            "endpoints": [
                _prune(
                    {
                        "url": e.url,
                        "method": e.method,
                        "parameter": e.parameter,
                        "evidence": e.evidence,
                    }
                )
                for e in finding.endpoints
            ],
            "remediation": finding.remediation,
            "references": list(finding.references),
            "tags": list(finding.tags),
            "secret_hash": finding.secret_hash,
            "hint": finding.hint,
            "raw": dict(finding.raw) if finding.raw else None,
        }
    )


def _severity(value: int | str) -> Severity:
    return Severity(value) if isinstance(value, int) else Severity.parse(value)


def _confidence(value: int | str | None) -> Confidence:
    if value is None:
        return Confidence.UNKNOWN
    return Confidence(value) if isinstance(value, int) else Confidence[value.upper()]


def finding_from_document(document: dict[str, Any]) -> Finding:
    """The inverse of ``finding_to_document``."""
    component = document.get("component")
    location = document.get("location")
    tool = document.get("tool") or {}
    return Finding(
        title=document["title"],
        severity=_severity(document["severity"]),
        category=Category(document["category"]),
        tool=Tool(tool.get("name", ""), tool.get("version")),
        rule_id=document.get("rule_id", ""),
        description=document.get("description") or "",
        confidence=_confidence(document.get("confidence")),
        cvss=tuple(
            Cvss(c["version"], c.get("vector"), c.get("score")) for c in document.get("cvss", ())
        ),
        cwes=tuple(document.get("cwes", ())),
        vulnerability_ids=tuple(document.get("vulnerability_ids", ())),
        component=None
        if component is None
        else Component(
            name=component["name"],
            version=component.get("version"),
            purl=component.get("purl"),
            ecosystem=component.get("ecosystem"),
            fixed_versions=tuple(component.get("fixed_versions", ())),
            paths=tuple(component.get("paths", ())),
        ),
        location=None
        if location is None
        else CodeLocation(
            path=location["path"],
            start_line=location.get("start_line"),
            end_line=location.get("end_line"),
            start_column=location.get("start_column"),
            end_column=location.get("end_column"),
            snippet=location.get("snippet"),
        ),
        endpoints=tuple(
            Endpoint(e["url"], e.get("method"), e.get("parameter"), e.get("evidence"))
            for e in document.get("endpoints", ())
        ),
        remediation=document.get("remediation") or "",
        references=tuple(document.get("references", ())),
        tags=tuple(document.get("tags", ())),
        secret_hash=document.get("secret_hash"),
        hint=document.get("hint"),
        raw=document.get("raw") or {},
    )


def encode(finding: Finding) -> tuple[bytes, str]:
    """The stored bytes of a finding and a short hash that changes when its content does.

    orjson serialises the dataclasses natively (severity and confidence as numbers), which is
    several times faster than building the document by hand.
    """
    try:
        data = orjson.dumps(finding)
    except TypeError:
        # A tool's raw record with non-JSON values (non-string keys, odd types).
        data = orjson.dumps(finding, option=orjson.OPT_NON_STR_KEYS, default=str)
    return data, hashlib.sha1(data, usedforsecurity=False).hexdigest()


def decode(data: bytes) -> Finding:
    """A finding from its stored bytes."""
    return finding_from_document(orjson.loads(data))
