"""Read one report file into Findings: choose the parser, and turn any parser failure into a
one-line ParseError so hostile input never escapes as a traceback."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vigil.errors import ParseError
from vigil.ingest import registry
from vigil.ingest.interface import Parser, ReportSource
from vigil.model import Finding


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """A report with the parser chosen for it and all of its findings, fully read."""

    source: str
    parser: type[Parser]
    findings: tuple[Finding, ...]
    #: sha256 of the report's bytes (tells a re-import of the very same report).
    sha256: str = ""


def parse_source(source: ReportSource, tool: str | None = None) -> ParsedReport:
    """Parse a report held in memory; ``tool`` forces a parser id instead of sniffing."""
    parser = registry.by_id(tool) if tool else registry.detect(source)
    findings = tuple(_guarded(parser(), source))
    return ParsedReport(source.name, parser, findings, hashlib.sha256(source.data).hexdigest())


def parse_file(path: str | Path, tool: str | None = None) -> ParsedReport:
    """Parse a report file; the whole report is read before anything is returned."""
    return parse_source(ReportSource.from_path(path), tool)


def _guarded(parser: Parser, source: ReportSource) -> Iterator[Finding]:
    try:
        yield from parser.parse(source)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(source.name, "report is nested too deeply") from None
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise ParseError(
            source.name, f"malformed {parser.label} report ({type(exc).__name__}: {exc})"
        ) from None
