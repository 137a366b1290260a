"""Safe decoding and small normalisations shared by the parsers of this stage."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

import orjson
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from packageurl import PackageURL

from vigil.errors import ParseError
from vigil.ingest.interface import ReportSource
from vigil.model import Severity

_BOM = b"\xef\xbb\xbf"


def load_json(source: ReportSource) -> Any:
    """Decode a JSON report. Depth is capped by orjson (1024 levels), so hostile nesting fails."""
    data = source.data.removeprefix(_BOM)
    if not data.strip():
        raise ParseError(source.name, "report is empty")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ParseError(source.name, f"not valid JSON ({exc})") from None


def iter_json_lines(source: ReportSource) -> Iterator[tuple[int, Any]]:
    """Decode a JSON-lines report, yielding (line number, value); blank lines are skipped."""
    for number, line in enumerate(source.data.removeprefix(_BOM).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ParseError(source.name, f"line {number} is not valid JSON ({exc})") from None


def load_xml(source: ReportSource) -> Element:
    """Parse an XML report with entity expansion and external references refused."""
    if not source.data.strip():
        raise ParseError(source.name, "report is empty")
    try:
        root: Element = SafeET.fromstring(
            source.data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise ParseError(source.name, f"refused hostile XML ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise ParseError(source.name, f"not valid XML ({exc})") from None
    return root


def local_name(element: Element) -> str:
    """Tag without its ``{namespace}`` prefix."""
    return element.tag.rpartition("}")[2]


def require_mapping(source: ReportSource, value: Any, what: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object, else raise a ParseError naming ``what``."""
    # A dict (what orjson decodes objects to) skips the much slower Mapping ABC check.
    if type(value) is not dict and not isinstance(value, Mapping):
        raise ParseError(source.name, f"expected {what} to be an object")
    return value


def require_list(source: ReportSource, value: Any, what: str) -> list[Any]:
    """Return ``value`` if it is a JSON array, else raise a ParseError naming ``what``."""
    if not isinstance(value, list):
        raise ParseError(source.name, f"expected {what} to be a list")
    return value


_SEVERITY_WORDS: dict[str, Severity] = {
    "info": Severity.INFO,
    "informational": Severity.INFO,
    "information": Severity.INFO,
    "note": Severity.INFO,
    "none": Severity.INFO,
    "unknown": Severity.INFO,
    "negligible": Severity.INFO,
    "low": Severity.LOW,
    "minor": Severity.LOW,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "warning": Severity.MEDIUM,
    "major": Severity.HIGH,
    "high": Severity.HIGH,
    "error": Severity.HIGH,
    "important": Severity.HIGH,
    "critical": Severity.CRITICAL,
    "blocker": Severity.CRITICAL,
}


def severity_word(text: object, default: Severity = Severity.INFO) -> Severity:
    """Map the common severity vocabulary of scanners to a Severity; unknown words → default."""
    if not isinstance(text, str):
        return default
    return _SEVERITY_WORDS.get(text.strip().lower(), default)


_CWE = re.compile(r"CWE[-_ ]?(\d+)", re.IGNORECASE)


def cwe_ids(*values: object) -> tuple[int, ...]:
    """Collect CWE numbers from strings like "CWE-79", ints, or lists of either; ordered, unique."""
    found: list[int] = []

    def visit(value: object) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            found.append(value)
        elif isinstance(value, str):
            matches = _CWE.findall(value)
            if matches:
                found.extend(int(m) for m in matches)
            elif value.strip().isdigit():
                found.append(int(value.strip()))
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)

    for value in values:
        visit(value)
    return tuple(dict.fromkeys(n for n in found if n > 0))


_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n\s*\n\s*")


def html_to_text(text: str | None) -> str:
    """Strip HTML markup that some tools put in descriptions; keep paragraph breaks."""
    if not text:
        return ""
    spaced = re.sub(r"(?i)</p>|<br\s*/?>|</li>", "\n", text)
    plain = html.unescape(_TAG.sub("", spaced))
    return _BLANKS.sub("\n\n", plain).strip()


def text(value: object) -> str:
    """A JSON value as a stripped string ('' for null)."""
    if type(value) is str:  # the usual case; str() of a str is the str itself
        return value.strip()
    if value is None:
        return ""
    return str(value).strip()


