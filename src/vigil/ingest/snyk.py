"""Snyk CLI JSON reports: Snyk Open Source, Snyk Container and Snyk Code.

Formats: ``snyk test --json`` for one project (an object with ``vulnerabilities``) or with
``--all-projects`` (a list of those), ``snyk container test --json`` (OS packages in
``vulnerabilities``, the image's application dependencies in ``applications[]``), and
``snyk code test --json``, which is SARIF 2.1.0 and is read by the SARIF reader with Snyk's
scope. Tested with CLI reports of Maven, pip, npm and NuGet projects (2021 to 2023), Debian 11 and
SLES 15.3 images, and Snyk Code (2023).

Snyk lists a vulnerability once per dependency path (``from``); vigil's identity merges the
paths of one package version and advisory into one finding.
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
    load_json,
    make_purl,
    require_list,
    require_mapping,
    text,
    unique,
)
from vigil.ingest.interface import Parser, ReportSource
from vigil.ingest.sarif import findings_from_log
from vigil.model import Category, Component, Cvss, Finding, Severity, Tool

#: Snyk's levels (``severityWithCritical``, else ``severity``).
SEVERITY: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}

#: Snyk ``packageManager`` → purl type, for application dependencies.
ECOSYSTEM: dict[str, str] = {
    "npm": "npm",
    "yarn": "npm",
    "pnpm": "npm",
    "pip": "pypi",
    "poetry": "pypi",
    "pipenv": "pypi",
    "maven": "maven",
    "gradle": "maven",
    "sbt": "maven",
    "rubygems": "gem",
    "nuget": "nuget",
    "paket": "nuget",
    "composer": "composer",
    "gomodules": "golang",
    "golangdep": "golang",
    "govendor": "golang",
    "cargo": "cargo",
    "cocoapods": "cocoapods",
    "hex": "hex",
    "pub": "pub",
    "swift": "swift",
}

#: Distribution part of an OS ``packageManager`` ("debian:11") → (purl type, purl namespace).
DISTRIBUTION: dict[str, tuple[str, str]] = {
    "debian": ("deb", "debian"),
    "ubuntu": ("deb", "ubuntu"),
    "alpine": ("apk", "alpine"),
    "wolfi": ("apk", "wolfi"),
    "rhel": ("rpm", "redhat"),
    "centos": ("rpm", "centos"),
    "amzn": ("rpm", "amazon"),
    "oracle": ("rpm", "oracle"),
    "rocky": ("rpm", "rocky"),
    "alma": ("rpm", "almalinux"),
    "fedora": ("rpm", "fedora"),
    "sles": ("rpm", "suse"),
    "opensuse": ("rpm", "opensuse"),
}

_OS_TYPES = frozenset({"deb", "apk", "rpm"})
_SNYK_CODE = re.compile(rb'"driver"\s*:\s*\{\s*"name"\s*:\s*"SnykCode"')
#: Keys only Snyk's CLI JSON has, near the top of a project or inside every vulnerability.
_SNYK_KEYS = re.compile(
    rb'"(?:upgradePath|isUpgradable|severityWithCritical|licensesPolicy|filesystemPolicy)"\s*:'
)


class SnykParser(Parser):
    """Snyk CLI reports (Open Source, Container, Code)."""

    id: ClassVar[str] = "snyk"
    label: ClassVar[str] = "Snyk"
    category: ClassVar[Category] = Category.SCA
    multi_tool: ClassVar[bool] = True

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return bool(_SNYK_CODE.search(head) or _SNYK_KEYS.search(head))

    def parse(self, source: ReportSource) -> Iterator[Finding]:
        report = load_json(source)
        if isinstance(report, Mapping) and "runs" in report:
            yield from findings_from_log(source, report)
            return
        projects = report if isinstance(report, list) else [report]
        for index, item in enumerate(projects):
            project = require_mapping(source, item, f"project {index}")
            if "vulnerabilities" not in project:
                problem = text(project.get("error")) or "no vulnerabilities list"
                raise ParseError(source.name, f"not a Snyk test report ({problem})")
            yield from _project_findings(source, project)


def _listed(value: Any) -> Any:
    """A JSON array that may be null: null means none."""
    return [] if value is None else value


def _project_findings(source: ReportSource, project: Mapping[str, Any]) -> Iterator[Finding]:
    container = bool(project.get("docker")) or text(project.get("projectName")).startswith(
        "docker-image|"
    )
    tool = Tool("Snyk Container" if container else "Snyk Open Source")
    targets = [project]
    if container:
        targets += [
            require_mapping(source, a, "an application")
            for a in require_list(source, _listed(project.get("applications")), "applications")
        ]
    for target in targets:
        manifest = text(target.get("displayTargetFile")) or text(target.get("targetFile"))
        for item in require_list(source, _listed(target.get("vulnerabilities")), "vulnerabilities"):
            vuln = require_mapping(source, item, "a vulnerability")
            yield _finding(vuln, tool, manifest)


def _finding(vuln: Mapping[str, Any], tool: Tool, manifest: str) -> Finding:
    component = _component(vuln, manifest)
    vuln_id = text(vuln.get("id"))
    if not vuln_id or not component.name:
        raise ValueError("a vulnerability has no id or package name")
    is_license = text(vuln.get("type")) == "license"
    os_package = component.ecosystem in _OS_TYPES
    title = text(vuln.get("title")) or vuln_id
    if is_license:
        title = f"{text(vuln.get('license')) or title} license"
    return Finding(
        title=f"{title} in {component.name} {component.version or ''}".strip(),
        severity=_severity(vuln),
        category=Category.CONTAINER if os_package else Category.SCA,
        tool=tool,
        rule_id=vuln_id,
        description=_description(vuln),
        cvss=_cvss(vuln),
        cwes=cwe_ids(_mapping(vuln.get("identifiers")).get("CWE")),
        vulnerability_ids=() if is_license else _advisories(vuln),
        component=component,
        remediation=_remediation(vuln, component),
        references=_references(vuln, is_license),
        tags=_tags(vuln, is_license),
        raw=vuln,
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Any]:
    """A JSON array's items; anything else (null, a stray string) has none."""
    return value if isinstance(value, list) else []


