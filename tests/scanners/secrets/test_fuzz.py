"""Untrusted input: any bytes through the detector, any text through the git log parser and the
allow-list loader never raise, and every reported secret is where the finding says."""

from __future__ import annotations

import base64
import string
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scanners.secrets.fakes import Fakes
from vigil.errors import ScanError
from vigil.scanners.secrets import allowlist
from vigil.scanners.secrets.detector import Detector
from vigil.scanners.secrets.history import _parse

DETECTOR = Detector()
GITHUB = Fakes(seed=11).checksummed("ghp_")
NOISE = st.text(alphabet=string.printable + "éß€\x00", max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_scan_without_error(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for hit in DETECTOR.scan(data, "x.env"):
        line = text.split("\n")[hit.line - 1]
        if hit.line == hit.end_line:
            assert line[hit.column - 1 : hit.end_column - 1] == hit.secret


@settings(max_examples=200, deadline=None)
@given(NOISE, NOISE, st.sampled_from(["a.py", "b.env", "c.json", "Dockerfile"]))
def test_a_token_is_found_and_located_in_any_surroundings(
    before: str, after: str, path: str
) -> None:
    text = f"{before}\nGH_TOKEN={GITHUB}\n{after}"
    hits = [h for h in DETECTOR.scan(text.encode(), path) if h.secret == GITHUB]
    assert len(hits) == 1
    assert text.split("\n")[hits[0].line - 1] == f"GH_TOKEN={GITHUB}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=120), max_size=40))
def test_any_git_log_output_parses_without_error(lines: list[bytes]) -> None:
    for added in _parse(iter(line + b"\n" for line in lines)):
        assert len(added.chunks) == len(added.numbers)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_allow_list_loads_or_is_one_scan_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / allowlist.FILE_NAME).write_text(text, encoding="utf-8")
        try:
            allowlist.load(root)
        except ScanError as error:
            assert "\n" not in str(error)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.binary(max_size=45).map(lambda b: base64.b64encode(b).decode()))
def test_base64_text_is_printable_ascii_or_nothing(value: str) -> None:
    """Any value, base64 or not: the decoded text is printable ASCII, and judging a password
    by it never raises."""
    from vigil.scanners.secrets.filters import base64_text, plausible_password

    text = base64_text(value)
    assert text is None or (text.isascii() and text.isprintable())
    plausible_password(value)
