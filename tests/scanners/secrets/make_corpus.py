"""Writes the labelled secrets corpus, ``tests/data/secrets-corpus/``:

    .venv/bin/python -m tests.scanners.secrets.make_corpus

Every secret is fake (seeded random bodies with valid checksums and encodings, see
``fakes``). ``labels.csv`` names, for each true secret and each hard negative, its file, first
and last line, kind, and whether it is a secret. A detection on a line labelled as a secret is a
true positive (once per label); any other detection is a false positive.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import shutil
import uuid
from pathlib import Path

from tests.scanners.secrets.fakes import B64, Fakes, cases

ROOT = Path(__file__).parents[2] / "data" / "secrets-corpus"
FILES = ROOT / "files"
Label = tuple[str, int, int, str, bool]


class Doc:
    """A corpus file built entry by entry, with the lines of each labelled entry recorded."""

    def __init__(self, path: str, labels: list[Label]) -> None:
        self.path, self.labels, self.parts, self.line = path, labels, [], 1

    def add(self, text: str, kind: str | None = None, secret: bool = False) -> Doc:
        if not text.endswith("\n"):
            text += "\n"
        lines = text.count("\n")
        if kind is not None:
            self.labels.append((self.path, self.line, self.line + lines - 1, kind, secret))
        self.parts.append(text)
        self.line += lines
        return self

    def yes(self, text: str, kind: str) -> Doc:
        return self.add(text, kind, True)

    def no(self, text: str, kind: str) -> Doc:
        return self.add(text, kind, False)

    def write(self) -> None:
        target = FILES / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(self.parts), encoding="utf-8")


_GROUPS = {  # case file suffix -> corpus files for the true cases and for the near misses
    ".env": ("services/.env.production", "services/.env.sample"),
    ".py": ("app/integrations.py", "app/integrations_docs.py"),
    ".sh": ("scripts/release.sh", "scripts/release_template.sh"),
    ".json": ("config/clients.json", "config/clients.example.json"),
}


def provider_cases(labels: list[Label], seed: int) -> None:
    """Each rule's true case and near miss, grouped into files of the same kind."""
    docs: dict[str, Doc] = {}
    for name, (path, positive, negative) in sorted(cases(Fakes(seed)).items()):
        suffix = Path(path).suffix if Path(path).suffix else Path(path).name
        suffix = ".env" if suffix in {".env", ".cfg"} or path.endswith(".env") else suffix
        misc = (f"misc/{name.lower()}/{path}", f"misc/{name.lower()}/not-secret/{path}")
        # An AWS secret key next to the access key id of another case would pair with it.
        good, bad = misc if name == "AWS-SECRET-KEY" else _GROUPS.get(suffix, misc)
        if suffix == ".json":  # one JSON document per file: keep them apart
            good, bad = f"config/{name.lower()}/{path}", f"config/{name.lower()}/example-{path}"
        for target, text, is_secret in ((good, positive, True), (bad, negative, False)):
            doc = docs.setdefault(target, Doc(target, labels))
            doc.add(text, name.lower(), is_secret)
    for doc in docs.values():
        doc.write()


