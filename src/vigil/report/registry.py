"""Every built-in report format, in the order ``--format`` lists them.

Adding a format is one module and one line here. Third-party renderers register through
the ``vigil.renderers`` entry-point group; a duplicate id is an error.
"""

from __future__ import annotations

import functools

from vigil.plugins import find, with_plugins
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


@functools.cache
def all_renderers() -> tuple[type[Renderer], ...]:
    """Built-in renderers followed by those from the ``vigil.renderers`` entry points."""
    return with_plugins(RENDERERS, "vigil.renderers", "report formats")


def by_id(format_id: str) -> type[Renderer]:
    """The renderer whose id is ``format_id`` (what ``--format`` names)."""
    return find(all_renderers(), format_id, "report format")
