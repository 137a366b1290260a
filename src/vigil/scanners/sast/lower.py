"""tree-sitter's Python syntax tree → vigil's IR (``ir.py``).

tree-sitter-python reads every Python 3 syntax (3.12 f-strings, ``match``, ``type`` aliases)
whatever interpreter vigil runs on, and recovers from errors; a file with syntax errors is
refused as a whole (``LoweringError``) rather than analysed from a guessed tree.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from vigil.scanners.sast import ir
from vigil.scanners.sast.lower_expr import (
    ExprLowerer,
    LoweringError,
    _field,
    _line,
    _named,
    _text,
)

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

__all__ = ["LoweringError", "lower_module"]


@functools.cache
def _parser() -> Parser:
    import tree_sitter
    import tree_sitter_python

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))


def lower_module(source: bytes, name: str, path: str, *, is_package: bool = False) -> ir.Module:
    """Parse ``source`` and lower it; raises ``LoweringError`` on a syntax error."""
    tree = _parser().parse(source)
    root = tree.root_node
    if root.has_error:
        raise LoweringError(f"syntax error near line {_first_error_line(root)}")
    text = source.decode("utf-8", errors="replace")
    try:
        body = _Lowerer().block(root)
    except RecursionError:
        raise LoweringError("nesting too deep to analyse") from None
    return ir.Module(name, path, body, tuple(text.splitlines()), is_package)


def _first_error_line(node: Node) -> int:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return int(current.start_point[0]) + 1
        stack.extend(reversed([c for c in current.children if c.has_error or c.is_missing]))
    return int(node.start_point[0]) + 1


class _Lowerer(ExprLowerer):
    """Statement and expression lowering; one instance per file."""

    def block(self, node: Node) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for child in _named(node):
            out.extend(self.stmt(child))
        return tuple(out)

    def body_of(self, node: Node | None) -> tuple[ir.Stmt, ...]:
        return () if node is None else self.block(node)

    def stmt(self, node: Node) -> list[ir.Stmt]:
        handler = _STMT.get(node.type)
        if handler is not None:
            lowered: list[ir.Stmt] = handler(self, node)
            return lowered
        if node.type in _IGNORED_STMTS:
            return []
        return [ir.ExprStmt(self.expr(node), _line(node))]

    # statements ------------------------------------------------------------------------

    def expression_statement(self, node: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for child in _named(node):
            if child.type == "assignment":
                out.extend(self.assignment(child))
            elif child.type == "augmented_assignment":
                op = _text(child.child_by_field_name("operator") or child).rstrip("=")
                out.append(
                    ir.AugAssign(
                        self.target(_field(child, "left")),
                        op,
                        self.expr(_field(child, "right")),
                        _line(child),
                    )
                )
            else:
                out.append(ir.ExprStmt(self.expr(child), _line(child)))
        return out

    def assignment(self, node: Node) -> list[ir.Stmt]:
        targets = [self.target(_field(node, "left"))]
        right = node.child_by_field_name("right")
        while right is not None and right.type == "assignment":  # a = b = value
            targets.append(self.target(_field(right, "left")))
            right = right.child_by_field_name("right")
        if right is None:  # a bare annotation: ``x: int``
            return []
        if right.type == "yield":
            return [ir.ExprStmt(self.expr(right), _line(node))]
        return [ir.Assign(tuple(targets), self.expr(right), _line(node))]

    def return_statement(self, node: Node) -> list[ir.Stmt]:
        values = _named(node)
        return [ir.Return(self.expr(values[0]) if values else None, _line(node))]

    def raise_statement(self, node: Node) -> list[ir.Stmt]:
        values = _named(node)
        return [ir.Raise(self.expr(values[0]) if values else None, _line(node))]

    def break_statement(self, node: Node) -> list[ir.Stmt]:
        return [ir.Jump("break", _line(node))]

    def continue_statement(self, node: Node) -> list[ir.Stmt]:
        return [ir.Jump("continue", _line(node))]

    def delete_statement(self, node: Node) -> list[ir.Stmt]:
        targets = [self.target(c) for c in _named(node)]
        return [ir.Delete(tuple(targets), _line(node))]

    def if_statement(self, node: Node) -> list[ir.Stmt]:
        orelse: tuple[ir.Stmt, ...] = ()
        alternatives = node.children_by_field_name("alternative")
        for alternative in reversed(alternatives):
            if alternative.type == "else_clause":
                orelse = self.body_of(alternative.child_by_field_name("body"))
            else:
                orelse = (
                    ir.If(
                        self.expr(_field(alternative, "condition")),
                        self.body_of(alternative.child_by_field_name("consequence")),
                        orelse,
                        _line(alternative),
                    ),
                )
        return [
            ir.If(
                self.expr(_field(node, "condition")),
                self.body_of(node.child_by_field_name("consequence")),
                orelse,
                _line(node),
            )
        ]

    def _else(self, node: Node) -> tuple[ir.Stmt, ...]:
        alternative = node.child_by_field_name("alternative")
        if alternative is None:
            return ()
        return self.body_of(alternative.child_by_field_name("body"))

    def while_statement(self, node: Node) -> list[ir.Stmt]:
        return [
            ir.While(
                self.expr(_field(node, "condition")),
                self.body_of(node.child_by_field_name("body")),
                self._else(node),
                _line(node),
            )
        ]

    def for_statement(self, node: Node) -> list[ir.Stmt]:
        return [
            ir.For(
                self.target(_field(node, "left")),
                self.expr(_field(node, "right")),
                self.body_of(node.child_by_field_name("body")),
                self._else(node),
                _line(node),
            )
        ]

    def try_statement(self, node: Node) -> list[ir.Stmt]:
        handlers: list[ir.Handler] = []
        orelse: tuple[ir.Stmt, ...] = ()
        final: tuple[ir.Stmt, ...] = ()
        for child in _named(node):
            if child.type in ("except_clause", "except_group_clause"):
                handlers.append(self._handler(child))
            elif child.type == "else_clause":
                orelse = self.body_of(child.child_by_field_name("body"))
            elif child.type == "finally_clause":
                final = self.block(_named(child)[-1]) if _named(child) else ()
        body = self.body_of(node.child_by_field_name("body"))
        return [ir.Try(body, tuple(handlers), orelse, final, _line(node))]

    def _handler(self, node: Node) -> ir.Handler:
        name: str | None = None
        body: tuple[ir.Stmt, ...] = ()
        for child in _named(node):
            if child.type == "block":
                body = self.block(child)
            elif child.type == "as_pattern":
                alias = child.child_by_field_name("alias")
                if alias is not None:
                    name = _text(alias)
        alias = node.child_by_field_name("alias")
        if alias is not None:
            name = _text(alias)
        return ir.Handler(name, body)

    def with_statement(self, node: Node) -> list[ir.Stmt]:
        items: list[tuple[ir.Expr, ir.Expr | None]] = []
        for clause in _named(node):
            if clause.type != "with_clause":
                continue
            for item in _named(clause):
                value = _named(item)[0] if item.type == "with_item" else item
                if value.type == "as_pattern":
                    parts = _named(value)
                    target = value.child_by_field_name("alias") or parts[-1]
                    if target.type == "as_pattern_target":
                        target = _named(target)[0]
                    items.append((self.expr(parts[0]), self.target(target)))
                else:
                    items.append((self.expr(value), None))
        body = self.body_of(node.child_by_field_name("body"))
        return [ir.With(tuple(items), body, _line(node))]

    def match_statement(self, node: Node) -> list[ir.Stmt]:
        cases: list[ir.Case] = []
        body = node.child_by_field_name("body")
        for clause in _named(body) if body is not None else []:
            if clause.type != "case_clause":
                continue
            patterns = [c for c in _named(clause) if c.type == "case_pattern"]
            guard = clause.child_by_field_name("guard")
            consts, capture = self._pattern(patterns)
            cases.append(
                ir.Case(
                    consts,
                    capture,
                    self.expr(_named(guard)[0]) if guard is not None and _named(guard) else None,
                    self.body_of(clause.child_by_field_name("consequence")),
                )
            )
        return [ir.Match(self.expr(_field(node, "subject")), tuple(cases), _line(node))]

    def _pattern(self, patterns: list[Node]) -> tuple[tuple[object, ...] | None, str | None]:
        consts: list[object] = []
        for pattern in patterns:
            inner = _named(pattern)
            if not inner:
                return None, None  # ``_``
            node = inner[0]
            alternatives = _named(node) if node.type == "union_pattern" else [node]
            for alternative in alternatives:
                if alternative.type == "dotted_name" and len(_named(alternative)) == 1:
                    return None, _text(alternative)
                value = self.expr(alternative)
                if not isinstance(value, ir.Const):
                    return None, None
                consts.append(value.value)
        return tuple(consts), None

    def function_definition(self, node: Node, decorators: tuple[ir.Expr, ...] = ()) -> ir.Stmt:
        params_node = node.child_by_field_name("parameters")
        params = self.params(params_node) if params_node is not None else ()
        return ir.FunctionDef(
            _text(_field(node, "name")),
            params,
            self.body_of(node.child_by_field_name("body")),
            decorators,
            _line(node),
        )

    def class_definition(self, node: Node, decorators: tuple[ir.Expr, ...] = ()) -> ir.Stmt:
        bases = node.child_by_field_name("superclasses")
        return ir.ClassDef(
            _text(_field(node, "name")),
            tuple(self.expr(b) for b in _named(bases) if b.type != "keyword_argument")
            if bases is not None
            else (),
            self.body_of(node.child_by_field_name("body")),
            decorators,
            _line(node),
        )

    def decorated_definition(self, node: Node) -> list[ir.Stmt]:
        decorators = tuple(
            self.expr(_named(d)[0]) for d in _named(node) if d.type == "decorator" and _named(d)
        )
        definition = _field(node, "definition")
        if definition.type == "class_definition":
            return [self.class_definition(definition, decorators)]
        return [self.function_definition(definition, decorators)]

    def _def(self, node: Node) -> list[ir.Stmt]:
        if node.type == "class_definition":
            return [self.class_definition(node)]
        return [self.function_definition(node)]

    def import_statement(self, node: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for child in _named(node):
            if child.type == "aliased_import":
                out.append(
                    ir.Import(
                        _text(_field(child, "name")), _text(_field(child, "alias")), _line(node)
                    )
                )
            elif child.type == "dotted_name":
                out.append(ir.Import(_text(child), None, _line(node)))
        return out

    def import_from_statement(self, node: Node) -> list[ir.Stmt]:
        module_node = _field(node, "module_name")
        level = 0
        module = _text(module_node)
        if module_node.type == "relative_import":
            prefix = next((c for c in module_node.children if c.type == "import_prefix"), None)
            level = len(_text(prefix)) if prefix is not None else 0
            dotted = next((c for c in module_node.children if c.type == "dotted_name"), None)
            module = _text(dotted) if dotted is not None else ""
        names: list[tuple[str, str]] = []
        for child in node.children_by_field_name("name"):
            if child.type == "aliased_import":
                names.append((_text(_field(child, "name")), _text(_field(child, "alias"))))
            else:
                names.append((_text(child), _text(child).split(".")[-1]))
        if any(c.type == "wildcard_import" for c in node.children):
            names.append(("*", "*"))
        return [ir.ImportFrom(module, tuple(names), level, _line(node))]


_IGNORED_STMTS = frozenset(
    {
        "pass_statement",
        "global_statement",
        "nonlocal_statement",
        "future_import_statement",
        "type_alias_statement",
        "comment",
        "ellipsis",
    }
)

_STMT: dict[str, Any] = {
    "expression_statement": _Lowerer.expression_statement,
    "return_statement": _Lowerer.return_statement,
    "raise_statement": _Lowerer.raise_statement,
    "break_statement": _Lowerer.break_statement,
    "continue_statement": _Lowerer.continue_statement,
    "delete_statement": _Lowerer.delete_statement,
    "if_statement": _Lowerer.if_statement,
    "while_statement": _Lowerer.while_statement,
    "for_statement": _Lowerer.for_statement,
    "try_statement": _Lowerer.try_statement,
    "with_statement": _Lowerer.with_statement,
    "match_statement": _Lowerer.match_statement,
    "function_definition": _Lowerer._def,
    "class_definition": _Lowerer._def,
    "decorated_definition": _Lowerer.decorated_definition,
    "import_statement": _Lowerer.import_statement,
    "import_from_statement": _Lowerer.import_from_statement,
}
