"""The lookups one SARIF 2.1.0 run needs to read its results: rules (driver and extensions,
by id, index or toolComponent reference), CWE taxonomies, artifacts, base URIs, message
strings and locations. Kept apart from ``sarif.py`` so the parser reads as result → Finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from vigil.ingest._common import cwe_ids, text, unique
from vigil.model import CodeLocation

#: "{0}" placeholders, and "{{"/"}}" which stand for literal braces in message templates.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\d+)\}")
_HAS_PLACEHOLDER = re.compile(r"\{\d+\}")
#: Embedded links "[text](3)" or "[text](https://…)"; SARIF escapes literal brackets as "\[".
_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_WINDOWS_DRIVE = re.compile(r"^/[A-Za-z]:/")
#: A tag that names a CWE ("external/cwe/cwe-079", "CWE-79: …"); "cwe2022-top25" does not.
_CWE_TAG = re.compile(r"cwe[-_ ]\d", re.IGNORECASE)
#: Results without any location are pinned to the analysed target as a whole.
WHOLE_TARGET = "."


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one: SARIF objects are mostly optional."""
    return value if isinstance(value, Mapping) else {}


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The JSON objects of a list, ignoring anything else."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    """The non-empty strings of a list (or a lone string)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return (
        [text(v) for v in value if isinstance(v, str) and v.strip()]
        if isinstance(value, list)
        else []
    )


def plain_message(template: str, arguments: list[Any] | None) -> str:
    """Fill "{n}" placeholders from ``arguments`` and reduce embedded links to their text."""
    if arguments is not None and _HAS_PLACEHOLDER.search(template):

        def fill(match: re.Match[str]) -> str:
            if match.group(1) is None:
                return match.group(0)[0]
            index = int(match.group(1))
            return text(arguments[index]) if index < len(arguments) else match.group(0)

        template = _PLACEHOLDER.sub(fill, template)
    template = _LINK.sub(lambda m: m.group(1), template)
    return template.replace("\\[", "[").replace("\\]", "]").strip()


@dataclass
class Run:
    """One ``runs[]`` entry with its rule, taxonomy and artifact indexes built once."""

    data: Mapping[str, Any]
    driver: Mapping[str, Any] = field(init=False)
    extensions: list[Mapping[str, Any]] = field(init=False)
    rules_by_id: dict[str, Mapping[str, Any]] = field(init=False)
    cwe_components: set[str] = field(init=False)

    def __post_init__(self) -> None:
        tool = mapping(self.data.get("tool"))
        self.driver = mapping(tool.get("driver"))
        self.extensions = objects(tool.get("extensions"))
        self.rules_by_id = {}
        for component in (self.driver, *self.extensions):
            for rule in objects(component.get("rules")):
                self.rules_by_id.setdefault(text(rule.get("id")), rule)
        # Taxonomies are named by name or guid; only CWE ones carry weakness ids.
        self.cwe_components = {"cwe"}
        for taxonomy in (
            *objects(self.data.get("taxonomies")),
            *objects(self.driver.get("supportedTaxonomies")),
        ):
            if text(taxonomy.get("name")).lower() == "cwe" and text(taxonomy.get("guid")):
                self.cwe_components.add(text(taxonomy.get("guid")).lower())

    # -- rules ---------------------------------------------------------------------------

    def component(self, reference: Mapping[str, Any]) -> Mapping[str, Any]:
        """The toolComponent a reference points at: an extension by index, name or guid."""
        if not reference:
            return self.driver
        index = reference.get("index")
        if isinstance(index, int) and 0 <= index < len(self.extensions):
            return self.extensions[index]
        for candidate in (self.driver, *self.extensions):
            if reference.get("name") and candidate.get("name") == reference.get("name"):
                return candidate
            if reference.get("guid") and candidate.get("guid") == reference.get("guid"):
                return candidate
        return self.driver

    def rule_of(self, result: Mapping[str, Any]) -> Mapping[str, Any]:
        """The reportingDescriptor of a result, from ``rule``, ``ruleIndex`` or ``ruleId``."""
        reference = mapping(result.get("rule"))
        component = self.component(mapping(reference.get("toolComponent")))
        rules = objects(component.get("rules"))
        index = reference.get("index", result.get("ruleIndex"))
        if isinstance(index, int) and 0 <= index < len(rules):
            return rules[index]
        rule_id = text(result.get("ruleId")) or text(reference.get("id"))
        if rule_id in self.rules_by_id:
            return self.rules_by_id[rule_id]
        # Hierarchical ids ("CA2000/1") name a sub-rule of a declared rule.
        return self.rules_by_id.get(rule_id.split("/", 1)[0], {})

    def rule_named_in(self, message: str) -> Mapping[str, Any]:
        """A rule whose id opens ``message``: how Gitleaks 7 names the rule of a result."""
        best: Mapping[str, Any] = {}
        for rule_id, rule in self.rules_by_id.items():
            if rule_id and message.startswith(rule_id) and len(rule_id) > len(text(best.get("id"))):
                best = rule
        return best

    # -- text ----------------------------------------------------------------------------

    def message(self, message: Mapping[str, Any], rule: Mapping[str, Any]) -> str:
        """A message object as plain text: its text, or the rule's message string by id."""
        arguments = message.get("arguments")
        args = arguments if isinstance(arguments, list) else None
        template = text(message.get("text"))
        if not template and message.get("id"):
            key = text(message.get("id"))
            for table in (rule.get("messageStrings"), self.driver.get("globalMessageStrings")):
                found = mapping(mapping(table).get(key))
                if found:
                    template = text(found.get("text")) or text(found.get("markdown"))
                    args = args or []
                    break
        if not template:
            template = text(message.get("markdown"))
        return plain_message(template, args)

    # -- weaknesses ----------------------------------------------------------------------

    def cwes(self, rule: Mapping[str, Any], result: Mapping[str, Any]) -> tuple[int, ...]:
        """CWE numbers from tags, ``cwe`` properties, relationships and taxa of rule and result."""
        found: list[object] = []
        for owner in (rule, result):
            properties = mapping(owner.get("properties"))
            found.extend(tag for tag in strings(properties.get("tags")) if _CWE_TAG.search(tag))
            found.extend(strings(properties.get("cwe")))
        references = [mapping(r.get("target")) for r in objects(rule.get("relationships"))]
        references += objects(result.get("taxa"))
        for reference in references:
            component = mapping(reference.get("toolComponent"))
            names = {text(component.get("name")).lower(), text(component.get("guid")).lower()}
            if names & self.cwe_components:
                ident = text(reference.get("id"))
                found.append(ident if ident.upper().startswith("CWE") else f"CWE-{ident}")
        return cwe_ids(*found)

    # -- locations -----------------------------------------------------------------------

    def artifact_uri(self, artifact: Mapping[str, Any]) -> str:
        """An artifactLocation as a path: decoded, its uriBaseId resolved when relative."""
        uri = text(artifact.get("uri"))
        base = text(artifact.get("uriBaseId"))
        index = artifact.get("index")
        artifacts = objects(self.data.get("artifacts"))
        if not uri and isinstance(index, int) and 0 <= index < len(artifacts):
            listed = mapping(artifacts[index].get("location"))
            uri, base = text(listed.get("uri")), base or text(listed.get("uriBaseId"))
        return _uri_path(self._resolve_base(uri, base))

    def _resolve_base(self, uri: str, base: str) -> str:
        # Absolute bases (file:///home/ci/…) are the scanning machine's: the path relative
        # to them is what stays stable. Relative bases are part of the path and are joined.
        bases = mapping(self.data.get("originalUriBaseIds"))
        for _ in range(8):
            if not base or _SCHEME.match(uri) or uri.startswith("/"):
                break
            entry = mapping(bases.get(base))
            prefix = text(entry.get("uri"))
            if not prefix or _SCHEME.match(prefix) or prefix.startswith("/"):
                break
            uri = prefix.rstrip("/") + "/" + uri
            base = text(entry.get("uriBaseId"))
        return uri

    def location(self, result: Mapping[str, Any]) -> CodeLocation:
        """The primary location of a result; the analysis target when it has none."""
        for location in objects(result.get("locations")):
            physical = mapping(location.get("physicalLocation"))
            path = self.artifact_uri(mapping(physical.get("artifactLocation")))
            if path:
                return _code_location(path, physical)
            logical = objects(location.get("logicalLocations"))
            name = next(
                (text(ll.get("fullyQualifiedName") or ll.get("name")) for ll in logical), ""
            )
            if name:
                return CodeLocation(path=name)
        target = self.artifact_uri(mapping(result.get("analysisTarget")))
        return CodeLocation(path=target or WHOLE_TARGET)

    def related_paths(self, result: Mapping[str, Any]) -> Iterator[str]:
        """Every path a result's locations name (for a component's paths)."""
        for location in objects(result.get("locations")):
            path = self.artifact_uri(
                mapping(mapping(location.get("physicalLocation")).get("artifactLocation"))
            )
            if path:
                yield path


