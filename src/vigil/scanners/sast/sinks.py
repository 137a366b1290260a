"""Sinks and findings: reporting a value reaching a sink, and the library calls judged by
their arguments (shell=True, a YAML loader, a parser with entities on, a template printing a
variable unescaped, a JWT decoded without verification, cookie flags)."""

from __future__ import annotations

import os.path
from typing import TYPE_CHECKING

from vigil.scanners.sast import ir, rules
from vigil.scanners.sast.containers import ContainerModel
from vigil.scanners.sast.guards import sets_plain_content_type
from vigil.scanners.sast.project import RawFinding
from vigil.scanners.sast.values import NOT_CONST, Step, Taint, Val, flow

if TYPE_CHECKING:
    from vigil.scanners.sast.project import FuncInfo, ModuleInfo, Project

Kwargs = dict[str, Val]


class SinkModel(ContainerModel):
    """Sinks, findings and the library calls that are sinks by their arguments."""

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
