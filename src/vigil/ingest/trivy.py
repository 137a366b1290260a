"""Trivy (aquasecurity/trivy) JSON reports (``trivy … --format json``).

Formats: the legacy report (a top-level list of ``{Target, Type, Vulnerabilities}``, Trivy
< 0.20), SchemaVersion 2 (``Results`` with Vulnerabilities, Misconfigurations, Secrets and
Licenses; ArtifactType container_image, filesystem, repository) and the ``trivy k8s`` cluster
report (``ClusterName`` with ``Vulnerabilities``/``Misconfigurations`` resource lists, or the
later ``Resources`` / ``Findings`` lists). Tested with reports of Trivy 0.1x (legacy), 0.2x to 0.4x
and 0.69.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from vigil.errors import ParseError
from vigil.ingest._common import (
    MEMO_ENTRIES,
    MEMO_KEY_BYTES,
    advisory_id,
    cvss_version,
    cwe_ids,
    load_json,
    memo,
    purl_type,
    redact,
    require_list,
    require_mapping,
    secret_digest,
    text,
    texts,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import (
    Category,
    CodeLocation,
    Component,
    Confidence,
    Cvss,
    Finding,
    Severity,
    Tool,
)

#: Trivy's levels; it already picked one per SeveritySource. UNKNOWN means no source rated it.
SEVERITY: dict[str, Severity] = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "UNKNOWN": Severity.INFO,
}

#: purl type → the Result Types (Trivy's package analysers) whose packages are of that type;
#: used for results whose packages carry no purl (legacy and older reports).
_TYPES_OF: dict[str, str] = {
    "apk": "alpine wolfi chainguard",
    "deb": "debian ubuntu",
    "rpm": "redhat centos rocky alma amazon oracle fedora photon suse opensuse opensuse.leap"
    " opensuse.tumbleweed sles cbl-mariner azurelinux",
    "pypi": "pip pipenv poetry uv python-pkg",
    "npm": "npm yarn pnpm bun node-pkg",
    "maven": "jar pom gradle sbt",
    "golang": "gomod gobinary",
    "cargo": "cargo rust-binary",
    "gem": "bundler gemspec",
    "composer": "composer composer-vendor",
    "nuget": "nuget dotnet-core packages-props",
    "conan": "conan",
    "cocoapods": "cocoapods",
    "swift": "swift",
    "pub": "pub",
    "hex": "hex",
    "conda": "conda-pkg",
}
ECOSYSTEM: dict[str, str] = {
    kind: eco for eco, kinds in _TYPES_OF.items() for kind in kinds.split()
}

#: Result Types that are operating-system package databases (legacy reports have no Class).
_OS_PACKAGES = frozenset(t for t, eco in ECOSYSTEM.items() if eco in {"apk", "deb", "rpm"})

#: (vector key, score key, version when the vector does not say) in a CVSS source entry.
_CVSS_KEYS = (
    ("V2Vector", "V2Score", "2.0"),
    ("V3Vector", "V3Score", "3.0"),
    ("V40Vector", "V40Score", "4.0"),
)


@dataclass(frozen=True, slots=True)
class _Scope:
    """What the results of one report (or one k8s resource) share."""

    tool: Tool
    image: bool = False
    os_family: str = ""
    resource: str = ""


class TrivyParser(Parser):
    """Trivy vulnerability, misconfiguration, secret and license results."""

    id: ClassVar[str] = "trivy"
    label: ClassVar[str] = "Trivy"
    category: ClassVar[Category] = Category.CONTAINER

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf")
        if re.search(rb'"SchemaVersion"\s*:\s*2\b', body) and (
            b'"ArtifactName"' in body or b'"Results"' in body
        ):
            return True
        if re.match(rb'\s*\{\s*"ClusterName"\s*:', body):
            return True
        return re.match(rb'\s*\[\s*\{\s*"Target"\s*:\s*"', body) is not None and (
            b'"Vulnerabilities"' in body or b'"Type"' in body
        )

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        data = load_json(source)
        if isinstance(data, list):
            yield from self._results(source, data, _Scope(Tool(self.label)))
            return
        report = require_mapping(source, data, "the Trivy report")
        tool = Tool(self.label, text((report.get("Trivy") or {}).get("Version")) or None)
        if "ClusterName" in report:
            yield from self._cluster(source, report, tool)
            return
        if "Results" not in report and "SchemaVersion" not in report:
            raise ParseError(source.name, "not a Trivy report (no Results, ClusterName or list)")
        scope = _Scope(
            tool,
            image=report.get("ArtifactType") == "container_image",
            os_family=_os_family(report.get("Metadata")),
        )
        yield from self._results(source, report.get("Results") or [], scope)

    def _cluster(
        self, source: ReportSource, report: Mapping[str, Any], tool: Tool
    ) -> Iterator[Finding]:
        """A ``trivy k8s`` report: per-resource results, listed under one or more keys."""
        for key in ("Resources", "Findings", "Vulnerabilities", "Misconfigurations"):
            for item in require_list(source, report.get(key) or [], key):
                resource = require_mapping(source, item, f"an entry of {key}")
                name = "/".join(
                    text(resource.get(k)) for k in ("Namespace", "Kind", "Name") if resource.get(k)
                )
                scope = _Scope(
                    tool, image=True, os_family=_os_family(resource.get("Metadata")), resource=name
                )
                yield from self._results(source, resource.get("Results") or [], scope)

    def _results(self, source: ReportSource, results: Any, scope: _Scope) -> Iterator[Finding]:
        for item in require_list(source, results, "Results"):
            result = require_mapping(source, item, "a Trivy result")
            yield from _vulnerabilities(source, result, scope)
            for misconf in require_list(
                source, result.get("Misconfigurations") or [], "Misconfigurations"
            ):
                record = require_mapping(source, misconf, "a misconfiguration")
                # Trivy lists passed and excepted checks too when asked (--include-non-failures).
                if text(record.get("Status")).upper() in ("", "FAIL"):
                    yield _misconfiguration(record, result, scope)
            for secret in require_list(source, result.get("Secrets") or [], "Secrets"):
                yield _secret(require_mapping(source, secret, "a secret"), result, scope)
            for lic in require_list(source, result.get("Licenses") or [], "Licenses"):
                yield _license(require_mapping(source, lic, "a license"), result, scope)


def _vulnerabilities(
    source: ReportSource, result: Mapping[str, Any], scope: _Scope
) -> Iterator[Finding]:
    vulns = require_list(source, result.get("Vulnerabilities") or [], "Vulnerabilities")
    if not vulns:
        return
    packages = _packages(result, scope)
    for vuln in vulns:
        yield _vulnerability(require_mapping(source, vuln, "a vulnerability"), packages, scope)


def _os_family(metadata: object) -> str:
    """The OS of the scanned image; k8s reports since Trivy 0.5x list one Metadata per image."""
    entries = metadata if isinstance(metadata, list) else [metadata]
    families = [
        text((entry.get("OS") or {}).get("Family"))
        for entry in entries
        if isinstance(entry, Mapping)
    ]
    found = unique(families)
    # Several images of different systems: no single family applies.
    return found[0] if len(found) == 1 else ""


def _severity(record: Mapping[str, Any]) -> Severity:
    return SEVERITY.get(text(record.get("Severity")).upper(), Severity.INFO)


def _location_path(result: Mapping[str, Any], scope: _Scope) -> str:
    # In a cluster report the Target of a manifest is Kind/Name; the namespace makes it unique.
    # Other targets there (files in a workload's image) are paths of their own.
    if scope.resource and text(result.get("Type")) == "kubernetes":
        return scope.resource
    return text(result.get("Target"))


def _ecosystem(purl: str | None, result: Mapping[str, Any], scope: _Scope) -> str | None:
    found = purl_type(purl) or ECOSYSTEM.get(text(result.get("Type")).lower())
    if found is None and text(result.get("Class")) in ("os-pkgs", "license"):
        found = ECOSYSTEM.get(scope.os_family.lower())
    return found


@dataclass(frozen=True, slots=True)
class _Packages:
    """What the vulnerabilities of one result share, worked out once per result."""

    category: Category
    #: of packages without a purl
    ecosystem: str | None
    #: of packages without a PkgPath: the result's Target (and the k8s resource)
    paths: tuple[str, ...]


def _packages(result: Mapping[str, Any], scope: _Scope) -> _Packages:
    is_os = text(result.get("Class")) == "os-pkgs" or (
        "Class" not in result and text(result.get("Type")).lower() in _OS_PACKAGES
    )
    return _Packages(
        category=Category.CONTAINER if is_os or scope.image else Category.SCA,
        ecosystem=_ecosystem(None, result, scope),
        paths=_distinct(text(result.get("Target")), scope.resource),
    )


class _TextFields:
    """A record seen through text(): ``get`` gives every field as a stripped string."""

    def __init__(self, record: Mapping[str, Any] | _TextFields) -> None:
        self.record = record

    def get(self, key: str, default: str = "") -> str:
        """text() of the field; absent ones are "" whatever ``default`` says."""
        return text(self.record.get(key))


def _vuln_texts(vuln: Mapping[str, Any] | _TextFields) -> tuple[str, ...]:
    """text() of the string fields of a vulnerability, in the order _vulnerability unpacks
    them; spelled out rather than looped over, as this runs once per vulnerability."""
    get = vuln.get
    try:
        return (
            get("VulnerabilityID", "").strip(),
            get("PkgName", "").strip(),
            get("InstalledVersion", "").strip(),
            get("FixedVersion", "").strip(),
            get("Severity", "").strip(),
            get("Status", "").strip(),
            get("Title", "").strip(),
            get("Description", "").strip(),
            get("PkgPath", "").strip(),
            get("PrimaryURL", "").strip(),
        )
    except AttributeError:  # a null, a number, a list… where a string belongs
        return _vuln_texts(_TextFields(vuln))


def _vulnerability(vuln: Mapping[str, Any], packages: _Packages, scope: _Scope) -> Finding:
    ident, name, version, fixed_text, severity, status, title, details, pkg_path, primary = (
        _vuln_texts(vuln)
    )
    vuln_id = advisory_id(ident)
    purl = text((vuln.get("PkgIdentifier") or {}).get("PURL")) or None
    fixed = _fixed_versions(fixed_text)
    ids = (vuln_id,) if vuln_id else ()
    vendor_ids = vuln.get("VendorIDs")
    # Positional arguments, in the model's field order (checked at import, see below): a
    # keyword call costs 2.5 times as much, and this runs once per vulnerability.
    return Finding(
        f"{vuln_id} in {name} {version}".strip(),  # title
        SEVERITY.get(severity.upper(), Severity.INFO),  # severity
        packages.category,  # category
        scope.tool,  # tool
        vuln_id,  # rule_id
        "\n\n".join(_distinct(title, details)),  # description
        Confidence.UNKNOWN,  # confidence
        memo(_RATINGS, vuln.get("CVSS"), _cvss),  # cvss
        memo(_CWES, vuln.get("CweIDs"), cwe_ids),  # cwes
        unique([*ids, *map(advisory_id, vendor_ids)]) if vendor_ids else ids,  # vulnerability_ids
        Component(
            name,  # name
            version or None,  # version
            purl,  # purl
            _purl_type(purl) or packages.ecosystem,  # ecosystem
            fixed,  # fixed_versions
            # Newer reports name lang-pkgs results by language ("Java"); PkgPath is the file.
            _distinct(pkg_path, scope.resource) if pkg_path else packages.paths,  # paths
        ),
        None,  # location
        (),  # endpoints
        f"Upgrade {name} to {', '.join(fixed)}." if fixed else "",  # remediation
        _references(primary, vuln.get("References")),  # references
        (f"status:{status}",) if status else (),  # tags
        None,  # secret_hash
        None,  # hint
        vuln,  # raw
    )


#: The field order _vulnerability passes its arguments in.
_FIELD_ORDER = {
    Finding: "title severity category tool rule_id description confidence cvss cwes"
    " vulnerability_ids component location endpoints remediation references tags secret_hash"
    " hint raw trace",
    Component: "name version purl ecosystem fixed_versions paths",
}
if any(" ".join(f.name for f in fields(model)) != order for model, order in _FIELD_ORDER.items()):
    raise RuntimeError("the fields of Finding or Component moved: update trivy._vulnerability")


def _distinct(first: str, second: str) -> tuple[str, ...]:
    """``unique([first, second])`` without building a dict."""
    if first and second and first != second:
        return (first, second)
    return (first or second,) if first or second else ()


def _fixed_versions(listed: str) -> tuple[str, ...]:
    """Trivy's comma-separated FixedVersion (already stripped); usually a single version."""
    if "," not in listed:
        return (listed,) if listed else ()
    return tuple(v.strip() for v in listed.split(",") if v.strip())


