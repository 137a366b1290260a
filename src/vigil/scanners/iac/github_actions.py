"""GitHub Actions workflows (``.github/workflows/*.yml``): script injection, untrusted
checkouts under privileged triggers, unpinned actions, token permissions, leaked secrets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from vigil.scanners.iac._common import printed_to_log
from vigil.scanners.iac._yaml import YList, YMap
from vigil.scanners.iac.rules import Hit

#: Event fields an outside contributor writes: titles, bodies, branch names, commit messages.
UNTRUSTED = re.compile(
    r"\$\{\{[^}]{0,200}?\b("
    r"github\.event\.(?:issue|pull_request|discussion)\.(?:title|body)|"
    r"github\.event\.(?:comment|review|review_comment)\.body|"
    r"github\.event\.pages\b[^}]{0,100}\.page_name|"
    r"github\.event\.(?:head_commit|commits\b[^}]{0,100}?)\.(?:message|author\.(?:email|name))|"
    r"github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)|"
    r"github\.head_ref|"
    r"github\.event\.workflow_run\.(?:head_branch|head_commit\.(?:message|author\.\w+))"
    r")"
)
_PR_HEAD = re.compile(
    r"github\.event\.pull_request\.head\.|github\.head_ref|github\.event\.workflow_run\.head_|"
    r"refs/pull/"
)
#: A script that fetches the pull request's head itself instead of through actions/checkout.
_SCRIPT_CHECKOUT = re.compile(
    r"\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|pull)\b[^\n]{0,300}?"
    r"(?:\bpull/|refs/pull/|github\.event\.pull_request\.head\.|github\.head_ref|"
    r"github\.event\.workflow_run\.head_)"
)
_ECHO_SECRET = re.compile(
    r"\b(?:echo|printf|print|Write-Host|Write-Output|cat)\b[^\n]{0,500}?\$\{\{\s*secrets\."
)
_SHA = re.compile(r"[0-9a-f]{40}")
_FIRST_PARTY = ("actions/", "github/")
_PRIVILEGED = frozenset({"pull_request_target", "workflow_run"})
_PUBLIC_PR = frozenset(
    {"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}
)


def is_workflow(document: Any) -> bool:
    # YAML 1.1 reads the key ``on`` as the boolean true.
    return (
        isinstance(document, YMap)
        and isinstance(document.get("jobs"), dict)
        and ("on" in document or True in document)
    )


def is_composite_action(document: Any) -> bool:
    """Whether a document is a composite action (``action.yml`` with ``runs.steps``)."""
    runs = document.get("runs") if isinstance(document, YMap) else None
    return (
        isinstance(runs, YMap)
        and runs.get("using") == "composite"
        and isinstance(runs.get("steps"), YList)
    )


def check_composite_action(action: YMap, lines: list[str]) -> Iterator[Hit]:
    """Every hit in the steps of a composite action: the caller's event is unknown, so only
    the rules that need no trigger apply."""
    for step in action["runs"]["steps"]:
        if isinstance(step, YMap):
            yield from _step(step, set(), lines)


def _triggers(workflow: YMap) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # ``on:`` loads as the key True
    if isinstance(on, str):
        return {on}
    if isinstance(on, list | dict):
        return {str(t) for t in on}
    return set()


def check(workflow: YMap, lines: list[str]) -> Iterator[Hit]:
    """Every hit in one workflow; ``lines`` are the file's, to place hits inside scripts."""
    triggers = _triggers(workflow)
    jobs = workflow["jobs"]
    permissions = workflow.get("permissions")
    if permissions == "write-all":
        yield Hit("VIGIL-GHA-005", workflow.line_of("permissions"))
    elif permissions is None and not all(
        isinstance(j, dict) and "permissions" in j for j in jobs.values()
    ):
        yield Hit("VIGIL-GHA-006", workflow.line)
    yield from _unsecure_commands(workflow.get("env"), workflow)
    for job in jobs.values():
        if isinstance(job, YMap):
            yield from _job(job, triggers, lines)


def _job(job: YMap, triggers: set[str], lines: list[str]) -> Iterator[Hit]:
    if job.get("permissions") == "write-all":
        yield Hit("VIGIL-GHA-005", job.line_of("permissions"))
    if triggers & _PUBLIC_PR and "self-hosted" in _labels(job.get("runs-on")):
        yield Hit("VIGIL-GHA-009", job.line_of("runs-on"))
    yield from _unsecure_commands(job.get("env"), job)
    if isinstance(job.get("uses"), str):
        yield from _pinning(job["uses"], job.line_of("uses"))
    steps = job.get("steps")
    for step in steps if isinstance(steps, YList) else ():
        if isinstance(step, YMap):
            yield from _step(step, triggers, lines)


def _labels(runs_on: Any) -> list[str]:
    if isinstance(runs_on, dict):
        runs_on = runs_on.get("labels", [])
    return [str(label) for label in (runs_on if isinstance(runs_on, list) else [runs_on])]


def _step(step: YMap, triggers: set[str], lines: list[str]) -> Iterator[Hit]:
    yield from _unsecure_commands(step.get("env"), step)
    uses = step.get("uses")
    with_ = step.get("with")
    with_ = with_ if isinstance(with_, YMap) else YMap()
    scripts: list[tuple[str, int]] = []
    if isinstance(step.get("run"), str):
        scripts.append((step["run"], step.line_of("run")))
    if isinstance(uses, str):
        yield from _pinning(uses, step.line_of("uses"))
        if uses.startswith("actions/github-script") and isinstance(with_.get("script"), str):
            scripts.append((with_["script"], with_.line_of("script")))
        if uses.startswith("actions/checkout") and triggers & _PRIVILEGED:
            ref = with_.get("ref")
            if isinstance(ref, str) and _PR_HEAD.search(ref):
                yield Hit("VIGIL-GHA-002", with_.line_of("ref"), ref)
    for script, start in scripts:
        checkout = _SCRIPT_CHECKOUT.search(script) if triggers & _PRIVILEGED else None
        if checkout:
            yield Hit("VIGIL-GHA-002", find_line(lines, start, checkout[0]), checkout[0])
        for match in UNTRUSTED.finditer(script):
            yield Hit("VIGIL-GHA-001", find_line(lines, start, match[0]), match[1])
        for match in _ECHO_SECRET.finditer(script):
            rest = script[match.start() :].split("\n", 1)[0]
            if "::add-mask::" not in match[0] and printed_to_log(rest):
                yield Hit("VIGIL-GHA-007", find_line(lines, start, match[0]))


def _pinning(uses: str, line: int) -> Iterator[Hit]:
    if uses.startswith(("./", "docker://")) or "@" not in uses:
        return
    action, ref = uses.rsplit("@", 1)
    if _SHA.fullmatch(ref):
        return
    rule = "VIGIL-GHA-004" if action.startswith(_FIRST_PARTY) else "VIGIL-GHA-003"
    yield Hit(rule, line, uses)


def _unsecure_commands(env: Any, owner: YMap) -> Iterator[Hit]:
    if isinstance(env, YMap):
        value = env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")
        if value is True or str(value).lower() == "true":
            yield Hit("VIGIL-GHA-008", env.line_of("ACTIONS_ALLOW_UNSECURE_COMMANDS"))


def find_line(lines: list[str], start: int, needle: str) -> int:
    """The first line from ``start`` that holds ``needle`` (its first line, if it spans
    several), so a hit inside a block scalar points at the exact line."""
    first = needle.splitlines()[0] if needle.strip() else needle
    for number in range(start, min(len(lines), start + 2000) + 1):
        if first in lines[number - 1]:
            return number
    return start
