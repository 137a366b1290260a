"""SPDX 2.2 and 2.3 documents (JSON and tag-value) as a dependency source, so that
``vigil scan`` re-matches an SBOM's packages against today's advisories.

Packages with an ``externalRefs`` entry of type ``purl`` become dependencies (packages
without one cannot be matched). The licence is ``licenseConcluded``, else ``licenseDeclared``
(``NOASSERTION`` counts as none). Relationships give the graph: ``A DEPENDS_ON B``,
``A CONTAINS B`` and ``B *_DEPENDENCY_OF A`` are edges A → B; what the document ``DESCRIBES``
is the root, and what it needs is direct. A package reached only through
``DEV_DEPENDENCY_OF`` or ``TEST_DEPENDENCY_OF`` is a development dependency.

Tested on the SPDX specification's own 2.2 and 2.3 examples (JSON and tag-value) and on
sbom4python 0.12.6 documents (2.3 JSON and tag-value); also tried on a 535-package Trivy 0.67
tag-value document of a container image (not kept: its repository has no licence). A JSON file
that is not SPDX yields nothing (CycloneDX BOMs share the ``sbom*.json`` name).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._sbom import (
    Package,
    dependencies,
    load_json,
    read_bytes,
    source_name,
)
from vigil.scanners.lockfiles.interface import DependencyReader

_OWN_PATTERNS = ("*.spdx.json", "*.spdx")
_VERSIONS = ("SPDX-2.2", "SPDX-2.3")
_FORWARD = frozenset({"DEPENDS_ON", "CONTAINS"})
_DEV_KINDS = frozenset({"DEV_DEPENDENCY_OF", "TEST_DEPENDENCY_OF"})
_NO_LICENCE = frozenset({"", "NOASSERTION", "NONE"})


class SpdxSbomReader(DependencyReader):
    """An SPDX 2.2/2.3 document, JSON or tag-value."""

    id: ClassVar[str] = "spdx-sbom"
    label: ClassVar[str] = "SPDX SBOM"
    ecosystem: ClassVar[str] = "(any)"
    patterns: ClassVar[tuple[str, ...]] = (
        *_OWN_PATTERNS,
        "sbom*.json",
        "*-sbom.json",
        "*.sbom.json",
        "*_sbom.json",
    )

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        data = read_bytes(path)
        if path.name.endswith(".spdx"):
            doc: Any = tag_value_document(path, data)
        else:
            doc = load_json(path, data, _OWN_PATTERNS)
            if not isinstance(doc, dict) or "spdxVersion" not in doc:
                if path.name.endswith(".spdx.json") and doc is not None:
                    raise ScanError(str(path), "no spdxVersion: not an SPDX document")
                return
        version = doc.get("spdxVersion")
        if version not in _VERSIONS:
            raise ScanError(str(path), f"SPDX version {version!r} is not read (2.2 and 2.3 are)")
        source = source_name(path, root)
        yield from _dependencies(path, doc, source)


def _dependencies(path: Path, doc: dict[str, Any], source: str) -> Iterator[Dependency]:
    packages = doc.get("packages") or []
    relationships = doc.get("relationships") or []
    if not isinstance(packages, list) or not isinstance(relationships, list):
        raise ScanError(str(path), "'packages' and 'relationships' must be lists")
    graph: dict[str, list[str]] = {}
    dev_edges: set[str] = set()
    roots: list[str] = [str(r) for r in doc.get("documentDescribes") or []]
    has_graph = False
    for rel in relationships:
        if not isinstance(rel, dict):
            raise ScanError(str(path), "a relationship that is not an object")
        a, kind, b = (str(rel.get(k, "")) for k in _REL_KEYS)
        if kind == "DESCRIBES" and a == doc.get("SPDXID", "SPDXRef-DOCUMENT"):
            roots.append(b)
        elif kind == "DESCRIBED_BY":
            roots.append(a)
        elif kind in _FORWARD:
            graph.setdefault(a, []).append(b)
            has_graph = True
        elif kind.endswith("_DEPENDENCY_OF") or kind == "DEPENDENCY_OF":
            graph.setdefault(b, []).append(a)
            has_graph = True
            if kind in _DEV_KINDS:
                dev_edges.add(a)
    found = [_package(path, p, dev_edges) for p in packages]
    usable = [p for p in found if p is not None]
    yield from dependencies(usable, graph, roots if has_graph and roots else None, source)


_REL_KEYS = ("spdxElementId", "relationshipType", "relatedSpdxElement")


def _package(path: Path, entry: object, dev: set[str]) -> Package | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("SPDXID"), str):
        raise ScanError(str(path), "a package without an SPDXID")
    refs = entry.get("externalRefs") or []
    if not isinstance(refs, list):
        raise ScanError(str(path), f"{entry['SPDXID']}: 'externalRefs' is not a list")
    purls = [
        r.get("referenceLocator")
        for r in refs
        if isinstance(r, dict) and r.get("referenceType") == "purl"
    ]
    purl = next((p for p in purls if isinstance(p, str) and p.startswith("pkg:")), None)
    if purl is None:
        return None
    licence = next(
        (
            str(entry[k])
            for k in ("licenseConcluded", "licenseDeclared")
            if isinstance(entry.get(k), str) and str(entry[k]).strip().upper() not in _NO_LICENCE
        ),
        None,
    )
    return Package(entry["SPDXID"], purl, licence, entry["SPDXID"] in dev)


def tag_value_document(path: Path, data: bytes) -> dict[str, Any]:
    """The parts of a tag-value document the reader needs, shaped like SPDX JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScanError(str(path), "not UTF-8 text: not an SPDX tag-value document") from None
    doc: dict[str, Any] = {"packages": [], "relationships": []}
    package: dict[str, Any] | None = None
    for tag, value in _tags(text):
        if tag == "SPDXVersion":
            doc["spdxVersion"] = value
        elif tag == "PackageName":
            package = {"name": value, "externalRefs": []}
            doc["packages"].append(package)
        elif tag in ("FileName", "SnippetSPDXID"):
            package = None  # what follows describes a file or snippet, not the package
        elif tag == "SPDXID":
            if package is not None:
                package["SPDXID"] = value
            elif "SPDXID" not in doc:
                doc["SPDXID"] = value
        elif tag == "ExternalRef" and package is not None:
            category, kind, locator = ([*value.split(None, 2), "", ""])[:3]
            package["externalRefs"].append(
                {"referenceCategory": category, "referenceType": kind, "referenceLocator": locator}
            )
        elif tag in ("PackageLicenseConcluded", "PackageLicenseDeclared") and package is not None:
            package["licenseConcluded" if tag.endswith("Concluded") else "licenseDeclared"] = value
        elif tag == "Relationship":
            parts = value.split()
            if len(parts) == 3:
                doc["relationships"].append(dict(zip(_REL_KEYS, parts, strict=True)))
    if "spdxVersion" not in doc:
        raise ScanError(str(path), "no SPDXVersion tag: not an SPDX tag-value document")
    return doc


def _tags(text: str) -> Iterator[tuple[str, str]]:
    lines = iter(text.splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
            continue
        tag, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("<text>"):
            # Multi-line values run to </text>; their lines are never tags.
            while "</text>" not in value:
                more = next(lines, None)
                if more is None:
                    break
                value += "\n" + more
            value = value.removeprefix("<text>").split("</text>", 1)[0]
        yield tag.strip(), value.strip()
