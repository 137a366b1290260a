"""Wapiti XML reports (``wapiti -f xml``).

Format: ``<report type="security">`` with ``report_infos`` (generator version, target),
``vulnerabilities`` and ``anomalies``: each a named category with description, solution,
references (title and URL; CWE references name the weakness) and ``entries`` of method, path,
level, parameter, info, http_request and curl_command (3.1+ adds module, referer and WSTG
codes). ``additionals`` (technology fingerprints) are inventory, not problems, and are not
read. Tested with reports of Wapiti 3.0.4 and 3.2.10.

One finding per category, with every entry as an endpoint (its ``info`` message as
evidence), as ZAP's alerts are read: the category is Wapiti's vulnerability type, and its
slug is the rule id. The ``info`` text cannot be part of the rule: since 3.1 it often names
the URL ("CSP is not set for URL: …"). Wapiti 3.0.x files four header checks under one "HTTP
Secure Headers" category, which stays one finding; 3.1+ gives each check its own category
("Clickjacking Protection", "MIME Type Confusion"…).

Wapiti 3.1+ writes ``xsi:nil`` without declaring the ``xsi`` prefix, which XML parsers reject;
the declaration is added before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from vigil.errors import ParseError
from vigil.ingest._common import cwe_ids, load_xml, local_name, slug, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, Endpoint, Finding, Severity, Tool

#: Entry levels since Wapiti 3.0.4 (wapitiCore/language/vulnerability.py).
LEVEL: dict[str, Severity] = {
    "0": Severity.INFO,
    "1": Severity.LOW,
    "2": Severity.MEDIUM,
    "3": Severity.HIGH,
    "4": Severity.CRITICAL,
}

#: Entry levels up to Wapiti 3.0.3, which counted the other way (1 was the worst).
LEGACY_LEVEL: dict[str, Severity] = {
    "1": Severity.HIGH,
    "2": Severity.MEDIUM,
    "3": Severity.LOW,
}

ANOMALY_TAG = "anomaly"

_SNIFF_REPORT = re.compile(rb"<report\s+type=\"security\"")
_SNIFF_WAPITI = re.compile(rb"wapiti", re.IGNORECASE)
_REPORT_TAG = re.compile(rb"<report\b")
_XSI = b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")
_CURL_URL = re.compile(r"curl\s+\"([a-z][a-z0-9+.-]*://[^\"]+)\"", re.IGNORECASE)


class WapitiParser(Parser):
    """Wapiti vulnerabilities and anomalies."""

    id: ClassVar[str] = "wapiti"
    label: ClassVar[str] = "Wapiti"
    category: ClassVar[Category] = Category.DAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_SNIFF_REPORT.search(head) and _SNIFF_WAPITI.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        root = load_xml(_declare_xsi(source))
        if local_name(root) != "report" or root.find("vulnerabilities") is None:
            raise ParseError(source.name, "not a Wapiti report (no <report>/<vulnerabilities>)")
        infos = {i.get("name", ""): text(i.text) for i in root.findall("report_infos/info")}
        version = infos.get("generatorVersion", "").removeprefix("Wapiti").strip() or None
        levels = LEGACY_LEVEL if _legacy(version) else LEVEL
        report = _Report(source, Tool("Wapiti", version), infos.get("target", ""), levels)
        for kind, anomaly in (
            ("vulnerabilities/vulnerability", False),
            ("anomalies/anomaly", True),
        ):
            for category in root.findall(kind):
                if category.find("entries/entry") is not None:
                    yield report.finding(category, anomaly)


def _declare_xsi(source: ReportSource) -> ReportSource:
    data = source.data
    if b"xsi:" in data and b"xmlns:xsi" not in data:
        data = _REPORT_TAG.sub(lambda m: m.group(0) + _XSI, data, count=1)
    return ReportSource(source.name, data)


def _legacy(version: str | None) -> bool:
    match = _VERSION.search(version or "")
    return match is not None and tuple(int(n) for n in match.groups()) < (3, 0, 4)


class _Report:
    """What every finding of one report shares."""

    def __init__(
        self, source: ReportSource, tool: Tool, target: str, levels: dict[str, Severity]
    ) -> None:
        self.source, self.tool, self.levels = source, tool, levels
        parts = urlsplit(target)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""

    def finding(self, category: Element, anomaly: bool) -> Finding:
        name = text(category.get("name"))
        if not name:
            raise ParseError(self.source.name, "a category has no name")
        entries = category.findall("entries/entry")
        references = category.findall("references/reference")
        return Finding(
            title=name,
            severity=max(
                self.levels.get(text(e.findtext("level")), Severity.INFO) for e in entries
            ),
            category=Category.DAST,
            tool=self.tool,
            rule_id=slug(name) or name,
            description=text(category.findtext("description")),
            cwes=cwe_ids([text(r.findtext("title")) for r in references]),
            endpoints=tuple(dict.fromkeys(self._endpoint(e) for e in entries)),
            remediation=text(category.findtext("solution")),
            references=unique([text(r.findtext("url")) for r in references]),
            tags=unique([ANOMALY_TAG if anomaly else "", *_wstg(entries)]),
            raw={"category": name, "entries": [_entry_dict(e) for e in entries]},
        )

    def _endpoint(self, entry: Element) -> Endpoint:
        path = text(entry.findtext("path"))
        curl = _CURL_URL.search(text(entry.findtext("curl_command")))
        if curl:
            url = curl.group(1)
        elif "://" in path:
            url = path
        elif self.origin:
            url = self.origin + (path if path.startswith("/") else "/" + path)
        else:
            raise ParseError(
                self.source.name, f"entry {path!r} has no URL and the report no target"
            )
        return Endpoint(
            url=url,
            method=text(entry.findtext("method")).upper() or None,
            parameter=text(entry.findtext("parameter")) or None,
            evidence=text(entry.findtext("info")) or None,
        )


def _wstg(entries: list[Element]) -> list[str]:
    return [text(code.text) for e in entries for code in e.findall("wstg/code")]


def _entry_dict(entry: Element) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for child in entry:
        tag = local_name(child)
        if tag == "wstg":
            raw[tag] = [text(code.text) for code in child]
        elif len(child) == 0:
            raw[tag] = child.text or ""
    return raw
