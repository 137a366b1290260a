"""MobSF (https://github.com/MobSF/Mobile-Security-Framework-MobSF) static analysis JSON, and
the two neighbouring formats DefectDojo imports under the same scan type.

Formats tested: MobSF ``report_json`` for Android 3.1.9 (flat sections) and 3.6.7 (sections
wrapped as ``{..._findings, summary}``) and for iOS 3.7.9 (``binary_analysis.findings``,
``macho_analysis``); mobsfscan 0.0.6 JSON; the QARK issue list. docs/formats/mobsf.md maps
every section.

A finding is a check result MobSF rates high, warning or info, except where "info" means a
hardening or certificate check passed; "secure"/"good" results are passes. Code results are one
finding per rule and file; permissions count when dangerous; possible hard-coded secrets are
secret findings. API inventories, NIAP statements, URLs, domains and trackers describe the app
rather than a weakness and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    cwe_ids,
    html_to_text,
    load_json,
    redact,
    secret_digest,
    slug,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Confidence, Finding, Severity, Tool

#: MobSF's levels. "insecure" is the ATS wording of MobSF 3.1.
SEVERITY: dict[str, Severity] = {
    "high": Severity.HIGH,
    "insecure": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "info": Severity.INFO,
}
#: Results that say a check passed or was silenced: not findings.
PASSED = frozenset({"secure", "good", "suppressed"})
#: mobsfscan uses semgrep's levels.
MOBSFSCAN_SEVERITY: dict[str, Severity] = {
    "ERROR": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "INFO": Severity.INFO,
}
#: QARK's levels (its Severity enum).
QARK_SEVERITY: dict[str, Severity] = {
    "VULNERABILITY": Severity.HIGH,
    "ERROR": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "INFO": Severity.INFO,
}
#: MobSF scores dangerous permissions as privacy "hotspots" to review, not as weaknesses.
DANGEROUS_PERMISSION = Severity.LOW
#: MobSF lists hard-coded secret candidates under "warning", found by resource name only.
POSSIBLE_SECRET = Severity.MEDIUM
#: CWE-798: Use of Hard-coded Credentials.
CWE_HARD_CODED_CREDENTIALS = 798

_MOBSFSCAN = re.compile(rb'"mobsfscan_version"\s*:')
_APP_TYPE = re.compile(rb'"app_type"\s*:')
_FILE_NAME = re.compile(rb'"file_name"\s*:')
_QARK = re.compile(rb'"apk_exploit_dict"\s*:')
_FILE_OBJECT = re.compile(rb'"file_object"\s*:')
# QARK decompiles into <cwd>/build/qark/ and reports absolute paths through it.
_QARK_BUILD = re.compile(r"^.*?/build/qark/")
_DOTTED = re.compile(r"\S+\.\S+")
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])")
_SECRET_ENTRY = re.compile(r'^\s*"(?P<key>[^"]*)"\s*:\s*"(?P<value>.*)"\s*$', re.DOTALL)


class MobsfParser(Parser):
    """MobSF report JSON (Android and iOS), mobsfscan JSON and QARK JSON."""

    id: ClassVar[str] = "mobsf"
    label: ClassVar[str] = "MobSF"
    category: ClassVar[Category] = Category.SAST

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(
            _MOBSFSCAN.search(head)
            or (_APP_TYPE.search(head) and _FILE_NAME.search(head))
            or (_QARK.search(head) and _FILE_OBJECT.search(head))
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        if isinstance(data, list):
            yield from _qark(source, data)
        elif not isinstance(data, Mapping):
            raise ParseError(source.name, "expected a MobSF JSON object")
        elif "results" in data and ("mobsfscan_version" in data or "errors" in data):
            yield from _mobsfscan(source, data)
        elif "app_type" in data or "file_name" in data:
            yield from _Report(source, data).findings()
        else:
            raise ParseError(source.name, "not a MobSF report (no app_type, file_name or results)")


def _sentence(value: str) -> str:
    """A short title from MobSF's sentence-long messages."""
    flat = " ".join(value.split())
    return _SENTENCE.split(flat, maxsplit=1)[0].rstrip(".") if flat else ""


