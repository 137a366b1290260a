"""GitLab CI (``.gitlab-ci.yml`` and the local files it includes): leaked and plain-text
secrets, remote scripts, unpinned images, production deploys open to any branch."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from vigil.scanners.iac._common import (
    PIPE_TO_SHELL,
    is_literal_secret,
    is_secret_name,
    printed_to_log,
    unpinned_image,
)
from vigil.scanners.iac._yaml import YList, YMap
from vigil.scanners.iac.github_actions import find_line
from vigil.scanners.iac.rules import Hit

#: Top-level keys that are not jobs.
_GLOBAL = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "spec",
    }
)
_SCRIPTS = ("before_script", "script", "after_script")
#: GitLab's predefined variables that hold credentials.
_GITLAB_SECRETS = frozenset(
    {
        "CI_JOB_TOKEN",
        "CI_REGISTRY_PASSWORD",
        "CI_DEPLOY_PASSWORD",
        "CI_DEPENDENCY_PROXY_PASSWORD",
        "CI_JOB_JWT",
        "CI_JOB_JWT_V2",
    }
)
_PRINT = re.compile(r"^\s*(?:echo|printf|print|cat)\b(.*)$")
_VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)")
_DUMP_ENV = re.compile(r"^\s*(?:printenv|env|export\s+-p|set)\s*$")
_PRODUCTION = re.compile(r"(?i)\b(?:prod|production|live)\b")


def local_includes(document: Any) -> list[str]:
    """The ``include: local:`` paths of a pipeline (relative to the repository root)."""
    include = document.get("include") if isinstance(document, dict) else None
    entries = include if isinstance(include, list) else [include]
    paths = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("local"), str):
            paths.append(entry["local"])
        elif isinstance(entry, str) and not entry.startswith(("http://", "https://")):
            paths.append(entry)
    return paths


def check(pipeline: YMap, lines: list[str]) -> Iterator[Hit]:
    """Every hit in one pipeline file."""
    yield from _variables(pipeline.get("variables"))
    yield from _images(pipeline)
    default = pipeline.get("default")
    if isinstance(default, YMap):
        yield from _images(default)
        yield from _scripts(default, lines)
    yield from _scripts(pipeline, lines)
    for name, job in pipeline.items():
        if name in _GLOBAL or not isinstance(job, YMap):
            continue
        yield from _variables(job.get("variables"))
        yield from _images(job)
        yield from _scripts(job, lines)
        yield from _deploy(str(name), job, pipeline)


def _variables(variables: Any) -> Iterator[Hit]:
    if not isinstance(variables, YMap):
        return
    for name, raw in variables.items():
        value = raw.get("value") if isinstance(raw, dict) else raw
        if isinstance(name, str) and is_secret_name(name) and is_literal_secret(value, name):
            yield Hit("VIGIL-GITLAB-002", variables.line_of(name), name)


def _images(owner: YMap) -> Iterator[Hit]:
    services = owner.get("services")
    candidates = [(owner.line_of("image"), owner.get("image"))]
    if isinstance(services, YList):
        candidates += [(services.line_of(i), s) for i, s in enumerate(services)]
    for line, image in candidates:
        name = image.get("name") if isinstance(image, dict) else image
        if isinstance(name, str) and unpinned_image(name):
            yield Hit("VIGIL-GITLAB-004", line, name)


def _scripts(owner: YMap, lines: list[str]) -> Iterator[Hit]:
    for key in _SCRIPTS:
        script = owner.get(key)
        if isinstance(script, str):
            script = YList([script], line=owner.line_of(key))
            script.item_lines = [script.line]
        if not isinstance(script, YList):
            continue
        for index, command in enumerate(script):
            if not isinstance(command, str):
                continue
            for text in command.splitlines():
                found = list(_command(text))
                if found:  # placed only when something is found: scripts can be long
                    line = find_line(lines, script.line_of(index), text.strip())
                    yield from (Hit(rule, line, detail) for rule, detail in found)


def _command(text: str) -> Iterator[tuple[str, str]]:
    if PIPE_TO_SHELL.search(text):
        yield "VIGIL-GITLAB-003", ""
    printed = _PRINT.match(text)
    names = _VARIABLE.findall(printed[1]) if printed and printed_to_log(printed[0]) else []
    leaked = [n for n in names if n in _GITLAB_SECRETS or is_secret_name(n)]
    if leaked:
        yield "VIGIL-GITLAB-001", leaked[0]
    elif _DUMP_ENV.match(text):
        yield "VIGIL-GITLAB-001", "whole environment"


def _deploy(name: str, job: YMap, pipeline: YMap) -> Iterator[Hit]:
    if name.startswith("."):
        return  # a hidden job is a template: the jobs extending it are judged
    chain = _extends_chain(job, pipeline)
    environment = next((j["environment"] for j in chain if "environment" in j), None)
    target = environment.get("name") if isinstance(environment, dict) else environment
    if not isinstance(target, str) or not _PRODUCTION.search(target):
        return
    if any("rules" in j or "only" in j or j.get("when") == "manual" for j in chain):
        return
    line = job.line_of("environment") if "environment" in job else pipeline.line_of(name)
    yield Hit("VIGIL-GITLAB-005", line, target)


def _extends_chain(job: YMap, pipeline: YMap) -> list[YMap]:
    """The job and the templates it ``extends`` (transitively, in the same file)."""
    chain, pending = [job], [job]
    while pending and len(chain) < 20:
        parents = pending.pop().get("extends")
        for parent in parents if isinstance(parents, list) else [parents]:
            template = pipeline.get(parent) if isinstance(parent, str) else None
            if isinstance(template, YMap) and all(template is not seen for seen in chain):
                chain.append(template)
                pending.append(template)
    return chain
