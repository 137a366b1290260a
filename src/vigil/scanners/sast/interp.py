"""Statements: flow-sensitive, branch-pruning abstract interpretation of one function or
module body, and the summary a function leaves for its callers."""

from __future__ import annotations

from dataclasses import replace

from vigil.scanners.sast import ir, rules
from vigil.scanners.sast.definitions import Definitions
from vigil.scanners.sast.guards import allowed_calls, allowed_names, names_in, rejects
from vigil.scanners.sast.project import Constants, Summary
from vigil.scanners.sast.values import (
    ALL_RULES,
    NOT_CONST,
    UNKNOWN,
    Step,
    Val,
    cleaned,
    const,
    container,
    flow,
    merge,
    merge_envs,
    with_field,
)

#: Loop bodies are evaluated this many times: enough for a value to travel through one
#: loop-carried variable to another, without iterating to a full fixpoint.
_LOOP_PASSES = 2


class Interpreter(Definitions):
    """Runs a body; for a function, :meth:`analyse_function` returns its summary."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.returns: list[Val] = []
        self.loop_exits: list[list[dict[str, Val] | None]] = []
        #: ``url = urlparse(bar)``: validating ``url`` validates ``bar``.
        self.derived: dict[str, str] = {}

    def analyse_function(self, constants: Constants = ()) -> Summary:
        """The function's summary; ``constants`` are parameters a call site fixes."""
        func = self.func
        assert func is not None
        self.env = {}
        fixed = dict(constants)
        for index, param in enumerate(func.node.params):
            if index in fixed:
                self.env[param.name] = const(fixed[index])
            else:
                self.env[param.name] = self.parameter(func, index, param)
        self.run_body(func.node.body)
        if self.env is not None:
            self.returns.append(const(None))
        ret: Val | None = None
        for value in self.returns:
            ret = value if ret is None else merge(ret, value)
        sinks = tuple(dict.fromkeys(self.summary_sinks))
        fields = None
        params = func.node.params
        if func.node.name == "__init__" and func.cls is not None and params and self.env:
            own = self.env.get(params[0].name)
            fields = own.fields if own is not None else None
        return Summary(ret or UNKNOWN, sinks, fields)

    # statements ------------------------------------------------------------------------

    def run_body(self, body: tuple[ir.Stmt, ...]) -> None:
        for stmt in body:
            if self.env is None:
                return
            self.stmt(stmt)

    def stmt(self, node: ir.Stmt) -> None:
        if isinstance(node, ir.If | ir.While | ir.For | ir.Try | ir.With | ir.Match):
            self.line = node.line
            self.compound(node)
        elif isinstance(node, ir.Assign):
            self.line = node.line
            value = self.eval(node.value)
            for target in node.targets:
                self.bind(target, value)
            if len(node.targets) == 1 and isinstance(node.targets[0], ir.Name):
                self.note_derived(node.targets[0].id, node.value)
        elif isinstance(node, ir.AugAssign):
            self.line = node.line
            self.bind(
                node.target, self.binop(node.op, self.eval(node.target), self.eval(node.value))
            )
        elif isinstance(node, ir.ExprStmt):
            self.line = node.line
            self.eval(node.expr)
        elif isinstance(node, ir.Return):
            self.line = node.line
            value = self.eval(node.value) if node.value is not None else const(None)
            self.returned(value, node.line)
        elif isinstance(node, ir.Raise):
            if node.value is not None:
                self.eval(node.value)
            self.env = None
        elif isinstance(node, ir.Jump):
            if self.loop_exits:
                self.loop_exits[-1].append(self.env)
            self.env = None
        elif isinstance(node, ir.Delete):
            for target in node.targets:
                if isinstance(target, ir.Name) and self.env is not None:
                    self.env.pop(target.id, None)
        elif isinstance(node, ir.FunctionDef):
            self.define_function(node)
        elif isinstance(node, ir.ClassDef):
            self.define_class(node)
        elif isinstance(node, ir.Import | ir.ImportFrom):
            self.import_(node)

    def compound(self, node: ir.Stmt) -> None:
        if isinstance(node, ir.If):
            self.if_(node)
        elif isinstance(node, ir.While):
            self.loop(node.test, None, None, node.body, node.orelse)
        elif isinstance(node, ir.For):
            element = self.iter_element(self.eval(node.iter))
            self.loop(None, node.target, element, node.body, node.orelse)
        elif isinstance(node, ir.Try):
            self.try_(node)
        elif isinstance(node, ir.With):
            for expr, target in node.items:
                value = self.eval(expr)
                if target is not None:
                    self.bind(target, value)
            self.run_body(node.body)
        elif isinstance(node, ir.Match):
            self.match(node)

    def returned(self, value: Val, line: int) -> None:
        func = self.func
        if func is not None and (func.route == "flask" or func.returns_html):
            body = value.items[0] if value.kind == "tuple" and value.items else value
            if body.kind not in ("response", "dict", "list") and _html_tuple(value):
                self.sink("VIGIL-PY-XSS", body, line, "returned as the HTML response")
        if value.taint is not None:
            value = replace(value, taint=value.taint.then(Step(self.path, line, "returned")))
        self.returns.append(value)
        self.env = None

    def branch(
        self, body: tuple[ir.Stmt, ...], env: dict[str, Val] | None
    ) -> dict[str, Val] | None:
        self.env = dict(env) if env is not None else None
        self.run_body(body)
        return self.env

    def if_(self, node: ir.If) -> None:
        truth = self.truth(self.eval(node.test))
        start = self.env
        if truth is True:
            self.env = self.branch(node.body, start)
            return
        if truth is False:
            self.env = self.branch(node.orelse, start)
            return
        body_start = self.allow_listed(node.test, start)
        outer = self.validated
        terms = (
            node.test.values
            if isinstance(node.test, ir.BoolOp) and node.test.op == "and"
            else (node.test,)
        )
        self.validated = outer.union(*(allowed_calls(t) for t in terms))
        try:
            after_body = self.branch(node.body, body_start)
        finally:
            self.validated = outer
        after_else = self.branch(node.orelse, start)
        if (
            after_else is not None
            and node.orelse == ()
            and (after_body is None or _replaces(node.test, start, after_body))
        ):
            after_else = self.guarded(node.test, after_else)
        self.env = merge_envs(after_body, after_else)

    def loop(
        self, test: ir.Expr | None, target: ir.Expr | None, element: Val | None,
        body: tuple[ir.Stmt, ...], orelse: tuple[ir.Stmt, ...],
    ) -> None:  # fmt: skip
        if test is not None:
            truth = self.truth(self.eval(test))
            if truth is False:
                self.run_body(orelse)
                return
        else:
            truth = None
        exits: list[dict[str, Val] | None] = []
        self.loop_exits.append(exits)
        current = self.env
        try:
            for _ in range(_LOOP_PASSES):
                self.env = dict(current) if current is not None else None
                if target is not None and element is not None and self.env is not None:
                    self.bind(target, element)
                self.run_body(body)
                current = merge_envs(current, self.env)
        finally:
            self.loop_exits.pop()
        self.env = current if truth is not True else None
        self.run_body(orelse)
        for env in exits:
            self.env = merge_envs(self.env, env)

    def try_(self, node: ir.Try) -> None:
        start = self.env
        after_body = self.branch(node.body, start)
        after_else = self.branch(node.orelse, after_body)
        result = after_else
        failing = merge_envs(start, after_body)
        for handler in node.handlers:
            self.env = dict(failing) if failing is not None else None
            if handler.name is not None and self.env is not None:
                self.env[handler.name] = UNKNOWN
            self.run_body(handler.body)
            result = merge_envs(result, self.env)
        if node.final:
            self.env = (
                result if result is not None else (dict(failing) if failing is not None else None)
            )
            ended = result is None
            self.run_body(node.final)
            if ended:
                self.env = None
        else:
            self.env = result

    def match(self, node: ir.Match) -> None:
        subject = self.eval(node.subject)
        start = self.env
        remaining = set(subject.consts) if subject.consts is not None else None
        result: dict[str, Val] | None = None
        exhausted = False
        for case in node.cases:
            if case.consts is None:
                env = dict(start) if start is not None else None
                if env is not None and case.capture is not None:
                    env[case.capture] = subject
                result = merge_envs(result, self.branch(case.body, env))
                if case.guard is None:
                    exhausted = True
                    break
                continue
            if remaining is not None:
                hit = remaining & set(case.consts)
                if not hit:
                    continue
                remaining -= hit
            result = merge_envs(result, self.branch(case.body, start))
            if remaining is not None and not remaining:
                exhausted = True
                break
        self.env = result if exhausted else merge_envs(result, start)

    # guards ------------------------------------------------------------------------------

    def note_derived(self, name: str, value: ir.Expr) -> None:
        if isinstance(value, ir.Call):
            for arg in (*value.args, value.func):
                base = arg.obj if isinstance(arg, ir.Attr) else arg
                if isinstance(base, ir.Name) and base.id != name:
                    self.derived[name] = base.id
                    return
        self.derived.pop(name, None)

    def guarded(self, test: ir.Expr, env: dict[str, Val]) -> dict[str, Val]:
        """After ``if <check on x>: return``, ``x`` passed the check: a validation."""
        if not rejects(test):
            return env
        out = dict(env)
        for name in names_in(test):
            for current in (name, self.derived.get(name)):
                if current is not None and current in out:
                    out[current] = cleaned(out[current], frozenset({ALL_RULES}))
        return out

    def allow_listed(self, test: ir.Expr, env: dict[str, Val] | None) -> dict[str, Val] | None:
        """Inside ``if x in ALLOWED:``, ``if x == "literal":`` or ``if is_safe_url(x):`` (also
        as one term of an ``and``), ``x`` is an allowed value."""
        if env is None:
            return env
        terms = test.values if isinstance(test, ir.BoolOp) and test.op == "and" else (test,)
        names = [name for term in terms for name in allowed_names(term)]
        if not any(name in env for name in names):
            return env
        out = dict(env)
        for name in names:
            for current in (name, self.derived.get(name)):
                if current is not None and current in out:
                    out[current] = cleaned(out[current], frozenset({ALL_RULES}))
        return out

    # bindings ----------------------------------------------------------------------------

    def bind(self, target: ir.Expr, value: Val) -> None:
        env = self.env
        if env is None:
            return
        if isinstance(target, ir.Name):
            if value.taint is not None:
                step = Step(self.path, self.line, f"assigned to {target.id}")
                value = replace(value, taint=value.taint.then(step))
            if value.weak is not None and rules.security_name(target.id):
                self.weak_sink(value, self.line, f"assigned to {target.id}")
            env[target.id] = value
        elif isinstance(target, ir.Seq):
            elts = target.elts
            if value.items is not None and len(value.items) == len(elts):
                for elt, item in zip(elts, value.items, strict=True):
                    self.bind(elt, item)
            else:
                element = self.iter_element(value)
                for elt in elts:
                    self.bind(
                        elt,
                        container("list", None)
                        if isinstance(elt, ir.Starred) and not element.tainted
                        else element,
                    )
        elif isinstance(target, ir.Starred):
            self.bind(target.value, flow(value, kind="list"))
        elif isinstance(target, ir.Subscript):
            self.store_item(target, value)
        elif isinstance(target, ir.Attr):
            if value.weak is not None and rules.security_name(target.name):
                self.weak_sink(value, self.line, f"assigned to .{target.name}")
            if isinstance(target.obj, ir.Name):
                owner = self.eval(target.obj)
                if owner.kind == "instance" or (owner.qual is None and owner.kind is None):
                    env[target.obj.id] = with_field(owner, target.name, value)
                elif owner.qual is None and value.tainted:
                    env[target.obj.id] = replace(
                        owner, taint=owner.taint or value.taint, params=owner.params | value.params
                    )

    def store_item(self, target: ir.Subscript, value: Val) -> None:
        holder = self.eval(target.obj)
        index = self.eval(target.index) if not isinstance(target.index, ir.Slice) else UNKNOWN
        obj = target.obj
        holder_name = (
            obj.name if isinstance(obj, ir.Attr) else obj.id if isinstance(obj, ir.Name) else ""
        )
        if holder.qual in ("flask.session", "quart.session") or (
            isinstance(obj, ir.Attr) and obj.name == "session"
        ):
            self.sink("VIGIL-PY-TRUST", value, self.line, "stored in the session")
            self.sink("VIGIL-PY-TRUST", index, self.line, "used as a session key")
        if holder_name == "headers":
            self.sink("VIGIL-PY-HEADER", value, self.line, "written into a response header")
        key = index.const()
        if value.weak is not None and (
            rules.security_name(holder_name) or (isinstance(key, str) and rules.security_name(key))
        ):
            self.weak_sink(value, self.line, f"stored in {holder_name}[...]")
        if not isinstance(obj, ir.Name) or self.env is None:
            return
        if holder.keys is not None and _hashable(key):
            kept = tuple((k, v) for k, v in holder.keys if k != key)
            self.env[obj.id] = container(holder.kind or "dict", None, (*kept, (key, value)))
        elif (
            holder.items is not None
            and isinstance(key, int)
            and -len(holder.items) <= key < len(holder.items)
        ):
            items = list(holder.items)
            items[key] = value
            self.env[obj.id] = container(holder.kind or "list", tuple(items))
        else:
            self.env[obj.id] = (
                flow(holder, value, kind=holder.kind) if value.tainted or value.weak else holder
            )


def _html_tuple(value: Val) -> bool:
    """Whether a view's ``(body, status, headers)`` leaves the body HTML: a ``Content-Type``
    header that is not HTML makes it text, JSON…"""
    if value.kind != "tuple" or not value.items:
        return True
    for headers in value.items[1:]:
        kind = headers.get_key("Content-Type") or headers.get_key("content-type")
        declared = kind.const() if kind is not None else None
        if isinstance(declared, str) and "html" not in declared.lower():
            return False
    return True


def _hashable(value: object) -> bool:
    if value is NOT_CONST:
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _replaces(test: ir.Expr, start: dict[str, Val] | None, after: dict[str, Val]) -> bool:
    """``if x not in ALLOWED: x = "default"``: every untrusted name the check is about was
    given a trusted value in the branch taken on failure."""
    names = [n for n in names_in(test) if start is not None and n in start and start[n].tainted]
    return bool(names) and all(n in after and not after[n].tainted for n in names)
