"""Burp Suite XML issues export (Burp: select issues, "Report selected issues", XML).

Format: ``<issues burpVersion=…>`` of ``<issue>`` with serialNumber, type, name, host, path,
location, severity, confidence, issueBackground, remediationBackground, issueDetail(Items),
remediationDetail, references, vulnerabilityClassifications and requestresponse (request and
response, usually base64). Burp writes an internal DTD at the top; it is read, entities are
refused. Tested with exports of Burp Suite 1.6.05; the fields Burp 2.x adds (references,
vulnerabilityClassifications) are read when present.

One finding per issue, as Burp reports them: an issue is one problem at one insertion point
(``location``), with its own confidence and detail, so three SQL injections in three
parameters stay three findings (DefectDojo merges all issues of one type).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from vigil.errors import ParseError
from vigil.ingest._common import cwe_ids, html_to_text, load_xml, local_name, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Confidence, Endpoint, Finding, Severity, Tool

#: Burp's severities. "False positive" is what a tester sets in Burp to dismiss an issue.
SEVERITY: dict[str, Severity] = {
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "information": Severity.INFO,
    "info": Severity.INFO,
    "false positive": Severity.INFO,
}

#: Burp's confidence levels.
CONFIDENCE: dict[str, Confidence] = {
    "certain": Confidence.CERTAIN,
    "firm": Confidence.HIGH,
    "tentative": Confidence.LOW,
}

FALSE_POSITIVE_TAG = "false-positive-by-tool"

_SNIFF = re.compile(rb"<issues\s+burpVersion=|<!DOCTYPE\s+issues\b")
#: "/login.jsp [password parameter]": the bracket names Burp's insertion point.
_INSERTION = re.compile(r"\[([^\[\]]+)\]\s*$")
_URL = re.compile(r"https?://[^\s<>\"']+")


class BurpParser(Parser):
    """Burp Suite scanner issues."""

    id: ClassVar[str] = "burp"
    label: ClassVar[str] = "Burp Suite"
    category: ClassVar[Category] = Category.DAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_SNIFF.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        root = load_xml(source)
        if local_name(root) != "issues":
            raise ParseError(source.name, f"root element is <{local_name(root)}>, not <issues>")
        tool = Tool("Burp Suite", root.get("burpVersion") or None)
        for issue in root.findall("issue"):
            yield _finding(source, issue, tool)


def _finding(source: ReportSource, issue: Element, tool: Tool) -> Finding:
    def field(tag: str) -> str:
        return text(issue.findtext(tag))

    rule, title, host = field("type"), field("name"), field("host")
    if not rule or not title or not host:
        raise ParseError(source.name, "an issue lacks its type, name or host")
    exchanges = [_exchange(source, rr) for rr in issue.findall("requestresponse")]
    severity_text = field("severity").lower()
    classifications = field("vulnerabilityClassifications")
    references = field("references")
    detail_items = [text(item.text) for item in issue.findall("issueDetailItems/issueDetailItem")]
    endpoint = Endpoint(
        url=host.rstrip("/") + field("path"),
        method=next((e["method"] for e in exchanges if e.get("method")), None),
        parameter=_insertion_point(field("location")),
        evidence="; ".join(unique(detail_items)) or None,
    )
    return Finding(
        title=title,
        severity=SEVERITY.get(severity_text, Severity.INFO),
        category=Category.DAST,
        tool=tool,
        rule_id=rule,
        description=_paragraphs(field("issueDetail"), field("issueBackground")),
        confidence=CONFIDENCE.get(field("confidence").lower(), Confidence.UNKNOWN),
        cwes=cwe_ids(html_to_text(classifications)),
        endpoints=(endpoint,),
        remediation=_paragraphs(field("remediationDetail"), field("remediationBackground")),
        references=unique(_URL.findall(references) + _URL.findall(classifications)),
        tags=(FALSE_POSITIVE_TAG,) if severity_text == "false positive" else (),
        raw=_raw(issue, exchanges),
    )


def _insertion_point(location: str) -> str | None:
    """Burp's own words for the input ("b_id cookie", "q parameter"), kept whole: the kind
    matters, a cookie and a parameter of the same name are different inputs."""
    match = _INSERTION.search(location)
    return match.group(1).strip() if match else None


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(p for p in (html_to_text(part) for part in parts) if p)


def _exchange(source: ReportSource, pair: Element) -> dict[str, str]:
    """One request/response pair, decoded to text for people auditing the finding."""
    exchange: dict[str, str] = {}
    for part in pair:
        tag = local_name(part)
        value = part.text or ""
        if part.get("base64") == "true":
            try:
                packed = "".join(value.split())
                value = base64.b64decode(packed, validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                raise ParseError(source.name, f"<{tag}> is not valid base64") from None
        exchange[tag] = value
        if tag == "request" and part.get("method"):
            exchange["method"] = part.get("method", "").upper()
    return exchange


def _raw(issue: Element, exchanges: list[dict[str, str]]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for child in issue:
        tag = local_name(child)
        if tag == "host":
            raw["host"], raw["ip"] = text(child.text), child.get("ip", "")
        elif tag == "issueDetailItems":
            raw[tag] = [text(item.text) for item in child]
        elif tag != "requestresponse":
            raw[tag] = text(child.text)
    raw["requestresponse"] = exchanges
    return raw
