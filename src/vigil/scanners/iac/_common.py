"""Cues shared by several file kinds: secret-looking names and values, unpinned images,
remote scripts piped into a shell."""

from __future__ import annotations

import re

#: Names of variables that hold credentials (``DB_PASSWORD``, ``apiKey``, ``AWS_SECRET_…``).
SECRET_NAME = re.compile(
    r"(?i)(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
    r"private[_-]?key|credentials?|auth[_-]?key|client[_-]?secret)"
)
#: Names that look secret but hold no secret: files, ids, lengths, policies, and names of
#: where a secret is kept (matched on the snake_case form, so ``SecretName`` counts).
_NOT_SECRET_NAME = re.compile(
    r"(?:_file|_path|_dir|_url|_uri|_id|_name|_user(?:name)?|_length|_len|_policy|_ttl|"
    r"_expir\w*|_header|_type|_endpoint|_enabled|_arn|_ref|_key_id)$|"
    r"secrets?_?manager|(?:^|_)(?:ssm|vault|parameter)(?:_|$)"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: Values that reference a secret instead of holding one.
_INDIRECT = re.compile(
    r"\$\{?\w|\{\{|%\(|<[A-Za-z_-]+>|^\*+$|^arn:aws|^/[\w./-]+$|"
    r"^(?:changeme|xxx+|none|null|true|false|yes|no|on|off|enabled|disabled|"
    r"test|testing|dummy|example|sample|fake|placeholder|password|secret)$|"
    r"(?-i:^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$)",  # an upper-case placeholder: GOOGLE_API_KEY_VAL
    re.I,
)
#: curl/wget output piped into a shell interpreter.
_AFTER_PIPE = r"\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\w+=(?:\"[^\"]*\"|'[^']*'|\S+)\s+)*"
PIPE_TO_SHELL = re.compile(
    r"\b(?:curl|wget)\b[^|;&\n]{0,500}"
    + _AFTER_PIPE
    + r"(?:(?:ba|z|k|da)?sh|python\d?|perl|ruby|node)\b|"
    r"\b(?:ba|z)?sh\s+(?:-c\s+)?[\"']?\$\((?:curl|wget)\b"
)


_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")
_COMMAND_END = re.compile(r"&&|\|\||;|\n")


def printed_to_log(command: str) -> bool:
    """Whether the output of ``command`` (an echo/printf and what follows it) reaches the log:
    not when it is piped on (``echo "$PW" | docker login --password-stdin``) or redirected."""
    first = _COMMAND_END.split(_QUOTED.sub("''", command), maxsplit=1)[0]
    return "|" not in first and ">" not in first


def is_secret_name(name: str) -> bool:
    """Whether a variable called ``name`` is meant to hold a credential."""
    snake = _CAMEL.sub("_", name).lower().replace("-", "_")
    return bool(SECRET_NAME.search(name)) and not _NOT_SECRET_NAME.search(snake)


def is_literal_secret(value: object, name: str = "") -> bool:
    """Whether ``value`` is a literal (not a reference, not empty, not a placeholder). With
    the variable's ``name``: a value that only repeats it is a throwaway default of a CI or
    test service (``POSTGRES_PASSWORD: postgres``, ``POSTGRES_PASSWORD: postgres_password``)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return False
    text = str(value).strip()
    if len(text) < 4 or _INDIRECT.search(text):
        return False
    return not (name and _words(text) <= _words(_CAMEL.sub("_", name)))


def _words(text: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", text.lower())) - {""}


def unpinned_image(image: str) -> bool:
    """Whether an image reference has no tag, or ``latest``, and no digest."""
    image = image.strip()
    if not image or "@sha256:" in image or image.startswith("$") or "${" in image:
        return False
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return True
    return last.rsplit(":", 1)[1] == "latest"