def _reported(level: str, info_passes: bool = False) -> bool:
    """Whether a result is a finding; ``info_passes`` for checks whose "info" is a pass."""
    level = level.lower()
    return level not in PASSED and not (info_passes and level == "info")


def _mobsfscan(source: ReportSource, data: Mapping[str, Any]) -> Iterator[Finding]:
    results = data["results"]
    if not isinstance(results, Mapping):
        raise ParseError(source.name, "expected mobsfscan 'results' to be an object")
    tool = Tool("mobsfscan", text(data.get("mobsfscan_version")) or None)
    for rule, item in results.items():
        meta = item.get("metadata") if isinstance(item, Mapping) else None
        if not isinstance(meta, Mapping):
            raise ParseError(source.name, f"mobsfscan rule {rule} has no metadata")
        files = item.get("files") or []
        # Rules that fire on a missing protection name no file: they concern the whole project.
        for match in files or [{"file_path": "."}]:
            lines = match.get("match_lines") or []
            start = lines[0] if lines and isinstance(lines[0], int) and lines[0] > 0 else None
            end = lines[-1] if start and isinstance(lines[-1], int) else None
            description = text(meta.get("description"))
            yield Finding(
                title=_sentence(description) or str(rule),
                severity=MOBSFSCAN_SEVERITY.get(text(meta.get("severity")).upper(), Severity.INFO),
                category=Category.SAST,
                tool=tool,
                rule_id=str(rule),
                description=description,
                cwes=cwe_ids(meta.get("cwe")),
                location=CodeLocation(
                    path=text(match.get("file_path")) or ".",
                    start_line=start,
                    end_line=end,
                    snippet=text(match.get("match_string")) or None,
                ),
                references=unique([text(meta.get("reference"))]),
                tags=unique([text(meta.get("masvs")), text(meta.get("owasp-mobile"))]),
                raw={"rule": rule, "metadata": dict(meta), "match": dict(match)},
            )


def _items(section: object, key: str) -> list[Any]:
    """A section's entries: MobSF ≥3.5 wraps them as ``{key: [...], summary}``, 3.1 does not."""
    if isinstance(section, Mapping) and key in section:
        section = section[key]
    if section is None or section == {}:
        return []
    if isinstance(section, list):
        return section
    if isinstance(section, Mapping):
        return list(section.items())
    raise TypeError(f"unexpected {type(section).__name__} where {key} were expected")