def _references(primary: str, more: Any) -> tuple[str, ...]:
    if not more:
        return (primary,) if primary else ()
    listed = texts(more)
    if len(listed) == 1:
        return _distinct(primary, listed[0])
    return unique([primary, *listed])


#: Results of memo() by the encoding of the value they were computed from.
_RATINGS: dict[bytes, tuple[Cvss, ...]] = {}
_CWES: dict[bytes, tuple[int, ...]] = {}
#: purl_type() by the head of a purl (up to its first "/"), which is all it depends on.
_PURL_TYPES: dict[str, str | None] = {}


def _purl_type(purl: str | None) -> str | None:
    """purl_type(purl), looked up: a report's purls have few heads ("pkg:deb", "pkg:npm")."""
    if purl is None:
        return None
    head = purl.partition("/")[0]
    if head in _PURL_TYPES:
        return _PURL_TYPES[head]
    found = purl_type(head)
    if len(_PURL_TYPES) < MEMO_ENTRIES and len(head) <= MEMO_KEY_BYTES:
        _PURL_TYPES[head] = found
    return found


def _cvss(sources: Any) -> tuple[Cvss, ...]:
    """Every rating of every source (nvd, ghsa, redhat…), identical ones once."""
    found: list[Cvss] = []
    for entry in (sources or {}).values():
        if not isinstance(entry, Mapping):
            continue
        for vector_key, score_key, default in _CVSS_KEYS:
            vector = text(entry.get(vector_key))
            score = entry.get(score_key)
            if not vector and not isinstance(score, int | float):
                continue
            version = cvss_version(vector, default) if vector else default
            found.append(Cvss(version, vector or None, float(score) if score is not None else None))
    return tuple(dict.fromkeys(found))


