"""Which configuration a file is: decided by its name, and only for otherwise anonymous
YAML and JSON files by a look at its text, so most files of a tree are never opened."""

from __future__ import annotations

import enum
import re
from pathlib import Path


class Kind(enum.StrEnum):
    DOCKERFILE = "dockerfile"
    TERRAFORM = "terraform"
    JENKINSFILE = "jenkinsfile"
    GITLAB = "gitlab-ci"
    GITHUB_ACTIONS = "github-actions"
    BUILDSPEC = "buildspec"
    #: A YAML or JSON file that may be a Kubernetes manifest, a CloudFormation template, a
    #: workflow or a buildspec: its text decides (``sniff``).
    DATA = "data"
    KUBERNETES = "kubernetes"
    CLOUDFORMATION = "cloudformation"


_YAML = (".yml", ".yaml")
# Only [ \t] after ^ in multi-line patterns: \s would run across blank lines, once per line.
_CFN = re.compile(
    r"AWSTemplateFormatVersion|^[ \t]*Type:[ \t]*[\"']?AWS::|\"Type\"[ \t]*:[ \t]*\"AWS::", re.M
)
_K8S_API = re.compile(r"^[ \t]*(?:-[ \t]+)?[\"']?apiVersion[\"']?[ \t]*:", re.M)
_K8S_KIND = re.compile(r"^[ \t]*(?:-[ \t]+)?[\"']?kind[\"']?[ \t]*:", re.M)
_WORKFLOW = (re.compile(r"^[\"']?on[\"']?[ \t]*:", re.M), re.compile(r"^jobs[ \t]*:", re.M))
_COMPOSITE = (
    re.compile(r"^runs[ \t]*:", re.M),
    re.compile(r"^[ \t]+using[ \t]*:[ \t]*[\"']?composite", re.M),
)
_BUILDSPEC = (re.compile(r"^version[ \t]*:", re.M), re.compile(r"^phases[ \t]*:", re.M))
#: Source, documentation and data files whose names merely start like a Dockerfile's or a
#: Jenkinsfile's (``dockerfile.py``, ``Jenkinsfile.md``, ``Dockerfile.j2``).
_OTHER_FILES = (
    ".py", ".md", ".txt", ".rst", ".adoc", ".go", ".js", ".ts", ".java", ".rb", ".sh", ".ps1",
    ".html", ".toml", ".yml", ".yaml", ".json", ".j2", ".jinja", ".tpl", ".tmpl", ".bak",
    ".orig", ".swp",
)  # fmt: skip
#: Go templates (Helm charts), Jinja or mustache are not YAML until rendered; GitHub's
#: ``${{ }}`` and CloudFormation's ``{{resolve:…}}`` are not templates.
_TEMPLATE = re.compile(r"(?<!\$)\{\{-?[ \t]{0,8}(?!resolve:)[\w.$\"(]")


def by_name(path: Path) -> Kind | None:
    """The kind a file's name says, ``DATA`` for YAML/JSON to sniff, else ``None``."""
    name = path.name
    lower = name.lower()
    named_like = not lower.endswith(_OTHER_FILES)
    dockerfile = lower.startswith(("dockerfile", "containerfile")) or lower.endswith(".dockerfile")
    if named_like and dockerfile:
        return Kind.DOCKERFILE
    if lower.endswith(".tf"):
        return Kind.TERRAFORM
    if named_like and (name.startswith("Jenkinsfile") or lower.endswith(".jenkinsfile")):
        return Kind.JENKINSFILE
    if lower.endswith(_YAML):
        if lower.endswith("gitlab-ci.yml") or lower.endswith("gitlab-ci.yaml"):
            return Kind.GITLAB
        if path.parent.name == "workflows" and path.parent.parent.name == ".github":
            return Kind.GITHUB_ACTIONS
        if lower in ("action.yml", "action.yaml"):
            return Kind.GITHUB_ACTIONS  # a composite action's steps run like a workflow's
        if lower.startswith("buildspec"):
            return Kind.BUILDSPEC
        return Kind.DATA
    if lower.endswith(".json"):
        return Kind.DATA
    return None


def sniff(path: Path, text: str) -> Kind | None:
    """The kind of a YAML or JSON file by its text; ``None`` for none of ours (or a Helm
    template, which only renders to YAML)."""
    yaml = path.suffix.lower() in _YAML
    if yaml and _TEMPLATE.search(text):
        return None
    if _CFN.search(text):
        return Kind.CLOUDFORMATION
    if _K8S_API.search(text) and _K8S_KIND.search(text):
        return Kind.KUBERNETES
    if yaml and all(p.search(text) for p in _WORKFLOW):
        return Kind.GITHUB_ACTIONS
    if yaml and all(p.search(text) for p in _COMPOSITE):
        return Kind.GITHUB_ACTIONS
    if yaml and all(p.search(text) for p in _BUILDSPEC):
        return Kind.BUILDSPEC
    return None
