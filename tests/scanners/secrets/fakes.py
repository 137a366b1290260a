"""Fake but format-valid credentials: random bodies from a seeded generator, with the checksums
and encodings their formats require. None of them was ever issued by a provider.

``CASES`` holds, for every rule, a file name, a text with a true secret and a near miss (the
same context with something that must not be reported: a wrong checksum, a placeholder, a
test-mode key, a look-alike).
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib
from collections.abc import Callable

from vigil.scanners.secrets.validators import base62

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


class Fakes:
    """Generators of fake secrets; the same seed gives the same secrets."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, alphabet: str, n: int) -> str:
        # Random bodies must not spell a placeholder word by chance, nor start with "0".
        while True:
            text = "".join(self.rng.choice(alphabet) for _ in range(n))
            low = text.lower()
            if not any(w in low for w in ("example", "sample", "dummy", "fake", "your", "xxx")):
                return text

    def alnum(self, n: int) -> str:
        while True:
            text = self.pick(ALNUM, n)
            if any(c.isdigit() for c in text) and any(c.isupper() for c in text):
                return text

    def hex(self, n: int) -> str:
        return self.pick(HEX, n)

    def checksummed(self, prefix: str) -> str:
        body = self.alnum(30)
        return prefix + body + base62(zlib.crc32(body.encode()))

    def bad_checksum(self, prefix: str) -> str:
        good = self.checksummed(prefix)
        return good[:-1] + ("A" if good[-1] != "A" else "B")

    def aws_id(self) -> str:
        return "AKIA" + self.pick(string.ascii_uppercase + "234567", 16)

    def aws_secret(self) -> str:
        while True:
            text = self.pick(B64, 40)
            if any(c.isdigit() for c in text) and any(c.isupper() for c in text):
                return text

    def jwt(self) -> str:
        def enc(data: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

        claims = {"sub": self.pick(LOWER_ALNUM, 8), "iat": 1700000000 + self.rng.randrange(10**6)}
        return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(claims)}.{self.pick(URLSAFE, 43)}"

    def pypi(self) -> str:
        raw = b"\x02\x01\x08pypi.org\x02\x25\x00\x08" + self.rng.randbytes(80)
        return "pypi-" + base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def pem_body(self, lines: int = 12) -> str:
        return "\n".join(self.pick(B64, 64) for _ in range(lines))

    def pem(self, label: str = "RSA PRIVATE KEY") -> str:
        return f"-----BEGIN {label}-----\n{self.pem_body()}\n-----END {label}-----"

    def password(self) -> str:
        words = ("Harbor", "Maple", "Quartz", "Violet", "Falcon", "Cobalt", "Ember", "Tundra")
        symbols = "!#%&*+?@^"
        return (
            self.rng.choice(words)
            + self.rng.choice(symbols)
            + str(self.rng.randrange(10, 9999))
            + self.rng.choice(words).lower()
            + self.rng.choice(symbols)
        )


Case = tuple[str, str, str]


def cases(f: Fakes) -> dict[str, Case]:
    """rule id (without the VIGIL-SECRET- prefix) -> (file name, true case, near miss); the
    tables are drawn in a fixed order, so a seed always gives the same corpus."""
    return {**_cloud(f), **_hosting(f), **_messaging(f), **_ai_and_structure(f)}


def _short(f: Fakes) -> tuple[Callable[[int], str], ...]:
    """Short names for the generators the case tables use: alnum, hex, digits, upper case."""
    return (
        f.alnum,
        f.hex,
        lambda n: f.pick(string.digits, n),
        lambda n: f.pick(string.ascii_uppercase, n),
    )


