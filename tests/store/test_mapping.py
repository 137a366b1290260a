"""Every finding of every real sample survives the trip into stored bytes and back."""

from __future__ import annotations

import pytest

from tests.ingest.test_contract import MANIFEST, SAMPLES, UNSUPPORTED
from vigil.ingest.reader import parse_file
from vigil.store.mapping import decode, encode

READABLE = [s for s, count in MANIFEST if count and s not in UNSUPPORTED]


@pytest.mark.parametrize("sample", READABLE)
def test_round_trip(sample: str) -> None:
    for finding in parse_file(SAMPLES / sample).findings:
        data, digest = encode(finding)
        again = decode(data)
        assert again == finding
        assert dict(again.raw) == dict(finding.raw)
        assert encode(again) == (data, digest)
