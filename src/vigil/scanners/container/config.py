"""Findings from an image's config document (the OCI/docker image config JSON): how the image
will run and what its build history gave away.

| rule | finding |
|---|---|
| VIGIL-IMG-001 | runs as root: no ``User``, or user ``root``/``0`` |
| VIGIL-IMG-002 | a secret in ``Env``: PASSWORD/TOKEN/SECRET/API_KEY keys, AWS keys, URL passwords |
| VIGIL-IMG-003 | a secret in the build history (``created_by`` of a RUN/ARG/ENV step) |
| VIGIL-IMG-004 | ``ADD`` from a URL (unpinned remote content in the build) |
| VIGIL-IMG-005 | built on a ``latest`` (or untagged) base image, when the image says its base |
| VIGIL-IMG-006 | SSH port 22 exposed |

Secret values never leave this module: findings carry the key, a redacted stand-in and a
SHA-256 of the value (``Finding.secret_hash``), so triage can match a secret without storing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from vigil.ingest._common import secret_digest
from vigil.model import Category, CodeLocation, Confidence, Finding, Severity, Tool

_SECRET_KEY = re.compile(
    r"(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)",
    re.IGNORECASE,
)
#: Keys that name where a secret is, not the secret (``DB_PASSWORD_FILE=/run/secrets/db``).
_REFERENCE_KEY = re.compile(r"(_FILE|_PATH|_DIR|_URL_FILE)$", re.IGNORECASE)
_AWS_KEY_ID = re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")
#: A password inside a URL: ``postgres://app:s3cret@db/app``.
_URL_PASSWORD = re.compile(r"://[^/\s:@]+:([^/\s@]{3,})@")
_ASSIGNMENT = re.compile(r"(?:^|[\s;&|'\"])(?:--)?([A-Za-z_][A-Za-z0-9_-]*)=(\S+)")
_ADD_URL = re.compile(r"(?:^|\s)ADD\s+(?:--\S+\s+)*(https?://\S+)", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(\$\{?\w+\}?|<[^>]*>|\*+|x+|changeme|none|null|true|false)$", re.I)
_BASE_NAME = "org.opencontainers.image.base.name"
_ROOT_USERS = ("", "root", "0")


def config_findings(
    config: Mapping[str, Any], image: str, tool: Tool, annotations: Mapping[str, str]
) -> Iterator[Finding]:
    """Every config finding of one image; ``image`` names it in each finding's location."""
    settings = config.get("config") or {}
    if not isinstance(settings, Mapping):
        settings = {}
    location = CodeLocation(path=image)
    yield from _root(settings, location, tool)
    env_pairs = _env(settings.get("Env"))
    yield from _env_secrets(env_pairs, location, tool)
    yield from _history(config.get("history"), set(env_pairs), location, tool)
    labels = settings.get("Labels") if isinstance(settings.get("Labels"), Mapping) else {}
    base = annotations.get(_BASE_NAME) or (labels or {}).get(_BASE_NAME)
    if isinstance(base, str) and _is_latest(base):
        yield _finding(
            "VIGIL-IMG-005",
            f"Image built on a floating base image tag: {base}",
            Severity.LOW,
            location,
            tool,
            f"The base image {base} has no tag or the 'latest' tag, so a rebuild may pull a "
            "different, untested base.",
            "Pin the base image by version tag and digest (FROM image:1.2@sha256:...).",
        )
    ports = settings.get("ExposedPorts")
    if isinstance(ports, Mapping) and any(str(p).split("/")[0] == "22" for p in ports):
        yield _finding(
            "VIGIL-IMG-006",
            "Image exposes SSH port 22",
            Severity.MEDIUM,
            location,
            tool,
            "An SSH server in a container widens its attack surface and bypasses the "
            "orchestrator's access control.",
            "Remove the SSH server; use 'docker exec' or 'kubectl exec' to reach a container.",
        )


def _root(settings: Mapping[str, Any], location: CodeLocation, tool: Tool) -> Iterator[Finding]:
    user = str(settings.get("User") or "").strip()
    if user.split(":", 1)[0] in _ROOT_USERS:
        shown = user or "(no USER)"
        yield _finding(
            "VIGIL-IMG-001",
            "Image runs as root",
            Severity.MEDIUM,
            location,
            tool,
            f"The image's user is {shown}: a process that escapes the application runs with "
            "root privileges in the container.",
            "Add a non-root user and a USER instruction (USER 10001).",
        )


