"""Jenkinsfiles, read as text: Groovy string interpolation into shell steps, printed and
hard-coded credentials."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vigil.scanners.iac._common import is_literal_secret, is_secret_name, printed_to_log
from vigil.scanners.iac.rules import Hit

#: ``sh "…"`` / ``sh("""…""")`` / ``bat``/``powershell`` with a double-quoted (interpolated)
#: Groovy string, up to its closing quote.
_SHELL_STEP = re.compile(
    r"\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(\"\"\"[\s\S]{0,20000}?\"\"\"|\"(?:[^\"\\\n]|\\.)*\")"
)
#: ``${x}`` or ``$x`` that Groovy expands (``\\$x`` is left for the shell).
_INTERPOLATED = re.compile(r"(?<!\\)\$\{?\s*((?:params|env)\.\w+|[A-Za-z_]\w*)")
#: Environment variables Jenkins sets from its own state, not from what a contributor wrote
#: (unlike ``BRANCH_NAME``, ``CHANGE_TITLE``, ``GIT_BRANCH``, ``JOB_NAME``…).
_TRUSTED_ENV = frozenset(
    {
        "BUILD_NUMBER",
        "BUILD_ID",
        "BUILD_URL",
        "EXECUTOR_NUMBER",
        "NODE_NAME",
        "WORKSPACE",
        "JENKINS_HOME",
        "JENKINS_URL",
        "GIT_COMMIT",
        "GIT_PREVIOUS_COMMIT",
        "HOME",
        "PATH",
    }
)
_CREDENTIAL_VARS = re.compile(
    # A username is no secret: usernameVariable is left out.
    r"\b(?:variable|passwordVariable|keyFileVariable|passphraseVariable)"
    r"\s*:\s*['\"](\w+)['\"]"
)
_ECHO = re.compile(r"\b(?:echo|println|print|printf)\b[^\n]*")
_ASSIGNMENT = re.compile(
    r"^\s*(?:def\s+|String\s+|final\s+)?([A-Za-z_]\w*)\s*=\s*(['\"])([^'\"\n]*)\2"
)


def check(text: str) -> Iterator[Hit]:
    """Every hit in one Jenkinsfile."""
    bound = set(_CREDENTIAL_VARS.findall(text))
    for match in _SHELL_STEP.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = match[1]
        for reference in _INTERPOLATED.finditer(body):
            name = reference[1]
            at = line + body.count("\n", 0, reference.start())
            if name.startswith("params.") or (
                name.startswith("env.") and name[4:] not in _TRUSTED_ENV
            ):
                yield Hit("VIGIL-JENKINS-001", at, name)
            elif name in bound:
                # Groovy expands a credential into the command line: it shows in ps and logs.
                yield Hit("VIGIL-JENKINS-002", at, f"{name} interpolated by Groovy")
    for number, line_text in enumerate(text.splitlines(), 1):
        yield from _line(number, line_text, bound)


def _line(number: int, text: str, bound: set[str]) -> Iterator[Hit]:
    if text.lstrip().startswith("//"):
        return
    echo = _ECHO.search(text)
    if echo and printed_to_log(echo[0]):
        names = re.findall(r"\$\{?\s*(?:env\.)?([A-Za-z_]\w*)", echo[0])
        printed = [n for n in names if n in bound or is_secret_name(n)]
        if printed:
            yield Hit("VIGIL-JENKINS-002", number, printed[0])
    assignment = _ASSIGNMENT.match(text)
    name = assignment[1] if assignment else ""
    if assignment and is_secret_name(name) and is_literal_secret(assignment[3], name):
        yield Hit("VIGIL-JENKINS-003", number, assignment[1])
