"""Calls: local functions through their summaries, library calls through the rule tables,
methods of modelled objects (lists, dicts, config parsers, XML parsers, files, sockets)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from vigil.scanners.sast import fold, ir, rules
from vigil.scanners.sast.project import Constants, tested_params
from vigil.scanners.sast.sinks import Kwargs, SinkModel
from vigil.scanners.sast.values import (
    NOT_CONST,
    UNKNOWN,
    Step,
    Taint,
    Val,
    cleaned,
    const,
    flow,
    merge,
)

if TYPE_CHECKING:
    from vigil.scanners.sast.project import ClassInfo, FuncInfo


class CallModel(SinkModel):
    """Call evaluation: local functions, library calls, methods."""

    # entry -----------------------------------------------------------------------------

    def call(self, node: ir.Call) -> Val:
        args: list[Val] = []
        for arg in node.args:
            value = self.eval(arg)
            if isinstance(arg, ir.Starred) and value.items is not None:
                args.extend(value.items)
            else:
                args.append(value)
        kwargs: Kwargs = {}
        extra: list[Val] = []
        for name, expr in node.kwargs:
            if name is None:
                extra.append(self.eval(expr))
            else:
                kwargs[name] = self.eval(expr)
        func = node.func
        if isinstance(func, ir.Attr) and func.name == "get" and _converted(kwargs):
            return UNKNOWN  # request.args.get("page", type=int): a number or the default
        if isinstance(func, ir.Attr):
            receiver = self.eval(func.obj)
            if receiver.qual is not None and receiver.kind not in ("instance", "bound"):
                qual = f"{receiver.qual}.{func.name}"
                callee = self.member(receiver, qual)
                result = self.call_qual(qual, callee, args, kwargs, extra, node)
                if _is_manager(func.obj) or self.is_model_query(func.obj):
                    return Val(kind="queryset")  # Model.objects.get(...): a database row
                return result
            return self.call_method(receiver, func.name, args, kwargs, extra, node, func.obj)
        callee = self.eval(func)
        if callee.qual is not None:
            return self.call_qual(callee.qual, callee, args, kwargs, extra, node)
        return flow(callee, *args, *kwargs.values(), *extra)

    def call_qual(
        self,
        qual: str,
        callee: Val,
        args: list[Val],
        kwargs: Kwargs,
        extra: list[Val],
        node: ir.Call,
    ) -> Val:
        func = self.project.functions.get(callee.qual or qual)
        if func is not None:
            self_value = flow(callee) if callee.kind == "bound" else None
            if func.cls is not None and self_value is None and _is_classmethod(func):
                self_value = UNKNOWN
            return self.apply_summary(func, args, kwargs, node, self_value)
        cls = self.project.classes.get(callee.qual or qual)
        if cls is not None:
            return self.instantiate(cls, args, kwargs, node)
        return self.call_library(qual, callee, args, kwargs, extra, node)

    # local code ------------------------------------------------------------------------

    def apply_summary(
        self, func: FuncInfo, args: list[Val], kwargs: Kwargs, node: ir.Call, self_value: Val | None
    ) -> Val:
        bound = _bind(func, args, kwargs, self_value)
        summary = self.project.summary(func, _constants(func, bound))
        for index, rule, inner in summary.sinks:
            argument = bound[index] if index < len(bound) else None
            if argument is not None:
                self.sink(rule, argument, node.line, f"passed to {func.node.name}()", inner)
        result = self.substitute(summary.ret, bound, func, node)
        for pattern, sanitises in rules.HELPER_SANITIZER_NAMES:
            if pattern.search(func.node.name):
                result = cleaned(result, sanitises)
        return result

    def substitute(self, ret: Val, bound: list[Val | None], func: FuncInfo, node: ir.Call) -> Val:
        """A value of the callee's, in terms of its parameters, with the call's arguments."""
        if not ret.params:
            return ret
        deps = [bound[i] for i in ret.params if i < len(bound)]
        result = flow(replace(ret, params=frozenset()), *(d for d in deps if d is not None))
        pclean = None if result.pclean is None else result.pclean | ret.clean
        result = replace(result, clean=result.clean | ret.clean, kind=ret.kind, pclean=pclean)
        if result.taint is not None:
            note = f"returned from {func.node.name}()"
            result = replace(result, taint=result.taint.then(Step(self.path, node.line, note)))
        return result

    def instantiate(self, cls: ClassInfo, args: list[Val], kwargs: Kwargs, node: ir.Call) -> Val:
        contents = flow(*args, *kwargs.values())
        instance = Val(
            contents.taint,
            contents.weak,
            contents.params,
            contents.clean,
            None,
            cls.qual,
            "instance",
            pclean=contents.pclean,
        )
        init = self.project.method(cls.qual, "__init__")
        if init is None:
            return instance
        self_value = Val(kind="instance", qual=cls.qual)
        self.apply_summary(init, args, kwargs, node, self_value)
        fields = self.project.summary(init).fields
        params = init.node.params
        if (
            not fields
            or any(p.kind != "" for p in params)
            or len(args) >= len(params)
            or not kwargs.keys() <= {p.name for p in params}
        ):
            return instance  # no attributes, or arguments the parameters do not name
        bound = _bind(init, args, kwargs, self_value)
        stored = frozenset(i for _, v in fields for i in v.params)
        if any(v is not None and v.tainted for i, v in enumerate(bound) if i and i not in stored):
            return instance  # an argument went somewhere else (super().__init__, setattr…)
        values = [(k, self.substitute(v, bound, init, node)) for k, v in fields if k != ""]
        return replace(instance, fields=(("", UNKNOWN), *values))

    # library calls ---------------------------------------------------------------------

    def call_library(
        self,
        qual: str,
        callee: Val,
        args: list[Val],
        kwargs: Kwargs,
        extra: list[Val],
        node: ir.Call,
    ) -> Val:
        renderer = rules.TEMPLATE_RENDERERS.get(qual)
        if renderer is not None:
            self.render_sink(renderer, args, kwargs, extra, node)
        if qual == "getattr" and len(args) >= 2 and isinstance(args[1].const(), str):
            found = self.attribute(args[0], str(args[1].const()))
            return merge(found, args[2]) if len(args) > 2 else found
        if qual in rules.CALLBACK_RUNNERS:
            self.run_callback(qual, args, kwargs, node)
        sanitises = rules.SANITIZERS.get(qual)
        if sanitises is not None:
            return cleaned(flow(*args, kind=rules.RETURN_KINDS.get(qual)), sanitises)
        if qual in rules.DECODERS and args:
            decoded = flow(*args)
            if decoded.tainted:
                return replace(decoded, clean=frozenset(), pclean=None)
            return decoded
        source = rules.SOURCE_CALLS.get(qual)
        if source is not None:
            return Val(self.new_taint(source, f"{qual}()"))
        spec = rules.SINK_CALLS.get(qual) or rules.SINK_METHODS.get(qual.rpartition(".")[2])
        if spec is not None:
            self.check_sink(spec, args, kwargs, node, None, qual)
        if qual in rules.CLEAN_CALLS:
            return UNKNOWN
        name = qual.rpartition(".")[2]
        module = qual.partition(".")[0]
        special = self.library_special(qual, module, name, args, kwargs, node)
        if special is not None:
            return special
        verify = kwargs.get("verify") if module in ("requests", "httpx") else None
        if verify is not None and self.truth(verify) is False:
            self.flag("VIGIL-PY-TLS", node.line, f"{qual}(verify=False)")
        kind = rules.RETURN_KINDS.get(qual)
        if module == "sqlalchemy" or name in rules.SQL_BUILDER_METHODS:
            kind = "sqlexpr"
        if kind == "config":
            return Val(kind="config", keys=())
        if module == "random" and name == "Random":
            return Val(kind="weakrng")
        return flow(callee, *args, *kwargs.values(), *extra, kind=kind)

    def is_model_query(self, expr: ir.Expr) -> bool:
        """``User.query`` of a local (Flask-SQLAlchemy) model class."""
        return (
            isinstance(expr, ir.Attr)
            and expr.name == "query"
            and self.eval(expr.obj).kind == "class"
        )

    def run_callback(self, qual: str, args: list[Val], kwargs: Kwargs, node: ir.Call) -> None:
        """``Thread(target=f, args=(x,))``, ``map(f, xs)``, ``asyncio.to_thread(f, x)``: the
        library calls ``f`` with those arguments."""
        if qual == "map" and len(args) >= 2:
            self.callback(args[0], [self.iter_element(a) for a in args[1:]], {}, node)
            return
        if qual == "asyncio.to_thread" and args:
            self.callback(args[0], args[1:], kwargs, node)
            return
        target = kwargs.get("target")
        if target is None:
            return
        given = kwargs.get("args")
        positional = list(given.items) if given is not None and given.items is not None else []
        if given is not None and given.items is None:
            positional = [flow(given)]
        named = kwargs.get("kwargs")
        keywords = {k: v for k, v in (named.keys or ()) if isinstance(k, str)} if named else {}
        self.callback(target, positional, keywords, node)

    def callback(self, fn: Val, args: list[Val], kwargs: Kwargs, node: ir.Call) -> Val | None:
        """Call the local function ``fn`` stands for, as the library will."""
        func = self.project.functions.get(fn.qual or "")
        if func is None:
            return None
        self_value = flow(fn) if fn.kind == "bound" else None
        return self.apply_summary(func, args, kwargs, node, self_value)

    # methods ---------------------------------------------------------------------------

    def call_method(
        self, receiver: Val, name: str, args: list[Val], kwargs: Kwargs, extra: list[Val],
        node: ir.Call, receiver_expr: ir.Expr,
    ) -> Val:  # fmt: skip
        kind = receiver.kind
        if kind == "instance" and receiver.qual is not None:
            method = self.project.method(receiver.qual, name)
            if method is not None:
                return self.apply_summary(method, args, kwargs, node, receiver)
        if kind == "bound":
            return flow(receiver, *args)
        if kind == "request" and name == "build_absolute_uri" and args and not args[0].tainted:
            return UNKNOWN  # the site's own URL for a location it chose (Django checks the host)
        if kind == "request" and name in rules.REQUEST_METADATA_METHODS:
            return self.attribute(receiver, name)  # request.get_full_path() and the like
        if name in rules.CALLBACK_METHODS and args:
            # executor.submit(fn, *args), loop.run_in_executor(executor, fn, *args)
            at = rules.CALLBACK_METHODS[name]
            if at < len(args):
                self.callback(args[at], args[at + 1 :], {}, node)
        if kind == "templates" and name == "TemplateResponse":
            # Starlette's (request, name, context) or the older (name, context).
            first = 1 if args and args[0].kind == "request" else 0
            self.render_sink((first, "name", first + 1, "context"), args, kwargs, extra, node)
            return Val(kind="response")
        if (
            kind == "instance"
            and name == "send_header"
            and len(args) > 1
            and self.http_handler(receiver)
        ):
            self.sink("VIGIL-PY-HEADER", args[1], node.line, "send_header()")
        spec = rules.KIND_SINK_METHODS.get((kind or "", name)) or rules.SINK_METHODS.get(name)
        if spec is not None:
            self.check_sink(spec, args, kwargs, node, receiver, name)
        if kind == "queryset" or _is_manager(receiver_expr) or name in rules.QUERY_METHODS:
            return Val(kind="queryset")  # rows from the database, not the request
        if name in rules.READ_METHODS and (
            kind in ("file", "socket", "path") or (kind is None and name.startswith("recv"))
        ):
            return self.read_taint(receiver)
        special = self.method_special(receiver, name, args, kwargs, extra, node, receiver_expr)
        if special is not None:
            return special
        return self.method_result(receiver, name, args, kwargs, extra, receiver_expr)

    def method_special(
        self, receiver: Val, name: str, args: list[Val], kwargs: Kwargs, extra: list[Val],
        node: ir.Call, receiver_expr: ir.Expr,
    ) -> Val | None:  # fmt: skip
        """Cookies, weak random generators, SAX features, quote-removing ``replace``."""
        kind = receiver.kind
        if name == "set_cookie":
            self.cookie(args, kwargs, extra, node)
        elif kind == "weakrng" and name in rules.WEAK_RANDOM:
            step = Step(self.path, node.line, f"random.Random().{name}()")
            return Val(weak=Taint("weak random", 3, (step,)))
        elif kind == "saxparser" and name == "setFeature" and len(args) == 2:
            feature = args[0].qual or str(args[0].const())
            if feature.endswith(("external_ges", "external_pes")) and self.truth(args[1]) is True:
                self.rebind(receiver_expr, Val(kind="saxparser-xxe"))
        elif kind == "saxparser-xxe" and name in ("parse", "feed"):
            self.check_sink(("VIGIL-PY-XXE", 0, "source"), args, kwargs, node, None, name)
        if name == "replace" and len(args) >= 2 and receiver.tainted:
            return self.replaced(receiver, args)
        return None

    def method_result(
        self, receiver: Val, name: str, args: list[Val], kwargs: Kwargs, extra: list[Val],
        receiver_expr: ir.Expr,
    ) -> Val:  # fmt: skip
        """What a method returns: modelled containers, folded str methods, ORM expressions,
        objects of the same kind, or by default a value carrying the receiver and arguments."""
        kind = receiver.kind
        modelled = self.container_method(receiver, name, args, kwargs, receiver_expr)
        if modelled is not None:
            return modelled
        if receiver.consts is not None and name in rules.FOLDABLE_STR_METHODS:
            folded = self.fold_values(lambda r, *a: fold.method(r, name, list(a)), receiver, *args)
            if folded is not None:
                return folded
        if name in rules.CLEAN_METHODS:
            return UNKNOWN
        if kind == "sqlexpr" and name in rules.ROW_METHODS:
            return Val(kind="queryset")  # rows of the database, not the request
        if name in rules.SQL_BUILDER_METHODS or kind == "sqlexpr":
            # An ORM expression binds its values as parameters: not SQL text.
            return flow(receiver, *args, *kwargs.values(), kind="sqlexpr")
        if name in rules.KIND_PRESERVING and kind is not None:
            return replace(flow(receiver), kind=kind) if receiver.tainted else Val(kind=kind)
        if kind == "etree" and name in ("getroot", "find", "findall", "xpath"):
            return Val(kind="etree")
        if name in _MUTATORS and kind not in ("response",) and any(a.tainted for a in args):
            self.rebind(receiver_expr, flow(receiver, *args, kind=kind))
        if kind == "response":
            return Val(kind="response")
        return flow(receiver, *args, *kwargs.values(), *extra)

    def replaced(self, receiver: Val, args: list[Val]) -> Val | None:
        """``x.replace("'", "&apos;")``: a character a sink cares about no longer occurs."""
        old, new = args[0].const(), args[1].const()
        if not isinstance(old, str) or not isinstance(new, str) or old in new:
            return None
        found = frozenset(r for chars, r in rules.REPLACE_SANITIZES if old in chars)
        return cleaned(flow(receiver), found) if found else None


def _constants(func: FuncInfo, bound: list[Val | None]) -> Constants:
    """The arguments of a call fixing a parameter the function tests to one constant."""
    tested = tested_params(func)
    if not tested:
        return ()
    out: list[tuple[int, object]] = []
    for index, param in enumerate(func.node.params):
        value = bound[index] if index < len(bound) else None
        if param.name in tested and value is not None and not value.tainted:
            constant = value.const()
            if constant is not NOT_CONST and isinstance(constant, str | int | float | bool | None):
                out.append((index, constant))
    return tuple(out)


def _bind(
    func: FuncInfo, args: list[Val], kwargs: Kwargs, self_value: Val | None
) -> list[Val | None]:
    """The value of each of ``func``'s parameters at a call (``None``: not known)."""
    params = func.node.params
    bound: list[Val | None] = [None] * len(params)
    offset = 0
    if self_value is not None and params:
        bound[0] = self_value
        offset = 1
    for position, value in enumerate(args):
        index = position + offset
        if index >= len(params):
            break
        if params[index].kind == "*":
            bound[index] = flow(*args[position:])
            break
        if params[index].kind == "":
            bound[index] = value
    for name, value in kwargs.items():
        for index, param in enumerate(params):
            if param.name == name and param.kind == "":
                bound[index] = value
    for index, param in enumerate(params):
        if bound[index] is None and isinstance(param.default, ir.Const):
            bound[index] = const(param.default.value)
    return bound


_MUTATORS = frozenset({"write", "writelines", "append", "extend", "add", "update", "insert", "put"})


def _converted(kwargs: Kwargs) -> bool:
    converter = kwargs.get("type")
    return converter is not None and converter.qual in ("int", "float", "bool")


def _is_manager(expr: ir.Expr) -> bool:
    """``Model.objects``: Django's query manager."""
    return isinstance(expr, ir.Attr) and expr.name == "objects"


def _is_classmethod(func: FuncInfo) -> bool:
    return any(isinstance(d, ir.Name) and d.id == "classmethod" for d in func.node.decorators)
