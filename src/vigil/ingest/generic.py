"""Generic findings, for tools vigil has no parser for: vigil's own generic JSON, and
DefectDojo's "Generic Findings Import" JSON and CSV, which it extends.

vigil's generic JSON is ``{tool, findings: [...]}`` with vigil's Finding field names; DefectDojo's
names (cve, cwe, cvssv3, file_path, line, component_name, mitigation, unique_id_from_tool,
vuln_id_from_tool, endpoints as strings or URL parts...) are read as aliases, so a DefectDojo
generic JSON file is a valid vigil one. docs/formats/generic.md is the reference for tool
authors. Formats tested: DefectDojo 2.x's generic JSON and CSV samples, and that reference's
example. Flagged findings (mitigated, false positive...) are kept and tagged for triage; a
finding naming no file, package or URL is placed at ``.``, the scanned target as a whole.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    advisory_id,
    cvss_version,
    cwe_ids,
    load_json,
    purl_type,
    severity_word,
    slug,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
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

#: Report flags (DefectDojo's names) that become tags; triage decides what they mean.
STATE_TAGS: dict[str, tuple[str, bool]] = {
    "is_mitigated": ("mitigated", True),
    "false_p": ("false-positive", True),
    "duplicate": ("duplicate", True),
    "out_of_scope": ("out-of-scope", True),
    "risk_accepted": ("risk-accepted", True),
    "under_review": ("under-review", True),
    "verified": ("verified", True),
    "active": ("inactive", False),
}
#: CSV columns (lower-cased) that carry the same flags.
CSV_STATE_COLUMNS: dict[str, str] = {
    "ismitigated": "is_mitigated",
    "falsepositive": "false_p",
    "duplicate": "duplicate",
    "verified": "verified",
    "active": "active",
}
#: Sections DefectDojo keeps apart that vigil appends to the description.
EXTRA_SECTIONS = (
    ("impact", "Impact"),
    ("steps_to_reproduce", "Steps to reproduce"),
    ("severity_justification", "Severity justification"),
)
#: Cap on one CSV field; the csv module's default (128 KiB) is below real descriptions.
CSV_FIELD_LIMIT = 64 * 1024 * 1024

_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"')\]]+", re.IGNORECASE)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_AFTER_KEY = re.compile(rb"\s*:\s*(.)")


class GenericParser(Parser):
    """vigil generic JSON, DefectDojo Generic Findings Import JSON and CSV."""

    id: ClassVar[str] = "generic"
    label: ClassVar[str] = "Generic findings"
    category: ClassVar[Category] = Category.OTHER

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if body.startswith(b"{"):
            return _top_level_list(body, b"findings")
        return _csv_header_ok(body)

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        if not source.data.strip():
            raise ParseError(source.name, "report is empty")
        if source.data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith((b"{", b"[")):
            yield from _json_report(source)
        else:
            yield from _csv_report(source)


def _top_level_list(body: bytes, key: bytes) -> bool:
    """True when the JSON object in ``body`` has ``key`` at its top level holding a list.

    A scan over strings and brackets, because the key also occurs nested in other tools'
    reports (npm audit) and ``body`` may be cut off mid-document."""
    depth = 0
    for token in _JSON_TOKEN.finditer(body):
        mark = token.group()
        if mark in (b"{", b"["):
            depth += 1
        elif mark in (b"}", b"]"):
            depth -= 1
        elif depth == 1 and mark[1:-1] == key:
            after = _AFTER_KEY.match(body, token.end())
            if after:
                return after.group(1) == b"["
    return False


def _csv_header_ok(body: bytes) -> bool:
    first = body.split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        names = {n.strip().lower() for n in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return False
    return {"title", "severity"} <= names


# --- JSON ---------------------------------------------------------------------------------


def _json_report(source: ReportSource) -> Iterator[Finding]:
    data = load_json(source)
    if not isinstance(data, Mapping):
        raise ParseError(source.name, "expected a JSON object with a 'findings' list")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ParseError(source.name, "expected 'findings' to be a list")
    tool = _tool(data)
    for index, item in enumerate(findings):
        if not isinstance(item, Mapping):
            raise ParseError(source.name, f"finding {index} is not an object")
        yield _json_finding(source, f"finding {index}", item, tool)


def _tool(data: Mapping[str, Any]) -> Tool:
    """vigil's ``tool``; else DefectDojo's test ``type`` (the scanner) or test ``name``."""
    declared = data.get("tool")
    if isinstance(declared, Mapping):
        return Tool(text(declared.get("name")) or "generic", text(declared.get("version")) or None)
    name = text(declared) or text(data.get("type")) or text(data.get("name")) or "generic"
    return Tool(name, text(data.get("version")) or None)


def _json_finding(source: ReportSource, where: str, item: Mapping[str, Any], tool: Tool) -> Finding:
    title = text(item.get("title"))
    if not title:
        raise ParseError(source.name, f"{where} has no title")
    cvss = _cvss(item)
    severity = _severity(source, where, item.get("severity"), cvss)
    component = _component(item)
    location = _location(item)
    endpoints = _endpoints(item)
    vulnerability_ids = unique(
        [advisory_id(v) for v in [item.get("cve"), *_strings(item.get("vulnerability_ids"))]]
    )
    cwes = cwe_ids(item.get("cwes"), item.get("cwe"))
    secret_hash = text(item.get("secret_hash")).lower() or None
    if secret_hash and not _SHA256.fullmatch(secret_hash):
        raise ParseError(source.name, f"{where}: secret_hash must be a sha256 hex digest")
    category = _category(source, where, item, component, endpoints, location, secret_hash)
    if not (location or component or endpoints):
        location = CodeLocation(path=".")
    return Finding(
        title=title,
        severity=severity,
        category=category,
        tool=tool,
        rule_id=text(item.get("rule_id"))
        or text(item.get("vuln_id_from_tool"))
        or (vulnerability_ids[0] if vulnerability_ids else "")
        or slug(title)
        or "generic",
        description=_description(item),
        confidence=_confidence(source, where, item.get("confidence")),
        cvss=cvss,
        cwes=cwes,
        vulnerability_ids=vulnerability_ids,
        component=component,
        location=location,
        endpoints=endpoints,
        remediation=text(item.get("remediation")) or text(item.get("mitigation")),
        references=_references(item.get("references")),
        tags=unique([*_strings(item.get("tags")), *_state_tags(item)]),
        secret_hash=secret_hash,
        hint=text(item.get("fingerprint")) or text(item.get("unique_id_from_tool")) or None,
        raw=dict(item),
    )


def _severity(source: ReportSource, where: str, value: object, cvss: tuple[Cvss, ...]) -> Severity:
    """_common.severity_word's vocabulary, any case; an unknown word is an error, not a guess.
    Without a severity, the highest CVSS score rates the finding."""
    word = text(value)
    if not word:
        scores = [c.score for c in cvss if c.score is not None]
        if scores:
            return Severity.from_score(max(scores))
        raise ParseError(source.name, f"{where} has no severity")
    # severity_word answers its default for unknown words: two defaults tell them apart
    low, high = severity_word(word, Severity.INFO), severity_word(word, Severity.CRITICAL)
    if low is not high:
        raise ParseError(source.name, f"{where}: unknown severity {word!r}")
    return low


def _confidence(source: ReportSource, where: str, value: object) -> Confidence:
    word = text(value).upper()
    if not word:
        return Confidence.UNKNOWN
    if word not in Confidence.__members__:
        raise ParseError(source.name, f"{where}: unknown confidence {text(value)!r}")
    return Confidence[word]


def _category(
    source: ReportSource,
    where: str,
    item: Mapping[str, Any],
    component: Component | None,
    endpoints: tuple[Endpoint, ...],
    location: CodeLocation | None,
    secret_hash: str | None,
) -> Category:
    declared = text(item.get("category")).lower()
    if declared:
        try:
            return Category(declared)
        except ValueError:
            raise ParseError(source.name, f"{where}: unknown category {declared!r}") from None
    if secret_hash:
        return Category.SECRET
    if component is not None:
        return Category.SCA
    if endpoints or item.get("dynamic_finding") is True:
        return Category.DAST
    if location is not None or item.get("static_finding") is True:
        return Category.SAST
    return Category.OTHER


def _cvss(item: Mapping[str, Any]) -> tuple[Cvss, ...]:
    found: list[Cvss] = []
    declared = item.get("cvss")
    for entry in declared if isinstance(declared, list) else []:
        if isinstance(entry, Mapping):
            vector = text(entry.get("vector")) or None
            version = text(entry.get("version")) or cvss_version(vector or "", "")
            if version:
                found.append(Cvss(version, vector, _number(entry.get("score"))))
    for field, default in (("cvssv3", "3.1"), ("cvssv4", "4.0")):
        vector = text(item.get(field))
        score = _number(item.get(f"{field}_score"))
        if vector or score is not None:
            found.append(Cvss(cvss_version(vector, default), vector or None, score))
    return tuple(dict.fromkeys(found))


def _component(item: Mapping[str, Any]) -> Component | None:
    declared = item.get("component")
    if isinstance(declared, Mapping) and text(declared.get("name")):
        purl = text(declared.get("purl")) or None
        return Component(
            name=text(declared["name"]),
            version=text(declared.get("version")) or None,
            purl=purl,
            ecosystem=text(declared.get("ecosystem")).lower() or purl_type(purl),
            fixed_versions=unique(_strings(declared.get("fixed_versions"))),
            paths=unique(_strings(declared.get("paths"))),
        )
    name = text(item.get("component_name"))
    if not name:
        return None
    return Component(
        name=name,
        version=text(item.get("component_version")) or None,
        fixed_versions=unique(_strings(item.get("fix_version"))),
    )


def _location(item: Mapping[str, Any]) -> CodeLocation | None:
    declared = item.get("location")
    if isinstance(declared, Mapping) and text(declared.get("path")):
        return CodeLocation(
            path=text(declared["path"]),
            start_line=_line(declared.get("start_line")),
            end_line=_line(declared.get("end_line")),
            start_column=_line(declared.get("start_column")),
            end_column=_line(declared.get("end_column")),
            snippet=text(declared.get("snippet")) or None,
        )
    path = text(item.get("file_path"))
    return CodeLocation(path=path, start_line=_line(item.get("line"))) if path else None


def _endpoints(item: Mapping[str, Any]) -> tuple[Endpoint, ...]:
    """vigil's ``{url, method, parameter, evidence}``, a URL string, or DefectDojo's URL parts."""
    declared = item.get("endpoints")
    parameter, evidence = text(item.get("param")) or None, text(item.get("payload")) or None
    found: list[Endpoint] = []
    for entry in declared if isinstance(declared, list) else []:
        if isinstance(entry, str) and entry.strip():
            found.append(Endpoint(entry.strip(), parameter=parameter, evidence=evidence))
        elif isinstance(entry, Mapping) and text(entry.get("url")):
            found.append(
                Endpoint(
                    text(entry["url"]),
                    method=text(entry.get("method")).upper() or None,
                    parameter=text(entry.get("parameter")) or parameter,
                    evidence=text(entry.get("evidence")) or evidence,
                )
            )
        elif isinstance(entry, Mapping) and text(entry.get("host")):
            found.append(Endpoint(_url_of_parts(entry), parameter=parameter, evidence=evidence))
    return tuple(dict.fromkeys(found))


def _url_of_parts(parts: Mapping[str, Any]) -> str:
    """DefectDojo's Endpoint fields put back together; a bare host stays a bare host."""
    scheme, host = text(parts.get("protocol")), text(parts.get("host"))
    userinfo, port = text(parts.get("userinfo")), text(parts.get("port"))
    path = text(parts.get("path")).lstrip("/")
    query, fragment = text(parts.get("query")), text(parts.get("fragment"))
    url = (f"{scheme}://" if scheme else "") + (f"{userinfo}@" if userinfo else "") + host
    url += (f":{port}" if port else "") + (f"/{path}" if path else "")
    return url + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def _description(item: Mapping[str, Any]) -> str:
    parts = [text(item.get("description"))]
    parts += [f"{label}: {text(item[key])}" for key, label in EXTRA_SECTIONS if text(item.get(key))]
    return "\n\n".join(p for p in parts if p)


