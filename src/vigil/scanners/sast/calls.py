"""Calls: local functions through their summaries, library calls through the rule tables,
methods of modelled objects (lists, dicts, config parsers, XML parsers, files, sockets)."""

from __future__ import annotations

import os.path
from dataclasses import replace
from typing import TYPE_CHECKING

from vigil.scanners.sast import fold, ir, rules
from vigil.scanners.sast.containers import ContainerModel
from vigil.scanners.sast.guards import sets_plain_content_type
from vigil.scanners.sast.project import Constants, RawFinding, tested_params
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
    from vigil.scanners.sast.project import ClassInfo, FuncInfo, ModuleInfo, Project

Kwargs = dict[str, Val]


class CallModel(ContainerModel):
    """Call evaluation, sinks and findings."""

    def __init__(self, project: Project, module: ModuleInfo, func: FuncInfo | None = None) -> None:
        super().__init__(project, module, func)
        #: (parameter, rule, steps) reaching a sink inside the function being summarised.
        self.summary_sinks: list[tuple[int, str, tuple[Step, ...]]] = []
        self.in_tests = rules.is_test_file(self.path)
        self._plain: bool | None = None

    # reporting -------------------------------------------------------------------------

    def sink(
        self, rule: str, value: Val, line: int, note: str, inner: tuple[Step, ...] = ()
    ) -> None:
        """Untrusted ``value`` reaching a sink of ``rule`` at ``line``."""
        if rule == "VIGIL-PY-SQLI" and value.kind == "sqlexpr":
            return
        step = Step(self.path, line, note)
        taint = value.taint
        if (
            taint is not None
            and not value.is_clean_for(rule)
            and rule in rules.RULES_FOR_CONFIDENCE[taint.confidence]
            and rule not in rules.NOT_REPORTED_FOR.get(taint.source, ())
        ):
            trace = (*taint.steps, step, *inner)
            self.project.report(
                RawFinding(rule, self.path, line, trace, taint.confidence, taint.source)
            )
        if value.params_clean_for(rule):
            return
        for param in value.params:
            self.summary_sinks.append((param, rule, (step, *inner)))

    def weak_sink(self, value: Val, line: int, note: str) -> None:
        if value.weak is not None and not self.in_tests:
            trace = (*value.weak.steps, Step(self.path, line, note))
            self.project.report(
                RawFinding("VIGIL-PY-RANDOM", self.path, line, trace, 3, "weak random")
            )

    def flag(self, rule: str, line: int, note: str, confidence: int = 3) -> None:
        """A finding that needs no dataflow (a weak hash, verification turned off)."""
        if rule in rules.NOT_IN_TESTS and self.in_tests:
            return
        step = (Step(self.path, line, note),)
        self.project.report(RawFinding(rule, self.path, line, step, confidence, ""))

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
                callee = self.project.resolve(qual) or self.sourced(
                    Val(
                        receiver.taint,
                        receiver.weak,
                        receiver.params,
                        receiver.clean,
                        qual=qual,
                        pclean=receiver.pclean,
                    )
                )
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

    def render_sink(
        self, spec: tuple[int, str, int, str], args: list[Val], kwargs: Kwargs,
        extra: list[Val], node: ir.Call,
    ) -> None:  # fmt: skip
        """A template rendered with untrusted context: XSS where the template prints that
        variable unescaped (``|safe``, ``autoescape false``)."""
        index = self.project.templates
        name_at, name_keyword, context_at, context_keyword = spec
        name = args[name_at] if name_at < len(args) else kwargs.get(name_keyword)
        if index is None or name is None or not name.consts:
            return
        context: dict[str, Val] = {}
        holders = list(extra)
        if context_at < 0:
            context.update((k, v) for k, v in kwargs.items() if k != name_keyword)
        else:
            holder = args[context_at] if context_at < len(args) else kwargs.get(context_keyword)
            holders += [holder] if holder is not None else []
        for holder in holders:
            context.update((k, v) for k, v in holder.keys or () if isinstance(k, str))
        for template in sorted(t for t in name.consts if isinstance(t, str)):
            for relative, raw in index.unescaped(template):
                for variable in sorted(raw & context.keys()):
                    value = context[variable]
                    if value.kind == "instance" and self.project.inherits(
                        value.qual or "", rules.FORM_CLASSES
                    ):
                        continue
                    note = f"printed unescaped as {variable} by {relative}"
                    self.sink("VIGIL-PY-XSS", value, node.line, note)

    def library_special(
        self, qual: str, module: str, name: str, args: list[Val], kwargs: Kwargs, node: ir.Call
    ) -> Val | None:
        """Library calls judged by their arguments (``shell=True``, a ``Loader``, a parser
        with entities on), or whose result is special (weak randomness, an XXE parser)."""
        if qual in rules.TEMPLATE_SOURCES:  # server-side template injection runs code
            self.check_sink(("VIGIL-PY-CODE", 0, "source"), args, kwargs, node, None, qual)
        if qual in rules.SUBPROCESS:
            self.subprocess_sink(qual, args, kwargs, node)
        elif module == "yaml" and name in ("load", "load_all"):
            loader = kwargs.get("Loader") or (args[1] if len(args) > 1 else None)
            if loader is None or not (loader.qual or "").endswith(("SafeLoader", "BaseLoader")):
                self.check_sink(("VIGIL-PY-DESER", 0, "stream"), args, kwargs, node, None, qual)
        elif module == "random" and name in rules.WEAK_RANDOM:
            return Val(weak=Taint("weak random", 3, (Step(self.path, node.line, f"{qual}()"),)))
        elif module == "hashlib" or qual.startswith(
            ("Crypto.Hash", "Cryptodome.Hash", "cryptography")
        ):
            self.weak_hash(qual, name, args, kwargs, node)
        elif qual == "ssl._create_unverified_context":
            self.flag("VIGIL-PY-TLS", node.line, "ssl._create_unverified_context()")
        elif module == "jinja2" and name == "Environment":
            autoescape = kwargs.get("autoescape")
            if autoescape is None or self.truth(autoescape) is False:
                self.flag(
                    "VIGIL-PY-TEMPLATE", node.line, "jinja2.Environment without autoescape", 2
                )
        elif qual in ("jwt.decode", "jwt.api_jwt.decode", "jwt.PyJWT.decode"):
            self.jwt_decode(kwargs, node)
        elif qual == "aiohttp_jinja2.setup":
            autoescape = kwargs.get("autoescape")  # on unless turned off
            if autoescape is not None and self.truth(autoescape) is False:
                self.flag("VIGIL-PY-TEMPLATE", node.line, "aiohttp_jinja2.setup(autoescape=False)")
        elif name == "make_response" and args:
            body = args[0].items[0] if args[0].items else args[0]
            if body.kind not in ("response", "dict", "list") and not self.plain_response():
                # flask serialises dicts and lists as JSON
                self.sink("VIGIL-PY-XSS", body, node.line, "response body")
        elif name in ("parse", "parseString", "fromstring", "XML", "iterparse") and module in (
            "xml",
            "lxml",
        ):
            if any((v.kind or "").endswith("-xxe") for v in [*args[1:], *kwargs.values()]):
                self.check_sink(("VIGIL-PY-XXE", 0, "source"), args, kwargs, node, None, qual)
        elif qual == "lxml.etree.XMLParser" and self._xxe_parser(kwargs):
            return Val(kind="lxmlparser-xxe")
        return None

    def jwt_decode(self, kwargs: Kwargs, node: ir.Call) -> None:
        """PyJWT's ``verify=False`` (1.x), ``options={"verify_signature": False}`` (2.x) or
        the ``none`` algorithm: any forged token is accepted."""
        verify = kwargs.get("verify")
        options = kwargs.get("options")
        signature = options.get_key("verify_signature") if options is not None else None
        algorithms = kwargs.get("algorithms")
        accepted = [
            str(c).lower()
            for item in (algorithms.items or () if algorithms is not None else ())
            for c in item.consts or ()
        ]
        if (
            (verify is not None and self.truth(verify) is False)
            or (signature is not None and self.truth(signature) is False)
            or "none" in accepted
        ):
            # Medium: peeking at a token's claims to pick its verifier is a legitimate use.
            note = "jwt.decode() without signature verification"
            self.flag("VIGIL-PY-JWT", node.line, note, 2)

    def _xxe_parser(self, kwargs: Kwargs) -> bool:
        resolve = kwargs.get("resolve_entities")
        network = kwargs.get("no_network")
        return (resolve is not None and self.truth(resolve) is True) or (
            network is not None and self.truth(network) is False
        )

    def weak_hash(
        self, qual: str, name: str, args: list[Val], kwargs: Kwargs, node: ir.Call
    ) -> None:
        security = kwargs.get("usedforsecurity")
        if security is not None and self.truth(security) is False:
            return
        algorithm = name.lower()
        if name == "new" and qual.startswith("hashlib"):
            chosen = args[0] if args else kwargs.get("name")
            value = chosen.const() if chosen is not None else NOT_CONST
            algorithm = value.lower() if isinstance(value, str) else ""
        elif qual.startswith(("Crypto", "Cryptodome")):
            algorithm = qual.split(".")[-2].lower() if name == "new" else algorithm
        if algorithm in rules.WEAK_HASHES:
            # Hashing request data is the security-relevant case; a bare call is less sure.
            sure = 3 if any(a.taint is not None for a in args) else 2
            self.flag("VIGIL-PY-HASH", node.line, f"{algorithm} hash", sure)

    def check_sink(
        self, spec: tuple[str, int, str], args: list[Val], kwargs: Kwargs, node: ir.Call,
        receiver: Val | None, what: str,
    ) -> None:  # fmt: skip
        rule, position, keyword = spec
        if rule == "VIGIL-PY-XSS" and (not self.is_html(kwargs) or self.plain_response()):
            return
        if position < 0:
            value = receiver
        else:
            value = args[position] if position < len(args) else kwargs.get(keyword)
        if value is not None:
            self.sink(rule, value, node.line, f"{what}()")

    def plain_response(self) -> bool:
        """Whether the function being analysed declares its response non-HTML
        (``response.mimetype = "text/plain"`` after building it)."""
        if self._plain is None:
            self._plain = self.func is not None and sets_plain_content_type(self.func.node.body)
        return self._plain

    def is_html(self, kwargs: Kwargs) -> bool:
        """Whether a response built with ``kwargs`` is HTML (the default of those sinks)."""
        for key in ("content_type", "mimetype", "media_type"):
            value = kwargs[key].const() if key in kwargs else NOT_CONST
            if isinstance(value, str) and "html" not in value.lower():
                return False
        return True

    def subprocess_sink(self, qual: str, args: list[Val], kwargs: Kwargs, node: ir.Call) -> None:
        command = args[0] if args else kwargs.get("args")
        if command is None:
            return
        shell = kwargs.get("shell")
        uses_shell = qual.endswith("_shell") or (
            shell is not None and self.truth(shell) is not False
        )
        if uses_shell:
            self.sink("VIGIL-PY-CMDI", command, node.line, f"{qual}(shell=True)")
            return
        if command.items is not None:
            if not command.items:
                return
            program = command.items[0]
            if program.tainted:
                self.sink("VIGIL-PY-CMDI", program, node.line, f"{qual}() program")
            elif program.consts and any(
                os.path.basename(str(c)).lower() in rules.SHELLS for c in program.consts
            ):
                self.sink(
                    "VIGIL-PY-CMDI", flow(*command.items[1:]), node.line, f"{qual}() via a shell"
                )
            return
        if command.kind is None:  # a string: the program itself
            self.sink("VIGIL-PY-CMDI", command, node.line, f"{qual}() program")

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

    def cookie(self, args: list[Val], kwargs: Kwargs, extra: list[Val], node: ir.Call) -> None:
        if len(args) + len(kwargs.keys() & {"key", "value"}) < 2:
            return  # a client's cookie jar (jar.set_cookie(cookie)), not a response
        value = args[1] if len(args) > 1 else kwargs.get("value")
        if value is not None:
            self.weak_sink(value, node.line, "set as a cookie value")
        if extra:
            return
        secure = kwargs.get("secure", args[7] if len(args) > 7 else None)
        if secure is None or self.truth(secure) is False:
            self.flag("VIGIL-PY-COOKIE-SECURE", node.line, "set_cookie() without secure=True")
        httponly = kwargs.get("httponly", args[8] if len(args) > 8 else None)
        if httponly is None or self.truth(httponly) is False:
            self.flag("VIGIL-PY-COOKIE-HTTPONLY", node.line, "set_cookie() without httponly=True")


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
