"""Inline ``vigil: ignore`` markers, shared by every scanner."""

from __future__ import annotations

from vigil.scanners.suppressions import Suppression, is_suppressed, suppression_at

LINES = [
    'token = "abc"  # vigil: ignore[VIGIL-SECRET-GENERIC] loaded from the vault at run time',
    "# vigil: ignore[VIGIL-SAST-EVAL, vigil-sast-exec] trusted plugin code",
    "eval(source)",
    'password = "x"  // vigil: ignore',
    "x = 1",
    "y = 2  <!-- vigil: ignore[] -->",
    "<!-- vigil: ignore[HTML-RULE] generated page -->",
    "<p>x</p>",
    'code = "no marker"  # vigil:ignore it',
]


def test_marker_on_the_line_names_rules_and_a_reason() -> None:
    assert suppression_at(LINES, 1) == Suppression(
        frozenset({"VIGIL-SECRET-GENERIC"}), "loaded from the vault at run time"
    )
    assert is_suppressed(LINES, 1, "VIGIL-SECRET-GENERIC")
    assert not is_suppressed(LINES, 1, "VIGIL-SECRET-PASSWORD")


def test_marker_alone_on_the_line_above_covers_the_next_line_case_blind() -> None:
    assert suppression_at(LINES, 3) == Suppression(
        frozenset({"VIGIL-SAST-EVAL", "VIGIL-SAST-EXEC"}), "trusted plugin code"
    )
    assert is_suppressed(LINES, 3, "vigil-sast-exec")


def test_marker_without_rules_silences_everything_on_its_line_only() -> None:
    assert suppression_at(LINES, 4) == Suppression(frozenset(), "")
    assert is_suppressed(LINES, 4, "ANY-RULE")
    # Line 5 follows a line with code on it: that marker is not a comment-only line.
    assert suppression_at(LINES, 5) is None


def test_empty_brackets_silence_nothing() -> None:
    assert suppression_at(LINES, 6) is None


def test_html_comment_closer_is_not_part_of_the_reason() -> None:
    assert suppression_at(LINES, 8) == Suppression(frozenset({"HTML-RULE"}), "generated page")


def test_marker_without_space_and_out_of_range_lines() -> None:
    assert suppression_at(LINES, 9) == Suppression(frozenset(), "it")
    assert suppression_at(LINES, 0) is None
    assert suppression_at(LINES, 99) is None