def django_settings(f: Fakes, labels: list[Label]) -> None:
    d = Doc("shop/settings/production.py", labels)
    d.add('"""Production settings for the shop."""\nimport os\nfrom pathlib import Path\n\n')
    d.add("BASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = False\n")
    d.yes(f'SECRET_KEY = "{f.alnum(50)}"', "generic")
    d.no('SECRET_KEY_FALLBACKS = [os.environ["OLD_SECRET_KEY"]]', "reference")
    d.add("DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',")
    d.add("        'NAME': 'shop',\n        'USER': 'shop',")
    d.yes(f"        'PASSWORD': '{f.password()}',", "password")
    d.add("        'HOST': 'db.internal',\n    },\n}\n")
    d.no("AUTH_PASSWORD_VALIDATORS = [", "name")
    d.add("    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},\n]")
    d.no('PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]', "name")
    d.no("PASSWORD_RESET_TIMEOUT = 259200", "setting")
    d.yes(f'EMAIL_HOST_PASSWORD = "{f.password()}"', "password")
    d.no('EMAIL_HOST_USER = "apikey"', "name")
    d.no("SESSION_COOKIE_NAME = 'shop_sessionid'", "name")
    d.no('CSRF_HEADER_NAME = "HTTP_X_CSRF_TOKEN"', "name")
    d.yes(f'AWS_ACCESS_KEY_ID = "{f.aws_id()}"\nAWS_SECRET_ACCESS_KEY = "{f.aws_secret()}"', "aws")
    d.no('AWS_STORAGE_BUCKET_NAME = "shop-media-prod"', "name")
    d.yes(f'STRIPE_SECRET_KEY = "sk_live_{f.alnum(24)}"', "stripe")
    d.no(f'STRIPE_PUBLISHABLE_KEY = "pk_live_{f.alnum(24)}"', "publishable")
    d.no(f'STRIPE_TEST_KEY = "sk_test_{f.alnum(24)}"', "test-key")
    d.yes(f'SENTRY_DSN = "https://{f.hex(32)}:{f.hex(32)}@sentry.shop.net/4"', "sentry")
    d.no(f'STATIC_VERSION = "{f.hex(40)}"  # git commit of the build', "hash")
    d.no(f'CACHE_KEY_PREFIX = "{uuid.UUID(int=f.rng.getrandbits(128))}"', "uuid")
    d.no('REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")', "reference")
    d.yes(f'CELERY_BROKER_URL = "amqp://shop:{f.password()}@mq.internal:5672/shop"', "uri")
    d.no('CELERY_RESULT_BACKEND = "redis://:${REDIS_PASSWORD}@cache:6379/1"', "reference")
    d.yes(f'SOCIAL_AUTH_GITHUB_SECRET = "{f.hex(40)}"', "generic")
    d.no('SOCIAL_AUTH_GITHUB_KEY = os.environ.get("GITHUB_KEY")', "reference")
    d.no('JWT_ALGORITHM = "HS256"', "setting")
    d.no("TOKEN_EXPIRY_SECONDS = 3600", "setting")
    d.write()


def env_example(f: Fakes, labels: list[Label]) -> None:
    d = Doc("shop/.env.example", labels)
    d.add("# Copy to .env and fill in\n")
    for line in (
        "DATABASE_URL=postgres://shop:changeme@localhost:5432/shop",
        "SECRET_KEY=your-secret-key-here",
        "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "OPENAI_API_KEY=sk-proj-...",
        "SLACK_BOT_TOKEN=xoxb-your-bot-token",
        "SMTP_PASSWORD=<smtp password>",
        "REDIS_PASSWORD=",
        "API_TOKEN=${API_TOKEN}",
        "SENDGRID_API_KEY=SG.xxxxxxxx.yyyyyyyy",
        "JWT_SECRET=replace-me-with-a-long-random-string",
        "ADMIN_PASSWORD=password",
        "MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "DB_PASSWORD=********",
        "ENCRYPTION_KEY=0000000000000000000000000000000000000000000000000000000000000000",
        "SESSION_SECRET=abcdefghijklmnopqrstuvwxyz012345",
    ):
        d.no(line, "placeholder")
    d.write()


def compose(f: Fakes, labels: list[Label]) -> None:
    d = Doc("deploy/docker-compose.yml", labels)
    d.add("services:\n  db:\n    image: postgres:16\n    environment:")
    d.yes(f"      POSTGRES_PASSWORD: {f.password()}", "password")
    d.add("  cache:\n    image: redis:7")
    d.no("    command: redis-server --requirepass ${REDIS_PASSWORD}", "reference")
    d.add("  api:\n    build: .\n    environment:")
    d.no("      DATABASE_URL: postgres://postgres:postgres@db:5432/app", "default")
    d.yes(f"      RABBITMQ_URL: amqp://api:{f.password()}@mq:5672", "uri")
    d.no("      API_KEY_FILE: /run/secrets/api_key", "path")
    d.yes(f"      GRAFANA_ADMIN_PASSWORD: '{f.password()}'", "password")
    d.no("      KEYCLOAK_ADMIN_PASSWORD: ${KC_ADMIN_PASSWORD:-admin}", "reference")
    d.no("    secrets:\n      - api_key", "name")
    d.write()


