"""Image-config findings: each rule on a config document as docker and BuildKit write them."""

from __future__ import annotations

import hashlib

from tests.scanners.container._images import config
from vigil.model import Category, Severity
from vigil.scanners.container.config import config_findings, is_secret
from vigil.scanners.container.scanner import TOOL

AWS_KEY = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key id


def rules(doc: dict[str, object], annotations: dict[str, str] | None = None) -> list[str]:
    return [f.rule_id for f in config_findings(doc, "example/app:1.0", TOOL, annotations or {})]


def test_a_non_root_user_and_nothing_else_is_clean() -> None:
    assert rules(config(User="10001", Env=["PATH=/usr/bin", "LANG=C.UTF-8"])) == []


def test_root_user_in_every_spelling() -> None:
    for user in (None, "", "root", "0", "0:0", "root:root"):
        doc = config(User=user) if user is not None else config()
        (finding,) = config_findings(doc, "example/app:1.0", TOOL, {})
        assert finding.rule_id == "VIGIL-IMG-001"
        assert finding.category is Category.CONTAINER and finding.severity is Severity.MEDIUM
        assert finding.location is not None and finding.location.path == "example/app:1.0"
    assert rules(config(User="app:0")) == []  # root group, non-root user


def test_secrets_in_env_are_reported_redacted_with_a_hash() -> None:
    secret = "s3cr3t-Pa55w0rd!"
    doc = config(
        User="app",
        Env=[
            f"DB_PASSWORD={secret}",
            "DB_PASSWORD_FILE=/run/secrets/db",
            "API_TOKEN=${TOKEN}",
            f"UPLOAD_ID={AWS_KEY}",
            "TOKEN_TTL=",
            "PATH=/bin",
        ],
    )
    found = list(config_findings(doc, "img", TOOL, {}))
    assert [(f.rule_id, f.title) for f in found] == [
        ("VIGIL-IMG-002", "Secret in image environment variable DB_PASSWORD"),
        ("VIGIL-IMG-002", "Secret in image environment variable UPLOAD_ID"),
    ]
    password = found[0]
    assert password.severity is Severity.HIGH
    # The hash lets triage match the secret across scans; the value itself is never kept.
    assert password.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    for finding in found:
        text = " ".join((finding.title, finding.description, finding.remediation))
        assert secret not in text and AWS_KEY not in text
    assert password.description.startswith("DB_PASSWORD=s3…: ")


def test_secrets_in_history_and_add_from_url() -> None:
    doc = config(
        User="app",
        Env=["GITHUB_TOKEN=ghp_stillInTheConfig1234"],
        history=[
            "/bin/sh -c #(nop) ADD file:4d35f6c8bbbe6801cd1a2bc3a4d8f0d8e7d2 in / ",
            "ADD https://example.com/tool-1.2.tar.gz /opt/ # buildkit",
            "RUN /bin/sh -c mysql --password=hunter22db -e 'select 1' # buildkit",
            "/bin/sh -c #(nop)  ENV GITHUB_TOKEN=ghp_stillInTheConfig1234",
            "RUN |1 NPM_TOKEN=npm_abcdefgh1234 /bin/sh -c npm ci # buildkit",
        ],
    )
    found = list(config_findings(doc, "img", TOOL, {}))
    assert [(f.rule_id, f.title) for f in found] == [
        ("VIGIL-IMG-002", "Secret in image environment variable GITHUB_TOKEN"),
        ("VIGIL-IMG-004", "ADD from a remote URL in the image build"),
        ("VIGIL-IMG-003", "Secret in image build history (password)"),
        ("VIGIL-IMG-003", "Secret in image build history (NPM_TOKEN)"),
    ]
    assert "https://example.com/tool-1.2.tar.gz" in found[1].description
    assert all("hunter22db" not in f.description for f in found)


def test_latest_base_and_ssh_port() -> None:
    base = "org.opencontainers.image.base.name"
    assert rules(config(User="app"), {base: "docker.io/library/debian:latest"}) == ["VIGIL-IMG-005"]
    assert rules(config(User="app", Labels={base: "debian"})) == ["VIGIL-IMG-005"]
    assert rules(config(User="app"), {base: "debian:12.5"}) == []
    assert rules(config(User="app"), {base: "debian@sha256:" + "a" * 64}) == []
    assert rules(config(User="app", ExposedPorts={"22/tcp": {}, "80/tcp": {}})) == ["VIGIL-IMG-006"]
    assert rules(config(User="app", ExposedPorts={"2222/tcp": {}})) == []


def test_what_counts_as_a_secret() -> None:
    assert is_secret("MYSQL_ROOT_PASSWORD", "rootpw123")
    assert is_secret("ANYTHING", AWS_KEY)
    assert not is_secret("PASSWORD", "${PASSWORD}")
    assert not is_secret("SECRET_KEY_FILE", "/run/secrets/key")
    assert not is_secret("TOKEN", "abc")  # too short to be a credential
    assert not is_secret("NODE_VERSION", "20.11.1")
    assert is_secret("DATABASE_URL", "postgres://app:s3cret-pw@db:5432/app")
    assert not is_secret("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db/app")
    assert not is_secret("DATABASE_URL", "postgres://db:5432/app")
    assert not is_secret("AUTHOR", "Jane Doe <jane@example.com>")
    assert not is_secret("GPG_KEY", "A035C8C19219BA821ECEA86B64E628F8D684696D")  # a public key id
