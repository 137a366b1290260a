"""ZAP (Zed Attack Proxy, zaproxy.org) traditional reports.

Formats: the traditional XML report (root ``OWASPZAPReport``, ``site/alerts/alertitem``),
its "XML plus" variant (instances carry the request and response, alerts carry ``tags``), and
the traditional JSON report (``{"@version", "site": [{"@name", "alerts": [...]}]}``). Tested
with reports of ZAP 2.9.0, 2.10.0, 2.11.1, 2.15.0, 2.16.1 and weekly builds
(D-2021-03-29, D-2025-11-10).

One finding per alert, with every instance as an endpoint: ZAP itself groups instances into
an alert per site, rule and risk, and an alert is what people fix (one header, one cookie
setting, one input filter). One finding per instance would turn every newly crawled page with
a missing header into a "new" finding and make "fail on new" gates flap with the crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cwe_ids,
    html_to_text,
    load_json,
    load_xml,
    local_name,
    require_mapping,
    severity_word,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Confidence, Endpoint, Finding, Severity, Tool

#: ZAP's riskcode (Informational, Low, Medium, High).
RISK: dict[int, Severity] = {
    0: Severity.INFO,
    1: Severity.LOW,
    2: Severity.MEDIUM,
    3: Severity.HIGH,
}

#: ZAP's confidence code. 0 is ZAP's "False Positive": the finding stays, tagged, so a
#: reviewer can see what the tool (or a person in ZAP) dismissed.
CONFIDENCE: dict[int, Confidence] = {
    0: Confidence.UNKNOWN,
    1: Confidence.LOW,
    2: Confidence.MEDIUM,
    3: Confidence.HIGH,
    4: Confidence.CERTAIN,
}

FALSE_POSITIVE_TAG = "false-positive-by-tool"

_XML_SNIFF = re.compile(rb"<OWASPZAPReport\b")
_JSON_PROGRAM = re.compile(rb'"@programName"\s*:\s*"ZAP"')
_JSON_VERSION = re.compile(rb'"@version"\s*:')
_JSON_SITE = re.compile(rb'"site"\s*:\s*[\[{]')
#: GitLab's DAST report embeds ZAP's "site" list next to its own keys; it is GitLab's format.
_GITLAB_KEYS = re.compile(rb'"(?:scan|remediations|vulnerabilities)"\s*:')
_URL = re.compile(r"https?://[^\s<>\"']+")
#: Advisory ids ZAP names in "other info" (e.g. the Vulnerable JS Library rule).
_ADVISORY = re.compile(r"\bCVE-\d{4}-\d{4,}\b|\bGHSA(?:-[0-9a-z]{4}){3}\b", re.IGNORECASE)

#: One site of a report: its name (origin URL) and its alerts as plain dicts.
Site = tuple[str, list[Mapping[str, Any]]]


class ZapParser(Parser):
    """ZAP alerts, from the traditional XML or JSON report."""

    id: ClassVar[str] = "zap"
    label: ClassVar[str] = "ZAP"
    category: ClassVar[Category] = Category.DAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if _XML_SNIFF.search(head):
            return True
        if _GITLAB_KEYS.search(head):
            return False
        if _JSON_PROGRAM.search(head):
            return True
        return bool(_JSON_VERSION.search(head) and _JSON_SITE.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        if source.data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            version, sites = _xml_sites(source)
        else:
            version, sites = _json_sites(source)
        tool = Tool("ZAP", version)
        for site, alerts in sites:
            for alert in alerts:
                yield _finding(source, alert, site, tool)


def _xml_sites(source: ReportSource) -> tuple[str | None, list[Site]]:
    root = load_xml(source)
    if local_name(root) != "OWASPZAPReport":
        raise ParseError(source.name, f"root element is <{local_name(root)}>, not <OWASPZAPReport>")
    sites: list[Site] = [
        (site.get("name", ""), [_xml_alert(item) for item in site.findall("alerts/alertitem")])
        for site in root.findall("site")
    ]
    return root.get("version") or None, sites


def _xml_alert(item: Element) -> dict[str, Any]:
    """An alertitem as the same dict the JSON report holds, so both forms read alike."""
    record: dict[str, Any] = {}
    for child in item:
        tag = local_name(child)
        if tag in ("instances", "tags"):
            record[tag] = [{local_name(f): f.text or "" for f in entry} for entry in child]
        else:
            record[tag] = child.text or ""
    return record


def _json_sites(source: ReportSource) -> tuple[str | None, list[Site]]:
    report = require_mapping(source, load_json(source), "the report")
    if "site" not in report:
        raise ParseError(source.name, 'no "site" key: not a ZAP JSON report')
    sites: list[Site] = []
    for entry in _as_list(source, report["site"], "site"):
        site = require_mapping(source, entry, "a site")
        alerts = [
            require_mapping(source, alert, "an alert")
            for alert in _as_list(source, site.get("alerts"), "alerts")
        ]
        sites.append((text(site.get("@name")), alerts))
    return text(report.get("@version")) or None, sites


def _as_list(source: ReportSource, value: object, what: str) -> list[Any]:
    """ZAP's older JSON (converted from its XML) writes a lone element as an object."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        return [value]
    raise ParseError(source.name, f'expected "{what}" to be a list')


