"""The cues several file kinds share: secret names and literal values, printing to the log,
unpinned images, remote scripts piped into a shell."""

from __future__ import annotations

import pytest

from vigil.scanners.iac._common import (
    PIPE_TO_SHELL,
    is_literal_secret,
    is_secret_name,
    printed_to_log,
    unpinned_image,
)


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("dbPassword", True),
        ("GITHUB_TOKEN", True),
        ("STRIPE_API_KEY", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("client_secret", True),
        ("DATABASE_PASSWORD_FILE", False),
        ("TOKEN_URL", False),
        ("API_KEY_HEADER", False),
        ("PASSWORD_MIN_LENGTH", False),
        ("SECRET_ARN", False),
        ("LOG_LEVEL", False),
        ("SecretName", False),
        ("dbPasswordFile", False),
        ("SecretsManagerDomainCredentialsSecret", False),
        ("VAULT_TOKEN_PATH", False),
        ("KmsKeyId", False),
        ("DBPassword", True),
        ("slackWebhookToken", True),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("s3cr3t-pw", True),
        (12345678, True),
        ("$DB_PASSWORD", False),
        ("${{ secrets.TOKEN }}", False),
        ("{{resolve:secretsmanager:db}}", False),
        ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", False),
        ("/run/secrets/db", False),
        ("true", False),
        ("changeme", False),
        ("GOOGLE_API_KEY_VAL", False),
        ("S3CR3TPW", True),
        ("abc", False),
        ("", False),
        (None, False),
        (True, False),
    ],
)
def test_literal_values(value: object, literal: bool) -> None:
    assert is_literal_secret(value) is literal


@pytest.mark.parametrize(
    ("command", "printed"),
    [
        ('echo "token=$TOKEN"', True),
        ("echo $TOKEN && docker login", True),
        ('echo "$PW" | docker login --password-stdin', False),
        ('echo "$PW" > .npmrc', False),
        ('echo "a|b $TOKEN"', True),
        ("echo $TOKEN; cat x | sh", True),
    ],
)
def test_printed_to_log(command: str, printed: bool) -> None:
    assert printed_to_log(command) is printed


@pytest.mark.parametrize(
    ("image", "unpinned"),
    [
        ("nginx", True),
        ("nginx:latest", True),
        ("registry.example.com:5000/team/app", True),
        ("registry.example.com:5000/team/app:1.2", False),
        ("nginx@sha256:2140dad235c130ac861018a4e13a6bc8aea3a35f3a40e20c1b060d51a7efd250", False),
        ("${BASE_IMAGE}", False),
        ("$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA", False),
    ],
)
def test_unpinned_images(image: str, unpinned: bool) -> None:
    assert unpinned_image(image) is unpinned


@pytest.mark.parametrize(
    ("command", "piped"),
    [
        ("curl -fsSL https://get.example.com | sh", True),
        ("curl -fsSL https://get.example.com | sudo -E bash -", True),
        ('wget -qO- https://x | ENV=1 SHELL="$(which bash)" bash -', True),
        ("curl -sSL https://install.python-poetry.org | python3 -", True),
        ('sh -c "$(curl -fsSL https://x/install.sh)"', True),
        ("curl -fsSLo x.sh https://x && sha256sum -c x.sha && sh x.sh", False),
        ("curl -s https://x | jq .version", False),
        ("curl -s https://x | shasum -a 256", False),
    ],
)
def test_pipe_to_shell(command: str, piped: bool) -> None:
    assert bool(PIPE_TO_SHELL.search(command)) is piped


@pytest.mark.parametrize(
    ("name", "value", "literal"),
    [
        # Found in 18F/identity-idp's .gitlab-ci.yml and Dockerfiles: CI service defaults.
        ("POSTGRES_PASSWORD", "postgres_password", False),
        ("POSTGRES_PASSWORD", "postgres", False),
        ("AWS_SECRET_ACCESS_KEY", "test", False),
        # Found in kubernetes/examples (minio): the access key repeats the service's name.
        ("MINIO_ACCESS_KEY", "minio", False),
        ("minioSecretKey", "minio-secret", False),
        ("MINIO_SECRET_KEY", "minio123", True),
        ("POSTGRES_PASSWORD", "postgres-Kq81x", True),
        ("DB_PASSWORD", "S3CR3TPW", True),
    ],
)
def test_a_value_that_only_repeats_its_name_is_a_default(
    name: str, value: str, literal: bool
) -> None:
    assert is_literal_secret(value, name) is literal
