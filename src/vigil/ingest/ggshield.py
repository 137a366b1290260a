"""GitGuardian ggshield (https://github.com/GitGuardian/ggshield) secret scan JSON, as written by
``ggshield secret scan {path,commit-range,pre-commit,...} --json``.

Formats tested: the commit-range report of ggshield 1.x (``{id, type, scans: [{id: commit sha,
type: "commit", extra_info: {author, email, date}, entities_with_incidents: [...]}],
total_incidents, total_occurrences}``). Single scans (path, pre-commit, docker) carry
``entities_with_incidents`` at the top level with the same entity and incident shape, and older
ggshield releases called that list ``results``; both are read by the same code. IaC and SCA
reports of ggshield are different formats and are refused.

One finding per incident (one secret) per file per scan. ``secret_hash`` is the incident's
``ignore_sha``, ggshield's own sha256 over the secret's matches: stable across lines, commits
and scans. Matches are masked by ggshield unless ``--show-secrets`` is used; vigil redacts them
either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import load_json, redact, secret_digest, text, unique
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Category, CodeLocation, Confidence, Finding, Severity, Tool

#: ggshield has no severity, only the secret's validity as checked against its provider.
SEVERITY_BY_VALIDITY: dict[str, Severity] = {
    "valid": Severity.CRITICAL,  # a live credential
    "invalid": Severity.MEDIUM,  # revoked or wrong, but still leaked in history
}
DEFAULT_SEVERITY = Severity.HIGH  # no_checker, failed_to_check, unknown, not_checked...
CONFIDENCE_BY_VALIDITY: dict[str, Confidence] = {
    "valid": Confidence.CERTAIN,
    "invalid": Confidence.HIGH,
}
#: CWE-798: Use of Hard-coded Credentials.
CWE_HARD_CODED_CREDENTIALS = 798

_INCIDENTS = re.compile(rb'"total_incidents"\s*:')
_OTHER_SCANS = re.compile(rb'"(?:iac|sca)_engine_version"')


class GgshieldParser(Parser):
    """ggshield secret scan JSON (path, commit-range, pre-commit and other secret scans)."""

    id: ClassVar[str] = "ggshield"
    label: ClassVar[str] = "GitGuardian ggshield"
    category: ClassVar[Category] = Category.SECRET

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(
            head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
            and _INCIDENTS.search(head)
            and not _OTHER_SCANS.search(head)
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        if not isinstance(data, Mapping):
            raise ParseError(source.name, "expected a ggshield JSON object")
        if not any(k in data for k in ("total_incidents", "scans", "entities_with_incidents")):
            raise ParseError(source.name, "not a ggshield secret scan report (no incidents)")
        scans = data.get("scans")
        scans = [] if scans is None else scans
        if not isinstance(scans, list):
            raise ParseError(source.name, "expected 'scans' to be a list")
        for scan in [data, *scans]:
            if not isinstance(scan, Mapping):
                raise ParseError(source.name, "every scan must be an object")
            yield from _scan_findings(source, scan)


def _scan_findings(source: ReportSource, scan: Mapping[str, Any]) -> Iterator[Finding]:
    entities = scan.get("entities_with_incidents", scan.get("results")) or []
    if not isinstance(entities, list):
        raise ParseError(source.name, "expected 'entities_with_incidents' to be a list")
    for entity in entities:
        if not isinstance(entity, Mapping) or not isinstance(entity.get("incidents"), list):
            raise ParseError(source.name, "every entity needs a list of incidents")
        for incident in entity["incidents"]:
            if not isinstance(incident, Mapping) or not isinstance(
                incident.get("occurrences"), list
            ):
                raise ParseError(
                    source.name,
                    "incident without occurrences: not a secret scan (ggshield IaC/SCA JSON is"
                    " not supported)",
                )
            yield _finding(scan, entity, incident)


def _detector(incident: Mapping[str, Any]) -> str:
    """The secret's detector name; its key changed across ggshield releases."""
    detector = incident.get("detector")
    if isinstance(detector, Mapping):
        detector = detector.get("display_name") or detector.get("name")
    return (
        text(incident.get("type")) or text(incident.get("break_type")) or text(detector)
    ) or "secret"