def _cloud(f: Fakes) -> dict[str, Case]:
    """Cloud providers."""
    a, h, _d, _up = _short(f)
    p = f.pick

    pem_body = f.pem_body()
    sa = {
        "type": "service_account",
        "project_id": "billing-prod",
        "private_key_id": h(40),
        "private_key": f"-----BEGIN PRIVATE KEY-----\n{pem_body}\n-----END PRIVATE KEY-----\n",
        "client_email": "deployer@billing-prod.iam.gserviceaccount.com",
    }
    sa_doc = dict(sa, private_key="-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n")
    aws_id, aws_secret = f.aws_id(), f.aws_secret()
    return {
        "AWS-ACCESS-KEY": (
            "deploy.py",
            f'KEY_ID = "{aws_id}"\n',
            'KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n',
        ),
        "AWS-SECRET-KEY": (
            "deploy.py",
            f'aws_secret_access_key = "{f.aws_secret()}"\n',
            'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n',
        ),
        "AWS-KEY-PAIR": (
            "credentials",
            f"[default]\naws_access_key_id = {aws_id}\naws_secret_access_key = {aws_secret}\n",
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        ),
        "GCP-SERVICE-ACCOUNT": ("sa.json", json.dumps(sa, indent=2), json.dumps(sa_doc, indent=2)),
        "GOOGLE-API-KEY": (
            "maps.js",
            f'const key = "AIza{p(URLSAFE, 35)}";\n',
            'const key = "AIzaSyYOUR_API_KEY_HERE";\n',
        ),
        "GOOGLE-OAUTH-SECRET": (
            "client.json",
            f'{{"client_secret": "GOCSPX-{p(URLSAFE, 28)}"}}',
            '{"client_secret": "GOCSPX-<client-secret>"}',
        ),
        "FIREBASE-FCM-KEY": (
            "push.py",
            f'FCM = "AAAA{p(URLSAFE, 7)}:APA91b{p(URLSAFE, 134)}"\n',
            'FCM = "AAAA...:APA91b..."\n',
        ),
        "AZURE-STORAGE-KEY": (
            "app.config",
            f"DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey={f.pick(B64, 86)}==;"
            "EndpointSuffix=core.windows.net\n",
            "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<key>;\n",
        ),
        "AZURE-AD-CLIENT-SECRET": (
            "appsettings.json",
            f'{{"ClientSecret": "{p(ALNUM, 3)}8Q~{a(34)}"}}',
            '{"ClientSecret": "abc8Q~short"}',
        ),
        "AZURE-SAS-TOKEN": (
            "upload.sh",
            f'curl "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&srt=o&sp=r'
            f'&se=2027-01-01&sig={a(43)}%3D"\n',
            'curl "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig=<signature>"\n',
        ),
        "ALIBABA-ACCESS-KEY": (
            "oss.py",
            f'access_key_id = "LTAI{a(20)}"\n',
            'access_key_id = "LTAI****************"\n',
        ),
        "DIGITALOCEAN-TOKEN": ("do.tf", f'token = "dop_v1_{h(64)}"\n', 'token = "dop_v1_abc"\n'),
        "HEROKU-API-KEY": (
            "deploy.sh",
            f"export HEROKU_API_KEY=HRKU-{p(URLSAFE, 60)}\n",
            "export HEROKU_API_KEY=HRKU-xxxxxxxx\n",
        ),
        "HEROKU-LEGACY-KEY": (
            "deploy.sh",
            f"HEROKU_API_KEY={h(8)}-{h(4)}-{h(4)}-{h(4)}-{h(12)}\n",
            f"HEROKU_APP_ID={h(8)}-{h(4)}-{h(4)}-{h(4)}-{h(12)}\n",
        ),
        "CLOUDFLARE-ORIGIN-CA": (
            "cf.env",
            f"CF_ORIGIN_CA_KEY=v1.0-{h(24)}-{h(146)}\n",
            "CF_ORIGIN_CA_KEY=v1.0-...\n",
        ),
        "CLOUDFLARE-API-TOKEN": (
            "cf.env",
            f"CLOUDFLARE_API_TOKEN={p(URLSAFE, 40)}\n",
            "CLOUDFLARE_API_TOKEN=${CF_TOKEN}\n",
        ),
        "FLY-TOKEN": ("fly.env", f"FLY_API_TOKEN=fo1_{p(URLSAFE, 43)}\n", "FLY_API_TOKEN=fo1_\n"),
        "TAILSCALE-KEY": (
            "ts.sh",
            f"tailscale up --authkey tskey-auth-{a(12)}-{a(30)}\n",
            "tailscale up --authkey tskey-auth-XXXX\n",
        ),
    }