class _Report:
    """One MobSF static analysis report, section by section."""

    def __init__(self, source: ReportSource, data: Mapping[str, Any]) -> None:
        self.source = source
        self.data = data
        version = text(data.get("version")).removeprefix("v").split(" ")[0]
        self.tool = Tool("MobSF", version or None)
        self.app = text(data.get("file_name")) or text(data.get("app_name")) or "app"
        ios = "bundle_id" in data or text(data.get("app_type")).lower() not in ("apk", "xapk")
        self.manifest = "Info.plist" if ios else "AndroidManifest.xml"
        macho = data.get("macho_analysis")
        self.binary = (text(macho.get("name")) if isinstance(macho, Mapping) else "") or self.app

    def findings(self) -> Iterator[Finding]:
        yield from self._permissions()
        yield from self._manifest()
        yield from self._ats()
        yield from self._network()
        yield from self._certificate()
        yield from self._code()
        yield from self._binary()
        yield from self._macho()
        yield from self._secrets()

    def _finding(
        self,
        section: str,
        rule: str,
        title: str,
        severity: Severity | str,
        path: str,
        raw: object,
        **extra: Any,
    ) -> Finding:
        if isinstance(severity, str):
            severity = SEVERITY.get(severity.lower(), Severity.INFO)
        return Finding(
            title=title,
            severity=severity,
            category=extra.pop("category", Category.OTHER),
            tool=self.tool,
            rule_id=rule,
            location=CodeLocation(path=path, start_line=extra.pop("line", None)),
            tags=unique([section, *extra.pop("tags", ())]),
            raw={"section": section, "item": raw},
            **extra,
        )

    def _permissions(self) -> Iterator[Finding]:
        for entry in _items(self.data.get("permissions"), "permissions"):
            name, details = entry if isinstance(entry, tuple) else (entry.get("name"), entry)
            if text(details.get("status")) != "dangerous":
                continue
            about = ". ".join(
                unique([text(details.get(k)) for k in ("info", "description", "reason")])
            )
            yield self._finding(
                "permissions",
                text(name),
                f"Dangerous permission {name}",
                DANGEROUS_PERMISSION,
                self.manifest,
                details,
                description=f"The app requests the dangerous permission {name}: {about}",
            )

    def _manifest(self) -> Iterator[Finding]:
        for item in _items(self.data.get("manifest_analysis"), "manifest_findings"):
            level = text(item.get("severity") or item.get("stat"))
            if not _reported(level):
                continue
            title = " ".join(html_to_text(text(item.get("title"))).split())
            name = " ".join(html_to_text(text(item.get("name"))).split())
            yield self._finding(
                "manifest",
                text(item.get("rule")) or slug(name or title),
                title or name,
                level,
                self.manifest,
                item,
                description=html_to_text(text(item.get("description") or item.get("desc"))),
            )

    def _ats(self) -> Iterator[Finding]:
        for item in _items(self.data.get("ats_analysis"), "ats_findings"):
            level = text(item.get("severity") or item.get("status"))
            if not _reported(level):
                continue
            issue = text(item.get("issue"))
            yield self._finding(
                "ats",
                slug(_DOTTED.sub("", issue)),  # the domain named in the issue is not the rule
                issue,
                level,
                self.manifest,
                item,
                description=text(item.get("description")),
            )

    def _network(self) -> Iterator[Finding]:
        for item in _items(self.data.get("network_security"), "network_findings"):
            level = text(item.get("severity"))
            if not _reported(level):
                continue
            description = text(item.get("description"))
            scope = ", ".join(text(s) for s in item.get("scope") or [])
            yield self._finding(
                "network_security",
                slug(_sentence(description)),
                _sentence(description) + (f" [{scope}]" if scope else ""),
                level,
                self.app,
                item,
                description=description + (f"\nScope: {scope}" if scope else ""),
            )

    def _certificate(self) -> Iterator[Finding]:
        for item in _items(self.data.get("certificate_analysis"), "certificate_findings"):
            if isinstance(item, tuple):  # certificate_info and the summary, not results
                continue
            level, description = text(item[0]), text(item[1])
            if not _reported(level, info_passes=True):  # "info": signed with a certificate
                continue
            title = text(item[2]) if len(item) > 2 else _sentence(description)
            yield self._finding(
                "certificate", slug(title), title, level, self.app, item, description=description
            )

    def _code(self) -> Iterator[Finding]:
        for rule, item in _items(self.data.get("code_analysis"), "findings"):
            meta = item.get("metadata") if isinstance(item, Mapping) else None
            if not isinstance(meta, Mapping):
                continue  # 3.1 keeps a summary next to the rules
            level = text(meta.get("severity"))
            if not _reported(level):
                continue
            files = item.get("files") or {self.app: ""}
            if not isinstance(files, Mapping):
                raise ParseError(self.source.name, f"code rule {rule}: expected files by path")
            description = text(meta.get("description"))
            for path, raw_lines in files.items():
                lines = sorted({int(n) for n in re.findall(r"\d+", str(raw_lines)) if int(n)})
                yield self._finding(
                    "code",
                    str(rule),
                    _sentence(description) or str(rule),
                    level,
                    str(path),
                    {"rule": rule, "metadata": meta, "path": path, "lines": raw_lines},
                    line=lines[0] if lines else None,
                    category=Category.SAST,
                    description=description
                    + (f"\nLines: {', '.join(map(str, lines))}" if lines else ""),
                    cwes=cwe_ids(meta.get("cwe")),
                    references=unique([text(meta.get("ref") or meta.get("reference"))]),
                    tags=(text(meta.get("masvs")), text(meta.get("owasp-mobile"))),
                )

    def _hardening(self, path: str, checks: Mapping[str, Any]) -> Iterator[Finding]:
        """Per-binary hardening checks (NX, PIE, canary, RELRO...): "info" means it passed."""
        for check, result in checks.items():
            level = text(result.get("severity")) if isinstance(result, Mapping) else ""
            if not level or not _reported(level, info_passes=True):
                continue
            description = text(result.get("description"))
            yield self._finding(
                "binary",
                str(check),
                _sentence(description) or str(check),
                level,
                path,
                {"check": check, **result},
                category=Category.SAST,
                description=description,
                cwes=cwe_ids(result.get("cwe")),
            )

    def _binary(self) -> Iterator[Finding]:
        section = self.data.get("binary_analysis")
        if isinstance(section, list):  # Android: one entry per shared object
            for library in section:
                yield from self._hardening(text(library.get("name")), library)
            return
        for title, result in _items(section, "findings"):
            level = text(result.get("severity")) if isinstance(result, Mapping) else ""
            if not level or not _reported(level, info_passes=True):
                continue
            yield self._finding(
                "binary",
                slug(str(title)),
                str(title),
                level,
                self.binary,
                {"title": title, **result},
                category=Category.SAST,
                description=" ".join(text(result.get("detailed_desc")).split()),
                cwes=cwe_ids(result.get("cwe")),
                tags=(text(result.get("masvs")), text(result.get("owasp-mobile"))),
            )

    def _macho(self) -> Iterator[Finding]:
        section = self.data.get("macho_analysis")
        if isinstance(section, Mapping):
            yield from self._hardening(self.binary, section)

    def _secrets(self) -> Iterator[Finding]:
        for entry in self.data.get("secrets") or []:
            match = _SECRET_ENTRY.match(str(entry))
            key, value = (match["key"], match["value"]) if match else ("", str(entry))
            if not value:
                continue
            yield self._finding(
                "secrets",
                "hardcoded-secret",
                f"Possible hard-coded secret: {key or redact(value)}",
                POSSIBLE_SECRET,
                self.app,
                f'"{key}" : "{redact(value)}"',
                category=Category.SECRET,
                confidence=Confidence.LOW,
                description=f"MobSF found a string named {key!r} whose value ({redact(value)})"
                " looks like a secret.",
                cwes=(CWE_HARD_CODED_CREDENTIALS,),
                secret_hash=secret_digest(value),
            )


