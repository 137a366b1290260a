"""The Terraform rules (AWS first, then Azure and GCP), over one module at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from vigil.scanners.iac._common import is_literal_secret
from vigil.scanners.iac.rules import Hit
from vigil.scanners.iac.terraform import Block, Module

#: (block, hit): a hit belongs to the file of its block.
Result = tuple[Block, Hit]
_PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
_ACCESS_BLOCK = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)
_OPEN = frozenset({"0.0.0.0/0", "::/0"})
_ALL_PROTOCOLS = frozenset({"-1", "all"})
_PROVIDER_SECRETS = frozenset(
    {
        "access_key",
        "secret_key",
        "token",
        "password",
        "client_secret",
        "client_certificate_password",
        "credentials",
    }
)
_PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})


def check(module: Module) -> Iterator[Result]:
    """Every hit of every rule in ``module``."""
    for rule in _CHECKS:
        yield from rule(module)


def _one_of(value: Any, options: frozenset[str]) -> bool:
    """Membership that an object or a list in place of a string cannot break."""
    return isinstance(value, str) and value in options


def _refers(value: Any, bucket: Block) -> bool:
    if not isinstance(value, str):
        return False
    return f"aws_s3_bucket.{bucket.name}." in value or value == bucket.get("bucket")


def _s3(module: Module) -> Iterator[Result]:
    companions = [b for b in module.resources if b.kind.startswith("aws_s3_bucket_")]
    for block in module.of_kind("aws_s3_bucket", "aws_s3_bucket_acl"):
        if _one_of(block.get("acl"), _PUBLIC_ACLS):
            yield block, Hit("VIGIL-TF-001", block.line_of("acl"), block.get("acl"))
    for bucket in module.of_kind("aws_s3_bucket"):
        mine = {c.kind: c for c in companions if _refers(c.get("bucket"), bucket)}
        access = mine.get("aws_s3_bucket_public_access_block")
        if access is None:
            yield bucket, Hit("VIGIL-TF-002", bucket.line, "no public access block")
        else:
            yield from _access_block(access)
        encryption = "aws_s3_bucket_server_side_encryption_configuration"
        if encryption not in mine and not bucket.blocks("server_side_encryption_configuration"):
            yield bucket, Hit("VIGIL-TF-003", bucket.line)
        yield from _versioning(bucket, mine.get("aws_s3_bucket_versioning"))


def _access_block(access: Block) -> Iterator[Result]:
    missing = [key for key in _ACCESS_BLOCK if key not in access.body]
    if missing:
        yield access, Hit("VIGIL-TF-002", access.line, f"{', '.join(missing)} not set")
    for key in _ACCESS_BLOCK:
        if key in access.body and access.get(key) is not True:
            yield access, Hit("VIGIL-TF-002", access.line_of(key), f"{key} not true")


def _versioning(bucket: Block, versioning: Block | None) -> Iterator[Result]:
    if versioning is not None:
        for config in versioning.blocks("versioning_configuration"):
            if config.get("status") != "Enabled":
                yield versioning, Hit("VIGIL-TF-004", versioning.line_of("status", config))
        return
    inline = bucket.blocks("versioning")
    if not inline:
        yield bucket, Hit("VIGIL-TF-004", bucket.line)
    elif inline[0].get("enabled") is not True:
        yield bucket, Hit("VIGIL-TF-004", bucket.line_of("enabled", inline[0]))


def _ingress(module: Module) -> Iterator[Result]:
    for group in module.of_kind("aws_security_group"):
        for rule in group.blocks("ingress"):
            cidrs = [
                *_list(group, rule.get("cidr_blocks")),
                *_list(group, rule.get("ipv6_cidr_blocks")),
            ]
            hit = _open_ports(
                rule.get("protocol"),
                rule.get("from_port"),
                rule.get("to_port"),
                cidrs,
                int(rule.get("__start_line__", group.line)),
            )
            if hit:
                yield group, hit
    for rule_block in module.of_kind("aws_security_group_rule"):
        if rule_block.get("type") == "ingress":
            cidrs = [
                *_list(rule_block, rule_block.get("cidr_blocks")),
                *_list(rule_block, rule_block.get("ipv6_cidr_blocks")),
            ]
            hit = _open_ports(
                rule_block.get("protocol"),
                rule_block.get("from_port"),
                rule_block.get("to_port"),
                cidrs,
                rule_block.line,
            )
            if hit:
                yield rule_block, hit
    for rule_block in module.of_kind("aws_vpc_security_group_ingress_rule"):
        cidrs = [rule_block.get("cidr_ipv4"), rule_block.get("cidr_ipv6")]
        hit = _open_ports(
            rule_block.get("ip_protocol"),
            rule_block.get("from_port"),
            rule_block.get("to_port"),
            cidrs,
            rule_block.line,
        )
        if hit:
            yield rule_block, hit


def _list(block: Block, value: Any) -> list[Any]:
    value = block.module.resolve(value)
    return value if isinstance(value, list) else [value]


def _open_ports(protocol: Any, low: Any, high: Any, cidrs: list[Any], line: int) -> Hit | None:
    if not _OPEN.intersection(c for c in cidrs if isinstance(c, str)):
        return None
    if str(protocol).lower() in _ALL_PROTOCOLS:
        return Hit("VIGIL-TF-006", line, "all protocols")
    try:
        first, last = int(low), int(high)
    except (TypeError, ValueError):
        return None
    if first <= 0 and last >= 65535:
        return Hit("VIGIL-TF-006", line, f"ports {first}-{last}")
    exposed = [port for port in (22, 3389) if first <= port <= last]
    return Hit("VIGIL-TF-005", line, f"port {exposed[0]}") if exposed else None


def _databases(module: Module) -> Iterator[Result]:
    for db in module.of_kind("aws_db_instance", "aws_rds_cluster_instance"):
        if db.get("publicly_accessible") is True:
            yield db, Hit("VIGIL-TF-007", db.line_of("publicly_accessible"))
    for db in module.of_kind("aws_db_instance", "aws_rds_cluster"):
        if db.get("replicate_source_db") is None and db.get("storage_encrypted") is not True:
            yield db, Hit("VIGIL-TF-008", db.line_of("storage_encrypted"))


def _iam(module: Module) -> Iterator[Result]:
    kinds = ("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")
    for block in module.of_kind(*kinds):
        if _admin_policy(block.get("policy")):
            yield block, Hit("VIGIL-TF-009", block.line_of("policy"))
    for role in module.of_kind("aws_iam_role"):
        for inline in role.blocks("inline_policy"):
            if _admin_policy(inline.get("policy")):
                yield role, Hit("VIGIL-TF-009", role.line_of("policy", inline))
    for document in (d for d in module.data if d.kind == "aws_iam_policy_document"):
        for statement in document.blocks("statement"):
            allow = statement.get("effect", "Allow") == "Allow"
            if (
                allow
                and "*" in _list(document, statement.get("actions"))
                and "*" in _list(document, statement.get("resources"))
            ):
                yield document, Hit("VIGIL-TF-009", int(statement["__start_line__"]))


def _admin_policy(policy: Any) -> bool:
    """Whether a policy document (JSON, or jsonencode of an object) allows * on *."""
    if not isinstance(policy, str):
        return False
    text = policy.strip()
    if text.startswith("${jsonencode(") and text.endswith(")}"):
        text = text[len("${jsonencode(") : -2]
    try:
        document = json.loads(text)
    except ValueError:
        flat = re.sub(r"\s+", "", text)
        return bool(re.search(r'"?Action"?[:=]\[?"\*"', flat)) and bool(
            re.search(r'"?Resource"?[:=]\[?"\*"', flat)
        )
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    statements = statements if isinstance(statements, list) else [statements]
    return any(
        isinstance(s, dict)
        and s.get("Effect", "Allow") == "Allow"
        and "*" in _strings(s.get("Action"))
        and "*" in _strings(s.get("Resource"))
        for s in statements
    )


def _strings(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _providers(module: Module) -> Iterator[Result]:
    for provider in module.providers:
        for key in sorted(_PROVIDER_SECRETS & provider.body.keys()):
            if is_literal_secret(provider.get(key)):
                yield provider, Hit("VIGIL-TF-010", provider.line_of(key), key)


def _attribute(kinds: tuple[str, ...], key: str, rule: str, bad: Callable[[Any], bool]) -> Any:
    def check_attribute(module: Module) -> Iterator[Result]:
        for block in module.of_kind(*kinds):
            if bad(block.get(key)):
                yield block, Hit(rule, block.line_of(key), _shown(key, block.get(key)))

    return check_attribute


def _shown(key: str, value: Any) -> str:
    if value is None:
        return f"{key} not set"
    return f"{key} = {str(value).lower() if isinstance(value, bool) else value}"


def _kms(module: Module) -> Iterator[Result]:
    for key in module.of_kind("aws_kms_key"):
        symmetric = key.get("customer_master_key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
        if symmetric and key.get("enable_key_rotation") is not True:
            yield key, Hit("VIGIL-TF-013", key.line_of("enable_key_rotation"))


def _azure(module: Module) -> Iterator[Result]:
    for account in module.of_kind("azurerm_storage_account"):
        for key in ("enable_https_traffic_only", "https_traffic_only_enabled"):
            if account.get(key) is False:
                yield account, Hit("VIGIL-TF-014", account.line_of(key), f"{key} = false")
        public = [
            k
            for k in ("allow_nested_items_to_be_public", "allow_blob_public_access")
            if k in account.body
        ]
        if not public or any(account.get(k) is not False for k in public):
            where = account.line_of(public[0]) if public else account.line
            yield account, Hit("VIGIL-TF-015", where)
    for container in module.of_kind("azurerm_storage_container"):
        if container.get("container_access_type") in ("blob", "container"):
            yield container, Hit("VIGIL-TF-015", container.line_of("container_access_type"))


def _gcp(module: Module) -> Iterator[Result]:
    for block in module.of_kind(
        "google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"
    ):
        members = [*_list(block, block.get("member")), *_list(block, block.get("members"))]
        if _PUBLIC_MEMBERS.intersection(m for m in members if isinstance(m, str)):
            key = "member" if "member" in block.body else "members"
            yield block, Hit("VIGIL-TF-016", block.line_of(key))
    for block in module.of_kind(
        "google_storage_bucket_access_control", "google_storage_default_object_access_control"
    ):
        if _one_of(block.get("entity"), _PUBLIC_MEMBERS):
            yield block, Hit("VIGIL-TF-016", block.line_of("entity"))


_CHECKS: tuple[Callable[[Module], Iterator[Result]], ...] = (
    _s3,
    _ingress,
    _databases,
    _iam,
    _providers,
    _attribute(("aws_ebs_volume",), "encrypted", "VIGIL-TF-011", lambda v: v is not True),
    _attribute(
        ("aws_cloudtrail",), "is_multi_region_trail", "VIGIL-TF-012", lambda v: v is not True
    ),
    _attribute(("aws_cloudtrail",), "enable_logging", "VIGIL-TF-012", lambda v: v is False),
    _kms,
    _azure,
    _gcp,
    _attribute(
        ("google_container_cluster",), "enable_legacy_abac", "VIGIL-TF-017", lambda v: v is True
    ),
)