def kubernetes(f: Fakes, labels: list[Label]) -> None:
    d = Doc("deploy/k8s/secret.yaml", labels)
    d.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\nstringData:")
    d.yes(f"  db-password: {f.password()}", "password")
    d.yes(f"  api-token: {f.alnum(40)}", "generic")
    d.no("  token-ttl: 3600s", "setting")
    d.add("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:")
    d.add("  template:\n    spec:\n      containers:\n        - name: api\n          env:")
    d.no(
        "            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:"
        "\n                  name: api\n                  key: db-password",
        "reference",
    )
    d.write()


def javascript(f: Fakes, labels: list[Label]) -> None:
    d = Doc("web/src/api/client.ts", labels)
    d.add('import axios from "axios";\n')
    d.no('const TOKEN_STORAGE_KEY = "auth_token";', "name")
    d.no('const REFRESH_TOKEN_KEY = "app.refresh_token";', "name")
    d.yes(f'const MAPS_KEY = "AIza{f.pick(B64[:62] + "-_", 35)}";', "google")
    d.yes(f'const ALGOLIA_ADMIN_KEY = "{f.hex(32)}";', "generic")
    d.no(f'const ALGOLIA_APP_ID = "{f.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}";', "id")
    d.add("export const client = axios.create({\n  baseURL: process.env.API_URL,\n  headers: {")
    d.yes(f'    Authorization: "Bearer {f.alnum(40)}",', "auth-header")
    d.add("  },\n});\n")
    d.no(
        "export function authHeader(token: string) {\n"
        "  return { Authorization: `Bearer ${token}` };\n}",
        "reference",
    )
    d.no('const password = form.get("password");', "reference")
    d.no('if (password.length < 12) throw new Error("password too short");', "code")
    d.yes(
        f'const SLACK_HOOK = "https://hooks.slack.com/services/T{f.pick("ABCDEFGHJK", 8)}'
        f'/B{f.pick("ABCDEFGHJK0123", 10)}/{f.alnum(24)}";',
        "slack",
    )
    d.no(f'const ICON = "data:image/png;base64,iVBORw0KGgo{f.pick(B64, 120)}";', "image")
    d.no(f'const BUILD_ID = "{f.hex(40)}";', "hash")
    d.yes(f'const firebaseConfig = {{ apiKey: "AIza{f.pick(B64[:62] + "-_", 35)}" }};', "google")
    d.write()
    h = Doc("web/public/index.html", labels)
    h.add("<!doctype html>\n<html>\n<head>")
    digest = base64.b64encode(hashlib.sha384(f.rng.randbytes(64)).digest()).decode()
    h.no(
        f'<script src="https://cdn.example.net/lib.js" integrity="sha384-{digest}" '
        'crossorigin="anonymous"></script>',
        "integrity",
    )
    h.no('<meta name="csrf-token" content="{{ csrf_token }}">', "template")
    h.add("</head>\n<body></body>\n</html>")
    h.write()


