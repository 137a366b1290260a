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
    out: list[str] = []
    stack: list[object] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Name):
            out.append(node.id)
        elif isinstance(node, tuple):
            stack.extend(node)
        elif hasattr(node, "__slots__") and not isinstance(node, ir.Const):
            stack.extend(getattr(node, slot) for slot in node.__slots__)
    return out


def allowed_names(term: ir.Expr) -> list[str]:
    if isinstance(term, ir.Compare) and len(term.ops) == 1 and term.ops[0] in ("in", "=="):
        return [term.left.id] if isinstance(term.left, ir.Name) else []
    if isinstance(term, ir.Call) and _VALIDATOR_NAME.search(last_name(term.func)):
        return [a.id for a in term.args if isinstance(a, ir.Name)]
    return []


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
