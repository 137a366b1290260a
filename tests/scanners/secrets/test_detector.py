"""Detector behaviour across rules: AWS pairing, overlaps, vetoes, lines and columns."""

from __future__ import annotations

import time

import pytest

from tests.scanners.secrets.fakes import Fakes
from vigil.scanners.secrets.detector import Detector

FAKE = Fakes(seed=5)
DETECTOR = Detector()


def found(text: str, path: str = "a.py") -> list[tuple[str, int]]:
    return [
        (h.rule.id.removeprefix("VIGIL-SECRET-"), h.line)
        for h in DETECTOR.scan(text.encode(), path)
    ]


def test_aws_id_and_secret_within_five_lines_are_one_pair() -> None:
    key_id, secret = FAKE.aws_id(), FAKE.aws_secret()
    text = f'KEY = "{key_id}"\n\n\n\n\nSECRET_ACCESS = "{secret}"\n'
    [hit] = DETECTOR.scan(text.encode(), "a.py")
    assert (hit.rule.id, hit.secret, hit.line, hit.end_line) == (
        "VIGIL-SECRET-AWS-KEY-PAIR", secret, 1, 1,
    )  # fmt: skip


def test_aws_id_too_far_from_its_secret_is_not_paired() -> None:
    text = f'KEY = "{FAKE.aws_id()}"\n' + "\n" * 6 + f'aws_secret = "{FAKE.aws_secret()}"\n'
    assert found(text) == [("AWS-ACCESS-KEY", 1), ("AWS-SECRET-KEY", 8)]


def test_a_value_another_rule_claims_is_not_an_aws_secret() -> None:
    bearer = FAKE.alnum(40)
    text = f'headers = {{"Authorization": "Bearer {bearer}"}}\nKEY = "{FAKE.aws_id()}"\n'
    assert found(text) == [("AUTHORIZATION-HEADER", 1), ("AWS-ACCESS-KEY", 2)]


def test_provider_rule_wins_over_the_keyword_rule_on_the_same_value() -> None:
    assert found(f'GITHUB_TOKEN = "{FAKE.checksummed("ghp_")}"\n') == [("GITHUB-PAT", 1)]


def test_token_with_a_wrong_checksum_is_no_generic_secret_either() -> None:
    assert found(f'GITHUB_TOKEN = "{FAKE.bad_checksum("ghp_")}"\n') == []


def test_unquoted_values_count_in_configuration_not_in_code() -> None:
    line = f"db_password = {FAKE.password()}\n"
    assert found(line, "settings.ini") == [("PASSWORD", 1)]
    assert found(line, "settings.py") == []


def test_lockfiles_skip_keyword_rules() -> None:
    line = f'"token": "{FAKE.alnum(40)}"\n'
    assert found(line, "config.json") == [("GENERIC", 1)]
    assert found(line, "package-lock.json") == []


def test_columns_count_characters_after_non_ascii_text() -> None:
    token = FAKE.checksummed("ghp_")
    [hit] = DETECTOR.scan(f"# café ünïcode\nπ = '{token}'\n".encode(), "a.py")
    assert (hit.line, hit.column, hit.end_column) == (2, 6, 46)


def test_private_key_spans_its_lines() -> None:
    [hit] = DETECTOR.scan(("x = 1\n" + FAKE.pem() + "\n").encode(), "key.pem")
    assert (hit.rule.id, hit.line, hit.end_line) == ("VIGIL-SECRET-PRIVATE-KEY", 2, 15)


def test_env_style_pair_without_spaces() -> None:
    text = f"AWS_ACCESS_KEY_ID={FAKE.aws_id()}\nAWS_SECRET_ACCESS_KEY={FAKE.aws_secret()}\n"
    assert found(text, ".env") == [("AWS-KEY-PAIR", 1)]


