"""One IaC scan: each candidate file read once, checked by the rules of its kind; Terraform
files checked a folder (module) at a time; GitLab pipelines followed into their local
includes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from vigil.errors import ScanError
from vigil.scanners.files import is_excluded
from vigil.scanners.iac import (
    buildspec,
    cloudformation,
    dockerfile,
    github_actions,
    gitlab,
    jenkins,
    kubernetes,
)
from vigil.scanners.iac._yaml import YMap, from_plain, load_documents, problem
from vigil.scanners.iac.kinds import Kind, sniff
from vigil.scanners.iac.rules import Hit

#: Larger files are generated data, not hand-written configuration: skipped unread.
MAX_BYTES = 4 * 1024 * 1024


class Run:
    """The hits (with the text of their line) and errors of one scan under ``root``."""

    def __init__(self, root: Path, exclude: tuple[str, ...] = ()) -> None:
        self.base = root.parent if root.is_file() else root
        self._root, self._exclude = root, exclude
        self.hits: list[tuple[Path, Hit, str | None]] = []
        self.errors: list[ScanError] = []
        self.files = 0
        self._gitlab_seen: set[Path] = set()
        self._recorded: set[tuple[Path, str, int]] = set()
        self._patches: set[Path] = set()

    def scan(self, candidates: Iterable[tuple[Path, Kind]]) -> None:
        modules: dict[Path, list[Path]] = {}
        others: list[tuple[Path, Kind]] = []
        for path, kind in candidates:
            if kind is Kind.TERRAFORM:
                modules.setdefault(path.parent, []).append(path)
            elif kind is Kind.GITLAB:
                self._gitlab(path, path.parent)
            else:
                others.append((path, kind))
        for path, _ in others:
            if path.name.lower() in kubernetes.KUSTOMIZATIONS:
                self._kustomization(path)
        for path, kind in others:
            if path not in self._gitlab_seen:
                self._file(path, kind)
        for files in modules.values():
            self._terraform(files)

    def _read(self, path: Path) -> str | None:
        try:
            if path.stat().st_size > MAX_BYTES:
                return None
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            self.errors.append(ScanError(str(path), exc.strerror or str(exc)))
            return None

    def _record(self, path: Path, hits: Iterable[Hit], lines: list[str]) -> None:
        for hit in hits:
            key = (path, hit.rule_id, hit.line)
            if key in self._recorded:
                continue  # one finding per rule and line, whatever matched twice on it
            self._recorded.add(key)
            text = lines[hit.line - 1] if 0 < hit.line <= len(lines) else None
            self.hits.append((path, hit, text))

    def _file(self, path: Path, kind: Kind) -> None:
        text = self._read(path)
        if text is None:
            return
        if kind is Kind.DATA:
            found = sniff(path, text)
            if found is None:
                return
            kind = found
        self.files += 1
        lines = text.splitlines()
        try:
            hits = check_file(path, kind, text, lines)
        except ScanError as exc:
            self.errors.append(exc)
            return
        if path.resolve() in self._patches:
            hits = [h for h in hits if h.rule_id not in kubernetes.ABSENCE_RULES]
        self._record(path, hits, lines)

    def _kustomization(self, path: Path) -> None:
        """Note the patches a Kustomization applies; a malformed one is reported when it is
        checked as a file of its own."""
        try:
            documents = documents_of(path, path.read_text("utf-8", errors="replace"))
        except (OSError, ScanError):
            return
        for document in documents:
            for patch in kubernetes.kustomize_patches(document):
                self._patches.add((path.parent / patch).resolve())

    def _gitlab(self, path: Path, repository: Path) -> None:
        """A pipeline file and, once each, the local files it includes."""
        if path in self._gitlab_seen:
            return
        self._gitlab_seen.add(path)
        text = self._read(path)
        if text is None:
            return
        self.files += 1
        lines = text.splitlines()
        try:
            documents = documents_of(path, text)
        except ScanError as exc:
            self.errors.append(exc)
            return
        for document in documents:
            if isinstance(document, YMap):
                self._record(path, gitlab.check(document, lines), lines)
                for include in gitlab.local_includes(document):
                    for target in _local_files(repository, include):
                        if not is_excluded(target, self._root, self._exclude):
                            self._gitlab(target, repository)

    def _terraform(self, files: list[Path]) -> None:
        from vigil.scanners.iac import terraform, terraform_checks

        module = terraform.Module()
        for path in files:
            text = self._read(path)
            if text is None:
                continue
            self.files += 1
            try:
                terraform.add_file(module, path, text)
            except ScanError as exc:
                self.errors.append(exc)
        for block, hit in terraform_checks.check(module):
            self._record(block.path, [hit], block.lines)


def _local_files(repository: Path, include: str) -> list[Path]:
    """The files an ``include: local:`` names, inside the repository only."""
    pattern = include.strip().lstrip("/")
    if not pattern or ".." in Path(pattern).parts:
        return []
    matches = sorted(repository.glob(pattern)) if "*" in pattern else [repository / pattern]
    return [m for m in matches if m.is_file() and not m.is_symlink()]


def documents_of(path: Path, text: str) -> list[Any]:
    """The YAML (or JSON) documents of a file, with lines; ``ScanError`` when malformed."""
    try:
        return load_documents(text)
    except yaml.YAMLError as exc:
        if path.suffix.lower() != ".json":
            raise ScanError(str(path), problem(exc)) from None
    try:  # JSON that PyYAML refuses (tabs, for one): read it without lines
        return [from_plain(json.loads(text))]
    except (ValueError, RecursionError) as exc:
        raise ScanError(str(path), f"invalid JSON: {str(exc)[:200]}") from None


def check_file(path: Path, kind: Kind, text: str, lines: list[str] | None = None) -> list[Hit]:
    """The hits in one file (not Terraform, which is checked a module at a time) of a known
    kind; ``ScanError`` when it cannot be parsed."""
    return list(_check(path, kind, text, text.splitlines() if lines is None else lines))


def _check(path: Path, kind: Kind, text: str, lines: list[str]) -> Iterator[Hit]:
    if kind is Kind.DOCKERFILE:
        yield from dockerfile.check(path, text)
        return
    if kind is Kind.JENKINSFILE:
        yield from jenkins.check(text)
        return
    documents = documents_of(path, text)
    if kind is Kind.KUBERNETES:
        yield from kubernetes.check(documents)
    for document in documents:
        if not isinstance(document, YMap):
            continue
        if kind is Kind.CLOUDFORMATION and cloudformation.is_template(document):
            yield from cloudformation.check(document)
        elif kind is Kind.GITHUB_ACTIONS and github_actions.is_workflow(document):
            yield from github_actions.check(document, lines)
        elif kind is Kind.GITHUB_ACTIONS and github_actions.is_composite_action(document):
            yield from github_actions.check_composite_action(document, lines)
        elif kind is Kind.GITLAB:
            yield from gitlab.check(document, lines)
        elif kind is Kind.BUILDSPEC and buildspec.is_buildspec(document):
            yield from buildspec.check(document, lines)
