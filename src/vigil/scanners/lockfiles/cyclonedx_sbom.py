"""CycloneDX SBOMs (JSON and XML, specification 1.2-1.6) as a dependency source, so that
``vigil scan`` re-matches an SBOM's components against today's advisories.

Components (nested ones too) with a ``purl`` become dependencies; those without one (files,
the operating system, an application without a package URL) cannot be matched and are left
out. Licences come from ``licenses[]`` (``license.id``, ``license.name`` or ``expression``;
several are read as a choice). When the BOM has a ``dependencies`` graph, what the described
product (``metadata.component``) depends on is direct and every other component gets its
shortest path from it. ``scope: optional`` or ``excluded`` marks a development dependency.

Tested on BOMs written by vigil itself, cyclonedx-py 7.5 (1.6 JSON, 1.5 XML), Trivy (1.5,
1.6), jake (cyclonedx-python-lib, 1.4 JSON and XML) and Grype (1.4). A JSON file that is not a
CycloneDX BOM yields nothing (SPDX documents share the ``sbom*.json`` name); XML is parsed with
defusedxml.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._license import any_of
from vigil.scanners.lockfiles._sbom import (
    Package,
    dependencies,
    load_json,
    read_bytes,
    source_name,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_OWN_PATTERNS = ("*.cdx.json", "*.cdx.xml", "bom.json", "bom.xml", "*.cyclonedx.json")
_DEV_SCOPES = ("optional", "excluded")


class CycloneDxSbomReader(DependencyReader):
    """A CycloneDX SBOM, JSON or XML."""

    id: ClassVar[str] = "cyclonedx-sbom"
    label: ClassVar[str] = "CycloneDX SBOM"
    ecosystem: ClassVar[str] = "(any)"
    patterns: ClassVar[tuple[str, ...]] = (
        *_OWN_PATTERNS,
        "*.cyclonedx.xml",
        "*.bom.json",
        "*.bom.xml",
        "sbom*.json",
        "sbom*.xml",
        "*-sbom.json",
        "*.sbom.json",
        "*_sbom.json",
    )

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        data = read_bytes(path)
        bom = _xml_bom(path, data) if data.lstrip()[:1] == b"<" else _json_bom(path, data)
        if bom is None:
            return
        source = source_name(path, root)
        packages: list[Package] = []
        _collect(path, bom.get("components"), packages)
        subject = bom.get("metadata", {}).get("component")
        root_ref = subject.get("bom-ref") if isinstance(subject, dict) else None
        graph = _graph(path, bom.get("dependencies"))
        roots = [root_ref] if graph is not None and root_ref in graph else None
        yield from dependencies(packages, graph or {}, roots, source)


def _json_bom(path: Path, data: bytes) -> dict[str, Any] | None:
    doc = load_json(path, data, _OWN_PATTERNS)
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        if any(path.match(p) for p in _OWN_PATTERNS) and doc is not None:
            raise ScanError(str(path), "no bomFormat 'CycloneDX': not a CycloneDX BOM")
        return None
    metadata = doc.get("metadata", {})
    if not isinstance(metadata, dict):
        raise ScanError(str(path), "'metadata' is not an object")
    return doc


def _collect(path: Path, components: object, into: list[Package]) -> None:
    if components is None:
        return
    if not isinstance(components, list):
        raise ScanError(str(path), "'components' is not a list")
    for component in components:
        if not isinstance(component, dict):
            raise ScanError(str(path), "a component that is not an object")
        purl = component.get("purl")
        if isinstance(purl, str) and purl.startswith("pkg:"):
            ref = component.get("bom-ref")
            into.append(
                Package(
                    key=ref if isinstance(ref, str) and ref else purl,
                    purl=purl,
                    license=_licence(component.get("licenses")),
                    dev=component.get("scope") in _DEV_SCOPES,
                )
            )
        _collect(path, component.get("components"), into)


def _licence(licenses: object) -> str | None:
    if not isinstance(licenses, list):
        return None
    found = []
    for choice in licenses:
        if not isinstance(choice, dict):
            continue
        if isinstance(choice.get("expression"), str):
            found.append(choice["expression"])
        elif isinstance(choice.get("license"), dict):
            licence = choice["license"]
            text = licence.get("id") or licence.get("name")
            if isinstance(text, str) and text:
                found.append(text)
    return any_of(found)


def _graph(path: Path, entries: object) -> dict[str, list[str]] | None:
    if entries is None:
        return None
    if not isinstance(entries, list):
        raise ScanError(str(path), "'dependencies' is not a list")
    graph: dict[str, list[str]] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("ref"), str):
            raise ScanError(str(path), "a dependencies entry without a 'ref'")
        needs = entry.get("dependsOn") or []
        if not isinstance(needs, list):
            raise ScanError(str(path), f"{entry['ref']}: 'dependsOn' is not a list")
        graph.setdefault(entry["ref"], []).extend(str(n) for n in needs)
    return graph


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _kids(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if _local(c) == name]


def _kid_text(element: Element, name: str) -> str | None:
    found = _kids(element, name)
    return (found[0].text or "").strip() or None if found else None


def _xml_bom(path: Path, data: bytes) -> dict[str, Any] | None:
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise ScanError(str(path), f"not valid XML: {exc}") from None
    if _local(root) != "bom" or "cyclonedx.org/schema/bom" not in root.tag:
        return None
    metadata = next(iter(_kids(root, "metadata")), None)
    subject = next(iter(_kids(metadata, "component")), None)
    deps = next(iter(_kids(root, "dependencies")), None)
    return {
        "metadata": {"component": _xml_component(subject) if subject is not None else None},
        "components": [_xml_component(c) for c in _components(root)],
        "dependencies": None
        if deps is None
        else [
            {"ref": d.get("ref", ""), "dependsOn": [k.get("ref", "") for k in d]}
            for d in _kids(deps, "dependency")
        ],
    }


def _components(element: Element) -> list[Element]:
    return [c for holder in _kids(element, "components") for c in _kids(holder, "component")]


def _xml_component(element: Element) -> dict[str, Any]:
    licenses: list[dict[str, Any]] = []
    for holder in _kids(element, "licenses"):
        for choice in holder:
            if _local(choice) == "expression":
                licenses.append({"expression": (choice.text or "").strip()})
            elif _local(choice) == "license":
                text = _kid_text(choice, "id") or _kid_text(choice, "name")
                licenses.append({"license": {"name": text}})
    return {
        "bom-ref": element.get("bom-ref"),
        "purl": _kid_text(element, "purl"),
        "scope": _kid_text(element, "scope"),
        "licenses": licenses,
        "components": [_xml_component(c) for c in _components(element)],
    }
