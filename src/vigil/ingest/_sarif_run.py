"""The lookups one SARIF 2.1.0 run needs to read its results: rules (driver and extensions,
by id, index or toolComponent reference), CWE taxonomies, artifacts, base URIs, message
strings and locations. Kept apart from ``sarif.py`` so the parser reads as result → Finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
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
#: The rule of a result that names none that the run declares. One shared object, so that
#: what is worked out per rule (keyed by identity) is worked out once for all such results.
NO_RULE: Mapping[str, Any] = MappingProxyType({})


# The code run for every result inlines mapping() and text() for the usual types, as
# ``v if type(v) is dict else mapping(v)`` and ``v.strip() if type(v) is str else text(v)``:
# on a log of 100,000 results the calls alone would cost a good share of the time.


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one: SARIF objects are mostly optional."""
    # Decoded JSON objects are dicts, absent ones None: exact tests spare the slow ABC check.
    if type(value) is dict:
        return value
    if value is None:
        return {}
    return value if isinstance(value, Mapping) else {}


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The JSON objects of a list, ignoring anything else."""
    if not isinstance(value, list):
        return []
    return [item for item in value if type(item) is dict or isinstance(item, Mapping)]


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
    # Most messages have no placeholder, link or escape: the cheap "in" tests skip the regexes.
    if arguments is not None and "{" in template and _HAS_PLACEHOLDER.search(template):

        def fill(match: re.Match[str]) -> str:
            if match.group(1) is None:
                return match.group(0)[0]
            index = int(match.group(1))
            return text(arguments[index]) if index < len(arguments) else match.group(0)

        template = _PLACEHOLDER.sub(fill, template)
    if "[" in template:
        template = _LINK.sub(_link_text, template)
    if "\\" in template:
        template = template.replace("\\[", "[").replace("\\]", "]")
    return template.strip()


def _link_text(match: re.Match[str]) -> str:
    return match.group(1)


@dataclass
class Run:
    """One ``runs[]`` entry with its rule, taxonomy and artifact indexes built once."""

    data: Mapping[str, Any]
    driver: Mapping[str, Any] = field(init=False)
    extensions: list[Mapping[str, Any]] = field(init=False)
    #: The rules of the driver, then of each extension (a toolComponent's position).
    component_rules: list[list[Mapping[str, Any]]] = field(init=False)
    rules_by_id: dict[str, Mapping[str, Any]] = field(init=False)
    cwe_components: set[str] = field(init=False)
    artifacts: list[Mapping[str, Any]] = field(init=False)
    #: (uri, uriBaseId) → the uri with its relative bases joined: many results share a file.
    _resolved: dict[tuple[str, str], str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        tool = mapping(self.data.get("tool"))
        self.driver = mapping(tool.get("driver"))
        self.extensions = objects(tool.get("extensions"))
        self.component_rules = [
            objects(component.get("rules")) for component in (self.driver, *self.extensions)
        ]
        self.rules_by_id = {}
        for rules in self.component_rules:
            for rule in rules:
                self.rules_by_id.setdefault(text(rule.get("id")), rule)
        self.artifacts = objects(self.data.get("artifacts"))
        # Taxonomies are named by name or guid; only CWE ones carry weakness ids.
        self.cwe_components = {"cwe"}
        for taxonomy in (
            *objects(self.data.get("taxonomies")),
            *objects(self.driver.get("supportedTaxonomies")),
        ):
            if text(taxonomy.get("name")).lower() == "cwe" and text(taxonomy.get("guid")):
                self.cwe_components.add(text(taxonomy.get("guid")).lower())

    # -- rules ---------------------------------------------------------------------------

    def component_position(self, reference: Mapping[str, Any]) -> int:
        """The toolComponent a reference points at (an extension by index, name or guid), as
        its position in ``component_rules``: 0 for the driver."""
        if not reference:
            return 0
        index = reference.get("index")
        if isinstance(index, int) and 0 <= index < len(self.extensions):
            return index + 1
        for position, candidate in enumerate((self.driver, *self.extensions)):
            if reference.get("name") and candidate.get("name") == reference.get("name"):
                return position
            if reference.get("guid") and candidate.get("guid") == reference.get("guid"):
                return position
        return 0

    def rule_of(
        self, result: Mapping[str, Any], reference: Mapping[str, Any], rule_id: str
    ) -> Mapping[str, Any]:
        """The reportingDescriptor of a result, from its ``rule`` reference (given, as the
        caller reads it anyway), ``ruleIndex`` or its rule id; NO_RULE if none is declared."""
        if reference:
            rules = self.component_rules[
                self.component_position(mapping(reference.get("toolComponent")))
            ]
            index = reference.get("index", result.get("ruleIndex"))
        else:
            rules = self.component_rules[0]
            index = result.get("ruleIndex")
        if isinstance(index, int) and 0 <= index < len(rules):
            return rules[index]
        rule = self.rules_by_id.get(rule_id)
        if rule is None:
            # Hierarchical ids ("CA2000/1") name a sub-rule of a declared rule.
            rule = self.rules_by_id.get(rule_id.split("/", 1)[0], NO_RULE)
        return rule

    def rule_named_in(self, message: str) -> Mapping[str, Any]:
        """A rule whose id opens ``message``: how Gitleaks 7 names the rule of a result."""
        best: Mapping[str, Any] = NO_RULE
        for rule_id, rule in self.rules_by_id.items():
            if rule_id and message.startswith(rule_id) and len(rule_id) > len(text(best.get("id"))):
                best = rule
        return best

    # -- text ----------------------------------------------------------------------------

    def message(self, message: Mapping[str, Any], rule: Mapping[str, Any]) -> str:
        """A message object as plain text: its text, or the rule's message string by id."""
        arguments = message.get("arguments")
        args = arguments if isinstance(arguments, list) else None
        template = message.get("text")
        template = template.strip() if type(template) is str else text(template)
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
        # Most messages are plain (no placeholder, link or escape; text() stripped them).
        if "[" in template or "\\" in template or (args is not None and "{" in template):
            return plain_message(template, args)
        return template

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
        uri, base = artifact.get("uri"), artifact.get("uriBaseId")
        uri = uri.strip() if type(uri) is str else text(uri)
        base = text(base) if base is not None else ""
        if not uri:
            index = artifact.get("index")
            if isinstance(index, int) and 0 <= index < len(self.artifacts):
                listed = mapping(self.artifacts[index].get("location"))
                uri, base = text(listed.get("uri")), base or text(listed.get("uriBaseId"))
        if base:
            resolved = self._resolved.get((uri, base))
            if resolved is None:
                resolved = self._resolved[uri, base] = self._resolve_base(uri, base)
            uri = resolved
        if not uri.lower().startswith("file:"):
            # unquote returns a string without "%" as it is; the test spares the call.
            return unquote(uri) if "%" in uri else uri
        return _file_uri_path(uri)

    def _resolve_base(self, uri: str, base: str) -> str:
        # Absolute bases (file:///home/ci/…) are the scanning machine's: the path relative
        # to them is what stays stable. Relative bases are part of the path and are joined.
        # Without a base there is nothing to join: artifact_uri does not call this then.
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
        locations = result.get("locations")
        for location in locations if isinstance(locations, list) else ():
            if type(location) is not dict and not isinstance(location, Mapping):
                continue  # (objects(), inlined: this runs once per result)
            physical = location.get("physicalLocation")
            physical = physical if type(physical) is dict else mapping(physical)
            artifact = physical.get("artifactLocation")
            path = self.artifact_uri(artifact if type(artifact) is dict else mapping(artifact))
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


