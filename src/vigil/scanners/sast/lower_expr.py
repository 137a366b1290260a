"""Expression lowering: tree-sitter expression nodes → ``ir`` expressions, and the helpers
shared with statement lowering."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from vigil.scanners.sast import ir

if TYPE_CHECKING:
    from tree_sitter import Node


class LoweringError(Exception):
    """The source could not be parsed; the message is one line."""


def _text(node: Node) -> str:
    raw = node.text
    return raw.decode("utf-8", errors="replace") if raw is not None else ""


def _line(node: Node) -> int:
    return int(node.start_point[0]) + 1


def _named(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type != "comment"]


def _field(node: Node, name: str) -> Node:
    child = node.child_by_field_name(name)
    if child is None:
        raise LoweringError(f"line {_line(node)}: {node.type} without {name}")
    return child


class ExprLowerer:
    """Expressions, assignment targets and parameter lists."""

    def params(self, node: Node) -> tuple[ir.Param, ...]:
        out: list[ir.Param] = []
        for child in _named(node):
            kind = child.type
            if kind == "identifier":
                out.append(ir.Param(_text(child)))
            elif kind in ("default_parameter", "typed_default_parameter"):
                annotation = child.child_by_field_name("type")
                out.append(
                    ir.Param(
                        _text(_field(child, "name")),
                        self.expr(_field(child, "value")),
                        self.expr(annotation) if annotation is not None else None,
                    )
                )
            elif kind == "typed_parameter":
                inner = _named(child)[0]
                annotation = child.child_by_field_name("type")
                star = {"list_splat_pattern": "*", "dictionary_splat_pattern": "**"}
                name_node = _named(inner)[0] if inner.type in star else inner
                out.append(
                    ir.Param(
                        _text(name_node),
                        None,
                        self.expr(annotation) if annotation is not None else None,
                        star.get(inner.type, ""),
                    )
                )
            elif kind in ("list_splat_pattern", "dictionary_splat_pattern") and _named(child):
                star_kind = "*" if kind == "list_splat_pattern" else "**"
                out.append(ir.Param(_text(_named(child)[0]), kind=star_kind))
        return tuple(out)

    def target(self, node: Node) -> ir.Expr:
        if node.type in ("pattern_list", "tuple_pattern", "list_pattern", "expression_list"):
            return ir.Seq("tuple", tuple(self.target(c) for c in _named(node)))
        if node.type == "list_splat_pattern":
            return ir.Starred(self.target(_named(node)[0]))
        return self.expr(node)

    def expr(self, node: Node) -> ir.Expr:
        handler = _EXPR.get(node.type)
        if handler is not None:
            result: ir.Expr = handler(self, node)
            return result
        return ir.Opaque(tuple(self.expr(c) for c in _named(node)))

    def identifier(self, node: Node) -> ir.Expr:
        return ir.Name(_text(node))

    def keyword_const(self, node: Node) -> ir.Expr:
        return ir.Const({"true": True, "false": False, "none": None}[node.type])

    def number(self, node: Node) -> ir.Expr:
        try:
            return ir.Const(ast.literal_eval(_text(node)))
        except (ValueError, SyntaxError):
            return ir.Opaque(())

    def string(self, node: Node) -> ir.Expr:
        start = next((c for c in node.children if c.type == "string_start"), None)
        prefix = _text(start).lower() if start is not None else ""
        if "f" not in prefix:
            try:
                return ir.Const(ast.literal_eval(_text(node)))
            except (ValueError, SyntaxError, MemoryError):
                return ir.Const(self._content(node))
        parts: list[ir.Expr] = []
        for child in node.children:
            if child.type == "string_content":
                parts.append(ir.Const(_text(child)))
            elif child.type == "interpolation":
                value = child.child_by_field_name("expression")
                if value is not None:
                    parts.append(self.expr(value))
        return ir.FString(tuple(parts))

    def _content(self, node: Node) -> str:
        return "".join(_text(c) for c in node.children if c.type == "string_content")

    def concatenated_string(self, node: Node) -> ir.Expr:
        parts = [self.expr(c) for c in _named(node)]
        if all(isinstance(p, ir.Const) and isinstance(p.value, str) for p in parts):
            return ir.Const("".join(str(p.value) for p in parts if isinstance(p, ir.Const)))
        return ir.FString(tuple(parts))

    def attribute(self, node: Node) -> ir.Expr:
        return ir.Attr(self.expr(_field(node, "object")), _text(_field(node, "attribute")))

    def subscript(self, node: Node) -> ir.Expr:
        indexes = [self.expr(c) for c in node.children_by_field_name("subscript")]
        index = indexes[0] if len(indexes) == 1 else ir.Seq("tuple", tuple(indexes))
        return ir.Subscript(self.expr(_field(node, "value")), index)

    def slice(self, node: Node) -> ir.Expr:
        bounds: list[ir.Expr | None] = [None, None, None]
        position = 0
        for child in node.children:
            if child.type == ":":
                position += 1
            elif child.is_named and position < 3:
                bounds[position] = self.expr(child)
        return ir.Slice(bounds[0], bounds[1], bounds[2])

    def call(self, node: Node) -> ir.Expr:
        func = self.expr(_field(node, "function"))
        arguments = _field(node, "arguments")
        if arguments.type == "generator_expression":
            return ir.Call(func, (self.expr(arguments),), (), _line(node))
        args: list[ir.Expr] = []
        kwargs: list[tuple[str | None, ir.Expr]] = []
        for child in _named(arguments):
            if child.type == "keyword_argument":
                kwargs.append((_text(_field(child, "name")), self.expr(_field(child, "value"))))
            elif child.type == "dictionary_splat":
                kwargs.append((None, self.expr(_named(child)[0])))
            elif child.type == "list_splat":
                args.append(ir.Starred(self.expr(_named(child)[0])))
            else:
                args.append(self.expr(child))
        return ir.Call(func, tuple(args), tuple(kwargs), _line(node))

    def binary_operator(self, node: Node) -> ir.Expr:
        op = _text(_field(node, "operator"))
        return ir.BinOp(op, self.expr(_field(node, "left")), self.expr(_field(node, "right")))

    def boolean_operator(self, node: Node) -> ir.Expr:
        op = _text(_field(node, "operator"))
        return ir.BoolOp(op, (self.expr(_field(node, "left")), self.expr(_field(node, "right"))))

    def not_operator(self, node: Node) -> ir.Expr:
        return ir.Unary("not", self.expr(_field(node, "argument")))

    def unary_operator(self, node: Node) -> ir.Expr:
        op = _text(_field(node, "operator"))
        return ir.Unary(op, self.expr(_field(node, "argument")))

    def comparison_operator(self, node: Node) -> ir.Expr:
        operands: list[ir.Expr] = []
        ops: list[str] = []
        pending: list[str] = []
        for child in node.children:
            if child.is_named and child.type != "comment":
                if pending:
                    ops.append(" ".join(pending))
                    pending = []
                operands.append(self.expr(child))
            elif not child.is_named:
                pending.append(_text(child))
        return ir.Compare(operands[0], tuple(ops), tuple(operands[1:]))

    def conditional_expression(self, node: Node) -> ir.Expr:
        body, test, orelse = (self.expr(c) for c in _named(node)[:3])
        return ir.IfExp(test, body, orelse)

    def sequence(self, node: Node) -> ir.Expr:
        kind = {"list": "list", "set": "set"}.get(node.type, "tuple")
        return ir.Seq(kind, tuple(self.target(c) for c in _named(node)))

    def splat(self, node: Node) -> ir.Expr:
        return ir.Starred(self.expr(_named(node)[0]))

    def parenthesized(self, node: Node) -> ir.Expr:
        inner = _named(node)
        return self.expr(inner[0]) if inner else ir.Seq("tuple", ())

    def dictionary(self, node: Node) -> ir.Expr:
        keys: list[ir.Expr | None] = []
        values: list[ir.Expr] = []
        for child in _named(node):
            if child.type == "pair":
                keys.append(self.expr(_field(child, "key")))
                values.append(self.expr(_field(child, "value")))
            elif child.type == "dictionary_splat" and _named(child):
                keys.append(None)
                values.append(self.expr(_named(child)[0]))
        return ir.DictExpr(tuple(keys), tuple(values))

    def comprehension(self, node: Node) -> ir.Expr:
        kind = {
            "list_comprehension": "list",
            "set_comprehension": "set",
            "dictionary_comprehension": "dict",
        }.get(node.type, "gen")
        body = _field(node, "body")
        if body.type == "pair":
            elt: ir.Expr = ir.Seq(
                "tuple", (self.expr(_field(body, "key")), self.expr(_field(body, "value")))
            )
        else:
            elt = self.expr(body)
        targets: list[ir.Expr] = []
        iters: list[ir.Expr] = []
        conds: list[ir.Expr] = []
        for child in _named(node):
            if child.type == "for_in_clause":
                targets.append(self.target(_field(child, "left")))
                iters.append(self.expr(_field(child, "right")))
            elif child.type == "if_clause" and _named(child):
                conds.append(self.expr(_named(child)[0]))
        return ir.Comp(kind, elt, tuple(targets), tuple(iters), tuple(conds))

    def lambda_(self, node: Node) -> ir.Expr:
        params_node = node.child_by_field_name("parameters")
        params = self.params(params_node) if params_node is not None else ()
        return ir.Lambda(params, self.expr(_field(node, "body")), _line(node))

    def passthrough(self, node: Node) -> ir.Expr:
        inner = _named(node)
        return self.expr(inner[-1]) if inner else ir.Opaque(())

    def named_expression(self, node: Node) -> ir.Expr:
        return ir.NamedExpr(_text(_field(node, "name")), self.expr(_field(node, "value")))


_EXPR: dict[str, Any] = {
    "identifier": ExprLowerer.identifier,
    "true": ExprLowerer.keyword_const,
    "false": ExprLowerer.keyword_const,
    "none": ExprLowerer.keyword_const,
    "integer": ExprLowerer.number,
    "float": ExprLowerer.number,
    "string": ExprLowerer.string,
    "concatenated_string": ExprLowerer.concatenated_string,
    "attribute": ExprLowerer.attribute,
    "subscript": ExprLowerer.subscript,
    "slice": ExprLowerer.slice,
    "call": ExprLowerer.call,
    "binary_operator": ExprLowerer.binary_operator,
    "boolean_operator": ExprLowerer.boolean_operator,
    "not_operator": ExprLowerer.not_operator,
    "unary_operator": ExprLowerer.unary_operator,
    "comparison_operator": ExprLowerer.comparison_operator,
    "conditional_expression": ExprLowerer.conditional_expression,
    "list": ExprLowerer.sequence,
    "tuple": ExprLowerer.sequence,
    "set": ExprLowerer.sequence,
    "expression_list": ExprLowerer.sequence,
    "pattern_list": ExprLowerer.sequence,
    "tuple_pattern": ExprLowerer.sequence,
    "list_pattern": ExprLowerer.sequence,
    "list_splat": ExprLowerer.splat,
    "list_splat_pattern": ExprLowerer.splat,
    "dictionary_splat": ExprLowerer.splat,
    "parenthesized_expression": ExprLowerer.parenthesized,
    "dictionary": ExprLowerer.dictionary,
    "list_comprehension": ExprLowerer.comprehension,
    "set_comprehension": ExprLowerer.comprehension,
    "dictionary_comprehension": ExprLowerer.comprehension,
    "generator_expression": ExprLowerer.comprehension,
    "lambda": ExprLowerer.lambda_,
    "await": ExprLowerer.passthrough,
    "keyword_separator": ExprLowerer.passthrough,
    "named_expression": ExprLowerer.named_expression,
    "as_pattern": ExprLowerer.passthrough,
    "case_pattern": ExprLowerer.passthrough,
    "type": ExprLowerer.passthrough,
}