def terraform(f: Fakes, labels: list[Label]) -> None:
    d = Doc("infra/main.tf", labels)
    d.add('provider "aws" {\n  region     = "eu-west-1"')
    d.yes(f'  access_key = "{f.aws_id()}"\n  secret_key = "{f.aws_secret()}"', "aws")
    d.add('}\n\nresource "aws_db_instance" "main" {\n  engine   = "postgres"')
    d.add('  username = "app"')
    d.yes(f'  password = "{f.password()}"', "password")
    d.add('}\n\nresource "aws_db_instance" "replica" {\n  username = "app"')
    d.no("  password = var.db_password", "reference")
    d.no(
        '  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/'
        + str(uuid.UUID(int=f.rng.getrandbits(128)))
        + '"',
        "arn",
    )
    d.add("}\n")
    d.no('variable "db_password" {\n  type      = string\n  sensitive = true\n}', "declaration")
    d.no('output "token_name" {\n  value = "deploy-token"\n}', "name")
    d.add('provider "datadog" {')
    d.yes(f'  api_key = "{f.hex(32)}"', "datadog")
    d.no('  app_key = data.vault_generic_secret.dd.data["app_key"]', "reference")
    d.add("}")
    d.write()


def dockerfile(f: Fakes, labels: list[Label]) -> None:
    d = Doc("Dockerfile", labels)
    d.add("FROM python:3.12-slim\nWORKDIR /app")
    d.no("ARG NPM_TOKEN", "declaration")
    d.no('RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc', "reference")
    d.yes(f"ENV SENTRY_AUTH_TOKEN=sntryu_{f.hex(64)}", "sentry")
    d.yes(f"ENV API_SECRET={f.alnum(32)}", "generic")
    d.no("ENV PASSWORD_MIN_LENGTH=12", "setting")
    d.no(f"RUN pip install --require-hashes app==1.0 --hash=sha256:{f.hex(64)}", "hash")
    d.add('CMD ["gunicorn", "app:app"]')
    d.write()


def notebook(f: Fakes, labels: list[Label]) -> None:
    png = "iVBORw0KGgo" + f.pick(B64, 400)
    hf = "hf_" + f.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)
    cells = [
        ("import openai\n", None),
        (f'openai.api_key = "sk-proj-{f.pick(B64[:62] + "-_", 100)}"\n', ("openai", True)),
        (f'HF_TOKEN = "{hf}"\n', ("huggingface", True)),
        ('api_key = os.environ["WANDB_API_KEY"]\n', ("reference", False)),
    ]
    lines = ["{", ' "cells": [', "  {", '   "cell_type": "code",', '   "source": [']
    d = Doc("notebooks/eval.ipynb", labels)
    for text in lines:
        d.add(text)
    for source, label in cells:
        encoded = "    " + json.dumps(source) + ","
        if label is None:
            d.add(encoded)
        else:
            d.add(encoded, label[0], label[1])
    d.add('    ""\n   ],\n   "outputs": [\n    {\n     "data": {')
    d.no(f'      "image/png": "{png}",', "image")
    d.add('      "text/plain": ["<Figure>"]\n     }\n    }\n   ]\n  }\n ],')
    d.add(' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}')
    d.write()


