"""The secret rules, as data: one ``Rule`` per credential format.

A rule's regex is tried only on content that contains one of its ``keywords`` (lower-case
literals, checked all at once before any regex runs), so a rule costs nothing on files that
cannot hold its secret. The named group ``secret`` is the credential (the whole match when
absent). ``validator`` names a check in ``validators.VALIDATORS``; ``context`` words must also
appear in the file (for formats too plain to stand alone, like a 32-hex-digit key).

Rules whose ``kind`` is ``password``, ``generic``, ``uri`` or ``aws`` get extra treatment in
``detector`` (keyword context, placeholders, pairing); the rest are self-describing formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.model import Severity

C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
#: How a quoted or assigned value ends: a quote, space, comma, semicolon, bracket.
_END = r"(?![A-Za-z0-9_\-])"


@dataclass(frozen=True, slots=True)
class Rule:
    """One credential format."""

    id: str
    title: str
    pattern: str
    keywords: tuple[str, ...]
    severity: Severity
    kind: str
    validator: str | None = None
    context: tuple[str, ...] = ()
    #: Python regex flags for ``pattern`` (``re.IGNORECASE`` is 2).
    flags: int = 0
    #: The regex runs over the whole file, not only the lines holding a keyword: for secrets
    #: spanning lines, and for those whose keyword is context rather than part of the token.
    whole_file: bool = False


# fmt: off
def _r(rule_id: str, title: str, pattern: str, keywords: str, severity: Severity, kind: str,
       validator: str | None = None, context: str = "", flags: int = 0) -> Rule:
    return Rule(
        f"VIGIL-SECRET-{rule_id}",
        title,
        pattern,
        tuple(keywords.split()),
        severity,
        kind,
        validator,
        tuple(context.split()),
        flags,
    )
# fmt: on


# fmt: off
RULES: tuple[Rule, ...] = (
    # Cloud providers
    _r("AWS-ACCESS-KEY", "AWS access key id",
       r"\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b", "akia asia abia acca", H, "aws"),
    _r("AWS-SECRET-KEY", "AWS secret access key",
       r"(?i)aws.{0,20}?secret.{0,20}?[\"'\s:=]+(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
       "aws", C, "aws"),
    _r("AWS-KEY-PAIR", "AWS access key id and secret access key",
       r"(?!)", "akia asia", C, "aws"),  # built by the detector from the two rules above
    _r("GCP-SERVICE-ACCOUNT", "Google Cloud service account key (JSON)",
       r"\"private_key\"\s*:\s*\"(?P<secret>-----BEGIN PRIVATE KEY-----[^\"]{64,}?)\"",
       "service_account", C, "gcp", context="client_email"),
    _r("GOOGLE-API-KEY", "Google API key", r"\b(?P<secret>AIza[0-9A-Za-z_\-]{35})" + _END,
       "aiza", H, "google"),
    _r("GOOGLE-OAUTH-SECRET", "Google OAuth client secret",
       r"\b(?P<secret>GOCSPX-[A-Za-z0-9_\-]{28})" + _END, "gocspx-", H, "google"),
    _r("FIREBASE-FCM-KEY", "Firebase Cloud Messaging server key",
       r"\b(?P<secret>AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})", "apa91b", H, "google"),
    _r("AZURE-STORAGE-KEY", "Azure storage account key",
       r"(?i)AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)", "accountkey=", C, "azure"),
    _r("AZURE-AD-CLIENT-SECRET", "Azure AD (Entra ID) client secret",
       r"(?<![A-Za-z0-9_~.\-])(?P<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})" + _END,
       "q~", H, "azure"),
    _r("AZURE-SAS-TOKEN", "Azure shared access signature",
       r"[?&]sv=\d{4}-\d\d-\d\d&[^\s\"']*?sig=(?P<secret>[A-Za-z0-9%+/=]{43,})", "sig=", H,
       "azure"),
    _r("ALIBABA-ACCESS-KEY", "Alibaba Cloud access key id",
       r"\b(?P<secret>LTAI[A-Za-z0-9]{20})\b", "ltai", H, "alibaba"),
    _r("DIGITALOCEAN-TOKEN", "DigitalOcean token",
       r"\b(?P<secret>do[opr]_v1_[a-f0-9]{64})\b", "_v1_", H, "digitalocean"),
    _r("HEROKU-API-KEY", "Heroku API key",
       r"\b(?P<secret>HRKU-[A-Za-z0-9_\-]{60})" + _END, "hrku-", H, "heroku"),
    _r("HEROKU-LEGACY-KEY", "Heroku API key (legacy UUID)",
       r"(?i)heroku[\w.\-]*(?:api)?[_\-]?(?:key|token)[\"']?\s*[:=]\s*[\"']?(?P<secret>"
       r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", "heroku", H, "heroku"),
    _r("CLOUDFLARE-ORIGIN-CA", "Cloudflare origin CA key",
       r"\b(?P<secret>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b", "v1.0-", H, "cloudflare"),
    _r("CLOUDFLARE-API-TOKEN", "Cloudflare API token",
       r"(?i)(?:cloudflare|cf)[_\-]?api[_\-]?(?:token|key)[\"']?\s*[:=]\s*[\"']?"
       r"(?P<secret>[A-Za-z0-9_\-]{40})" + _END, "cloudflare cf_api cf-api", H, "cloudflare"),
    _r("FLY-TOKEN", "Fly.io access token", r"\b(?P<secret>fo1_[A-Za-z0-9_\-]{43})" + _END,
       "fo1_", H, "fly"),
    _r("TAILSCALE-KEY", "Tailscale key",
       r"\b(?P<secret>tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{10,}-[A-Za-z0-9]{20,})",
       "tskey-", H, "tailscale"),
    # Source hosting, CI and registries
    _r("GITHUB-PAT", "GitHub personal access token", r"\b(?P<secret>ghp_[A-Za-z0-9]{36})\b",
       "ghp_", C, "github", "crc32-base62"),
    _r("GITHUB-OAUTH-TOKEN", "GitHub OAuth access token", r"\b(?P<secret>gho_[A-Za-z0-9]{36})\b",
       "gho_", C, "github", "crc32-base62"),
    _r("GITHUB-APP-TOKEN", "GitHub App token", r"\b(?P<secret>gh[us]_[A-Za-z0-9]{36})\b",
       "ghu_ ghs_", C, "github", "crc32-base62"),
    _r("GITHUB-REFRESH-TOKEN", "GitHub refresh token", r"\b(?P<secret>ghr_[A-Za-z0-9]{36})\b",
       "ghr_", C, "github", "crc32-base62"),
    _r("GITHUB-FINE-GRAINED-PAT", "GitHub fine-grained personal access token",
       r"\b(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b", "github_pat_", C, "github"),
    _r("GITLAB-PAT", "GitLab personal access token",
       r"\b(?P<secret>glpat-(?:[A-Za-z0-9_\-]{20}|[A-Za-z0-9_\-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9}))"
       + _END, "glpat-", C, "gitlab"),
    _r("GITLAB-DEPLOY-TOKEN", "GitLab deploy token",
       r"\b(?P<secret>gldt-[A-Za-z0-9_\-]{20})" + _END, "gldt-", H, "gitlab"),
    _r("GITLAB-RUNNER-TOKEN", "GitLab runner token",
       r"\b(?P<secret>(?:glrt-[A-Za-z0-9_\-]{20}|GR1348941[A-Za-z0-9_\-]{20}))" + _END,
       "glrt- gr1348941", H, "gitlab"),
    _r("GITLAB-CI-TOKEN", "GitLab CI/CD job or pipeline trigger token",
       r"\b(?P<secret>(?:glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_\-]{20}|glptt-[0-9a-f]{40}))" + _END,
       "glcbt- glptt-", H, "gitlab"),
    _r("GITLAB-OTHER-TOKEN", "GitLab feed, OAuth or SCIM token",
       r"\b(?P<secret>(?:glft|glsoat|gloas|glagent)-[A-Za-z0-9_\-]{20,64})" + _END,
       "glft- glsoat- gloas- glagent-", M, "gitlab"),
    _r("NPM-TOKEN", "npm access token", r"\b(?P<secret>npm_[A-Za-z0-9]{36})\b", "npm_", C,
       "npm", "crc32-base62"),
    _r("NPMRC-AUTH", "npm registry credential in .npmrc",
       r"(?m)_auth(?:Token)?\s*=\s*[\"']?(?P<secret>[A-Za-z0-9+/=_\-]{20,})[\"']?\s*$",
       "_authtoken _auth", H, "npm"),
    _r("PYPI-TOKEN", "PyPI API token",
       r"\b(?P<secret>pypi-AgE[A-Za-z0-9_\-]{50,})", "pypi-age", C, "pypi", "pypi"),
    _r("DOCKERHUB-PAT", "Docker Hub personal access token",
       r"\b(?P<secret>dckr_pat_[A-Za-z0-9_\-]{27})" + _END, "dckr_pat_", H, "docker"),
    _r("DOCKER-CONFIG-AUTH", "registry credential in a Docker config.json",
       r"\"auth\"\s*:\s*\"(?P<secret>[A-Za-z0-9+/]{16,}={0,2})\"", '"auths"', H, "docker"),
    _r("ARTIFACTORY-TOKEN", "JFrog Artifactory API key",
       r"\b(?P<secret>AKCp[A-Za-z0-9]{69})\b", "akcp", H, "jfrog"),
    _r("RUBYGEMS-KEY", "RubyGems API key", r"\b(?P<secret>rubygems_[a-f0-9]{48})\b",
       "rubygems_", H, "rubygems"),
    _r("NUGET-KEY", "NuGet API key", r"\b(?P<secret>oy2[a-z0-9]{43})\b", "oy2", H, "nuget",
       context="nuget"),
    _r("CLOJARS-TOKEN", "Clojars deploy token", r"\b(?P<secret>CLOJARS_[a-z0-9]{60})\b",
       "clojars_", H, "clojars"),
    _r("BUILDKITE-TOKEN", "Buildkite API token", r"\b(?P<secret>bkua_[a-f0-9]{40})\b",
       "bkua_", H, "buildkite"),
    _r("ATLASSIAN-TOKEN", "Atlassian API token",
       r"\b(?P<secret>ATATT3[A-Za-z0-9_\-=]{186})" + _END, "atatt3", H, "atlassian"),
    _r("POSTMAN-KEY", "Postman API key", r"\b(?P<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b",
       "pmak-", H, "postman"),
    _r("LINEAR-KEY", "Linear API key", r"\b(?P<secret>lin_api_[A-Za-z0-9]{40})\b", "lin_api_",
       H, "linear"),
    _r("DOPPLER-TOKEN", "Doppler token",
       r"\b(?P<secret>dp\.(?:pt|st|sa|ct|scim)\.[A-Za-z0-9]{40,44})\b",
       "dp.pt. dp.st. dp.sa. dp.ct. dp.scim.", H, "doppler"),
    _r("VAULT-TOKEN", "HashiCorp Vault token",
       r"\b(?P<secret>hv[sb]\.[A-Za-z0-9_\-]{90,200})" + _END, "hvs. hvb.", C, "vault"),
    _r("TERRAFORM-CLOUD-TOKEN", "Terraform Cloud / Enterprise API token",
       r"\b(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70})" + _END, ".atlasv1.",
       H, "terraform"),
    _r("PULUMI-TOKEN", "Pulumi access token", r"\b(?P<secret>pul-[a-f0-9]{40})\b", "pul-", H,
       "pulumi"),
    _r("DATABRICKS-TOKEN", "Databricks personal access token",
       r"\b(?P<secret>dapi[a-f0-9]{32}(?:-\d)?)\b", "dapi", H, "databricks"),
    _r("GRAFANA-SERVICE-ACCOUNT", "Grafana service account token",
       r"\b(?P<secret>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b", "glsa_", H, "grafana"),
    _r("GRAFANA-CLOUD-TOKEN", "Grafana Cloud token",
       r"\b(?P<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})", "glc_", H, "grafana"),
    _r("PREFECT-KEY", "Prefect API key", r"\b(?P<secret>pnu_[A-Za-z0-9]{36})\b", "pnu_", H,
       "prefect"),
    _r("INFRACOST-KEY", "Infracost API key", r"\b(?P<secret>ico-[A-Za-z0-9]{32})\b", "ico-", M,
       "infracost"),
    # Messaging, payments, SaaS
    _r("SLACK-BOT-TOKEN", "Slack bot token",
       r"\b(?P<secret>xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24})\b", "xoxb-", H, "slack"),
    _r("SLACK-USER-TOKEN", "Slack user or legacy token",
       r"\b(?P<secret>xox[aprs]-\d{10,13}-\d{10,13}(?:-\d{10,13})?-[A-Za-z0-9]{24,64})\b",
       "xoxp- xoxa- xoxr- xoxs-", H, "slack"),
    _r("SLACK-APP-TOKEN", "Slack app-level token",
       r"\b(?P<secret>xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{64})\b", "xapp-", H, "slack"),
    _r("SLACK-WEBHOOK", "Slack incoming webhook",
       r"(?P<secret>https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]{8,11}/"
       r"[A-Z0-9]{8,11}/[A-Za-z0-9]{24})", "hooks.slack.com", M, "slack"),
    _r("DISCORD-BOT-TOKEN", "Discord bot token",
       r"\b(?P<secret>[MN][A-Za-z0-9]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})" + _END,
       "discord", H, "discord"),
    _r("DISCORD-WEBHOOK", "Discord webhook",
       r"(?P<secret>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/"
       r"[A-Za-z0-9_\-]{60,68})", "discord", M, "discord"),
    _r("TELEGRAM-BOT-TOKEN", "Telegram bot token",
       r"\b(?P<secret>\d{8,10}:AA[0-9A-Za-z_\-]{33})" + _END, ":aa", H, "telegram"),
    _r("TWILIO-API-KEY", "Twilio API key", r"\b(?P<secret>SK[0-9a-f]{32})\b", "sk", H,
       "twilio", context="twilio"),
    _r("TWILIO-AUTH-TOKEN", "Twilio auth token",
       r"(?i)twilio[\w.\-]*?(?:auth)?[_\-]?token[\"']?\s*[:=]\s*[\"']?(?P<secret>[0-9a-f]{32})\b",
       "twilio", H, "twilio"),
    _r("SENDGRID-KEY", "SendGrid API key",
       r"\b(?P<secret>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})" + _END, "sg.", H, "sendgrid"),
    _r("MAILGUN-KEY", "Mailgun API key", r"\b(?P<secret>key-[0-9a-f]{32})\b", "key-", H,
       "mailgun", context="mailgun"),
    _r("MAILCHIMP-KEY", "Mailchimp API key", r"\b(?P<secret>[0-9a-f]{32}-us\d{1,2})\b", "-us",
       H, "mailchimp"),
    _r("STRIPE-SECRET-KEY", "Stripe live secret key",
       r"\b(?P<secret>sk_live_[0-9a-zA-Z]{24,99})\b", "sk_live_", C, "stripe"),
    _r("STRIPE-RESTRICTED-KEY", "Stripe live restricted key",
       r"\b(?P<secret>rk_live_[0-9a-zA-Z]{24,99})\b", "rk_live_", H, "stripe"),
    _r("STRIPE-WEBHOOK-SECRET", "Stripe webhook signing secret",
       r"\b(?P<secret>whsec_[A-Za-z0-9]{32,64})\b", "whsec_", M, "stripe"),
    _r("SQUARE-ACCESS-TOKEN", "Square access token",
       r"\b(?P<secret>(?:EAAA[A-Za-z0-9_\-]{60}|sq0atp-[0-9A-Za-z_\-]{22}))" + _END,
       "eaaa sq0atp-", H, "square"),
    _r("SQUARE-OAUTH-SECRET", "Square OAuth secret",
       r"\b(?P<secret>sq0csp-[0-9A-Za-z_\-]{43})" + _END, "sq0csp-", H, "square"),
    _r("SHOPIFY-ACCESS-TOKEN", "Shopify access token",
       r"\b(?P<secret>shp(?:at|ca|pa)_[a-fA-F0-9]{32})\b", "shpat_ shpca_ shppa_", H, "shopify"),
    _r("SHOPIFY-SHARED-SECRET", "Shopify shared secret",
       r"\b(?P<secret>shpss_[a-fA-F0-9]{32})\b", "shpss_", H, "shopify"),
    _r("FACEBOOK-TOKEN", "Facebook (Meta) access token",
       r"\b(?P<secret>EAA[BCDGI][A-Za-z0-9]{80,})\b", "eaab eaac eaad eaag eaai", H, "facebook"),
    _r("DATADOG-KEY", "Datadog API or application key",
       r"(?i)(?:datadog|dd)[_\-]?(?:api|app|application)[_\-]?key[\"']?\s*[:=]\s*[\"']?"
       r"(?P<secret>[a-f0-9]{32}(?:[a-f0-9]{8})?)\b", "datadog dd_api dd_app dd-api", H,
       "datadog"),
    _r("NEWRELIC-KEY", "New Relic key",
       r"\b(?P<secret>(?:NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_\-]{32}|NRJS-[a-f0-9]{19}))\b",
       "nrak- nrii- nrjs-", H, "newrelic"),
    _r("SENTRY-DSN", "Sentry DSN with a secret",
       r"https://(?P<secret>[0-9a-f]{32}:[0-9a-f]{32})@[\w.\-]*(?:sentry\.io|sentry)[\w.\-]*"
       r"/\d+", "sentry", M, "sentry"),
    _r("SENTRY-TOKEN", "Sentry auth token",
       r"\b(?P<secret>(?:sntrys_[A-Za-z0-9+/=_]{60,}|sntryu_[a-f0-9]{64}))", "sntrys_ sntryu_",
       H, "sentry"),
    _r("OKTA-TOKEN", "Okta API token",
       r"(?i)okta[\w.\-]*?(?:api)?[_\-]?token[\"']?\s*[:=]\s*[\"']?(?P<secret>00[A-Za-z0-9_\-]{40})"
       + _END, "okta", H, "okta"),
    _r("AIRTABLE-PAT", "Airtable personal access token",
       r"\b(?P<secret>pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b", "pat", H, "airtable"),
    _r("NOTION-TOKEN", "Notion integration token",
       r"\b(?P<secret>(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}))\b",
       "ntn_ secret_", H, "notion"),
    _r("CONTENTFUL-TOKEN", "Contentful personal access token",
       r"\b(?P<secret>CFPAT-[A-Za-z0-9_\-]{43})" + _END, "cfpat-", H, "contentful"),
    _r("FIGMA-TOKEN", "Figma personal access token",
       r"\b(?P<secret>figd_[A-Za-z0-9_\-]{40})" + _END, "figd_", M, "figma"),
    _r("DYNATRACE-TOKEN", "Dynatrace API token",
       r"\b(?P<secret>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b", "dt0c01.", H, "dynatrace"),
    _r("MAPBOX-SECRET-TOKEN", "Mapbox secret token",
       r"\b(?P<secret>sk\.eyJ[A-Za-z0-9_\-]{40,}\.[A-Za-z0-9_\-]{20,})", "sk.eyj", H, "mapbox"),
    _r("SUPABASE-TOKEN", "Supabase access token", r"\b(?P<secret>sbp_[a-f0-9]{40})\b", "sbp_",
       H, "supabase"),
    _r("PLANETSCALE-TOKEN", "PlanetScale token",
       r"\b(?P<secret>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{43})" + _END, "pscale_", H,
       "planetscale"),
    _r("EASYPOST-KEY", "EasyPost API key", r"\b(?P<secret>EZ[AT]K[a-zA-Z0-9]{54})\b",
       "ezak eztk", H, "easypost"),
    # AI providers
    _r("OPENAI-KEY", "OpenAI API key",
       r"\b(?P<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,200}"
       r"|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})" + _END,
       "sk-proj- sk-svcacct- sk-admin- t3blbkfj", H, "openai"),
    _r("ANTHROPIC-KEY", "Anthropic API key",
       r"\b(?P<secret>sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{93}AA)" + _END, "sk-ant-", H,
       "anthropic"),
    _r("HUGGINGFACE-TOKEN", "Hugging Face access token", r"\b(?P<secret>hf_[A-Za-z]{34})\b",
       "hf_", H, "huggingface"),
    _r("REPLICATE-TOKEN", "Replicate API token", r"\b(?P<secret>r8_[A-Za-z0-9]{37})\b", "r8_",
       H, "replicate"),
    _r("GROQ-KEY", "Groq API key", r"\b(?P<secret>gsk_[A-Za-z0-9]{52})\b", "gsk_", H, "groq"),
    _r("PERPLEXITY-KEY", "Perplexity API key", r"\b(?P<secret>pplx-[A-Za-z0-9]{48})\b",
       "pplx-", H, "perplexity"),
    _r("XAI-KEY", "xAI API key", r"\b(?P<secret>xai-[A-Za-z0-9]{80})\b", "xai-", H, "xai"),
    # Keys, tokens and credentials by structure
    _r("PRIVATE-KEY", "private key",
       r"(?P<secret>-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |)PRIVATE KEY-----"
       r"(?:[^-]|-(?!----)){64,16384}?-----END (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |)"
       r"PRIVATE KEY-----)",
       "private key-----", C, "private-key", "private-key"),
    _r("PGP-PRIVATE-KEY", "PGP private key block",
       r"(?P<secret>-----BEGIN PGP PRIVATE KEY BLOCK-----(?:[^-]|-(?!----)){64,65536}?"
       r"-----END PGP PRIVATE KEY BLOCK-----)", "pgp private key block", C, "private-key",
       "private-key"),
    _r("PUTTY-PRIVATE-KEY", "PuTTY private key",
       r"(?P<secret>PuTTY-User-Key-File-[23]: (?:[^P]|P(?!uTTY-User)){64,8192}?"
       r"Private-MAC: [0-9a-f]{40,64})",
       "putty-user-key-file", C, "private-key"),
    _r("AGE-SECRET-KEY", "age secret key",
       r"\b(?P<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
       "age-secret-key-", C, "private-key"),
    _r("JWT", "JSON Web Token",
       r"\b(?P<secret>eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,})" + _END,
       "eyj", M, "jwt", "jwt"),
    _r("DATABASE-URI", "database connection URI with a password",
       r"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|"
       r"sqlserver|oracle|cockroachdb|clickhouse)(?:\+\w+)?://[^\s:/@\"'<>]{1,64}:"
       r"(?P<secret>[^\s@/\"'<>]{3,128})@[^\s\"'<>]+", "://", H, "uri"),
    _r("BASIC-AUTH-URL", "URL with a user name and password",
       r"(?i)\b(?:https?|ftps?|sftp|ssh|git|smtps?|ldaps?)://[^\s:/@\"'<>]{1,64}:"
       r"(?P<secret>[^\s@/\"'<>]{3,128})@[\w.\-]+", "://", H, "uri"),
    _r("AUTHORIZATION-HEADER", "credential in an Authorization header",
       r"(?i)authorization[\"']?\s*[:=,]\s*[\"']?(?:bearer|basic|token)\s+"
       r"(?P<secret>[A-Za-z0-9._~+/\-]{16,}=*)", "authorization", H, "generic"),
    _r("PASSWORD", "password in source or configuration", r"(?!)",
       "pass pwd", M, "password"),  # the detector's keyword-context pass
    _r("GENERIC", "secret in a keyword context", r"(?!)",
       "secret token key auth credential", M, "generic"),  # the detector's keyword pass
)
# fmt: on

_WHOLE_FILE = {"GCP-SERVICE-ACCOUNT", "PRIVATE-KEY", "PGP-PRIVATE-KEY", "PUTTY-PRIVATE-KEY",
               "DISCORD-BOT-TOKEN"}  # fmt: skip
RULES = tuple(
    Rule(**{**{f: getattr(r, f) for f in Rule.__dataclass_fields__}, "whole_file": True})
    if r.id.removeprefix("VIGIL-SECRET-") in _WHOLE_FILE
    else r
    for r in RULES
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