def _env(value: object) -> dict[str, str]:
    pairs: dict[str, str] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str) and "=" in item:
                key, _, val = item.partition("=")
                pairs[key] = val
    return pairs


def is_secret(key: str, value: str) -> bool:
    """Whether ``key=value`` looks like a credential rather than a setting or a reference."""
    if _AWS_KEY_ID.search(value):
        return True
    url = _URL_PASSWORD.search(value)
    if url and not _PLACEHOLDER.match(url.group(1)):
        return True
    if not _SECRET_KEY.search(key) or _REFERENCE_KEY.search(key):
        return False
    value = value.strip().strip("'\"")
    return len(value) >= 4 and not _PLACEHOLDER.match(value) and not value.startswith("/")


def _env_secrets(pairs: Mapping[str, str], location: CodeLocation, tool: Tool) -> Iterator[Finding]:
    for key, value in pairs.items():
        if is_secret(key, value):
            yield _secret_finding(
                "VIGIL-IMG-002",
                f"Secret in image environment variable {key}",
                key,
                value,
                "The value is baked into the image config: anyone who can pull the image "
                "can read it.",
                location,
                tool,
            )


def _history(
    history: object, env_keys: set[str], location: CodeLocation, tool: Tool
) -> Iterator[Finding]:
    if not isinstance(history, list):
        return
    seen: set[tuple[str, str]] = set()
    for step in history:
        created_by = step.get("created_by") if isinstance(step, Mapping) else None
        if not isinstance(created_by, str):
            continue
        url = _ADD_URL.search(created_by)
        if url:
            yield _add_finding(url.group(1), location, tool)
        is_env_step = re.search(r"(#\(nop\)\s+ENV|^ENV)\s", created_by) is not None
        for key, value in _ASSIGNMENT.findall(created_by):
            if (is_env_step and key in env_keys) or (key, value) in seen:
                continue  # an ENV still in the config is reported there once
            if is_secret(key, value):
                seen.add((key, value))
                yield _secret_finding(
                    "VIGIL-IMG-003",
                    f"Secret in image build history ({key})",
                    key,
                    value,
                    "A build step's command line is stored in the image history: anyone who "
                    "can pull the image can read it with 'docker history'.",
                    location,
                    tool,
                )


def _add_finding(url: str, location: CodeLocation, tool: Tool) -> Finding:
    return _finding(
        "VIGIL-IMG-004",
        "ADD from a remote URL in the image build",
        Severity.LOW,
        location,
        tool,
        f"ADD {url} fetches content at build time without a checksum: the image changes when "
        "the remote file does.",
        "Download with a pinned checksum (ADD --checksum=sha256:... or curl and sha256sum -c), "
        "or COPY a vendored file.",
    )


def _secret_finding(
    rule: str,
    title: str,
    key: str,
    value: str,
    why: str,
    location: CodeLocation,
    tool: Tool,
) -> Finding:
    redacted = value[:2] + "…" if len(value) > 8 else "…"
    return Finding(
        title=title,
        severity=Severity.HIGH,
        category=Category.CONTAINER,
        tool=tool,
        rule_id=rule,
        description=f"{key}={redacted}: {why}",
        confidence=Confidence.MEDIUM,
        location=location,
        remediation="Rotate the secret, remove it from the image, and pass it at run time "
        "(a mounted secret, the orchestrator's secret store) or with a BuildKit secret mount.",
        secret_hash=secret_digest(value),
        tags=("secret",),
    )


def _finding(
    rule: str,
    title: str,
    severity: Severity,
    location: CodeLocation,
    tool: Tool,
    description: str,
    remediation: str,
) -> Finding:
    return Finding(
        title=title,
        severity=severity,
        category=Category.CONTAINER,
        tool=tool,
        rule_id=rule,
        description=description,
        confidence=Confidence.HIGH,
        location=location,
        remediation=remediation,
    )


def _is_latest(reference: str) -> bool:
    name = reference.split("@", 1)[0]
    if "@" in reference:
        return False  # pinned by digest
    last = name.rsplit("/", 1)[-1]
    return ":" not in last or last.endswith(":latest")