def _references(value: object) -> tuple[str, ...]:
    """A list of URLs, or DefectDojo's free-text references from which URLs are taken."""
    if isinstance(value, list):
        return unique([text(v) for v in value])
    return unique([u.rstrip(".,;") for u in _URL.findall(text(value))])


def _state_tags(item: Mapping[str, Any]) -> list[str]:
    return [
        tag
        for key, (tag, when) in STATE_TAGS.items()
        if key in item and _flag(item[key]) is when and item[key] not in (None, "")
    ]


# --- CSV ----------------------------------------------------------------------------------


def _csv_report(source: ReportSource) -> Iterator[Finding]:
    try:
        content = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(source.name, f"CSV is not UTF-8 ({exc.reason})") from None
    if "\x00" in content:
        raise ParseError(source.name, "binary content, not a CSV report")
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        names = [name.strip() for name in next(reader, [])]
        header = [name.lower() for name in names]
        if not {"title", "severity"} <= set(header):
            raise ParseError(source.name, "CSV header needs Title and Severity columns")
        tool = Tool("generic")
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ParseError(
                    source.name, f"CSV line {number} has {len(cells)} cells, not {len(header)}"
                )
            row = dict(zip(header, cells, strict=True))
            finding = _csv_finding(source, number, row, tool)
            yield replace(finding, raw=dict(zip(names, cells, strict=True)))
    except csv.Error as exc:
        raise ParseError(source.name, f"not a valid CSV ({exc})") from None


