"""Small applications in the style of real Flask, Django and FastAPI projects, spread over
modules: the scanner (as ``vigil scan`` runs it) must report exactly the marked findings,
including flows through helpers in other modules, and nothing on the safe variants next to
them (parameterised queries, allow-listed sort columns, basename, escaping, JSON bodies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scanners.sast.conftest import DATA, expected_in
from vigil.model import Category
from vigil.scanners.interface import ScanRequest
from vigil.scanners.sast.scanner import PythonSastScanner

APPS = sorted(p for p in (DATA / "apps").iterdir() if p.is_dir())
_INJECTION_OR_XSS = "VIGIL-PY-"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_app_findings_are_exactly_the_marked_ones(app: Path) -> None:
    outcome = PythonSastScanner().scan(ScanRequest(root=app))
    assert outcome.errors == []
    found = {
        (f.rule_id, f.location.path, f.location.start_line)
        for f in outcome.findings
        if f.location is not None
        and f.location.start_line is not None
        and not f.rule_id.startswith("VIGIL-PY-COOKIE")
    }
    assert found == expected_in(sorted(app.rglob("*.py")), app)
    assert all(f.category is Category.SAST and f.cwes for f in outcome.findings)


def test_a_cross_module_finding_carries_its_trace() -> None:
    app = DATA / "apps" / "fastapi_notes"
    outcome = PythonSastScanner().scan(ScanRequest(root=app))
    sqli = next(f for f in outcome.findings if f.rule_id == "VIGIL-PY-SQLI")
    assert sqli.cwes == (89,)
    assert sqli.location is not None
    assert sqli.location.path == "notes/routers/notes.py"
    assert sqli.location.snippet == "return storage.notes_matching(q)  # expect: VIGIL-PY-SQLI"
    steps = [(s.path, s.line) for s in sqli.trace]
    assert steps[0] == ("notes/routers/notes.py", 19)  # the query parameter q
    assert steps[-1] == ("notes/storage.py", 18)  # the execute() inside the helper
    assert ("notes/routers/notes.py", 20) in steps
