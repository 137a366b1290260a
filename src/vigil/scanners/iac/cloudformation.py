"""CloudFormation templates (YAML with short-form tags, or JSON): S3 buckets, security
groups, RDS, IAM policies and secret parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vigil.scanners.iac._common import is_literal_secret, is_secret_name
from vigil.scanners.iac._yaml import YList, YMap
from vigil.scanners.iac.rules import Hit

_PUBLIC_ACLS = frozenset({"PublicRead", "PublicReadWrite", "AuthenticatedRead"})
_ACCESS_BLOCK = (
    "BlockPublicAcls",
    "BlockPublicPolicy",
    "IgnorePublicAcls",
    "RestrictPublicBuckets",
)
_OPEN = frozenset({"0.0.0.0/0", "::/0"})


def is_template(document: Any) -> bool:
    """Whether a document is a CloudFormation template."""
    if not isinstance(document, dict):
        return False
    if "AWSTemplateFormatVersion" in document:
        return True
    resources = document.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::")
        for r in resources.values()
    )


def _one_of(value: Any, options: frozenset[str]) -> bool:
    """Membership that an intrinsic function (a mapping) in place of a string cannot break."""
    return isinstance(value, str) and value in options


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _map(value: Any) -> YMap:
    if isinstance(value, YMap):
        return value
    return YMap(value) if isinstance(value, dict) else YMap()


def _items(value: Any) -> list[tuple[int, YMap]]:
    if not isinstance(value, list):
        return []
    lines = value.line_of if isinstance(value, YList) else (lambda _i: 0)
    return [(lines(i), _map(v)) for i, v in enumerate(value) if isinstance(v, dict)]


def check(template: YMap) -> Iterator[Hit]:
    """Every hit in one template."""
    yield from _parameters(_map(template.get("Parameters")))
    resources = _map(template.get("Resources"))
    for name, raw in resources.items():
        resource = _map(raw)
        kind = resource.get("Type")
        properties = _map(resource.get("Properties"))
        at = resources.line_of(name)
        if kind == "AWS::S3::Bucket":
            yield from _bucket(properties, at)
        elif kind == "AWS::EC2::SecurityGroup":
            for line, rule in _items(properties.get("SecurityGroupIngress")):
                yield from _ingress(rule, line or at)
        elif kind == "AWS::EC2::SecurityGroupIngress":
            yield from _ingress(properties, at)
        elif kind in ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"):
            yield from _database(kind, properties, at)
        elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            yield from _policy(_map(properties.get("PolicyDocument")))
        elif kind in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
            for _, policy in _items(properties.get("Policies")):
                yield from _policy(_map(policy.get("PolicyDocument")))


def _parameters(parameters: YMap) -> Iterator[Hit]:
    for name, raw in parameters.items():
        parameter = _map(raw)
        if not isinstance(name, str) or not is_secret_name(name):
            continue
        if parameter.get("Type", "String") not in ("String", "Number"):
            continue  # SSM parameter types hold a reference, not the secret
        if not _true(parameter.get("NoEcho")):
            yield Hit("VIGIL-CFN-009", parameters.line_of(name), name)
        if is_literal_secret(parameter.get("Default")):
            yield Hit("VIGIL-CFN-010", parameter.line_of("Default"), name)


def _bucket(properties: YMap, at: int) -> Iterator[Hit]:
    if _one_of(properties.get("AccessControl"), _PUBLIC_ACLS):
        yield Hit("VIGIL-CFN-001", properties.line_of("AccessControl"))
    block = properties.get("PublicAccessBlockConfiguration")
    if not isinstance(block, dict):
        yield Hit("VIGIL-CFN-002", at, "no PublicAccessBlockConfiguration")
    else:
        block = _map(block)
        missing = [key for key in _ACCESS_BLOCK if key not in block]
        if missing:
            at_block = properties.line_of("PublicAccessBlockConfiguration")
            yield Hit("VIGIL-CFN-002", at_block, f"{', '.join(missing)} not set")
        for key in _ACCESS_BLOCK:
            if key in block and not _true(block[key]):
                yield Hit("VIGIL-CFN-002", block.line_of(key), f"{key} not true")
    if "BucketEncryption" not in properties:
        yield Hit("VIGIL-CFN-003", at)


def _ingress(rule: YMap, line: int) -> Iterator[Hit]:
    if not (_one_of(rule.get("CidrIp"), _OPEN) or _one_of(rule.get("CidrIpv6"), _OPEN)):
        return
    if str(rule.get("IpProtocol")).lower() in ("-1", "all"):
        yield Hit("VIGIL-CFN-005", line, "all protocols")
        return
    try:
        low, high = int(rule["FromPort"]), int(rule["ToPort"])
    except (KeyError, TypeError, ValueError):
        return
    if low <= 0 and high >= 65535:
        yield Hit("VIGIL-CFN-005", line, f"ports {low}-{high}")
    elif exposed := [p for p in (22, 3389) if low <= p <= high]:
        yield Hit("VIGIL-CFN-004", line, f"port {exposed[0]}")


def _database(kind: str, properties: YMap, at: int) -> Iterator[Hit]:
    if _true(properties.get("PubliclyAccessible")):
        yield Hit("VIGIL-CFN-006", properties.line_of("PubliclyAccessible"))
    inherits = "SourceDBInstanceIdentifier" in properties or (
        kind == "AWS::RDS::DBInstance" and "DBClusterIdentifier" in properties
    )
    if not inherits and not _true(properties.get("StorageEncrypted")):
        where = properties.line_of("StorageEncrypted") if "StorageEncrypted" in properties else at
        yield Hit("VIGIL-CFN-007", where)


def _policy(document: YMap) -> Iterator[Hit]:
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = YList([statements], line=document.line_of("Statement"))
        statements.item_lines = [statements.line]
    for line, statement in _items(statements):
        if (
            statement.get("Effect", "Allow") == "Allow"
            and "*" in _listed(statement.get("Action"))
            and "*" in _listed(statement.get("Resource"))
        ):
            yield Hit("VIGIL-CFN-008", line or document.line)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
