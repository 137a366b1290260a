"""Read a gate policy file (YAML or TOML) into a Policy, strictly.

Every problem is a PolicyError with one line naming the file and the key. Unknown keys are
errors, as are duplicate YAML keys: a typo such as ``severty: low`` must not silently leave the
gate at its default. List items are numbered from 1 in messages (``suppressions[2].reason``).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Hashable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import yaml

from vigil.errors import PolicyError
from vigil.model import Category, Severity
from vigil.model.license import DEFAULT_LICENSE_POLICY, LicensePolicy
from vigil.policy.model import DEFAULT_POLICY, POLICY_VERSION, AppliesTo, Limit, Policy
from vigil.policy.suppression import MATCHERS, Suppression

_TOP_KEYS = (
    "version",
    "new_only",
    "kev_catalog",
    "fail_on",
    "limits",
    "suppressions",
    "licenses",
)
_LICENSE_KEYS = ("deny", "allow", "unknown", "severity")
_FAIL_ON_KEYS = ("severity", "categories", "secrets", "kev")
_LIMIT_KEYS = ("severity", "max", "category")
_SUPPRESSION_KEYS = ("reason", "expires", *MATCHERS)
_NO_THRESHOLD = ("none", "off")
_SEVERITIES = "info, low, medium, high, critical"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; ``.yaml``/``.yml`` are YAML, ``.toml`` is TOML."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml"):
        raise PolicyError(
            f"{name}: unknown policy file type {suffix or '(none)'!r}; use .yaml or .toml"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{name}: cannot read the policy file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{name}: the policy file is not UTF-8 text") from None
    data = _decode_toml(name, text) if suffix == ".toml" else _decode_yaml(name, text)
    return policy_from_mapping(data, source=name, base=path.parent)


def _decode_yaml(name: str, text: str) -> object:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{name}: not valid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"{name}: not valid YAML: {exc}") from None


def _decode_toml(name: str, text: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{name}: not valid TOML: {exc}") from None


def policy_from_mapping(data: object, *, source: str, base: Path | None = None) -> Policy:
    """Validate decoded policy data; ``base`` resolves a relative ``kev_catalog``."""
    check = _Checker(source)
    if data is None:
        raise PolicyError(f"{source}: the policy file is empty (it needs at least: version: 1)")
    top = check.mapping(data, "", _TOP_KEYS)
    if "version" not in top:
        raise PolicyError(f"{source}: missing required key 'version' (add: version: 1)")
    version = top["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version != POLICY_VERSION:
        check.fail("version", f"unsupported policy version {version!r} (this vigil reads 1)")
    fail_on = check.mapping(top.get("fail_on", {}), "fail_on", _FAIL_ON_KEYS)
    threshold = DEFAULT_POLICY.threshold
    if "severity" in fail_on:
        threshold = check.threshold(fail_on["severity"], "fail_on.severity")
    return Policy(
        source=source,
        new_only=check.boolean(top.get("new_only", True), "new_only"),
        threshold=threshold,
        category_thresholds=_category_thresholds(check, fail_on.get("categories", {})),
        secrets=check.applies_to(fail_on.get("secrets", True), "fail_on.secrets"),
        kev=check.applies_to(fail_on.get("kev", True), "fail_on.kev"),
        limits=_limits(check, top.get("limits", [])),
        suppressions=_suppressions(check, top.get("suppressions", [])),
        kev_catalog=_kev_catalog(check, top.get("kev_catalog"), base),
        licenses=_licenses(check, top["licenses"]) if "licenses" in top else None,
    )


def _category_thresholds(check: _Checker, value: object) -> dict[Category, Severity | None]:
    known = tuple(c.value for c in Category)
    table = check.mapping(value, "fail_on.categories", known)
    return {
        Category(name): check.threshold(level, f"fail_on.categories.{name}")
        for name, level in table.items()
    }


def _limits(check: _Checker, value: object) -> tuple[Limit, ...]:
    limits: list[Limit] = []
    seen: dict[tuple[Severity, Category | None], int] = {}
    for number, item in check.items(value, "limits"):
        key = f"limits[{number}]"
        entry = check.mapping(item, key, _LIMIT_KEYS)
        for required in ("severity", "max"):
            if required not in entry:
                check.fail(key, f"missing required key {required!r}")
        severity = check.severity(entry["severity"], f"{key}.severity")
        category = None
        if "category" in entry:
            category = check.category(entry["category"], f"{key}.category")
        maximum = entry["max"]
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0:
            check.fail(
                f"{key}.max", f"must be a whole number of findings, 0 or more, not {maximum!r}"
            )
        if (severity, category) in seen:
            check.fail(
                key, f"repeats limits[{seen[severity, category]}] (same severity and category)"
            )
        seen[severity, category] = number
        limits.append(Limit(severity, maximum, category))
    return tuple(limits)


def _suppressions(check: _Checker, value: object) -> tuple[Suppression, ...]:
    result: list[Suppression] = []
    for number, item in check.items(value, "suppressions"):
        key = f"suppressions[{number}]"
        entry = check.mapping(item, key, _SUPPRESSION_KEYS)
        if "reason" not in entry:
            check.fail(key, "missing required key 'reason' (say why this is acceptable)")
        if "expires" not in entry:
            check.fail(key, "missing required key 'expires' (YYYY-MM-DD, when to look again)")
        matchers = {m: check.text(entry[m], f"{key}.{m}") for m in MATCHERS if m in entry}
        if not matchers:
            check.fail(key, f"needs at least one matcher ({', '.join(MATCHERS)})")
        result.append(
            Suppression(
                reason=check.text(entry["reason"], f"{key}.reason"),
                expires=check.day(entry["expires"], f"{key}.expires"),
                number=number,
                **matchers,
            )
        )
    return tuple(result)


def _licenses(check: _Checker, value: object) -> LicensePolicy:
    entry = check.mapping(value, "licenses", _LICENSE_KEYS)
    default = DEFAULT_LICENSE_POLICY

    def globs(key: str) -> tuple[str, ...]:
        if key not in entry:
            return ()
        items = check.items(entry[key], f"licenses.{key}")
        return tuple(check.text(item, f"licenses.{key}[{n}]") for n, item in items)

    unknown = entry.get("unknown", default.unknown.label if default.unknown else "none")
    if isinstance(unknown, str) and unknown.strip().lower() == "ignore":
        unknown = "none"
    return LicensePolicy(
        # An explicit deny list replaces the default one; without it the default still holds.
        deny=globs("deny") if "deny" in entry else default.deny,
        allow=globs("allow"),
        unknown=check.threshold(unknown, "licenses.unknown"),
        severity=check.severity(entry.get("severity", default.severity.label), "licenses.severity"),
    )


def _kev_catalog(check: _Checker, value: object, base: Path | None) -> Path | None:
    if value is None:
        return None
    path = Path(check.text(value, "kev_catalog")).expanduser()
    return base / path if base is not None and not path.is_absolute() else path


class _Checker:
    """Type checks that raise a PolicyError naming the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> NoReturn:
        raise PolicyError(
            f"{self.source}: {key}: {problem}" if key else f"{self.source}: {problem}"
        )

    def mapping(self, value: object, key: str, known: tuple[str, ...]) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            return self.fail(key, f"expected a mapping of keys, not {_kind(value)}")
        for name in value:
            if not isinstance(name, str) or name not in known:
                where = f"{key}.{name}" if key else str(name)
                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
                self.fail(where, f"unknown key ({hint})")
        return value

    def items(self, value: object, key: str) -> list[tuple[int, object]]:
        if not isinstance(value, list):
            return self.fail(key, f"expected a list, not {_kind(value)}")
        return list(enumerate(value, start=1))

    def boolean(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, not {value!r}")
        return bool(value)

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected a non-empty text, not {value!r} (quote it)")
        return str(value).strip()

    def severity(self, value: object, key: str) -> Severity:
        if isinstance(value, str):
            try:
                return Severity.parse(value)
            except ValueError:
                pass
        return self.fail(key, f"unknown severity {value!r} (use {_SEVERITIES})")

    def threshold(self, value: object, key: str) -> Severity | None:
        # YAML 1.1 reads a bare `off` as false, so false means "no threshold" as well.
        if value is False or (isinstance(value, str) and value.strip().lower() in _NO_THRESHOLD):
            return None
        if isinstance(value, str):
            try:
                return Severity.parse(value)
            except ValueError:
                pass
        return self.fail(key, f"unknown severity {value!r} (use {_SEVERITIES} or none)")

    def category(self, value: object, key: str) -> Category:
        names = ", ".join(c.value for c in Category)
        if isinstance(value, str) and value.strip().lower() in {c.value for c in Category}:
            return Category(value.strip().lower())
        return self.fail(key, f"unknown category {value!r} (use {names})")

    def applies_to(self, value: object, key: str) -> AppliesTo:
        if value is True:
            return AppliesTo.ALL
        if value is False:
            return AppliesTo.OFF
        if isinstance(value, str) and value.strip().lower() in {a.value for a in AppliesTo}:
            return AppliesTo(value.strip().lower())
        return self.fail(key, f"expected true, false or 'new', not {value!r}")

    def day(self, value: object, key: str) -> date:
        if isinstance(value, datetime):
            self.fail(
                key, f"expected a date without a time (YYYY-MM-DD), not {value.isoformat()!r}"
            )
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        return self.fail(key, f"expected a date (YYYY-MM-DD), not {value!r}")


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        list: "a list",
        dict: "a mapping",
        str: "a text",
        bool: "true/false",
        int: "a number",
    }.get(type(value), type(value).__name__)