@lru_cache(maxsize=1024)
def _file_uri_path(uri: str) -> str:
    """A file: URI as a path. Cached: urlsplit is slow, and results name the same files."""
    parts = urlsplit(uri)
    path = unquote(parts.path)
    if parts.netloc:
        return f"//{parts.netloc}{path}"
    if _WINDOWS_DRIVE.match(path):
        return path[1:]
    return re.sub(r"^/+", "/", path)


def _positive(value: Any) -> int | None:
    # A JSON number is an int or a float, and true is not a line: hence the exact type test.
    return value if type(value) is int and value > 0 else None


def _code_location(path: str, physical: Mapping[str, Any]) -> CodeLocation:
    region = physical.get("region")
    region = region if type(region) is dict else mapping(region)
    # _positive, inlined: four calls per result are a noticeable share of a large log.
    start, end = region.get("startLine"), region.get("endLine")
    start = start if type(start) is int and start > 0 else None
    end = end if type(end) is int and end > 0 else None
    start_column, end_column = region.get("startColumn"), region.get("endColumn")
    start_column = start_column if type(start_column) is int and start_column > 0 else None
    end_column = end_column if type(end_column) is int and end_column > 0 else None
    given = region.get("snippet")
    given = (given if type(given) is dict else mapping(given)).get("text")
    snippet = given if isinstance(given, str) and given.strip() else None
    if snippet is None and start is not None:
        snippet = _from_context(mapping(physical.get("contextRegion")), start, end or start)
    return CodeLocation(path, start, end, start_column, end_column, snippet)


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
