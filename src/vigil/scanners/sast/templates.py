"""Jinja2 and Django templates of the scanned tree: which context variables a template prints
without escaping (``{{ x|safe }}``, inside ``{% autoescape false %}``/``off``).

A view rendering request data into such a variable is cross-site scripting even though the
render call itself autoescapes. Templates are read lazily, once, when a render call names one.
"""

from __future__ import annotations

import re
from pathlib import Path

#: File suffixes read as templates.
TEMPLATE_SUFFIXES = frozenset({".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".tpl"})
#: Larger files are not hand-written templates.
MAX_TEMPLATE_BYTES = 1_000_000

_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_]\w*")
_FOR = re.compile(r"for\s+([\w\s,()]+?)\s+in\s+([A-Za-z_]\w*)")
_WITH = re.compile(r"(?:with|set)\s+([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)")
_AUTOESCAPE = re.compile(r"autoescape\s+(\w+)")
#: Filters whose output is escaped again (or is no markup): a later ``safe`` marks safe text.
_ESCAPING_FILTERS = frozenset(
    {"e", "escape", "force_escape", "striptags", "urlencode", "tojson", "escapejs",
     "json_script", "length", "count", "int", "float", "wordcount", "filesizeformat"}
)  # fmt: skip


#: Filters giving JavaScript-safe text (a JSON literal, a number, escaped JS string content).
_JS_SAFE_FILTERS = frozenset(
    {"escapejs", "tojson", "json_script", "int", "float", "length", "count", "wordcount",
     "filesizeformat"}
)  # fmt: skip


def raw_names(text: str) -> frozenset[str]:
    """The context variables ``text`` prints unescaped: the root name of each such
    expression, followed back through ``{% for x in xs %}`` and ``{% with a=b %}`` to the
    variable the view passed. HTML escaping does not protect a value printed as code in a
    ``<script>`` element (outside a quoted JavaScript string), so those count too."""
    aliases: dict[str, str] = {}
    escaping: list[bool] = [True]
    raw: set[str] = set()
    in_script = False
    end = 0
    for match in _TAG.finditer(text):
        between = text[end : match.start()]
        in_script = _script_state(between, in_script)
        end = match.end()
        statement, expression = match.group(1), match.group(2)
        if statement is not None:
            _statement(statement, aliases, escaping)
            continue
        as_code = in_script and not _in_js_string(text, match.start())
        root = _unescaped_root(expression, escaping[-1], as_code)
        if root is not None:
            raw.add(_origin(root, aliases))
    return frozenset(raw)


def _script_state(between: str, in_script: bool) -> bool:
    """Whether the template is inside a ``<script>`` element after the text ``between``."""
    lowered = between.lower()
    opened, closed = lowered.rfind("<script"), lowered.rfind("</script")
    if opened < 0 and closed < 0:
        return in_script
    return opened > closed


def _in_js_string(text: str, position: int) -> bool:
    """Whether ``position`` is inside a ``'`` or ``"`` JavaScript string on its line (a
    template literal's backquotes do not count: ``${...}`` survives HTML escaping)."""
    start = text.rfind("\n", 0, position) + 1
    quote = ""
    escaped = False
    for char in text[start:position]:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"`":
            quote = char
    return quote in ("'", '"')


def _statement(statement: str, aliases: dict[str, str], escaping: list[bool]) -> None:
    keyword = statement.split(maxsplit=1)[0] if statement else ""
    if keyword == "autoescape":
        found = _AUTOESCAPE.match(statement)
        value = found.group(1).lower() if found else "true"
        escaping.append(value not in ("false", "off"))
    elif keyword == "endautoescape" and len(escaping) > 1:
        escaping.pop()
    elif keyword == "for":
        found = _FOR.match(statement)
        if found:
            for name in _NAME.findall(found.group(1)):
                aliases[name] = found.group(2)
    elif keyword in ("with", "set"):
        for target, source in _WITH.findall(statement):
            aliases[target] = source


def _unescaped_root(expression: str, escaping: bool, as_code: bool) -> str | None:
    """The variable an expression starts with, when its output is not escaped for where it
    is printed (HTML, or JavaScript code in a script element)."""
    head, *filters = (part.strip() for part in _split_filters(expression))
    name = _NAME.match(head)
    if name is None:
        return None
    names = [found.group(0) if (found := _NAME.match(f)) else "" for f in filters]
    if as_code:
        return None if any(f in _JS_SAFE_FILTERS for f in names) else name.group(0)
    if "safe" in names:
        before = names[: names.index("safe")]
        return None if any(f in _ESCAPING_FILTERS for f in before) else name.group(0)
    if not escaping and not any(f in _ESCAPING_FILTERS for f in names):
        return name.group(0)
    return None


def _split_filters(expression: str) -> list[str]:
    """``a.b|default('x|y')|safe`` into the expression and its filters (``|`` inside quotes
    and ``||`` are not filter separators)."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in expression:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _origin(name: str, aliases: dict[str, str]) -> str:
    seen: set[str] = set()
    while name in aliases and name not in seen:
        seen.add(name)
        name = aliases[name]
    return name


class TemplateIndex:
    """The scanned tree's templates by path, each read when first asked for."""

    def __init__(self, root: Path, paths: list[Path]) -> None:
        self.files = [
            (path, path.relative_to(root).as_posix() if path != root else path.name)
            for path in paths
        ]
        self._cache: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
        #: Raw names per file: a template matches several names ("post.html", "blog/post.html").
        self._read: dict[Path, frozenset[str]] = {}

    def unescaped(self, name: str) -> tuple[tuple[str, frozenset[str]], ...]:
        """(template path relative to the root, raw variable names) of every template that
        ``name`` may refer to: a file whose path ends with it."""
        known = self._cache.get(name)
        if known is not None:
            return known
        suffix = "/" + name.lstrip("/")
        found: list[tuple[str, frozenset[str]]] = []
        for path, relative in self.files:
            if ("/" + relative).endswith(suffix):
                names = self._raw_names(path)
                if names:
                    found.append((relative, names))
        result = tuple(found)
        self._cache[name] = result
        return result

    def _raw_names(self, path: Path) -> frozenset[str]:
        known = self._read.get(path)
        if known is None:
            try:
                if path.stat().st_size > MAX_TEMPLATE_BYTES:
                    known = frozenset()
                else:
                    known = raw_names(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                known = frozenset()
            self._read[path] = known
        return known
