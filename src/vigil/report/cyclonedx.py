"""CycloneDX 1.6 JSON SBOMs: what a product is made of, and (as VEX) which known
vulnerabilities affect it and how each was triaged.

Components are the distinct package URLs of the inventory (``bom-ref`` = purl), with their
licences (an SPDX expression as ``expression``, other text as ``license.name``). The
``dependencies`` graph comes from each dependency's path (parent → child) and direct flag
(product → package); a development dependency has ``scope: optional``. With records, each
record naming vulnerability ids becomes one ``vulnerabilities[]`` entry (``vigil sbom`` hands
one record per advisory): the first id, the others as references, CVSS ratings, ``affects``
→ the component, and ``analysis.state`` from the record's triage status. Output validates
against the official 1.6 JSON schema.
"""

from __future__ import annotations

import functools
import itertools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from vigil.model import Dependency, FindingRecord, Severity, Status
from vigil.model.license import NO_ASSERTION

SPEC_VERSION = "1.6"
ROOT_REF = "vigil:root"
_STATES: Mapping[Status, str] = {
    Status.FALSE_POSITIVE: "not_affected",
    Status.CONFIRMED: "exploitable",
    Status.ACCEPTED: "exploitable",
    Status.FIXED: "resolved",
}
_CVSS_METHODS = {"2.0": "CVSSv2", "3.0": "CVSSv3", "3.1": "CVSSv31", "4.0": "CVSSv4"}


def render_bom(
    dependencies: Iterable[Dependency],
    *,
    subject: str,
    tool_version: str,
    records: Sequence[FindingRecord] | None = None,
    generated_at: datetime | None = None,
    serial: uuid.UUID | None = None,
) -> bytes:
    """The BOM of ``subject`` (the scanned folder's name) as JSON bytes; with ``records`` a
    VEX ``vulnerabilities`` array too (an empty one when nothing is vulnerable)."""
    deps = list(dependencies)
    components, refs = _components(deps)
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": (serial or uuid.uuid4()).urn,
        "version": 1,
        "metadata": {
            "timestamp": (generated_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {
                "components": [{"type": "application", "name": "vigil", "version": tool_version}]
            },
            "component": {"type": "application", "name": subject, "bom-ref": ROOT_REF},
        },
        "components": components,
        "dependencies": _graph(deps, refs),
    }
    if records is not None:
        bom["vulnerabilities"] = [
            v for v in (_vulnerability(r, set(refs.values())) for r in records) if v
        ]
    return orjson.dumps(bom, option=orjson.OPT_INDENT_2) + b"\n"


def _components(deps: Sequence[Dependency]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The components, one per purl, and "name@version" → bom-ref for the graph."""
    by_purl: dict[str, dict[str, Any]] = {}
    refs: dict[str, str] = {}
    runtime: set[str] = set()
    for dep in deps:
        refs.setdefault(_label(dep), dep.purl)
        if not dep.dev:
            runtime.add(dep.purl)
        if dep.purl in by_purl:
            continue
        component: dict[str, Any] = {"type": "library", "bom-ref": dep.purl, "name": dep.name}
        if dep.version:
            component["version"] = dep.version
        component["purl"] = dep.purl
        if dep.license and dep.license.upper() not in NO_ASSERTION:
            component["licenses"] = [_licence_choice(dep.license)]
        by_purl[dep.purl] = component
    for purl, component in by_purl.items():
        if purl not in runtime:
            component["scope"] = "optional"  # needed only to develop or test the product
    return sorted(by_purl.values(), key=lambda c: c["bom-ref"]), refs


def _label(dep: Dependency) -> str:
    return f"{dep.name}@{dep.version}"


@functools.cache
def _spdx() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@functools.lru_cache(maxsize=4096)
def _spdx_expression(text: str) -> str | None:
    # Projects repeat a handful of licences thousands of times: validate each text once.
    try:
        info = _spdx().validate(text, strict=False)
        valid = not info.errors and not info.invalid_symbols
    except Exception:  # free text makes the parser raise many kinds
        valid = False
    return str(info.normalized_expression) if valid else None


def _licence_choice(text: str) -> dict[str, Any]:
    expression = _spdx_expression(text)
    if expression is not None:
        return {"expression": expression}
    return {"license": {"name": text}}


def _graph(deps: Sequence[Dependency], refs: Mapping[str, str]) -> list[dict[str, Any]]:
    edges: dict[str, set[str]] = {ROOT_REF: set()}
    for dep in deps:
        edges.setdefault(dep.purl, set())
        if dep.direct:
            edges[ROOT_REF].add(dep.purl)
        chain = [refs.get(step) for step in dep.path]
        if dep.path and chain[-1] != dep.purl:
            chain.append(dep.purl)
        if chain and chain[0] is not None and dep.direct is not None:
            edges[ROOT_REF].add(chain[0])
        for parent, child in itertools.pairwise(chain):
            if parent is not None and child is not None and parent != child:
                edges.setdefault(parent, set()).add(child)
    return [
        {"ref": ref, "dependsOn": sorted(children)}
        for ref, children in sorted(edges.items(), key=lambda item: (item[0] != ROOT_REF, item[0]))
    ]


def _vulnerability(record: FindingRecord, refs: set[str]) -> dict[str, Any] | None:
    finding = record.finding
    component = finding.component
    if component is None or component.purl not in refs or not finding.vulnerability_ids:
        return None
    first, *others = finding.vulnerability_ids
    entry: dict[str, Any] = {
        "bom-ref": f"{first}:{component.purl}",
        "id": first,
        "source": _source(first),
    }
    if others:
        entry["references"] = [{"id": other, "source": _source(other)} for other in others]
    entry["ratings"] = _ratings(finding.cvss, finding.severity)
    if finding.description:
        entry["description"] = finding.description
    if finding.remediation:
        entry["recommendation"] = finding.remediation
    analysis: dict[str, Any] = {"state": _STATES.get(record.status, "in_triage")}
    if record.status is Status.ACCEPTED:
        analysis["response"] = ["will_not_fix"]
    if record.triage_reason:
        analysis["detail"] = record.triage_reason
    entry["analysis"] = analysis
    entry["affects"] = [{"ref": component.purl}]
    return entry


def _source(identifier: str) -> dict[str, str]:
    if identifier.startswith("CVE-"):
        return {"name": "NVD", "url": f"https://nvd.nist.gov/vuln/detail/{identifier}"}
    if identifier.startswith("GHSA-"):
        return {"name": "GitHub", "url": f"https://github.com/advisories/{identifier}"}
    return {"name": "OSV", "url": f"https://osv.dev/vulnerability/{identifier}"}


def _ratings(cvss: Iterable[Any], severity: Severity) -> list[dict[str, Any]]:
    ratings = []
    for item in cvss:
        rating: dict[str, Any] = {"method": _CVSS_METHODS.get(item.version, "other")}
        if item.score is not None:
            rating["score"] = item.score
            rating["severity"] = Severity.from_score(item.score).label
        if item.vector:
            rating["vector"] = item.vector
        ratings.append(rating)
    return ratings or [{"severity": severity.label, "method": "other"}]