def _hosting(f: Fakes) -> dict[str, Case]:
    """Source hosting, CI, registries and developer SaaS."""
    a, h, _d, _up = _short(f)
    p = f.pick
    return {
        "GITHUB-PAT": (
            "ci.yml",
            f"token: {f.checksummed('ghp_')}\n",
            f"token: {f.bad_checksum('ghp_')}\n",
        ),
        "GITHUB-OAUTH-TOKEN": (
            "gh.py",
            f'TOKEN = "{f.checksummed("gho_")}"\n',
            f'TOKEN = "{f.bad_checksum("gho_")}"\n',
        ),
        "GITHUB-APP-TOKEN": (
            "gh.py",
            f'TOKEN = "{f.checksummed("ghs_")}"\n',
            f'TOKEN = "{f.bad_checksum("ghu_")}"\n',
        ),
        "GITHUB-REFRESH-TOKEN": (
            "gh.py",
            f'REFRESH = "{f.checksummed("ghr_")}"\n',
            f'REFRESH = "{f.bad_checksum("ghr_")}"\n',
        ),
        "GITHUB-FINE-GRAINED-PAT": (
            "gh.env",
            f"GH_TOKEN=github_pat_{a(22)}_{a(59)}\n",
            "GH_TOKEN=github_pat_11AAAAAAA_xxxxxxxx\n",
        ),
        "GITLAB-PAT": (
            "gl.env",
            f"GITLAB_TOKEN=glpat-{p(URLSAFE, 20)}\n",
            "GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx\n",
        ),
        "GITLAB-DEPLOY-TOKEN": (
            "gl.env",
            f"DEPLOY=gldt-{p(URLSAFE, 20)}\n",
            "DEPLOY=gldt-<token>\n",
        ),
        "GITLAB-RUNNER-TOKEN": (
            "config.toml",
            f'token = "glrt-{p(URLSAFE, 20)}"\n',
            'token = "glrt-REPLACE_ME"\n',
        ),
        "GITLAB-CI-TOKEN": ("trigger.sh", f"TRIGGER=glptt-{h(40)}\n", "TRIGGER=glptt-\n"),
        "GITLAB-OTHER-TOKEN": ("gl.env", f"FEED=glft-{p(URLSAFE, 20)}\n", "FEED=glft-abc\n"),
        "NPM-TOKEN": (
            ".npmrc",
            f"//registry.npmjs.org/:_authToken={f.checksummed('npm_')}\n",
            f"//registry.npmjs.org/:_authToken={f.bad_checksum('npm_')}\n",
        ),
        "NPMRC-AUTH": (
            ".npmrc",
            f"//npm.corp.example.net/:_authToken={h(8)}-{h(4)}-{h(24)}\n",
            "//npm.corp.example.net/:_authToken=${NPM_TOKEN}\n",
        ),
        "PYPI-TOKEN": (
            ".pypirc",
            f"[pypi]\nusername = __token__\npassword = {f.pypi()}\n",
            "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc...\n",
        ),
        "DOCKERHUB-PAT": (
            "login.sh",
            f"echo dckr_pat_{p(URLSAFE, 27)} | docker login --password-stdin\n",
            "echo dckr_pat_*** | docker login --password-stdin\n",
        ),
        "DOCKER-CONFIG-AUTH": (
            "config.json",
            json.dumps(
                {
                    "auths": {
                        "registry.corp.io": {
                            "auth": base64.b64encode(f"ci:{f.password()}".encode()).decode()
                        }
                    }
                }
            ),
            json.dumps({"auths": {"registry.corp.io": {}}, "credsStore": "desktop"}),
        ),
        "ARTIFACTORY-TOKEN": (
            "gradle.properties",
            f"artifactoryKey=AKCp{a(69)}\n",
            "artifactoryKey=AKCp<key>\n",
        ),
        "RUBYGEMS-KEY": (
            "credentials",
            f":rubygems_api_key: rubygems_{h(48)}\n",
            ":rubygems_api_key: rubygems_xxx\n",
        ),
        "NUGET-KEY": (
            "push.ps1",
            f"nuget push pkg.nupkg -ApiKey oy2{p(LOWER_ALNUM, 43)}\n",
            f"dotnet push pkg.nupkg -ApiKey oy2{p(LOWER_ALNUM, 43)}\n",
        ),
        "CLOJARS-TOKEN": (
            "deploy.sh",
            f"CLOJARS_PASS=CLOJARS_{p(LOWER_ALNUM, 60)}\n",
            "CLOJARS_PASS=CLOJARS_TOKEN\n",
        ),
        "BUILDKITE-TOKEN": (
            "bk.env",
            f"BUILDKITE_API_TOKEN=bkua_{h(40)}\n",
            "BUILDKITE_API_TOKEN=bkua_\n",
        ),
        "ATLASSIAN-TOKEN": (
            "jira.py",
            f'JIRA_TOKEN = "ATATT3{p(URLSAFE, 186)}"\n',
            'JIRA_TOKEN = "ATATT3xFfGF0..."\n',
        ),
        "POSTMAN-KEY": (
            "pm.env",
            f"POSTMAN_API_KEY=PMAK-{h(24)}-{h(34)}\n",
            "POSTMAN_API_KEY=PMAK-<key>\n",
        ),
        "LINEAR-KEY": (
            "linear.ts",
            f'const key = "lin_api_{a(40)}";\n',
            'const key = "lin_api_your_key";\n',
        ),
        "DOPPLER-TOKEN": (
            "doppler.env",
            f"DOPPLER_TOKEN=dp.pt.{a(43)}\n",
            "DOPPLER_TOKEN=dp.pt.xxxx\n",
        ),
        "VAULT-TOKEN": (
            "vault.env",
            f"VAULT_TOKEN=hvs.{p(URLSAFE, 95)}\n",
            "VAULT_TOKEN=hvs.root\n",
        ),
        "TERRAFORM-CLOUD-TOKEN": (
            ".terraformrc",
            f'credentials "app.terraform.io" {{\n  token = "{a(14)}.atlasv1.{a(67)}"\n}}\n',
            'credentials "app.terraform.io" {\n  token = "xxxxxx.atlasv1.zzzzzz"\n}\n',
        ),
        "PULUMI-TOKEN": (
            "pulumi.env",
            f"PULUMI_ACCESS_TOKEN=pul-{h(40)}\n",
            "PULUMI_ACCESS_TOKEN=pul-<token>\n",
        ),
        "DATABRICKS-TOKEN": (
            "dbx.cfg",
            f"[DEFAULT]\ntoken = dapi{h(32)}\n",
            "[DEFAULT]\ntoken = dapiXXXXXXXX\n",
        ),
        "GRAFANA-SERVICE-ACCOUNT": (
            "grafana.env",
            f"GRAFANA_TOKEN=glsa_{a(32)}_{h(8)}\n",
            "GRAFANA_TOKEN=glsa_<token>\n",
        ),
        "GRAFANA-CLOUD-TOKEN": (
            "grafana.env",
            f"GRAFANA_CLOUD=glc_{a(60)}\n",
            "GRAFANA_CLOUD=glc_\n",
        ),
        "PREFECT-KEY": ("prefect.env", f"PREFECT_API_KEY=pnu_{a(36)}\n", "PREFECT_API_KEY=pnu_\n"),
        "INFRACOST-KEY": ("ci.env", f"INFRACOST_API_KEY=ico-{a(32)}\n", "INFRACOST_API_KEY=ico-\n"),
    }