def _misconfiguration(
    record: Mapping[str, Any], result: Mapping[str, Any], scope: _Scope
) -> Finding:
    cause = record.get("CauseMetadata") or {}
    lines = [
        line
        for line in ((cause.get("Code") or {}).get("Lines") or [])
        if isinstance(line, Mapping) and line.get("IsCause")
    ]
    snippet = "\n".join(str(line.get("Content") or "").rstrip() for line in lines)
    rule = text(record.get("ID")) or text(record.get("AVDID"))
    avd = text(record.get("AVDID"))
    resource = text(cause.get("Resource"))
    return Finding(
        title=text(record.get("Title")) or rule,
        severity=_severity(record),
        category=Category.IAC,
        tool=scope.tool,
        rule_id=rule,
        description="\n\n".join(
            unique([text(record.get("Message")), text(record.get("Description"))])
        ),
        location=CodeLocation(
            path=_location_path(result, scope),
            start_line=cause.get("StartLine") or None,
            end_line=cause.get("EndLine") or None,
            snippet=snippet or None,
        ),
        remediation=text(record.get("Resolution")),
        references=unique(
            [text(record.get("PrimaryURL")), *map(text, record.get("References") or [])]
        ),
        tags=unique(
            [
                f"avd:{avd}" if avd and avd != rule else "",
                f"resource:{resource}" if resource else "",
            ]
        ),
        raw=record,
    )