def _qark(source: ReportSource, issues: list[Any]) -> Iterator[Finding]:
    """QARK's issue list: one finding per issue, build paths made relative."""
    for index, issue in enumerate(issues):
        if not isinstance(issue, Mapping) or not text(issue.get("name")):
            raise ParseError(source.name, f"QARK issue {index} is not an object with a name")
        name = text(issue["name"])
        exploit = issue.get("apk_exploit_dict")
        component = text(exploit.get("tag_name")) if isinstance(exploit, Mapping) else ""
        kind = text(issue.get("category"))
        yield Finding(
            # the exported component tells apart issues QARK words identically
            title=f"{name} ({component})" if component else name,
            severity=QARK_SEVERITY.get(text(issue.get("severity")).upper(), Severity.INFO),
            category=Category.OTHER if kind.lower() == "manifest" else Category.SAST,
            tool=Tool("QARK"),
            rule_id=slug(name),
            description=text(issue.get("description")),
            location=CodeLocation(
                path=_QARK_BUILD.sub("", text(issue.get("file_object"))) or ".",
                start_line=_qark_line(issue.get("line_number")),
            ),
            tags=unique([kind.lower()]),
            raw=dict(issue),
        )


def _qark_line(value: object) -> int | None:
    """QARK writes ``[line, column]``, a bare line, or null."""
    if isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