@pytest.mark.parametrize(
    "content",
    [
        b"-----BEGIN RSA PRIVATE KEY-----\n" * 30000,  # openings without an end
        b"PuTTY-User-Key-File-2: x\n" * 30000,
        b"eyJhbGciOiJIUzI1NiJ9." * 50000,  # one line, thousands of candidate tokens
        b"AKIAQWERTYUIOPASDFGH\n" * 40000,  # thousands of hits: no quadratic overlap checks
        b"postgres://user:" * 60000,
    ],
)
def test_hostile_megabyte_scans_in_linear_time(content: bytes) -> None:
    start = time.process_time()
    DETECTOR.scan(content, "x.env")
    assert time.process_time() - start < 5  # was 12 s to 68 s before the fixes


def test_a_sentry_dsn_without_its_secret_part_is_public() -> None:
    """Found scanning excalidraw: browser code embeds the key-only DSN, which Sentry documents
    as safe to publish; only the legacy ``public:secret@`` form holds a secret."""
    public, secret = FAKE.hex(32), FAKE.hex(32)
    assert found(f'dsn: "https://{public}@o12.ingest.sentry.io/5179260",\n', "sentry.ts") == []
    text = f'dsn: "https://{public}:{secret}@sentry.io/5179260",\n'
    assert found(text, "sentry.ts") == [("SENTRY-DSN", 1)]


def test_what_identity_idp_holds_beside_its_password_names() -> None:
    """Found scanning 18F/identity-idp: a test-timing report keyed by spec file names, a
    YAML locale whose unquoted value is a sentence, and a salt and ciphertext named after
    the password they protect."""
    timings = '  "spec/forms/reset_password_form_spec.rb": 0.021596997,\n'
    assert found(timings, "knapsack_rspec_report.json") == []
    locale = "idv.titles.session.enter_password: Re-enter your %{app_name} password\n"
    assert found(locale, "config/locales/en.yml") == []
    stored = "encrypted_password: 'Zq3vRk8TmW2xLp9s'\npassword_salt: 'u4KDouyiHwPgksKphAp1'\n"
    assert found(stored, "verifier.rb") == []


def test_a_yaml_password_is_still_found_before_a_comment() -> None:
    pw = "Harbor!123maple#"
    assert found(f"db_password: {pw} # rotated yearly\n", "app.yml") == [("PASSWORD", 1)]
    assert found(f"password = {pw}\n", "app.ini") == [("PASSWORD", 1)]
    # Where a value ends at a space (.env, shell), the words after it are a command.
    assert found(f"DB_PASSWORD={pw} ./manage.py migrate\n", "run.sh") == [("PASSWORD", 1)]


def test_what_monica_and_pipenv_hold_beside_their_password_names() -> None:
    """Found scanning monicahq/monica and pypa/pipenv."""
    # Laravel validation rules, named after the field they validate.
    rules = "'password' => 'required|alpha_dash|string|max:255',\n"
    assert found(rules, "AcceptInvitation.php") == []
    # A translation catalog: "Password" in Portuguese.
    assert found('  "Password": "Palavra-passe",\n', "lang/pt.json") == []
    # Yarn's checked-in release is the package manager's code, not the project's.
    bundle = 'const password="Xk9#mQ2!vL";\n'
    assert found(bundle, ".yarn/releases/yarn-4.6.0.cjs") == []
    assert found(bundle, "src/config.cjs") == [("PASSWORD", 1)]
    # A URL to a host reserved for documentation (RFC 2606) is an example.
    doc = 'url = "https://actual-username:actual-password@private-repo.example.com/simple"\n'
    assert found(doc, "docs/credentials.md") == []
    real = 'url = "https://deploy:Xk9$mQ2vLp@pypi.corp.net/simple"\n'
    assert found(real, "docs/credentials.md") == [("BASIC-AUTH-URL", 1)]


def test_provider_tokens_are_still_found_in_translations_and_bundles() -> None:
    token = FAKE.checksummed("ghp_")
    assert found(f'  "TOKEN_HINT": "{token}",\n', "locales/en.json") == [("GITHUB-PAT", 1)]
    assert found(f'x="{token}";\n', ".yarn/plugins/plugin.cjs") == [("GITHUB-PAT", 1)]