def _lines(occurrences: list[Mapping[str, Any]]) -> tuple[int | None, int | None]:
    """File lines of the secret: post/pre-commit lines when given (commit scans count
    ``line_start`` in the patch), else ``line_start``."""
    starts: list[int] = []
    ends: list[int] = []
    for occurrence in occurrences:
        for first, last in (
            ("post_line_start", "post_line_end"),
            ("pre_line_start", "pre_line_end"),
            ("line_start", "line_end"),
        ):
            start = occurrence.get(first)
            if isinstance(start, int) and not isinstance(start, bool) and start > 0:
                starts.append(start)
                end = occurrence.get(last)
                ends.append(end if isinstance(end, int) and end >= start else start)
                break
    return (min(starts), max(ends)) if starts else (None, None)


def _finding(
    scan: Mapping[str, Any], entity: Mapping[str, Any], incident: Mapping[str, Any]
) -> Finding:
    occurrences = [o for o in incident["occurrences"] if isinstance(o, Mapping)]
    matches = [str(o.get("match") or "") for o in occurrences]
    detector = _detector(incident)
    path = text(entity.get("filename"))
    validity = text(incident.get("validity")).lower()
    start, end = _lines(occurrences)
    ignore_sha = text(incident.get("ignore_sha")).lower()
    described = [
        f"ggshield ({text(incident.get('policy')) or 'Secrets detection'}) found a {detector}"
        f" in {path}" + (f" at line {start}." if start else "."),
        "Matches: "
        + ", ".join(
            f"{text(o.get('type')) or 'match'} {redact(m)}"
            for o, m in zip(occurrences, matches, strict=True)
        )
        + ".",
    ]
    if validity:
        described.append(f"Validity: {validity}.")
    described.append(_commit_text(scan))
    return Finding(
        title=f"Hard-coded secret: {detector}",
        severity=SEVERITY_BY_VALIDITY.get(validity, DEFAULT_SEVERITY),
        confidence=CONFIDENCE_BY_VALIDITY.get(validity, Confidence.UNKNOWN),
        category=Category.SECRET,
        tool=Tool("ggshield"),
        rule_id=detector,
        description="\n".join(d for d in described if d),
        cwes=(CWE_HARD_CODED_CREDENTIALS,),
        location=CodeLocation(path=path, start_line=start, end_line=end),
        references=unique([text(incident.get("incident_url"))]),
        tags=unique(
            [
                f"validity:{validity}" if validity else "",
                "known-secret" if incident.get("known_secret") is True else "",
            ]
        ),
        secret_hash=ignore_sha or (secret_digest("".join(matches)) if any(matches) else None),
        raw=_redacted_raw(scan, entity, incident),
    )


def _commit_text(scan: Mapping[str, Any]) -> str:
    if text(scan.get("type")) != "commit":
        return ""
    info = scan.get("extra_info")
    info = info if isinstance(info, Mapping) else {}
    author, email, date = (text(info.get(k)) for k in ("author", "email", "date"))
    who = f" by {author}" + (f" <{email}>" if email else "") if author else ""
    return f"Commit {text(scan.get('id'))}{who}" + (f" on {date}" if date else "") + "."


def _redacted_raw(
    scan: Mapping[str, Any], entity: Mapping[str, Any], incident: Mapping[str, Any]
) -> dict[str, Any]:
    kept = dict(incident)
    kept["occurrences"] = [
        {**o, "match": redact(str(o.get("match") or ""))} if isinstance(o, Mapping) else o
        for o in incident["occurrences"]
    ]
    return {
        "scan": {k: scan.get(k) for k in ("id", "type", "extra_info") if k in scan},
        "mode": entity.get("mode"),
        "filename": entity.get("filename"),
        "incident": kept,
    }