def _messaging(f: Fakes) -> dict[str, Case]:
    """Messaging, payments and other SaaS."""
    a, h, d, up = _short(f)
    p = f.pick
    return {
        "SLACK-BOT-TOKEN": (
            "bot.py",
            f'SLACK = "xoxb-{d(12)}-{d(13)}-{a(24)}"\n',
            'SLACK = "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"\n',
        ),
        "SLACK-USER-TOKEN": (
            "bot.py",
            f'SLACK = "xoxp-{d(11)}-{d(12)}-{d(13)}-{h(32)}"\n',
            'SLACK = "xoxp-your-token"\n',
        ),
        "SLACK-APP-TOKEN": (
            "bot.env",
            f"SLACK_APP_TOKEN=xapp-1-A{up(10)}-{d(13)}-{h(64)}\n",
            "SLACK_APP_TOKEN=xapp-1-...\n",
        ),
        "SLACK-WEBHOOK": (
            "notify.py",
            f'URL = "https://hooks.slack.com/services/T{up(8)}/B{up(10)}/{a(24)}"\n',
            'URL = "https://hooks.slack.com/services/T000/B000/XXXX"\n',
        ),
        "DISCORD-BOT-TOKEN": (
            "discord_bot.py",
            f'DISCORD_TOKEN = "M{a(25)}.{p(URLSAFE, 6)}.{p(URLSAFE, 38)}"\n',
            'DISCORD_TOKEN = "M<token>.<ts>.<hmac>"\n',
        ),
        "DISCORD-WEBHOOK": (
            "discord_hook.py",
            f'HOOK = "https://discord.com/api/webhooks/{d(18)}/{p(URLSAFE, 68)}"\n',
            'HOOK = "https://discord.com/api/webhooks/<id>/<token>"\n',
        ),
        "TELEGRAM-BOT-TOKEN": (
            "tg.py",
            f'BOT = "{d(10)}:AA{p(URLSAFE, 33)}"\n',
            'BOT = "123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n',
        ),
        "TWILIO-API-KEY": (
            "sms.py",
            f'# twilio\nTWILIO_KEY = "SK{h(32)}"\n',
            f'# twilio\nTWILIO_SID = "AC{h(32)}"\n',
        ),
        "TWILIO-AUTH-TOKEN": (
            "sms.env",
            f"TWILIO_AUTH_TOKEN={h(32)}\n",
            "TWILIO_AUTH_TOKEN=your_auth_token\n",
        ),
        "SENDGRID-KEY": (
            "mail.py",
            f'SENDGRID = "SG.{p(URLSAFE, 22)}.{p(URLSAFE, 43)}"\n',
            'SENDGRID = "SG.xxxxx.yyyyy"\n',
        ),
        "MAILGUN-KEY": (
            "mail.py",
            f'MAILGUN_API_KEY = "key-{h(32)}"\n',
            f'CACHE = "key-{h(32)}"  # redis key prefix\n',
        ),
        "MAILCHIMP-KEY": (
            "mc.py",
            f'MAILCHIMP = "{h(32)}-us{f.rng.randrange(1, 21)}"\n',
            'MAILCHIMP = "<key>-us6"\n',
        ),
        "STRIPE-SECRET-KEY": (
            "billing.py",
            f'stripe.api_key = "sk_live_{a(24)}"\n',
            f'stripe.api_key = "sk_test_{a(24)}"\n',
        ),
        "STRIPE-RESTRICTED-KEY": (
            "billing.py",
            f'KEY = "rk_live_{a(24)}"\n',
            f'KEY = "rk_test_{a(24)}"\n',
        ),
        "STRIPE-WEBHOOK-SECRET": (
            "hooks.py",
            f'WEBHOOK = "whsec_{a(32)}"\n',
            'WEBHOOK = "whsec_..."\n',
        ),
        "SQUARE-ACCESS-TOKEN": (
            "square.env",
            f"SQUARE_ACCESS_TOKEN=EAAA{p(URLSAFE, 60)}\n",
            "SQUARE_ACCESS_TOKEN=EAAA...\n",
        ),
        "SQUARE-OAUTH-SECRET": (
            "square.env",
            f"SQUARE_SECRET=sq0csp-{p(URLSAFE, 43)}\n",
            "SQUARE_SECRET=sq0csp-<secret>\n",
        ),
        "SHOPIFY-ACCESS-TOKEN": ("shop.rb", f'TOKEN = "shpat_{h(32)}"\n', 'TOKEN = "shpat_xxx"\n'),
        "SHOPIFY-SHARED-SECRET": ("shop.rb", f'SECRET = "shpss_{h(32)}"\n', 'SECRET = "shpss_"\n'),
        "FACEBOOK-TOKEN": ("fb.py", f'TOKEN = "EAAB{a(120)}"\n', 'TOKEN = "EAAB..."\n'),
        "DATADOG-KEY": ("dd.env", f"DD_API_KEY={h(32)}\n", "DD_API_KEY=<api-key>\n"),
        "NEWRELIC-KEY": (
            "nr.env",
            f"NEW_RELIC_API_KEY=NRAK-{p(string.ascii_uppercase + string.digits, 27)}\n",
            "NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
        ),
        "SENTRY-DSN": (
            "sentry.py",
            f'DSN = "https://{h(32)}:{h(32)}@sentry.corp.net/12"\n',
            f'DSN = "https://{h(32)}@o12.ingest.sentry.io.invalid"\n',
        ),
        "SENTRY-TOKEN": (
            "sentry.env",
            f"SENTRY_AUTH_TOKEN=sntryu_{h(64)}\n",
            "SENTRY_AUTH_TOKEN=sntryu_\n",
        ),
        "OKTA-TOKEN": (
            "okta.env",
            f"OKTA_API_TOKEN=00{p(URLSAFE, 40)}\n",
            "OKTA_API_TOKEN=00xxxxxx\n",
        ),
        "AIRTABLE-PAT": ("air.py", f'AIRTABLE = "pat{a(14)}.{h(64)}"\n', 'AIRTABLE = "pat..."\n'),
        "NOTION-TOKEN": (
            "notion.env",
            f"NOTION_TOKEN=ntn_{d(11)}{a(35)}\n",
            "NOTION_TOKEN=ntn_<token>\n",
        ),
        "CONTENTFUL-TOKEN": (
            "cf.env",
            f"CONTENTFUL_TOKEN=CFPAT-{p(URLSAFE, 43)}\n",
            "CONTENTFUL_TOKEN=CFPAT-\n",
        ),
        "FIGMA-TOKEN": ("figma.env", f"FIGMA_TOKEN=figd_{p(URLSAFE, 40)}\n", "FIGMA_TOKEN=figd_\n"),
        "DYNATRACE-TOKEN": (
            "dt.env",
            f"DT_API_TOKEN=dt0c01.{p(BASE32, 24)}.{p(BASE32, 64)}\n",
            "DT_API_TOKEN=dt0c01.ABC.DEF\n",
        ),
        "MAPBOX-SECRET-TOKEN": (
            "map.env",
            f"MAPBOX_SECRET=sk.eyJ{p(URLSAFE, 60)}.{p(URLSAFE, 22)}\n",
            "MAPBOX_SECRET=sk.eyJ...\n",
        ),
        "SUPABASE-TOKEN": (
            "supa.env",
            f"SUPABASE_ACCESS_TOKEN=sbp_{h(40)}\n",
            "SUPABASE_ACCESS_TOKEN=sbp_\n",
        ),
        "PLANETSCALE-TOKEN": (
            "ps.env",
            f"PLANETSCALE_TOKEN=pscale_tkn_{p(URLSAFE, 43)}\n",
            "PLANETSCALE_TOKEN=pscale_tkn_\n",
        ),
        "EASYPOST-KEY": ("ship.py", f'EASYPOST = "EZAK{a(54)}"\n', 'EASYPOST = "EZTK..."\n'),
    }