def lockfile(f: Fakes, labels: list[Label]) -> None:
    d = Doc("web/package-lock.json", labels)
    d.add('{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {')
    for name in ("axios", "react", "lodash", "zod", "vite", "chalk"):
        integrity = base64.b64encode(hashlib.sha512(name.encode()).digest()).decode()
        d.add(f'    "node_modules/{name}": {{\n      "version": "1.0.0",')
        d.add(f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-1.0.0.tgz",')
        d.no(f'      "integrity": "sha512-{integrity}"', "integrity")
        d.add("    },")
    d.add('    "": {}\n  }\n}')
    d.write()


def java_config(f: Fakes, labels: list[Label]) -> None:
    d = Doc("backend/src/main/resources/application.properties", labels)
    d.add("spring.application.name=orders\nspring.datasource.url=jdbc:postgresql://db/orders")
    d.add("spring.datasource.username=orders")
    d.yes(f"spring.datasource.password={f.password()}", "password")
    d.no("spring.mail.password=${MAIL_PASSWORD}", "reference")
    d.yes(f"app.jwt.secret={f.alnum(64)}", "generic")
    d.no("app.jwt.expiration-ms=86400000", "setting")
    d.no(
        "spring.security.oauth2.client.registration.github.client-secret=${GH_SECRET}", "reference"
    )
    d.yes(f"spring.rabbitmq.password={f.password()}", "password")
    d.no("server.ssl.key-store-password=@keystore.password@", "reference")
    d.write()
    x = Doc("backend/settings.xml", labels)
    x.add("<settings>\n  <servers>\n    <server>\n      <id>corp-releases</id>")
    x.add("      <username>deployer</username>")
    x.yes(f"      <password>{f.password()}</password>", "password")
    x.add("    </server>\n    <server>\n      <id>snapshots</id>")
    x.no("      <password>${env.NEXUS_PASSWORD}</password>", "reference")
    x.add("    </server>\n  </servers>\n</settings>")
    x.write()
    n = Doc("backend/App.config", labels)
    n.add("<configuration>\n  <appSettings>")
    n.yes(f'    <add key="SmtpPassword" value="{f.password()}" />', "password")
    n.no('    <add key="PasswordMinLength" value="12" />', "setting")
    n.add("  </appSettings>\n</configuration>")
    n.write()


def look_alikes(f: Fakes, labels: list[Label]) -> None:
    d = Doc("pkg/checksums/known.go", labels)
    d.add("package checksums\n\nvar known = map[string]string{")
    for i in range(10):
        data = f.rng.randbytes(32)
        d.no(f'\t"release-{i}.tar.gz": "{hashlib.sha256(data).hexdigest()}",', "hash")
    d.add("}\n\nvar ids = []string{")
    for _ in range(8):
        d.no(f'\t"{uuid.UUID(int=f.rng.getrandbits(128), version=4)}",', "uuid")
    d.add("}\n")
    for i in range(6):
        d.no(f'const md5Fixture{i} = "{hashlib.md5(bytes([i])).hexdigest()}"  // not a key', "hash")
    for i in range(6):
        d.no(f'const sha1Fixture{i} = "{hashlib.sha1(bytes([i])).hexdigest()}"', "hash")
    blob = base64.b64encode(f.rng.randbytes(300)).decode()
    d.no(f'const fontData = "d09GRgABAAAA{blob[:200]}"', "encoded")
    d.no(f'const gzipped = "H4sIAAAAAAAA{blob[200:360]}"', "encoded")
    d.write()
    docs = Doc("docs/authentication.md", labels)
    docs.add("# Authentication\n\nCreate a token and export it:\n\n```sh")
    docs.no("export GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "placeholder")
    docs.no("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "example")
    docs.no("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "example")
    docs.no('curl -H "Authorization: Bearer $TOKEN" https://api.example.com', "reference")
    docs.no("mysql -u root -p<password> shop", "placeholder")
    docs.no("psql postgres://user:password@localhost/db", "placeholder")
    docs.add("```\n\nThe token looks like `sk_live_...`; never commit it.")
    docs.no('password: "<your password>"', "placeholder")
    docs.no("api_key: YOUR_API_KEY", "placeholder")
    docs.no('token = "{{ vault_token }}"', "template")
    docs.no("client_secret = %(client_secret)s", "template")
    docs.write()
    i18n = Doc("web/src/i18n/en.json", labels)
    i18n.add("{")
    for key, text in (
        ("password", "Password"), ("password_hint", "At least 12 characters"),
        ("token_expired", "Your session has expired, please sign in again"),
        ("api_key_label", "API key"), ("secret_question", "What was your first pet's name?"),
        ("reset_password", "Reset your password"),
    ):  # fmt: skip
        i18n.no(f'  "{key}": "{text}",', "text")
    i18n.add('  "ok": "OK"\n}')
    i18n.write()


def tests_and_keys(f: Fakes, labels: list[Label]) -> None:
    t = Doc("shop/tests/test_payments.py", labels)
    t.add("import stripe\n\n")
    t.no(f'stripe.api_key = "sk_test_{f.alnum(24)}"', "test-key")
    t.no('PASSWORD = "test-password"', "test")
    t.no('TOKEN = "dummy-token-for-tests"', "test")
    t.no('def test_login(client):\n    client.login(username="alice", password="secret")', "test")
    t.write()
    k = Doc("deploy/keys/deploy_key", labels)
    k.yes(f.pem("OPENSSH PRIVATE KEY"), "private-key")
    k.write()
    pub = Doc("deploy/keys/deploy_key.pub", labels)
    pub.no(f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{f.pick(B64, 43)} deploy@ci", "public-key")
    pub.write()
    cert = Doc("deploy/keys/server.crt", labels)
    cert.no(f"-----BEGIN CERTIFICATE-----\n{f.pem_body()}\n-----END CERTIFICATE-----", "cert")
    cert.write()
    sh = Doc("scripts/backup.sh", labels)
    sh.add("#!/bin/sh\nset -eu")
    sh.yes(f'mysqldump -u backup --password="{f.password()}" shop > shop.sql', "password")
    sh.yes(f"curl -T shop.sql https://backup:{f.alnum(20)}@files.corp.net/dumps/", "uri")
    sh.no('curl -u "$USER:$PASS" https://files.corp.net/', "reference")
    sh.yes(f"export VAULT_TOKEN=hvs.{f.pick(B64[:62] + '-_', 95)}", "vault")
    sh.no("export VAULT_ADDR=https://vault.corp.net:8200", "url")
    sh.write()
    ci = Doc(".gitlab-ci.yml", labels)
    ci.add("variables:\n  DOCKER_DRIVER: overlay2")
    ci.no("  REGISTRY_PASSWORD: $CI_REGISTRY_PASSWORD", "reference")
    ci.yes(f"  SONAR_TOKEN: squ_{f.hex(40)}", "generic")
    ci.no("  CACHE_KEY: $CI_COMMIT_REF_SLUG", "reference")
    ci.add("deploy:\n  script:")
    ci.yes(
        f"    - curl -H 'PRIVATE-TOKEN: glpat-{f.pick(B64[:62] + '-_', 20)}' https://gitlab.corp.net/api/v4/projects",
        "gitlab",
    )
    ci.no("    - echo $DEPLOY_TOKEN | docker login -u deploy --password-stdin", "reference")
    ci.write()


def extra_positives(labels: list[Label]) -> None:
    """A second draw of every provider format, one per line in a secrets dump, as found in
    leaked shell histories and CI logs."""
    d = Doc("ops/notes/rotation-backlog.txt", labels)
    d.add("Keys found in the old wiki export, to rotate:")
    for name, (_, positive, _) in sorted(cases(Fakes(seed=99)).items()):
        if positive.count("\n") == 1 and name not in {
            "PASSWORD",
            "GENERIC",
            "TWILIO-API-KEY",
            "AWS-SECRET-KEY",
        }:
            d.yes(positive.rstrip("\n"), name.lower())
    d.write()


def main() -> None:
    if FILES.exists():
        shutil.rmtree(FILES)
    labels: list[Label] = []
    provider_cases(labels, seed=1)
    f = Fakes(seed=2)
    builders = (
        django_settings,
        env_example,
        compose,
        kubernetes,
        javascript,
        terraform,
        dockerfile,
        notebook,
        lockfile,
        java_config,
        look_alikes,
        tests_and_keys,
    )
    for build in builders:
        build(f, labels)
    extra_positives(labels)
    with (ROOT / "labels.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["file", "first_line", "last_line", "kind", "is_secret"])
        for path, first, last, kind, secret in sorted(labels):
            writer.writerow([path, first, last, kind, "yes" if secret else "no"])
    positives = sum(1 for label in labels if label[4])
    print(f"{len(labels)} labels: {positives} secrets, {len(labels) - positives} hard negatives")


if __name__ == "__main__":
    main()
