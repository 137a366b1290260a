"""Lowering tree-sitter's syntax tree into the IR: syntax newer than the running interpreter
(3.12 f-strings, ``match``), exact shapes for what dataflow depends on, and fuzzing: any bytes
either lower or raise ``LoweringError``, and the engine never fails on what lowers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.errors import ScanError
from vigil.scanners.sast import ir
from vigil.scanners.sast.engine import analyse, lower_file, module_name
from vigil.scanners.sast.lower import LoweringError, lower_module
from vigil.scanners.sast.project import Project


def lower(source: str) -> tuple[ir.Stmt, ...]:
    return lower_module(source.encode(), "m", "m.py").body


def test_python_312_fstring_with_nested_quotes() -> None:
    (stmt,) = lower("x = f'{d['key']!r:>{width}} and {y}'\n")
    assert isinstance(stmt, ir.Assign)
    value = stmt.value
    assert isinstance(value, ir.FString)
    assert value.parts[0] == ir.Subscript(ir.Name("d"), ir.Const("key"))
    assert value.parts[-1] == ir.Name("y")


def test_match_cases_keep_literals_and_captures() -> None:
    (stmt,) = lower("match c:\n    case 'A' | 'B':\n        pass\n    case other:\n        pass\n")
    assert isinstance(stmt, ir.Match)
    assert [(c.consts, c.capture) for c in stmt.cases] == [(("A", "B"), None), (None, "other")]


def test_imports_calls_and_decorators() -> None:
    source = (
        "import os.path as p\nfrom ..pkg import a as b, c\n"
        "@app.route('/x', methods=['POST'])\nasync def f(x, *rest, k=1, **kw):\n"
        "    return await g(x, *rest, key=k, **kw)\n"
    )
    first, second, func = lower(source)
    assert first == ir.Import("os.path", "p", 1)
    assert second == ir.ImportFrom("pkg", (("a", "b"), ("c", "c")), 2, 2)
    assert isinstance(func, ir.FunctionDef)
    assert [(p.name, p.kind) for p in func.params] == [
        ("x", ""), ("rest", "*"), ("k", ""), ("kw", "**")
    ]  # fmt: skip
    (ret,) = func.body
    assert isinstance(ret, ir.Return)
    assert ret.value == ir.Call(
        ir.Name("g"),
        (ir.Name("x"), ir.Starred(ir.Name("rest"))),
        (("key", ir.Name("k")), (None, ir.Name("kw"))),
        5,
    )


def test_syntax_error_is_one_line() -> None:
    with pytest.raises(LoweringError, match=r"^syntax error near line 2$"):
        lower("x = 1\ndef (:\n")


def test_an_unreadable_file_is_a_scan_error_and_the_rest_is_analysed(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n")
    (tmp_path / "good.py").write_text("import os\nos.system(input())\n")
    result = analyse(sorted(tmp_path.iterdir()), tmp_path)
    assert [str(e) for e in result.errors] == ["bad.py: syntax error near line 1"]
    assert [(f.rule, f.path, f.line) for f in result.findings] == [("VIGIL-PY-CMDI", "good.py", 2)]
    with pytest.raises(ScanError):
        lower_file(tmp_path / "bad.py", tmp_path)


def test_a_generated_giant_is_left_out_with_a_warning_not_an_error(tmp_path: Path) -> None:
    from vigil.scanners.interface import ScanRequest
    from vigil.scanners.sast.engine import MAX_FILE_BYTES
    from vigil.scanners.sast.scanner import PythonSastScanner

    (tmp_path / "get_tool.py").write_text("DATA = '" + "A" * MAX_FILE_BYTES + "'\n")
    (tmp_path / "good.py").write_text("import os\nos.system(input())\n")
    outcome = PythonSastScanner().scan(ScanRequest(root=tmp_path))
    assert outcome.errors == []
    assert outcome.warnings == [
        f"1 files over {MAX_FILE_BYTES:,} bytes left out as generated code: get_tool.py"
    ]
    assert [f.rule_id for f in outcome.findings] == ["VIGIL-PY-CMDI"]


def test_module_names_follow_packages_and_the_src_layout(tmp_path: Path) -> None:
    assert module_name(tmp_path / "src" / "shop" / "views.py", tmp_path) == ("shop.views", False)
    assert module_name(tmp_path / "shop" / "__init__.py", tmp_path) == ("shop", True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_lower_or_fail_cleanly(data: bytes) -> None:
    try:
        module = lower_module(data, "m", "m.py")
    except LoweringError as error:
        assert "\n" not in str(error)
        return
    Project([module]).analyse()


_FRAGMENTS = st.sampled_from(
    [
        "x = request.args.get('a')\n", "y = x if 1 > 2 else 'c'\n", "os.system(y)\n",
        "if x:\n    y = x\n", "for i in x:\n    lst.append(i)\n", "lst = []\n",
        "d = {'a': x}\n", "y = d['a']\n", "def f(a):\n    return a\n", "y = f(x)\n",
        "while y:\n    y = y[1:]\n", "try:\n    eval(y)\nexcept Exception:\n    pass\n",
        "class C:\n    def m(self, v):\n        return v\n", "y = C().m(x)\n",
        "match y:\n    case 'a':\n        y = x\n", "with open(y) as h:\n    z = h.read()\n",
        "import os\n", "from flask import request\n", "lst.pop(0)\n", "y += x\n",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=12))
def test_any_program_of_known_shapes_analyses(fragments: list[str]) -> None:
    module = lower_module("".join(fragments).encode(), "m", "m.py")
    for finding in Project([module]).analyse():
        assert any(step.line == finding.line for step in finding.trace)


def test_deep_nesting_and_long_call_chains_do_not_crash() -> None:
    chain = "".join(f"def f{i}(x):\n    return f{i + 1}(x)\n" for i in range(200))
    chain += "def f200(x):\n    return eval(x)\n"
    chain += "from flask import request\nf0(request.args['q'])\n"
    sum_of_terms = "y = " + " + ".join(["x"] * 3000) + "\n"
    for source in (chain, "def g(x):\n    " + sum_of_terms + "    return eval(y)\n"):
        try:
            module = lower_module(source.encode(), "m", "m.py")
        except LoweringError as error:
            assert str(error) == "nesting too deep to analyse"
            continue
        Project([module]).analyse()
