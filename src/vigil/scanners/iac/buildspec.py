"""AWS CodeBuild ``buildspec.yml``: credentials in plain ``env.variables``, secrets or the
whole environment printed, Docker-in-Docker (which needs privileged mode)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from vigil.scanners.iac._common import is_literal_secret, is_secret_name, printed_to_log
from vigil.scanners.iac._yaml import YList, YMap
from vigil.scanners.iac.github_actions import find_line
from vigil.scanners.iac.rules import Hit

_PRINT = re.compile(r"^\s*(?:echo|printf|print|cat)\b(.*)$")
_VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)")
_DUMP_ENV = re.compile(r"^\s*(?:printenv|env|export\s+-p|set)\s*(?:[|>].*)?$")
_PRIVILEGED = re.compile(r"\bdockerd\b|\bdocker\s+run\b[^\n]{0,300}?--privileged")


def is_buildspec(document: Any) -> bool:
    return (
        isinstance(document, YMap)
        and "version" in document
        and isinstance(document.get("phases"), dict)
    )


def check(spec: YMap, lines: list[str]) -> Iterator[Hit]:
    """Every hit in one buildspec."""
    env = spec.get("env")
    secret_names: set[str] = set()
    if isinstance(env, YMap):
        variables = env.get("variables")
        if isinstance(variables, YMap):
            for name, value in variables.items():
                secret = isinstance(name, str) and is_secret_name(name)
                if secret and is_literal_secret(value, name):
                    yield Hit("VIGIL-CODEBUILD-001", variables.line_of(name), name)
        for key in ("parameter-store", "secrets-manager"):
            if isinstance(env.get(key), dict):
                secret_names.update(str(k) for k in env[key])
    phases = spec["phases"]
    for phase in phases.values():
        if not isinstance(phase, YMap):
            continue
        for key in ("commands", "finally"):
            commands = phase.get(key)
            if not isinstance(commands, YList):
                continue
            for index, command in enumerate(commands):
                if not isinstance(command, str):
                    continue
                for text in command.splitlines():
                    found = list(_command(text, secret_names))
                    if found:
                        line = find_line(lines, commands.line_of(index), text.strip())
                        yield from (Hit(rule, line, detail) for rule, detail in found)


def _command(command: str, secret_names: set[str]) -> Iterator[tuple[str, str]]:
    printed = _PRINT.match(command)
    names = _VARIABLE.findall(printed[1]) if printed and printed_to_log(printed[0]) else []
    leaked = [n for n in names if n in secret_names or is_secret_name(n)]
    if leaked:
        yield "VIGIL-CODEBUILD-002", leaked[0]
    elif _DUMP_ENV.match(command):
        yield "VIGIL-CODEBUILD-002", "whole environment"
    if _PRIVILEGED.search(command):
        yield "VIGIL-CODEBUILD-003", ""