def _finding(source: ReportSource, alert: Mapping[str, Any], site: str, tool: Tool) -> Finding:
    rule = text(alert.get("alertRef")) or text(alert.get("pluginid"))
    title = text(alert.get("name")) or text(alert.get("alert"))
    if not rule or not title:
        raise ParseError(source.name, "an alert has no pluginid or no name")
    instances = [
        require_mapping(source, i, "an instance")
        for i in _as_list(source, alert.get("instances"), "instances")
    ]
    confidence = _code(alert.get("confidence"))
    other = _plain(alert.get("otherinfo"))
    description = _plain(alert.get("desc"))
    if other:
        description = f"{description}\n\nOther info: {other}".strip()
    return Finding(
        title=title,
        severity=_severity(alert),
        category=Category.DAST,
        tool=tool,
        rule_id=rule,
        description=description,
        confidence=CONFIDENCE.get(-1 if confidence is None else confidence, Confidence.UNKNOWN),
        cwes=cwe_ids(text(alert.get("cweid"))),
        vulnerability_ids=_advisories([other, *(text(i.get("otherinfo")) for i in instances)]),
        endpoints=_endpoints(source, instances, site),
        remediation=_plain(alert.get("solution")),
        references=unique(_URL.findall(html_to_text(text(alert.get("reference"))))),
        tags=_tags(alert, confidence),
        raw={**alert, "site": site},
    )


def _plain(value: object) -> str:
    """Text of an HTML field (traditional reports) or an indented plain one ("XML plus")."""
    return "\n".join(line.strip() for line in html_to_text(text(value)).splitlines())


def _code(value: object) -> int | None:
    """A ZAP numeric code, written as a string (newer reports) or a number (older JSON)."""
    raw = text(value)
    return int(raw) if raw.lstrip("-").isdigit() else None


def _severity(alert: Mapping[str, Any]) -> Severity:
    risk = _code(alert.get("riskcode"))
    if risk is not None and risk in RISK:
        return RISK[risk]
    # riskdesc reads "Medium (High)": the risk word, then the confidence in brackets.
    return severity_word(text(alert.get("riskdesc")).split(" (")[0])


def _endpoints(
    source: ReportSource, instances: list[Mapping[str, Any]], site: str
) -> tuple[Endpoint, ...]:
    endpoints = [
        Endpoint(
            url=text(i.get("uri")) or site,
            method=text(i.get("method")).upper() or None,
            parameter=text(i.get("param")) or None,
            evidence=text(i.get("evidence")) or text(i.get("attack")) or None,
        )
        for i in instances
    ]
    if not endpoints and site:
        # An alert without listed instances still belongs to its site.
        endpoints.append(Endpoint(url=site))
    if not endpoints or not all(e.url for e in endpoints):
        raise ParseError(source.name, "an alert names neither an instance URL nor a site")
    return tuple(dict.fromkeys(endpoints))


def _advisories(texts: list[str]) -> tuple[str, ...]:
    return unique(advisory_id(m) for t in texts for m in _ADVISORY.findall(t))


def _tags(alert: Mapping[str, Any], confidence: int | None) -> tuple[str, ...]:
    tags: list[str] = []
    if confidence == 0:
        tags.append(FALSE_POSITIVE_TAG)
    wasc = _code(alert.get("wascid"))
    if wasc is not None and wasc > 0:
        tags.append(f"WASC-{wasc}")
    if text(alert.get("systemic")).lower() == "true":
        tags.append("systemic")
    for tag in alert.get("tags") or ():
        if isinstance(tag, Mapping):
            tags.append(text(tag.get("tag")))
    return unique(tags)
