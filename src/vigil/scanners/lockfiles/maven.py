"""Maven's ``pom.xml``: the dependencies a project declares, versions resolved from the POM
itself.

A POM is a manifest, not a lockfile: what it names is direct, and its transitive dependencies
are not in it (paths are empty). Versions come from ``<version>`` with ``${…}`` expanded from
the POM's own ``<properties>`` and ``project.*`` values (``project.version`` falls back to the
parent's, as Maven does), or from the POM's ``<dependencyManagement>`` when ``<version>`` is
absent. A version that stays unknown (set by a parent POM or an imported BOM, which are not
fetched) or that is a range (``[1.0,2.0)``) is reported as "". ``<scope>test</scope>`` is dev;
``import``-scoped BOMs are not dependencies. Profiles' dependencies are not read.

Model versions 4.0.0 (Maven 2 and 3) and 4.1.0 (Maven 4) are read; any other is refused. Parsed
with defusedxml (no entities, no external DTDs). Tested on a real POM (Apache Commons Text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.interface import DependencyReader

_MODEL_VERSIONS = ("4.0.0", "4.1.0")
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_MAX_EXPANSIONS = 10  # properties that refer to properties, a few levels deep at most


def _strip_namespaces(element: Element) -> Element:
    for node in element.iter():
        node.tag = node.tag.rpartition("}")[2]
    return element


def _text(element: Element | None, child: str) -> str:
    found = element.find(child) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _properties(project: Element) -> dict[str, str]:
    parent = project.find("parent")
    props = {
        "project.groupId": _text(project, "groupId") or _text(parent, "groupId"),
        "project.artifactId": _text(project, "artifactId"),
        "project.version": _text(project, "version") or _text(parent, "version"),
        "project.parent.groupId": _text(parent, "groupId"),
        "project.parent.version": _text(parent, "version"),
    }
    # Maven 2 spellings still found in old POMs.
    props["pom.version"] = props["version"] = props["project.version"]
    props["pom.groupId"] = props["groupId"] = props["project.groupId"]
    declared = project.find("properties")
    for node in declared if declared is not None else ():
        props[node.tag] = (node.text or "").strip()
    return props


def _expand(value: str, props: dict[str, str]) -> str:
    """``value`` with its ``${…}`` replaced; "" when one is not defined in this POM."""
    for _ in range(_MAX_EXPANSIONS):
        if "${" not in value:
            return value
        names = _PROPERTY.findall(value)
        if any(n not in props for n in names):
            return ""
        value = _PROPERTY.sub(lambda m: props[m.group(1)], value)
    return ""  # a cycle, or deeper than any real POM goes


def _exact(version: str) -> str:
    """A version range (``[1.0,2.0)``, ``(,1.5]``) names no one version."""
    return "" if any(c in version for c in "[](),") else version


def _parse(path: Path) -> Element:
    try:
        project = _strip_namespaces(fromstring(path.read_bytes()))
    except (OSError, ParseError, DefusedXmlException) as exc:
        raise ScanError(str(path), f"not a readable POM: {exc}") from exc
    if project.tag != "project":
        raise ScanError(str(path), f"root element is <{project.tag}>, not <project>")
    model = _text(project, "modelVersion")
    if model not in _MODEL_VERSIONS:
        raise ScanError(str(path), f"POM modelVersion {model!r} is not one of 4.0.0, 4.1.0")
    return project


class PomReader(DependencyReader):
    """``pom.xml``: declared Maven dependencies, properties and managed versions resolved."""

    id: ClassVar[str] = "maven-pom"
    label: ClassVar[str] = "Maven pom.xml"
    ecosystem: ClassVar[str] = "maven"
    patterns: ClassVar[tuple[str, ...]] = ("pom.xml",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        project = _parse(path)
        props = _properties(project)
        managed = {
            (_expand(_text(d, "groupId"), props), _expand(_text(d, "artifactId"), props)): _expand(
                _text(d, "version"), props
            )
            for d in project.findall("dependencyManagement/dependencies/dependency")
        }
        source = path.relative_to(root).as_posix()
        for dep in project.findall("dependencies/dependency"):
            group = _expand(_text(dep, "groupId"), props)
            artifact = _expand(_text(dep, "artifactId"), props)
            if not group or not artifact:
                raise ScanError(str(path), "a <dependency> without groupId and artifactId")
            scope = _expand(_text(dep, "scope"), props) or "compile"
            if scope == "import":
                continue
            declared = _text(dep, "version")
            raw = _expand(declared, props) if declared else managed.get((group, artifact), "")
            version = _exact(raw)
            yield Dependency(
                ecosystem="maven",
                name=f"{group}:{artifact}",
                version=version,
                purl=PackageURL("maven", group, artifact, version or None).to_string(),
                source=source,
                direct=True,
                dev=scope == "test",
            )
