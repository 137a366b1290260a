"""The checks behind the rules: checksums, structure, entropy, and what is not a secret."""

from __future__ import annotations

import zlib

import pytest

from tests.scanners.secrets.fakes import Fakes
from vigil.scanners.secrets.filters import (
    is_example,
    is_lookalike,
    is_reference,
    names_a_digest,
    plausible_password,
    plausible_token,
)
from vigil.scanners.secrets.validators import (
    base62,
    crc32_base62_ok,
    entropy,
    jwt_ok,
    private_key_ok,
    pypi_ok,
)

FAKE = Fakes(seed=3)


def test_github_checksum_is_crc32_of_the_random_part_in_base62() -> None:
    body = "A" * 29 + "b"
    token = "ghp_" + body + base62(zlib.crc32(body.encode()))
    assert crc32_base62_ok(token)
    assert not crc32_base62_ok(token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert not crc32_base62_ok("ghp_short")
    assert base62(0) == "000000" and base62(61) == "00000z" and base62(62) == "000010"
    assert crc32_base62_ok(FAKE.checksummed("npm_"))


def test_structural_validators() -> None:
    assert jwt_ok(FAKE.jwt())
    assert not jwt_ok("eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2ln")  # payload is not JSON
    assert not jwt_ok("eyJub25lIjoxfQ.eyJzdWIiOjF9.c2ln")  # a header without "alg"
    assert pypi_ok(FAKE.pypi())
    assert not pypi_ok("pypi-AgEIcHl0aG9uLm9yZw" + "A" * 60)  # python.org, not pypi.org
    assert private_key_ok(FAKE.pem())
    assert not private_key_ok("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----")


def test_entropy() -> None:
    assert entropy("") == 0.0
    assert entropy("aaaa") == 0.0
    assert entropy("abcd") == 2.0


@pytest.mark.parametrize(
    "value",
    ["AKIAIOSFODNN7EXAMPLE", "your_api_key", "<token>", "xxxxxxxxxxxx", "changeme", "ab…",
     "aaaaaaaaaaaaaaaa", "0123456789abcdef", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"],
)  # fmt: skip
def test_examples_and_placeholders(value: str) -> None:
    assert is_example(value)


@pytest.mark.parametrize(
    "value",
    ["${DB_PASSWORD}", "$SECRET", "%(password)s", "{{ token }}", "os.environ['X']",
     "process.env.TOKEN", "var.db_password", "VALID_USER_TOKEN", "@db.password@",
     "https://vault.corp.net", "{f.password()}", "sk_live_{key}", "{}"],
)  # fmt: skip
def test_references(value: str) -> None:
    assert is_reference(value)


def test_lookalikes_uuid_hashes_encoded_data() -> None:
    assert is_lookalike("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    assert is_lookalike("d41d8cd98f00b204e9800998ecf8427e")  # md5 length, no credential name
    assert not is_lookalike("d41d8cd98f00b204e9800998ecf8427e", named=True)
    assert is_lookalike("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB")
    assert is_lookalike("sha512-" + "A" * 86 + "==")


def test_names_and_values() -> None:
    assert names_a_digest("password_hash") and names_a_digest("tokenUrl")
    assert not names_a_digest("GRAFANA_ADMIN_PASSWORD") and not names_a_digest("SECRET_KEY")
    assert plausible_password("Harbor!123maple#")
    assert not plausible_password("password") and not plausible_password("hunter")
    assert not plausible_password("my-app-name")
    assert plausible_token(FAKE.alnum(40))
    assert not plausible_token("not-random-at-all-but-long") and not plausible_token("short1")


def test_real_world_look_alikes_from_third_party_code() -> None:
    """Found by scanning the installed packages of .venv (SQLAlchemy, pydantic, bandit…)."""
    from vigil.scanners.secrets.detector import Detector

    lines = [
        'engine = create_engine("postgresql+psycopg2://scott:tiger@localhost/test")',
        "mhu = MultiHostUrl('https://foo.com:8080@bar.com/path')",
        "user = User(username='scolvin', password='password1')",
        'AttributeOID.CHALLENGE_PASSWORD: "challengePassword",',
        "#     pass = 'hunter2'",
        'DATABASE_URL = f"postgres://app:{settings.db_password}@db/app"',
    ]
    detector = Detector()
    assert detector.scan("\n".join(lines).encode(), "docs.py") == []
    assert detector.scan(b"hardcoded_password_string = bandit.plugins.general:run\n", "e.txt") == []


def test_kubernetes_secret_data_is_judged_by_the_text_it_encodes() -> None:
    """Found scanning kubernetes/examples: Secret manifests hold base64 of demo passwords
    ("password", "quobyte"), which look random while still encoded."""
    import base64

    from vigil.scanners.secrets.detector import Detector
    from vigil.scanners.secrets.filters import base64_text

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    real = "Harbor!123maple#"
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: chap-secret\ndata:\n"
        f"  node.session.auth.password: {b64('password')}\n"
        f"  node.session.auth.password_in: {b64('quobyte')}\n"
        f"  db.password: {b64(real)}\n"
    )
    [hit] = Detector().scan(manifest.encode(), "secret.yaml")
    assert (hit.rule.id, hit.line, hit.secret) == ("VIGIL-SECRET-PASSWORD", 8, b64(real))
    assert base64_text(b64("sc@l3I0")) == "sc@l3I0"
    # A password that is not base64 text is judged as it is written.
    assert base64_text("Abcd1234") is None and plausible_password("Abcd1234")
    assert base64_text("c3RvcmFnZW9z") == "storageos" and not plausible_password("c3RvcmFnZW9z")


def test_my_pass_in_a_commented_url_is_a_placeholder() -> None:
    """Found in kubernetes/examples (sysdig): ``https://myacct:mypass@localhost:4430``."""
    from vigil.scanners.secrets.detector import Detector

    line = '#  value: "k8s_uri: https://myacct:mypass@localhost:4430"\n'
    assert Detector().scan(line.encode(), "daemonset.yaml") == []
    assert is_example("mypassword")


def test_translations_are_not_credentials() -> None:
    """Found scanning juice-shop: i18n files name passwords and tokens in their keys, and
    their values (Danish constants, CJK sentences without spaces) look like passwords."""
    from vigil.scanners.secrets.detector import Detector

    lines = [
        '  "SHOW_PASSWORD_ADVICE": "VIS_KODEORD_RÅD",',
        '  "INITIAL_TOKEN_TOOLTIP": "從authenticator輸入的驗證碼必須有6個字元",',
        '  "her password.": "挑战说明包含几句话，透露了艾米如何加强密码",',
    ]
    assert Detector().scan("\n".join(lines).encode(), "zh_TW.json") == []
    assert not plausible_password("Kodeord_RÅD_2024") and plausible_password("Kodeord_RAD_2024")
    assert not plausible_token("從authenticator輸入的驗證碼必須有6個字元xyz")
