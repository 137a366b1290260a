"""Crash-freedom of everything that reads untrusted configuration: a file either gives hits or
one ScanError naming it, whatever its text or shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.errors import ScanError
from vigil.scanners.iac import terraform, terraform_checks
from vigil.scanners.iac.engine import check_file
from vigil.scanners.iac.kinds import Kind, sniff
from vigil.scanners.iac.rules import BY_ID

DATA = Path(__file__).parents[2] / "data" / "iac"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT_KINDS = [k for k in Kind if k not in (Kind.TERRAFORM, Kind.DATA)]
#: The words the rules look for, so generated documents reach deep into the checks.
WORDS = [
    "apiVersion",
    "kind",
    "Pod",
    "Deployment",
    "CronJob",
    "List",
    "items",
    "Role",
    "rules",
    "verbs",
    "resources",
    "roleRef",
    "name",
    "spec",
    "template",
    "jobTemplate",
    "containers",
    "initContainers",
    "securityContext",
    "privileged",
    "capabilities",
    "add",
    "drop",
    "env",
    "value",
    "image",
    "volumes",
    "hostPath",
    "limits",
    "runAsUser",
    "runAsNonRoot",
    "metadata",
    "namespace",
    "Resources",
    "Type",
    "AWS::S3::Bucket",
    "AWS::EC2::SecurityGroup",
    "AWS::IAM::Role",
    "Properties",
    "Policies",
    "PolicyDocument",
    "Statement",
    "Action",
    "Resource",
    "SecurityGroupIngress",
    "CidrIp",
    "FromPort",
    "Parameters",
    "NoEcho",
    "Default",
    "DB_PASSWORD",
    "on",
    "jobs",
    "steps",
    "run",
    "uses",
    "with",
    "ref",
    "script",
    "permissions",
    "runs-on",
    "pull_request_target",
    "variables",
    "services",
    "include",
    "local",
    "environment",
    "version",
    "phases",
    "commands",
    "parameter-store",
    "*",
    "0.0.0.0/0",
]
SCALARS = st.one_of(
    st.sampled_from(WORDS), st.integers(-5, 70000), st.booleans(), st.none(), st.text(max_size=8)
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(WORDS) | st.integers(0, 3), inner, max_size=5)
    ),
    max_leaves=40,
)


def _crash_free(kind: Kind, text: str) -> None:
    try:
        hits = check_file(Path("fuzzed"), kind, text)
    except ScanError as error:
        assert error.source == "fuzzed" and "\n" not in error.problem
        return
    assert all(hit.rule_id in BY_ID and hit.line >= 1 for hit in hits)


@FUZZ
@given(st.sampled_from(TEXT_KINDS), st.text(max_size=300))
def test_any_text(kind: Kind, text: str) -> None:
    _crash_free(kind, text)


@FUZZ
@given(st.sampled_from(TEXT_KINDS), st.lists(DOCUMENTS, min_size=1, max_size=3))
def test_any_yaml_shape(kind: Kind, documents: list[Any]) -> None:
    _crash_free(kind, yaml.safe_dump_all(documents))


SAMPLES = sorted(
    p
    for p in DATA.rglob("*")
    if p.is_file() and p.suffix in {".yml", ".yaml", ".json", ".dockerfile", ".jenkinsfile"}
)


@FUZZ
@given(st.sampled_from(SAMPLES), st.integers(0, 10_000), st.integers(0, 40), st.text(max_size=5))
def test_mangled_real_files(sample: Path, at: int, cut: int, insert: str) -> None:
    text = sample.read_text()
    at %= len(text) + 1
    mangled = text[:at] + insert + text[at + cut :]
    for kind in TEXT_KINDS:
        _crash_free(kind, mangled)


TERRAFORM = sorted(DATA.glob("VIGIL-TF-*/*.tf"))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(TERRAFORM), st.integers(0, 10_000), st.integers(0, 30), st.text(max_size=5))
def test_mangled_terraform(sample: Path, at: int, cut: int, insert: str) -> None:
    text = sample.read_text()
    at %= len(text) + 1
    module = terraform.Module()
    try:
        terraform.add_file(module, Path("fuzzed.tf"), text[:at] + insert + text[at + cut :])
    except ScanError as error:
        assert error.source == "fuzzed.tf" and "\n" not in error.problem
        return
    assert all(hit.rule_id in BY_ID for _, hit in terraform_checks.check(module))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_terraform_text(text: str) -> None:
    module = terraform.Module()
    try:
        terraform.add_file(module, Path("fuzzed.tf"), text)
    except ScanError:
        return
    list(terraform_checks.check(module))


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a plain YAML value."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replaced(value[head], tuple(rest), new)
    return copy


YAML_SAMPLES = [
    (p, kind)
    for p in sorted(DATA.rglob("*"))
    if p.is_file() and p.suffix in {".yml", ".yaml", ".json"} and p.name != "expected.yaml"
    for kind in [
        Kind.KUBERNETES,
        Kind.CLOUDFORMATION,
        Kind.GITHUB_ACTIONS,
        Kind.GITLAB,
        Kind.BUILDSPEC,
    ]
]


@FUZZ
@given(st.sampled_from(YAML_SAMPLES), st.integers(0, 10_000), DOCUMENTS)
def test_real_files_with_one_node_replaced(sample: tuple[Path, Kind], at: int, new: Any) -> None:
    """Every rule reached with a wrong type where it expects another: a mapping where a
    string was (``CidrIp: !Ref Cidr``), a list where a mapping was…"""
    path, kind = sample
    try:
        documents = list(yaml.load_all(path.read_text(), Loader=_PlainLoader))
    except yaml.YAMLError:
        return  # tab-indented JSON without libyaml
    if not documents:
        return
    nodes = [(i, p) for i, d in enumerate(documents) for p in _nodes(d)]
    index, where = nodes[at % len(nodes)]
    documents[index] = _replaced(documents[index], where, new)
    _crash_free(kind, yaml.safe_dump_all(documents))


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Plain values, CloudFormation tags read as ``{"Fn::…": value}`` mappings."""


_PlainLoader.add_multi_constructor(
    "!",
    lambda loader, suffix, node: {
        suffix: loader.construct_scalar(node)
        if isinstance(node, yaml.ScalarNode)
        else loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else loader.construct_mapping(node)
    },
)


@FUZZ
@given(st.sampled_from(["x.yaml", "x.yml", "x.json"]), st.text(max_size=300))
def test_sniff_any_text(name: str, text: str) -> None:
    assert sniff(Path(name), text) in (None, *Kind)


KUSTOMIZE_WORDS = ["patches", "patchesStrategicMerge", "patchesJson6902", "path", "patch.yaml"]


@FUZZ
@given(
    st.recursive(
        st.none() | st.integers() | st.sampled_from(KUSTOMIZE_WORDS) | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(KUSTOMIZE_WORDS), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_any_kustomization_shape(document: Any) -> None:
    """Whatever a kustomization.yaml holds, its patch names are strings or it names none."""
    from vigil.scanners.iac.kubernetes import kustomize_patches

    assert all(isinstance(p, str) and p and "\n" not in p for p in kustomize_patches(document))