def _path(vuln: Mapping[str, Any]) -> list[Any]:
    """``from``: the dependency path from the project to the vulnerable package."""
    return _items(vuln.get("from"))


def _severity(vuln: Mapping[str, Any]) -> Severity:
    word = text(vuln.get("severityWithCritical")) or text(vuln.get("severity"))
    if word.lower() in SEVERITY:
        return SEVERITY[word.lower()]
    score = vuln.get("cvssScore")
    if isinstance(score, int | float) and not isinstance(score, bool):
        return Severity.from_score(float(score))
    return Severity.INFO


def _cvss(vuln: Mapping[str, Any]) -> tuple[Cvss, ...]:
    vector = text(vuln.get("CVSSv3"))
    score = vuln.get("cvssScore")
    if not vector:
        return ()
    number = (
        float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
    )
    return (Cvss(cvss_version(vector, "3.0"), vector, number),)


def _advisories(vuln: Mapping[str, Any]) -> tuple[str, ...]:
    """Snyk's id first, then CVE and GHSA aliases, then other databases' ids (vendor
    advisories such as SUSE-SU-…); CWE ids are weaknesses, not advisories."""
    identifiers = _mapping(vuln.get("identifiers"))
    ordered = ["CVE", "GHSA", *sorted(k for k in identifiers if k not in ("CVE", "GHSA", "CWE"))]
    ids = [text(vuln.get("id"))]
    for kind in ordered:
        values = identifiers.get(kind)
        ids += (
            [advisory_id(v) for v in values if isinstance(v, str)]
            if isinstance(values, list)
            else []
        )
    ids += [advisory_id(v) for v in _items(vuln.get("alternativeIds")) if isinstance(v, str)]
    return unique(ids)


def _component(vuln: Mapping[str, Any], manifest: str) -> Component:
    manager = text(vuln.get("packageManager")).lower()
    name = text(vuln.get("name")) or text(vuln.get("packageName"))
    version = text(vuln.get("version")) or None
    distro = manager.partition(":")[0]
    fixed = [text(v) for v in _items(vuln.get("fixedIn")) if text(v)]
    fixed = fixed or [v for v in [text(vuln.get("nearestFixedInVersion"))] if v]
    if distro in DISTRIBUTION:
        purl_type, namespace = DISTRIBUTION[distro]
        # Container names read "source/binary" (gcc-10/libgcc-s1): the installed binary
        # package is what other scanners name.
        binary = name.rsplit("/", 1)[-1]
        purl = make_purl(purl_type, binary, version, namespace)
        return Component(binary, version, purl, purl_type, tuple(fixed), unique([manifest]))
    ecosystem = ECOSYSTEM.get(manager)
    return Component(
        name=name,
        version=version,
        purl=make_purl(ecosystem, name, version) if ecosystem else None,
        ecosystem=ecosystem,
        fixed_versions=tuple(fixed),
        paths=unique([manifest]),
    )


def _description(vuln: Mapping[str, Any]) -> str:
    path = [text(step) for step in _path(vuln) if isinstance(step, str)]
    introduced = f"Introduced through: {' > '.join(path)}" if len(path) > 1 else ""
    return "\n\n".join(unique([text(vuln.get("description")), introduced]))


def _remediation(vuln: Mapping[str, Any], component: Component) -> str:
    steps = []
    upgrade = _items(vuln.get("upgradePath"))
    direct = next((text(s) for s in upgrade if isinstance(s, str) and s), "")
    if vuln.get("isUpgradable") and direct:
        name, _, version = direct.rpartition("@")
        if name.rsplit("/", 1)[-1] == component.name:
            steps.append(f"Upgrade {component.name} to {version}.")
        else:
            steps.append(f"Upgrade {name} to {version}, which brings a fixed {component.name}.")
    if component.fixed_versions and not steps:
        steps.append(f"Fixed in {component.name} {', '.join(component.fixed_versions)}.")
    if vuln.get("isPatchable"):
        steps.append("A Snyk patch is available (snyk protect).")
    return " ".join(steps)


def _references(vuln: Mapping[str, Any], is_license: bool) -> tuple[str, ...]:
    links = [text(r.get("url")) for r in _items(vuln.get("references")) if isinstance(r, Mapping)]
    vuln_id = text(vuln.get("id"))
    if vuln_id and not is_license:
        links.insert(0, f"https://security.snyk.io/vuln/{vuln_id}")
    return unique(links)


def _tags(vuln: Mapping[str, Any], is_license: bool) -> tuple[str, ...]:
    tags = ["license" if is_license else "", "direct" if len(_path(vuln)) == 2 else "transitive"]
    if vuln.get("malicious"):
        tags.append("malicious")
    exploit = text(vuln.get("exploit"))
    if exploit and exploit not in ("Not Defined", "No Known Exploit", "No Data"):
        tags.append(f"exploit:{exploit.lower()}")
    return unique(tags)
