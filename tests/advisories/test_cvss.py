"""CVSS v3 base scores against the scores NVD/GitHub publish for the same real vectors."""

from __future__ import annotations

import pytest

from tests.advisories._data import record
from vigil.advisories.cvss import _roundup_31, score_v3, score_v4, try_score


@pytest.mark.parametrize(
    ("vector", "score", "rating"),
    [
        # RUSTSEC-2023-0090 / CVE-2023-26489 (wasmtime), NVD 9.9
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, "Critical"),
        # GHSA-67hx-6x53-jw92 / CVE-2023-45133 (@babel/traverse), GitHub 9.3
        ("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.3, "Critical"),
        # GHSA-353f-5xf4-qw67 / CVE-2023-34092 (vite), 7.5
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "High"),
        # GHSA-9wv6-86v2-598j / CVE-2024-45296 (path-to-regexp), 7.5
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "High"),
        # GHSA-cxjh-pqwp-8mfp / CVE-2024-28849 (follow-redirects), 6.5
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 6.5, "Medium"),
        # GHSA-jchw-25xp-jwwc / CVE-2023-26159 (follow-redirects), 6.1
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "Medium"),
        # GHSA-7fh5-64p2-3v2j / CVE-2023-44270 (postcss), 5.3
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3, "Medium"),
        # GHSA-cm22-4g7w-348p / CVE-2024-43800 (serve-static), 5.0
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:L", 5.0, "Medium"),
        # The classic unauthenticated-RCE vector, 9.8
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "Critical"),
        # v3.0 uses the same weights
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "Critical"),
        # No impact at all scores 0.0
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "None"),
    ],
)
def test_base_score(vector: str, score: float, rating: str) -> None:
    result = score_v3(vector)
    assert result.base_score == score
    assert result.rating == rating


def test_temporal_metrics_are_ignored() -> None:
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C"
    assert score_v3(vector).base_score == 9.8


def test_roundup_avoids_float_error() -> None:
    # CVSS v3.1 Appendix A: 4.000000000000001 must round to 4.0, not 4.1.
    assert _roundup_31(4.000000000000001) == 4.0
    assert _roundup_31(4.02) == 4.1


@pytest.mark.parametrize(
    "vector",
    [
        "AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AV:N/AC:L",
    ],
)
def test_unscorable_vectors(vector: str) -> None:
    assert try_score(vector) is None
    with pytest.raises(ValueError):
        score_v3(vector)


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        # The examples FIRST's v4.0 calculator and NVD show for these vectors.
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7),
        ("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0),
    ],
)
def test_v4_base_score(vector: str, score: float) -> None:
    assert score_v4(vector).base_score == score
    assert try_score(vector) == score_v4(vector)


@pytest.mark.parametrize(
    "vector",
    ["CVSS:4.0/AV:N/AC:L", "CVSS:4.0/AV:Q/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"],
)
def test_malformed_v4_vectors(vector: str) -> None:
    assert try_score(vector) is None
    with pytest.raises(ValueError):
        score_v4(vector)


def test_advisory_score_is_the_highest_vector() -> None:
    # GHSA-64vr-g452-qvp3 has a v3.1 vector (6.4) and a v4.0 one (4.8): the higher counts.
    assert record("ghsa-npm/GHSA-64vr-g452-qvp3.json").cvss_score == 6.4
    # GHSA-gcx4-mw62-g8wm has only a v4.0 vector; its score agrees with GitHub's HIGH label.
    only_v4 = record("ghsa-npm/GHSA-gcx4-mw62-g8wm.json")
    assert only_v4.cvss_score == 8.3
    assert only_v4.database_severity == "HIGH"
