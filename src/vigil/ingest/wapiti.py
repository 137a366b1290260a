"""Wapiti XML reports (``wapiti -f xml``).

Format: ``<report type="security">`` with ``report_infos`` (generator version, target),
``vulnerabilities`` and ``anomalies``: each a named category with description, solution,
references (title and URL; CWE references name the weakness) and ``entries`` of method, path,
level, parameter, info, http_request and curl_command (3.1+ adds module, referer and WSTG
codes). ``additionals`` (technology fingerprints) are inventory, not problems, and are not
read. Tested with reports of Wapiti 3.0.4.

A Wapiti category holds several checks ("HTTP Secure Headers" covers X-Frame-Options, HSTS…)
told apart only by the entry's ``info`` message. vigil makes one finding per category and
check (the first line of ``info``; later lines can hold timestamps), with every entry as an
endpoint, and the rule id names both: ``http-secure-headers/x-frame-options-is-not-set``.
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
        root = load_xml(source)
        if local_name(root) != "report" or root.find("vulnerabilities") is None:
            raise ParseError(source.name, "not a Wapiti report (no <report>/<vulnerabilities>)")
        infos = {i.get("name", ""): text(i.text) for i in root.findall("report_infos/info")}
        version = infos.get("generatorVersion", "").removeprefix("Wapiti").strip() or None
        levels = LEGACY_LEVEL if _legacy(version) else LEVEL
        context = _Context(source, Tool("Wapiti", version), infos.get("target", ""), levels)
        for kind in ("vulnerabilities/vulnerability", "anomalies/anomaly"):
            for category in root.findall(kind):
                yield from context.findings(category, anomaly=kind.startswith("anomalies"))


def _legacy(version: str | None) -> bool:
    match = _VERSION.search(version or "")
    return match is not None and tuple(int(n) for n in match.groups()) < (3, 0, 4)


class _Context:
    """What every finding of one report shares."""

    def __init__(
        self, source: ReportSource, tool: Tool, target: str, levels: dict[str, Severity]
    ) -> None:
        self.source, self.tool, self.levels = source, tool, levels
        parts = urlsplit(target)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""

    def findings(self, category: Element, anomaly: bool) -> Iterator[Finding]:
        name = text(category.get("name"))
        if not name:
            raise ParseError(self.source.name, "a category has no name")
        checks: dict[str, list[Element]] = {}
        for entry in category.findall("entries/entry"):
            lines = text(entry.findtext("info")).splitlines()
            checks.setdefault(lines[0].strip() if lines else name, []).append(entry)
        for check, entries in checks.items():
            yield self._finding(category, name, check, entries, anomaly)

    def _finding(
        self, category: Element, name: str, check: str, entries: list[Element], anomaly: bool
    ) -> Finding:
        titles = [text(r.findtext("title")) for r in category.findall("references/reference")]
        links = [text(r.findtext("url")) for r in category.findall("references/reference")]
        levels = [self.levels.get(text(e.findtext("level")), Severity.INFO) for e in entries]
        return Finding(
            title=f"{name}: {check}" if check != name else name,
            severity=max(levels),
            category=Category.DAST,
            tool=self.tool,
            rule_id="/".join(unique([slug(name), slug(check)])) or name,
            description=text(category.findtext("description")),
            cwes=cwe_ids(titles),
            endpoints=tuple(dict.fromkeys(self._endpoint(e) for e in entries)),
            remediation=text(category.findtext("solution")),
            references=unique(links),
            tags=unique([ANOMALY_TAG if anomaly else "", *self._wstg(entries)]),
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

    @staticmethod
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