def _masked(value: str) -> str:
    """Trivy masks the secret in a match with asterisks; anything unmasked is cut short."""
    return value if "*" in value or not value else redact(value)


def _secret(record: Mapping[str, Any], result: Mapping[str, Any], scope: _Scope) -> Finding:
    match = text(record.get("Match"))
    shown = _masked(match)
    # Context lines around the match are not masked and may hold other secrets: keep only
    # the matched lines, masked, and no "Highlighted" copy.
    lines = (record.get("Code") or {}).get("Lines") or []
    raw = {
        **record,
        "Match": shown,
        "Code": {
            "Lines": [
                {
                    **{k: v for k, v in line.items() if k != "Highlighted"},
                    "Content": _masked(text(line.get("Content"))),
                }
                for line in lines
                if isinstance(line, Mapping) and line.get("IsCause")
            ]
        },
    }
    rule = text(record.get("RuleID"))
    title = text(record.get("Title")) or rule
    return Finding(
        title=title,
        severity=_severity(record),
        category=Category.SECRET,
        tool=scope.tool,
        rule_id=rule,
        description=f"{title} ({text(record.get('Category')) or 'secret'}) found: {shown}",
        location=CodeLocation(
            path=_location_path(result, scope),
            start_line=record.get("StartLine") or None,
            end_line=record.get("EndLine") or None,
            snippet=shown or None,
        ),
        # The secret itself is masked in the report: the masked line (variable name and
        # surroundings) is what tells this secret from another one in the same file.
        secret_hash=secret_digest(match) if match else None,
        raw=raw,
    )


def _confidence(value: object) -> Confidence:
    if not isinstance(value, int | float):
        return Confidence.UNKNOWN
    if value >= 1.0:
        return Confidence.CERTAIN
    if value >= 0.9:
        return Confidence.HIGH
    return Confidence.MEDIUM if value >= 0.7 else Confidence.LOW


def _license(record: Mapping[str, Any], result: Mapping[str, Any], scope: _Scope) -> Finding:
    name = text(record.get("Name"))
    package = text(record.get("PkgName"))
    file_path = text(record.get("FilePath"))
    kind = text(record.get("Category"))
    where = package or file_path or text(result.get("Target"))
    purl = text((record.get("PkgIdentifier") or {}).get("PURL")) or None
    component = (
        Component(
            name=package,
            purl=purl,
            ecosystem=_ecosystem(purl, result, scope),
            paths=unique([file_path, scope.resource]),
        )
        if package
        else None
    )
    return Finding(
        title=f"{name} license in {where}",
        severity=_severity(record),
        category=Category.SCA,
        tool=scope.tool,
        rule_id=f"license:{name}",
        description=f"{where} is under the {name} license"
        + (f", classified {kind} by Trivy." if kind else "."),
        confidence=_confidence(record.get("Confidence")),
        component=component,
        location=None
        if component
        else CodeLocation(path=file_path or _location_path(result, scope)),
        references=unique([text(record.get("Link"))]),
        tags=(f"license-category:{kind}",) if kind else (),
        raw=record,
    )