def _ai_and_structure(f: Fakes) -> dict[str, Case]:
    """AI providers, and credentials known by their structure."""
    a, h, _d, _up = _short(f)
    p = f.pick
    return {
        "OPENAI-KEY": (
            "llm.py",
            f'OPENAI_API_KEY = "sk-proj-{p(URLSAFE, 80)}"\n',
            'OPENAI_API_KEY = "sk-proj-..."\n',
        ),
        "ANTHROPIC-KEY": (
            "llm.py",
            f'ANTHROPIC_API_KEY = "sk-ant-api03-{p(URLSAFE, 93)}AA"\n',
            'ANTHROPIC_API_KEY = "sk-ant-api03-..."\n',
        ),
        "HUGGINGFACE-TOKEN": (
            "hf.py",
            f'HF_TOKEN = "hf_{p(string.ascii_letters, 34)}"\n',
            'HF_TOKEN = "hf_xxx"\n',
        ),
        "REPLICATE-TOKEN": (
            "r8.env",
            f"REPLICATE_API_TOKEN=r8_{a(37)}\n",
            "REPLICATE_API_TOKEN=r8_\n",
        ),
        "GROQ-KEY": ("groq.env", f"GROQ_API_KEY=gsk_{a(52)}\n", "GROQ_API_KEY=gsk_\n"),
        "PERPLEXITY-KEY": ("pplx.env", f"PPLX_API_KEY=pplx-{a(48)}\n", "PPLX_API_KEY=pplx-\n"),
        "XAI-KEY": ("xai.env", f"XAI_API_KEY=xai-{a(80)}\n", "XAI_API_KEY=xai-\n"),
        "PRIVATE-KEY": (
            "id_rsa",
            f.pem() + "\n",
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n",
        ),
        "PGP-PRIVATE-KEY": (
            "key.asc",
            f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{f.pem_body()}\n"
            "-----END PGP PRIVATE KEY BLOCK-----\n",
            f"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n{f.pem_body()}\n"
            "-----END PGP PUBLIC KEY BLOCK-----\n",
        ),
        "PUTTY-PRIVATE-KEY": (
            "deploy.ppk",
            f"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 2\n{f.pem_body(2)}\n"
            f"Private-Lines: 2\n{f.pem_body(2)}\nPrivate-MAC: {h(40)}\n",
            "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n",
        ),
        "AGE-SECRET-KEY": (
            "age.txt",
            f"AGE-SECRET-KEY-1{p(BECH32, 58).upper()}\n",
            f"age1{p(BECH32, 58)}\n",
        ),
        "JWT": ("api.py", f'TOKEN = "{f.jwt()}"\n', f'TOKEN = "eyJ{a(30)}.eyJ{a(40)}.{a(43)}"\n'),
        "DATABASE-URI": (
            "settings.py",
            f'DATABASE_URL = "postgres://app:{f.password()}@db.internal:5432/app"\n',
            'DATABASE_URL = "postgres://app:${DB_PASSWORD}@db.internal:5432/app"\n',
        ),
        "BASIC-AUTH-URL": (
            "mirror.sh",
            f"git clone https://deploy:{a(20)}@git.corp.net/app.git\n",
            "git clone https://user:password@git.corp.net/app.git\n",
        ),
        "AUTHORIZATION-HEADER": (
            "client.js",
            f'headers: {{ "Authorization": "Bearer {a(40)}" }}\n',
            'headers: { "Authorization": "Bearer " + token }\n',
        ),
        "PASSWORD": (
            "config.yaml",
            f"db:\n  password: {f.password()}\n",
            "db:\n  password: ${DB_PASSWORD}\n",
        ),
        "GENERIC": (
            "settings.py",
            f'SECRET_KEY = "{a(50)}"\n',
            'SECRET_KEY = "django-insecure-change-me"\n',
        ),
    }
