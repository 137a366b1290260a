"""ProjectDiscovery Nuclei results.

Formats: JSON lines (``nuclei -jsonl``, one result per line) and the JSON array of
``nuclei -json-export``; both the nuclei 2.x spelling (``templateID``, ``matched``,
``matcher_name``, ``extracted_results``) and the 2.9+/3.x one (``template-id``,
``matched-at``, ``matcher-name``, ``extracted-results``). Tested with output of nuclei 2.x
(2021, 2022), 3.0 and 3.x (2026, with the ``url`` key that a ``javascript`` template writes as
``/http://host/``). Nuclei writes nothing when it finds nothing, so an empty file is a clean
result when this parser is chosen explicitly.

One finding per result. The rule is the template id plus the matcher name, as one template
(e.g. ``tech-detect``) reports distinct facts through distinct matchers. The endpoint is
``matched-at``; results of non-HTTP protocols (dns, ssl, network…) name a host or host:port
there, which gets the protocol as URL scheme (``ssl://host:443``, ``tcp://host:22``) so host
and port stay intact. The HTTP method is left out: nuclei drops the request under
``-omit-raw``, and identity must not depend on that flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    cwe_ids,
    iter_json_lines,
    load_json,
    require_list,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Cvss, Endpoint, Finding, Severity, Tool

#: Nuclei's template severities ("unknown" is a template that sets none).
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
    "unknown": Severity.INFO,
}

#: Nuclei protocol type → URL scheme for targets written without one.
SCHEME: dict[str, str] = {"network": "tcp"}

_SNIFF_ID = re.compile(rb'"template(?:-id|ID)"\s*:')
_SNIFF_INFO = re.compile(rb'"info"\s*:\s*\{')
_URL = re.compile(r"https?://[^\s<>\"']+")
_SLASHED_URL = re.compile(r"/[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: The name queried, from the QUESTION SECTION that a dns result's request holds.
_DNS_QUESTION = re.compile(r"QUESTION SECTION:\s*\n;(\S+)\s")


class NucleiParser(Parser):
    """Nuclei template matches."""

    id: ClassVar[str] = "nuclei"
    label: ClassVar[str] = "Nuclei"
    category: ClassVar[Category] = Category.DAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_SNIFF_ID.search(head) and _SNIFF_INFO.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        body = source.data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not body:
            return
        records: Iterator[tuple[int, Any]]
        if body.startswith(b"["):
            records = enumerate(require_list(source, load_json(source), "the report"), start=1)
        else:
            records = iter_json_lines(source)
        for number, record in records:
            if not isinstance(record, Mapping):
                raise ParseError(source.name, f"result {number} is not an object")
            yield _finding(source, number, record)


def _get(record: Mapping[str, Any], *keys: str) -> Any:
    """The first key present: nuclei renamed its keys between 2.x and 3.x."""
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _finding(source: ReportSource, number: int, record: Mapping[str, Any]) -> Finding:
    template = text(_get(record, "template-id", "templateID"))
    info = record.get("info")
    if not template or not isinstance(info, Mapping):
        raise ParseError(source.name, f"result {number} has no template-id or no info")
    matcher = text(_get(record, "matcher-name", "matcher_name"))
    name = text(info.get("name")) or template
    classification = info.get("classification")
    classification = classification if isinstance(classification, Mapping) else {}
    extracted = [text(v) for v in _list(_get(record, "extracted-results", "extracted_results"))]
    endpoint = Endpoint(
        url=_target(source, number, record),
        parameter=text(record.get("fuzzing_parameter")) or None,
        evidence=", ".join(unique(extracted)) or None,
    )
    return Finding(
        title=f"{name}: {matcher}" if matcher else name,
        severity=SEVERITY.get(text(info.get("severity")).lower(), Severity.INFO),
        category=Category.DAST,
        tool=Tool("Nuclei"),
        rule_id=f"{template}:{matcher}" if matcher else template,
        description="\n\n".join(
            t for t in (text(info.get("description")), text(info.get("impact"))) if t
        ),
        cvss=_cvss(classification),
        cwes=cwe_ids(_list(classification.get("cwe-id"))),
        vulnerability_ids=unique(advisory_id(v) for v in _list(classification.get("cve-id"))),
        endpoints=(endpoint,),
        remediation=text(info.get("remediation")),
        references=unique(
            u for ref in _list(info.get("reference")) for u in _URL.findall(text(ref))
        ),
        tags=unique(text(t) for t in _tags(info.get("tags"))),
        raw=dict(record),
    )


def _list(value: object) -> list[Any]:
    """Nuclei writes one value or a list for the same key, depending on the template."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _tags(value: object) -> list[Any]:
    # nuclei 2.x writes tags as one comma-separated string.
    if isinstance(value, str):
        return [t.strip() for t in value.split(",")]
    return _list(value)


def _target(source: ReportSource, number: int, record: Mapping[str, Any]) -> str:
    target = text(_get(record, "matched-at", "matched", "host", "url"))
    # nuclei 3.x writes the url of javascript templates as "/http://host/".
    target = target[1:] if _SLASHED_URL.match(target) else target
    kind = text(record.get("type")).lower() or "tcp"
    if not target and kind == "dns":
        match = _DNS_QUESTION.search(text(record.get("request")))
        target = match.group(1) if match else ""
    if not target:
        target = text(record.get("ip"))
    if not target:
        raise ParseError(source.name, f"result {number} names no target")
    return target if "://" in target else f"{SCHEME.get(kind, kind)}://{target}"


def _cvss(classification: Mapping[str, Any]) -> tuple[Cvss, ...]:
    vector = text(classification.get("cvss-metrics"))
    if not vector:
        return ()
    try:
        score: float | None = float(text(classification.get("cvss-score")))
    except ValueError:
        score = None
    # A v3/v4 vector always starts with "CVSS:3.x/"; one without a prefix is v2.
    return (Cvss(cvss_version(vector, "2.0"), vector, score),)
