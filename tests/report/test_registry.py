"""The renderer registry and the context every renderer receives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.report.records import context, record, sast
from vigil.errors import UsageError
from vigil.report.interface import Renderer, ReportContext
from vigil.report.registry import RENDERERS, all_renderers, by_id


def test_every_format_is_registered_once_with_its_metadata() -> None:
    assert [r.id for r in RENDERERS] == [
        "sarif",
        "junit",
        "gitlab",
        "html",
        "markdown",
        "csv",
        "json",
    ]
    for renderer in all_renderers():
        assert issubclass(renderer, Renderer)
        assert renderer.label and renderer.media_type and renderer.extension
        assert by_id(renderer.id) is renderer


def test_unknown_format_is_a_usage_error_naming_the_known_ones() -> None:
    with pytest.raises(
        UsageError, match=r"unknown report format 'pdf'; known: csv, gitlab, html, json, junit"
    ):
        by_id("pdf")


def test_every_renderer_is_deterministic_and_returns_bytes() -> None:
    records = [record(sast(rule_id=f"r{i}"), f"{i:040x}") for i in range(3)]
    for renderer in RENDERERS:
        first = renderer().render(records, context())
        assert isinstance(first, bytes) and first
        assert renderer().render(list(reversed(records)), context()) == first


def test_context_defaults_and_time_handling() -> None:
    plain = ReportContext()
    assert plain.title == "vigil findings report"
    assert plain.generated_at.tzinfo is not None
    naive = ReportContext(generated_at=datetime(2024, 1, 1, 10, 0))
    assert naive.timestamp == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    paris = ReportContext(
        generated_at=datetime(2024, 1, 1, 11, 0, tzinfo=timezone(timedelta(hours=1)))
    )
    assert paris.timestamp == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    assert ReportContext(tool_versions={"zap": "2.14"}).version_of("zap", "2.9") == "2.14"
    assert ReportContext().version_of("zap", "2.9") == "2.9"
    with pytest.raises(UsageError):
        ReportContext(markdown_top=-1)