def _uri_path(uri: str) -> str:
    if not uri.lower().startswith("file:"):
        return unquote(uri)
    parts = urlsplit(uri)
    path = unquote(parts.path)
    if parts.netloc:
        return f"//{parts.netloc}{path}"
    if _WINDOWS_DRIVE.match(path):
        return path[1:]
    return re.sub(r"^/+", "/", path)


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _code_location(path: str, physical: Mapping[str, Any]) -> CodeLocation:
    region = mapping(physical.get("region"))
    start = _positive(region.get("startLine"))
    end = _positive(region.get("endLine"))
    given = mapping(region.get("snippet")).get("text")
    snippet = given if isinstance(given, str) and given.strip() else None
    if snippet is None and start is not None:
        snippet = _from_context(mapping(physical.get("contextRegion")), start, end or start)
    return CodeLocation(
        path=path,
        start_line=start,
        end_line=end,
        start_column=_positive(region.get("startColumn")),
        end_column=_positive(region.get("endColumn")),
        snippet=snippet,
    )


def _from_context(context: Mapping[str, Any], start: int, end: int) -> str | None:
    """The region's own lines cut out of the wider contextRegion snippet (CodeQL gives only
    that), so the snippet does not change when neighbouring lines do."""
    first = _positive(context.get("startLine"))
    body = mapping(context.get("snippet")).get("text")
    if first is None or not isinstance(body, str) or not first <= start <= end:
        return None
    lines = body.split("\n")[start - first : end - first + 1]
    joined = "\n".join(lines)
    return joined if joined.strip() else None


def rule_text(rule: Mapping[str, Any], key: str) -> str:
    """``rule[key].text`` (shortDescription, fullDescription, help) as a stripped string."""
    return text(mapping(rule.get(key)).get("text"))


def tags_of(*owners: Mapping[str, Any]) -> tuple[str, ...]:
    """``properties.tags`` of rule and result, in order, without duplicates."""
    return unique(
        [tag for owner in owners for tag in strings(mapping(owner.get("properties")).get("tags"))]
    )