def unique(values: Iterator[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Non-empty strings, order kept, duplicates dropped."""
    return tuple(dict.fromkeys(filter(None, values)))


def texts(values: Any) -> list[str]:
    """``[text(v) for v in values]``, in C when they are all strings (as they usually are).
    ``values`` (a decoded JSON value, not an iterator) is iterated again when they are not."""
    try:
        return list(map(str.strip, values))
    except TypeError:  # a null, a number, a list… among them (or values is not iterable)
        return [text(v) for v in values]


_T = TypeVar("_T")

#: Bounds of a memo table, so that a hostile report cannot fill memory with one.
MEMO_ENTRIES = 4096
MEMO_KEY_BYTES = 512


def memo(cache: dict[bytes, _T], value: Any, compute: Callable[[Any], _T]) -> _T:
    """``compute(value)``, computed once per distinct JSON value (``cache`` keeps them): for
    the parts of a report that are few and recur, such as CVSS ratings and CWE lists.
    orjson's encoding of a decoded value is an exact key (1, 1.0, true and -0.0 stay
    distinct), hashed in C. ``compute`` must depend on nothing but ``value``."""
    try:
        key = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return compute(value)
    found = cache.get(key)
    if found is None:
        found = compute(value)
        if len(cache) < MEMO_ENTRIES and len(key) <= MEMO_KEY_BYTES:
            cache[key] = found
    return found


def advisory_id(value: object) -> str:
    """An advisory id as text, spelled the way its database does so every tool agrees:
    CVE ids upper-case, GHSA ids as GitHub writes them ("GHSA-" then lower-case)."""
    ident = text(value)
    prefix = ident[:5].upper()
    if prefix == "GHSA-":
        return "GHSA-" + ident[5:].lower()
    if prefix[:4] == "CVE-":
        return ident.upper()
    return ident


_CVSS_PREFIX = re.compile(r"CVSS:(\d+\.\d+)/")


def cvss_version(vector: str, default: str) -> str:
    """The version a CVSS vector declares ("CVSS:3.1/…" → "3.1"); ``default`` when it has none."""
    match = _CVSS_PREFIX.match(vector)
    return match.group(1) if match else default


def purl_type(purl: object) -> str | None:
    """The type of a package URL ("pkg:npm/x@1" → "npm"); None when ``purl`` is not one."""
    if not isinstance(purl, str) or not purl.startswith("pkg:"):
        return None
    return purl[4:].split("/", 1)[0].lower() or None


#: purl types whose namespace is part of the package's own name ("@scope/x", "golang.org/x/net").
_NAMESPACED = frozenset({"npm", "golang", "composer", "github", "bitbucket", "swift"})


def purl_name_version(purl: str) -> tuple[str, str | None] | None:
    """(name as the package's ecosystem spells it, version) of a package URL, None when it is
    not one. Maven names are "group:artifact"; npm, Go, Composer… keep their namespace; the
    namespace of distro types (deb, rpm, apk) is a vendor, not part of the name."""
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return None
    name = str(parsed.name)
    if parsed.namespace and parsed.type == "maven":
        name = f"{parsed.namespace}:{name}"
    elif parsed.namespace and parsed.type in _NAMESPACED:
        name = f"{parsed.namespace}/{name}"
    return name, str(parsed.version) if parsed.version else None


def make_purl(
    kind: str, name: str, version: str | None = None, namespace: str | None = None
) -> str | None:
    """The package URL of a package named as its ecosystem spells it (see purl_name_version);
    None when the parts cannot make one."""
    if namespace is None and kind == "maven":
        namespace, _, name = name.rpartition(":")
    elif namespace is None and kind in _NAMESPACED:
        namespace, _, name = name.rpartition("/")
    try:
        purl = PackageURL(
            type=kind, namespace=namespace or None, name=name, version=version or None
        )
    except ValueError:
        return None
    return str(purl.to_string())


def secret_digest(secret: str) -> str:
    """sha256 hex of a detected secret: lets triage match it without anyone keeping it."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def redact(secret: str, keep: int = 4) -> str:
    """A short, safe stand-in for a secret: its first ``keep`` characters and an ellipsis."""
    return secret[:keep] + "…" if secret else ""


def redact_in(value: str, secrets: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """``value`` with every occurrence of each secret replaced by its redacted form."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        value = value.replace(secret, redact(secret))
    return value


def redact_json(value: Any, secrets: list[str] | tuple[str, ...]) -> Any:
    """A copy of a decoded JSON value with the secrets redacted in every string, keys included:
    for keeping a tool's record as ``raw`` without the secret it reports."""
    if isinstance(value, str):
        return redact_in(value, secrets)
    if isinstance(value, Mapping):
        return {redact_in(str(k), secrets): redact_json(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(item, secrets) for item in value]
    return value


_SLUG_GAP = re.compile(r"[^a-z0-9]+")


def slug(value: str, limit: int = 64) -> str:
    """A stable id from a tool's human text ("Debug Enabled For App" → "debug-enabled-for-app"),
    for formats that name a check only by its message."""
    return _SLUG_GAP.sub("-", value.lower()).strip("-")[:limit].rstrip("-")
