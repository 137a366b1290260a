"""Property-based fuzzing of every registered parser, seeded with its real sample reports.

Whatever the bytes — truncated, mutated, restructured or random — a parser either returns
valid findings or raises ParseError (the one-line error the CLI shows). Nothing else escapes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.test_contract import PARSER_OF_FOLDER, SAMPLES
from vigil.errors import ParseError
from vigil.ingest import registry
from vigil.ingest.interface import ReportSource
from vigil.ingest.reader import parse_source
from vigil.model import Category, Severity

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSER_IDS = sorted({p.id for p in registry.all_parsers()})


@cache
def _samples(parser_id: str) -> tuple[bytes, ...]:
    folders = [f for f, p in PARSER_OF_FOLDER.items() if p == parser_id]
    files = sorted(
        (p for f in folders for p in (SAMPLES / f).iterdir() if p.is_file()),
        key=lambda p: p.stat().st_size,
    )
    return tuple(p.read_bytes() for p in files if p.stat().st_size > 2)


def seeds(parser_id: str) -> tuple[bytes, ...]:
    """The smallest few real samples of a parser (small seeds keep each example fast)."""
    return _samples(parser_id)[:4]


@cache
def json_seeds(parser_id: str) -> tuple[Any, ...]:
    """The smallest few real samples of a parser that are JSON documents, decoded."""
    documents = []
    for sample in _samples(parser_id):
        try:
            documents.append(orjson.loads(sample))
        except orjson.JSONDecodeError:
            continue
    return tuple(documents[:3])


def check(parser_id: str, data: bytes) -> None:
    try:
        report = parse_source(ReportSource("fuzzed", data), parser_id)
    except ParseError as exc:
        assert str(exc).startswith("fuzzed: ")
        assert "\n" not in str(exc).strip()
        return
    for finding in report.findings:
        assert isinstance(finding.severity, Severity)
        assert isinstance(finding.category, Category)
        assert isinstance(finding.title, str) and isinstance(finding.rule_id, str)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _replace_somewhere(document: Any, choice: int, value: Any) -> Any:
    """Replace the ``choice``-th container member (in walk order) with ``value``."""
    counter = [choice]

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            result = {}
            for key, child in node.items():
                counter[0] -= 1
                result[key] = value if counter[0] == 0 else walk(child)
            return result
        if isinstance(node, list):
            out = []
            for child in node:
                counter[0] -= 1
                out.append(value if counter[0] == 0 else walk(child))
            return out
        return node

    return walk(document)


@pytest.mark.parametrize("parser_id", PARSER_IDS)
@FUZZ
@given(data=st.data())
def test_truncated_and_mutated_reports(parser_id: str, data: st.DataObject) -> None:
    samples = seeds(parser_id)
    assert samples, f"{parser_id} has no sample to fuzz"
    original = data.draw(st.sampled_from(samples))
    cut = data.draw(st.integers(0, len(original)))
    mutated = bytearray(original[:cut] if data.draw(st.booleans()) else original)
    for _ in range(data.draw(st.integers(0, 4))):
        if not mutated:
            break
        position = data.draw(st.integers(0, len(mutated) - 1))
        mutated[position] = data.draw(st.integers(0, 255))
    check(parser_id, bytes(mutated))


@pytest.mark.parametrize("parser_id", PARSER_IDS)
@FUZZ
@given(data=st.data())
def test_restructured_json_reports(parser_id: str, data: st.DataObject) -> None:
    documents = json_seeds(parser_id)
    if not documents:
        pytest.skip(f"{parser_id} has no JSON sample")
    document = data.draw(st.sampled_from(documents))
    value = data.draw(json_values)
    changed = _replace_somewhere(document, data.draw(st.integers(1, 400)), value)
    check(parser_id, orjson.dumps(changed))


@pytest.mark.parametrize("parser_id", PARSER_IDS)
@FUZZ
@given(blob=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes(parser_id: str, blob: bytes) -> None:
    check(parser_id, blob)


def test_seeds_exist_for_every_parser() -> None:
    assert [p for p in PARSER_IDS if not seeds(p)] == []
