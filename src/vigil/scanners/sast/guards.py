"""Recognising validation in conditions: what a check proves about the values it names."""

from __future__ import annotations

import re

from vigil.scanners.sast import ir

_VALIDATING_METHODS = frozenset(
    {"startswith", "endswith", "isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric",
     "isidentifier", "match", "fullmatch", "search", "is_relative_to"}
)  # fmt: skip
#: A call named like this, taken in an ``if``, validates the names it is given.
_VALIDATOR_NAME = re.compile(r"(is_?)?(safe|valid|allowed|permitted|whitelist|allowlist)", re.I)


def names_in(expr: ir.Expr) -> list[str]:
    return [node.id for node in ir.walk([expr], ir.Const | ir.Name) if isinstance(node, ir.Name)]


def _checked(term: ir.Expr) -> tuple[ir.Expr, ...]:
    """What a condition term checks: ``x`` in ``x in ALLOWED``/``x == "a"``, the arguments of
    a validator call (``is_safe(x)``)."""
    if isinstance(term, ir.Compare) and len(term.ops) == 1 and term.ops[0] in ("in", "=="):
        return (term.left,)
    if isinstance(term, ir.Call) and _VALIDATOR_NAME.search(last_name(term.func)):
        return term.args
    return ()


def allowed_names(term: ir.Expr) -> list[str]:
    return [e.id for e in _checked(term) if isinstance(e, ir.Name)]


def allowed_calls(term: ir.Expr) -> list[object]:
    """Like ``allowed_names``, for checked expressions that are calls
    (``is_safe_url(request.args.get("next"))``): their keys (see ``expr_key``)."""
    keys = [expr_key(e) for e in _checked(term) if isinstance(e, ir.Call)]
    return [k for k in keys if k is not None]


def expr_key(expr: ir.Expr) -> object:
    """A structural key of a call chain such as ``request.args.get("next")``, the same
    wherever it is written (lines left out); ``None`` for other expressions."""
    if isinstance(expr, ir.Name):
        return ("n", expr.id)
    if isinstance(expr, ir.Const):
        return ("c", type(expr.value).__name__, repr(expr.value))
    if isinstance(expr, ir.Attr):
        inner = expr_key(expr.obj)
        return None if inner is None else ("a", inner, expr.name)
    if isinstance(expr, ir.Call):
        parts = [expr_key(expr.func), *(expr_key(a) for a in expr.args)]
        parts += [expr_key(v) for _, v in expr.kwargs]
        if any(p is None for p in parts):
            return None
        return ("call", tuple(parts), tuple(k for k, _ in expr.kwargs))
    return None


def sets_plain_content_type(body: tuple[ir.Stmt, ...]) -> bool:
    """Whether ``body`` declares its response something other than HTML:
    ``r.mimetype = "text/plain"``, ``r.content_type = …``, ``r["Content-Type"] = …``."""
    return any(
        isinstance(node, ir.Assign) and _plain_type_assignment(node)
        for node in ir.walk(body, ir.Expr | ir.FunctionDef | ir.ClassDef)
    )


def _plain_type_assignment(node: ir.Assign) -> bool:
    value = node.value
    if not isinstance(value, ir.Const) or not isinstance(value.value, str):
        return False
    if "html" in value.value.lower():
        return False
    for target in node.targets:
        if isinstance(target, ir.Attr) and target.name in ("mimetype", "content_type"):
            return True
        index = target.index if isinstance(target, ir.Subscript) else None
        if isinstance(index, ir.Const) and str(index.value).lower() == "content-type":
            return True
    return False


def last_name(expr: ir.Expr) -> str:
    return expr.name if isinstance(expr, ir.Attr) else expr.id if isinstance(expr, ir.Name) else ""


def rejects(test: ir.Expr) -> bool:
    """Whether ``if <test>: return`` turns bad values away, so what passes is validated:
    an allow-list (``x not in ALLOWED``, ``x != "a"``), a forbidden fragment
    (``"../" in x``) or a failed predicate (``not x.isalnum()``, ``not PATTERN.match(x)``).
    A block-list of whole values (``x in BLOCKED``) validates nothing."""
    if isinstance(test, ir.BoolOp):
        return any(rejects(v) for v in test.values)
    if isinstance(test, ir.Unary) and test.op == "not":
        return _is_predicate(test.operand)
    if isinstance(test, ir.Compare) and len(test.ops) == 1:
        op = test.ops[0]
        if op in ("not in", "!="):
            return True
        return op == "in" and isinstance(test.left, ir.Const)
    return _is_predicate(test)


def _is_predicate(test: ir.Expr) -> bool:
    return (
        isinstance(test, ir.Call)
        and isinstance(test.func, ir.Attr)
        and test.func.name in _VALIDATING_METHODS
    )
