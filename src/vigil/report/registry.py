"""Every built-in report format, in the order ``--format`` lists them.

Adding a format is one module and one line here. Third-party renderers register through
the ``vigil.renderers`` entry-point group; a duplicate id is an error.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from vigil.errors import UsageError
from vigil.report.csv_report import CsvRenderer
from vigil.report.gitlab import GitlabRenderer
from vigil.report.html import HtmlRenderer
from vigil.report.interface import Renderer
from vigil.report.json_report import JsonRenderer
from vigil.report.junit import JunitRenderer
from vigil.report.markdown import MarkdownRenderer
from vigil.report.sarif import SarifRenderer

RENDERERS: tuple[type[Renderer], ...] = (
    SarifRenderer,
    JunitRenderer,
    GitlabRenderer,
    HtmlRenderer,
    MarkdownRenderer,
    CsvRenderer,
    JsonRenderer,
)


def all_renderers() -> tuple[type[Renderer], ...]:
    """Built-in renderers followed by those from the ``vigil.renderers`` entry points."""
    found = list(RENDERERS)
    for entry in entry_points(group="vigil.renderers"):
        found.append(entry.load())
    seen: set[str] = set()
    for renderer in found:
        if renderer.id in seen:
            raise UsageError(f"two report formats share the id {renderer.id!r}")
        seen.add(renderer.id)
    return tuple(found)


def by_id(format_id: str) -> type[Renderer]:
    """The renderer whose id is ``format_id`` (what ``--format`` names)."""
    renderers = all_renderers()
    for renderer in renderers:
        if renderer.id == format_id:
            return renderer
    known = ", ".join(r.id for r in renderers)
    raise UsageError(f"unknown report format {format_id!r}; known: {known}")