def _csv_finding(source: ReportSource, number: int, row: dict[str, str], tool: Tool) -> Finding:
    item: dict[str, Any] = {
        "title": row.get("title", ""),
        # DefectDojo reads a blank CSV severity as Info; an unknown word is still an error
        "severity": row.get("severity", "").strip() or "info",
        "description": row.get("description", ""),
        "mitigation": row.get("mitigation", ""),
        "impact": row.get("impact", ""),
        "references": row.get("references", ""),
        "cwes": [c for c in (row.get("cweid"), row.get("cweids")) if c and c.strip() != "0"],
        "cve": row.get("cve", ""),
        "vulnerability_ids": [row.get("vulnerability id", "")],
        "cvssv3": row.get("cvssv3", ""),
        "cvssv4": row.get("cvssv4", ""),
        "cvssv4_score": row.get("cvssv4_score", ""),
        "endpoints": [row.get("url", "")],
    }
    item.update({key: row[column] for column, key in CSV_STATE_COLUMNS.items() if column in row})
    return _json_finding(source, f"CSV line {number}", item, tool)


# --- values -------------------------------------------------------------------------------


def _strings(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [text(v) for v in value if text(v)]
    return [text(value)] if text(value) else []


def _line(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value > 0 else None


def _number(value: object) -> float | None:
    """A finite number, or None for placeholders such as "N/A"."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _flag(value: object) -> bool:
    """JSON booleans, or CSV's TRUE/FALSE (DefectDojo reads any word starting with t as true)."""
    return value if isinstance(value, bool) else text(value).lower().startswith("t")
