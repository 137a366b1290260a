"""Expression evaluation over abstract values (everything except calls, in ``calls.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from vigil.scanners.sast import fold, ir
from vigil.scanners.sast.guards import expr_key
from vigil.scanners.sast.rules import (
    HTTP_HANDLER_BASES,
    HTTP_HANDLER_INPUTS,
    HTTP_HANDLER_OUTPUT,
    READ_SOURCE,
    REQUEST_CONTEXT_ATTRIBUTES,
    REQUEST_PARAM_SOURCE,
    REQUEST_URL_ATTRIBUTES,
    REQUEST_URL_SOURCE,
    SOURCE_PREFIXES,
)
from vigil.scanners.sast.values import (
    ALL_RULES,
    NOT_CONST,
    UNKNOWN,
    Step,
    Taint,
    Val,
    cleaned,
    const,
    consts,
    container,
    flow,
    merge,
)

if TYPE_CHECKING:
    from vigil.scanners.sast.project import FuncInfo, ModuleInfo, Project

_REQUEST_QUALS = ("flask.request", "quart.request", "bottle.request")
_BUILTIN_CONSTS = {"True": True, "False": False, "None": None}
_HANDLER_ATTRIBUTES = HTTP_HANDLER_INPUTS | {HTTP_HANDLER_OUTPUT}


class Evaluator:
    """State shared by expression and statement evaluation of one function or module body."""

    def __init__(self, project: Project, module: ModuleInfo, func: FuncInfo | None = None) -> None:
        self.project = project
        self.module = module
        self.path = module.module.path
        self.func = func
        self.env: dict[str, Val] | None = {}
        self.line = func.node.line if func is not None else 1
        #: Calls checked by the enclosing ``if`` (``is_safe_url(request.args.get("n"))``):
        #: the same call inside it gives the validated value.
        self.validated: frozenset[object] = frozenset()

    # names -----------------------------------------------------------------------------

    def lookup(self, name: str) -> Val:
        env = self.env
        if env is not None and name in env:
            return env[name]
        closure = self.func.closure if self.func is not None else None
        while closure is not None:
            if name in closure.env:
                return closure.env[name]
            closure = closure.parent
        found = self.module.globals.get(name)
        if found is not None:
            return found
        if name in _BUILTIN_CONSTS:
            return const(_BUILTIN_CONSTS[name])
        return self.sourced(Val(qual=name))

    def member(self, obj: Val, qual: str) -> Val:
        """The value of ``qual``, a member of ``obj``: its definition in the scanned tree, or
        ``obj``'s taint under the new name (a source if ``qual`` names one)."""
        found = self.project.resolve(qual)
        if found is not None:
            return found
        return self.sourced(
            Val(obj.taint, obj.weak, obj.params, obj.clean, qual=qual, pclean=obj.pclean)
        )

    def sourced(self, value: Val) -> Val:
        """``value`` with a taint if its qualified name is an input source."""
        qual = value.qual
        if qual is None or value.taint is not None:
            return value
        root = qual.split(".", 2)
        for prefix in (".".join(root[:2]), root[0]):
            found = SOURCE_PREFIXES.get(prefix)
            if found is not None:
                return replace(value, taint=self.new_taint(found, f"read from {qual}"))
        return value

    def new_taint(self, source: tuple[str, int], note: str) -> Taint:
        return Taint(source[0], source[1], (Step(self.path, self.line, note),))

    # expressions -----------------------------------------------------------------------

    def eval(self, node: ir.Expr) -> Val:
        if isinstance(node, ir.Name):
            return self.lookup(node.id)
        if isinstance(node, ir.Const):
            return const(node.value)
        if isinstance(node, ir.Call):
            if self.validated and expr_key(node) in self.validated:
                return cleaned(self.call(node), frozenset({ALL_RULES}))
            return self.call(node)
        if isinstance(node, ir.Attr):
            return self.attribute(self.eval(node.obj), node.name)
        if isinstance(node, ir.Subscript):
            return self.subscript(node)
        if isinstance(node, ir.FString):
            return self.joined([self.eval(p) for p in node.parts])
        if isinstance(node, ir.BinOp):
            return self.binop(node.op, self.eval(node.left), self.eval(node.right))
        if isinstance(node, ir.Compare):
            return self.compare(node)
        if isinstance(node, ir.BoolOp):
            return self.boolop(node)
        if isinstance(node, ir.Unary):
            operand = self.eval(node.operand)
            if node.op == "not":
                truth = self.truth(operand)
                return UNKNOWN if truth is None else const(not truth)
            return self.fold_values(lambda v: fold.unary(node.op, v), operand) or flow(operand)
        if isinstance(node, ir.IfExp):
            truth = self.truth(self.eval(node.test))
            if truth is True:
                return self.eval(node.body)
            if truth is False:
                return self.eval(node.orelse)
            return merge(self.eval(node.body), self.eval(node.orelse))
        if isinstance(node, ir.Seq):
            return self.sequence(node)
        if isinstance(node, ir.DictExpr):
            return self.dictionary(node)
        if isinstance(node, ir.Comp):
            return self.comprehension(node)
        if isinstance(node, ir.Starred):
            return self.eval(node.value)
        if isinstance(node, ir.NamedExpr):
            value = self.eval(node.value)
            self.bind(ir.Name(node.target), value)
            return value
        if isinstance(node, ir.Lambda):
            return Val(kind="lambda")
        if isinstance(node, ir.Slice):
            return UNKNOWN
        return flow(*(self.eval(p) for p in node.parts))

    def call(self, node: ir.Call) -> Val:
        raise NotImplementedError

    def attribute(self, obj: Val, name: str) -> Val:
        if obj.fields is not None:
            field = obj.get_field(name)
            if field is not None:
                return field  # assigned in this function: the other attributes stay apart
        if obj.qual == "flask.request" and name == "path" and self.func and self.func.fixed_paths:
            return consts(set(self.func.fixed_paths))
        if obj.kind == "request" or (obj.qual or "").startswith(_REQUEST_QUALS):
            if name in REQUEST_CONTEXT_ATTRIBUTES:
                return UNKNOWN  # the server's own state: the logged-in user, the session…
            if name in REQUEST_URL_ATTRIBUTES:
                return Val(self.new_taint(REQUEST_URL_SOURCE, f"read from request.{name}"))
        if obj.qual is not None and obj.kind not in ("instance",):
            return self.member(obj, f"{obj.qual}.{name}")
        if name in _HANDLER_ATTRIBUTES and self.http_handler(obj):
            if name == HTTP_HANDLER_OUTPUT:
                return Val(kind="httpout")
            return Val(self.new_taint(REQUEST_PARAM_SOURCE, f"read from self.{name}"))
        if obj.kind == "instance" and name == "request" and "django" in self.module.frameworks:
            # Django's class-based views keep the current request on self.
            return Val(
                self.new_taint(REQUEST_PARAM_SOURCE, "read from self.request"), kind="request"
            )
        if obj.kind == "instance" and obj.qual is not None:
            method = self.project.method(obj.qual, name)
            if method is not None:
                return replace(flow(obj), qual=method.qual, kind="bound")
        if obj.kind in ("path", "file", "etree", "ldap", "http", "socket", "config", "response"):
            return replace(flow(obj), kind=obj.kind) if obj.tainted else Val(kind=obj.kind)
        return flow(obj.get_field("") or obj)

    def http_handler(self, obj: Val) -> bool:
        """``self`` of a request handler of the standard library's HTTP server."""
        return (
            obj.kind == "instance"
            and obj.qual is not None
            and self.project.inherits(obj.qual, HTTP_HANDLER_BASES)
        )

    def subscript(self, node: ir.Subscript) -> Val:
        obj = self.eval(node.obj)
        index_node = node.index
        if isinstance(index_node, ir.Slice):
            bounds = [self.eval(b).const() if b is not None else None for b in
                      (index_node.lower, index_node.upper, index_node.step)]  # fmt: skip
            if NOT_CONST in bounds or not all(isinstance(b, int | None) for b in bounds):
                return flow(obj)
            piece = slice(*(b if isinstance(b, int) else None for b in bounds))
            if obj.items is not None:
                return container(obj.kind or "list", obj.items[piece])
            return self.fold_values(lambda v: fold.subscript(v, piece), obj) or flow(obj)
        index = self.eval(index_node).const()
        if index is NOT_CONST:
            return flow(obj)
        if obj.items is not None and isinstance(index, int) and not isinstance(index, bool):
            try:
                return obj.items[index]
            except IndexError:
                return UNKNOWN
        if obj.keys is not None:
            found = obj.get_key(index)
            return found if found is not None else UNKNOWN
        folded = self.fold_values(lambda v: fold.subscript(v, index), obj)
        return folded or flow(obj)

    def fold_values(self, function: Callable[..., object], *values: Val) -> Val | None:
        if any(v.consts is None for v in values):
            return None
        result = fold.combine(function, *(v.consts or () for v in values))
        return None if result is None else consts(result)

    def joined(self, parts: list[Val]) -> Val:
        if all(p.consts is not None for p in parts):
            folded = self.fold_values(lambda *xs: "".join(str(x) for x in xs), *parts)
            if folded is not None:
                return folded
        return _local_url(parts[0], flow(*parts)) if parts else UNKNOWN

    def binop(self, op: str, left: Val, right: Val) -> Val:
        folded = self.fold_values(lambda a, b: fold.binary(op, a, b), left, right)
        if folded is not None:
            return folded
        if op == "+" and left.items is not None and right.items is not None:
            return container(left.kind or "list", left.items + right.items)
        if op == "/" and left.kind == "path":
            return flow(left, right, kind="path")
        if op == "+":
            return _local_url(left, flow(left, right))
        return flow(left, right)

    def compare(self, node: ir.Compare) -> Val:
        values = [self.eval(node.left)] + [self.eval(r) for r in node.rights]
        result: bool | None = True
        for op, left, right in zip(node.ops, values, values[1:], strict=False):
            one = self.compare_one(op, left, right)
            if one is False:
                return const(False)
            if one is None:
                result = None
        return UNKNOWN if result is None else const(True)

    def compare_one(self, op: str, left: Val, right: Val) -> bool | None:
        if op in ("in", "not in") and right.consts is None:
            members = right.items if right.items is not None else None
            if members is None and right.keys is not None:
                members = tuple(const(k) for k, _ in right.keys)
            if members is None or left.consts is None or any(m.consts is None for m in members):
                return None
            pool = {c for m in members for c in m.consts or ()}
            hits = {c in pool for c in left.consts}
            found = next(iter(hits)) if len(hits) == 1 else None
            return found if found is None or op == "in" else not found
        folded = self.fold_values(lambda a, b: fold.compare(op, a, b), left, right)
        if folded is None or folded.consts is None or len(folded.consts) != 1:
            return None
        return bool(next(iter(folded.consts)))

    def truth(self, value: Val) -> bool | None:
        if value.consts is not None:
            truths = {bool(c) for c in value.consts}
            return next(iter(truths)) if len(truths) == 1 else None
        if value.items is not None and value.kind in ("list", "tuple", "set"):
            return bool(value.items)
        return None

    def boolop(self, node: ir.BoolOp) -> Val:
        stop_on = node.op == "or"  # ``or`` stops at a truthy operand, ``and`` at a falsy one
        pending: Val | None = None
        for position, part in enumerate(node.values):
            value = self.eval(part)
            truth = self.truth(value)
            last = position == len(node.values) - 1
            if truth is stop_on or last:
                return value if pending is None else merge(pending, value)
            if truth is None:
                pending = value if pending is None else merge(pending, value)
        return pending or UNKNOWN

    def sequence(self, node: ir.Seq) -> Val:
        items: list[Val] = []
        known = True
        for elt in node.elts:
            if isinstance(elt, ir.Starred):
                inner = self.eval(elt.value)
                if inner.items is None:
                    known = False
                    items.append(inner)
                else:
                    items.extend(inner.items)
            else:
                items.append(self.eval(elt))
        if not known:
            return flow(*items, kind=node.kind)
        return container(node.kind, tuple(items))

    def dictionary(self, node: ir.DictExpr) -> Val:
        pairs: list[tuple[object, Val]] = []
        rest: list[Val] = []
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.eval(value_node)
            key = self.eval(key_node).const() if key_node is not None else NOT_CONST
            if key is NOT_CONST:
                rest.append(value)
            else:
                pairs.append((key, value))
        if rest:
            return flow(*(v for _, v in pairs), *rest, kind="dict")
        return container("dict", None, tuple(pairs))

    def iter_element(self, value: Val) -> Val:
        """What one iteration over ``value`` yields."""
        if value.items is not None:
            out: Val | None = None
            for item in value.items:
                out = item if out is None else merge(out, item)
            return out or UNKNOWN
        if value.keys is not None:
            return consts({k for k, _ in value.keys})
        if value.consts is not None and all(isinstance(c, str) for c in value.consts):
            chars: set[object] = {ch for c in value.consts if isinstance(c, str) for ch in c}
            return consts(chars)
        if value.kind in ("file", "socket"):
            return self.read_taint(value)
        return flow(value)

    def read_taint(self, value: Val) -> Val:
        if value.taint is not None:
            return flow(value)
        return Val(self.new_taint(READ_SOURCE, "read from a file or socket"), value.weak)

    def comprehension(self, node: ir.Comp) -> Val:
        saved = self.env
        self.env = dict(saved) if saved is not None else {}
        try:
            for target, iterable in zip(node.targets, node.iters, strict=True):
                self.bind(target, self.iter_element(self.eval(iterable)))
            element = self.eval(node.elt)
        finally:
            self.env = saved
        kind = {"gen": "list"}.get(node.kind, node.kind)
        return flow(element, kind=kind)

    def bind(self, target: ir.Expr, value: Val) -> None:
        raise NotImplementedError


#: A URL whose scheme and host are fixed can neither leave the site nor reach another host.
_FIXED_HOST_RULES = frozenset({"VIGIL-PY-REDIRECT", "VIGIL-PY-SSRF"})
_FIXED_HOST = re.compile(r"^(/[^/\\]|[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+[/?#])|[?#]")


def _local_url(head: Val, whole: Val) -> Val:
    """A URL whose host the untrusted part cannot choose: ``"/path?x=" + value``,
    ``reverse(...) + value``, ``f"https://example.com/{value}"``, ``settings.LOGIN_URL +
    "?next=" + value``. Redirecting there is not an open redirect, requesting it no SSRF."""
    if head.tainted and not head.is_clean_for("VIGIL-PY-REDIRECT"):
        return whole
    if head.consts is not None:
        local = bool(head.consts) and all(
            isinstance(c, str) and _FIXED_HOST.search(c) is not None for c in head.consts
        )
    else:
        local = head.kind == "localurl" or head.qual is not None or head.tainted
    if not local:
        return whole
    return replace(cleaned(whole, _FIXED_HOST_RULES), kind="localurl")
