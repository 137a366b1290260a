"""The scanned tree as one program: modules by dotted name, functions and classes by
qualified name, function summaries computed on demand, and the findings they lead to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vigil.scanners.sast import ir
from vigil.scanners.sast.guards import names_in
from vigil.scanners.sast.values import Step, Val

if TYPE_CHECKING:
    from vigil.scanners.sast.templates import TemplateIndex

#: Parameters a call site fixes to constants: (index, value) pairs.
Constants = tuple[tuple[int, object], ...]
#: Summaries computed inside one another (a call chain followed into callees) at most.
MAX_CALL_DEPTH = 24

#: Which web framework a module uses, from the top-level packages it imports.
FRAMEWORKS = {
    "flask": "flask",
    "quart": "flask",
    "bottle": "flask",
    "fastapi": "fastapi",
    "starlette": "fastapi",
    "django": "django",
    "rest_framework": "django",
    "graphene": "graphql",
    "graphene_django": "graphql",
    "ariadne": "graphql",
    "strawberry": "graphql",
}


@dataclass(slots=True)
class Scope:
    """An enclosing function's variables, seen by the functions defined inside it."""

    env: dict[str, Val]
    parent: Scope | None


@dataclass(slots=True)
class ModuleInfo:
    module: ir.Module
    globals: dict[str, Val] = field(default_factory=dict)
    frameworks: set[str] = field(default_factory=set)
    state: str = "new"  # "new" | "running" | "done"


@dataclass(slots=True)
class FuncInfo:
    qual: str
    node: ir.FunctionDef
    module: ModuleInfo
    closure: Scope | None
    #: The class this is a method of (its qualified name).
    cls: str | None = None
    #: The web framework this function is a request handler of, if any.
    route: str | None = None
    #: The handler's URL paths when every one is a literal without variables: then
    #: ``request.path`` is one of them, not attacker data.
    fixed_paths: tuple[str, ...] = ()
    #: Flask URL variables declared with a typed converter (``<int:id>``).
    typed_params: frozenset[str] = frozenset()
    #: A FastAPI handler declared with ``response_class=HTMLResponse``: what it returns is HTML.
    returns_html: bool = False
    #: Parameters tested in conditions (computed when first needed).
    tested: frozenset[str] | None = None


@dataclass(slots=True)
class ClassInfo:
    qual: str
    bases: list[str]
    methods: dict[str, FuncInfo] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Summary:
    """What a call to a function does with its arguments.

    ``ret`` is the returned value; its ``params`` say which parameters flow into it. Each of
    ``sinks`` is a parameter index that reaches a sink, the rule and the steps inside.
    """

    ret: Val
    sinks: tuple[tuple[int, str, tuple[Step, ...]], ...] = ()
    #: For ``__init__``: the attributes it leaves on ``self`` (values in terms of parameters).
    fields: tuple[tuple[object, Val], ...] | None = None


@dataclass(frozen=True, slots=True)
class RawFinding:
    rule: str
    path: str
    line: int
    trace: tuple[Step, ...]
    confidence: int
    source: str


class Project:
    """Every module of one scan, analysed together."""

    def __init__(self, modules: list[ir.Module], templates: TemplateIndex | None = None) -> None:
        self.templates = templates
        self.modules: dict[str, ModuleInfo] = {m.name: ModuleInfo(m) for m in modules}
        self.functions: dict[str, FuncInfo] = {}
        self.classes: dict[str, ClassInfo] = {}
        self.summaries: dict[object, Summary] = {}
        self.in_progress: set[str] = set()
        self.findings: dict[tuple[str, str, int], RawFinding] = {}

    def analyse(self) -> list[RawFinding]:
        """Run every module body, then summarise every function (reporting as it goes)."""
        for info in list(self.modules.values()):
            self.run_module(info)
        done = 0
        while done < len(self.functions):  # summaries define nested functions as they run
            for func in list(self.functions.values())[done:]:
                self.summary(func)
                done += 1
        return sorted(self.findings.values(), key=lambda f: (f.path, f.line, f.rule))

    def report(self, finding: RawFinding) -> None:
        key = (finding.rule, finding.path, finding.line)
        known = self.findings.get(key)
        if known is None or finding.confidence > known.confidence:
            self.findings[key] = finding

    def run_module(self, info: ModuleInfo) -> None:
        if info.state != "new":
            return
        from vigil.scanners.sast.interp import Interpreter

        info.state = "running"
        interpreter = Interpreter(self, info)
        info.globals = interpreter.env if interpreter.env is not None else {}
        try:
            interpreter.run_body(info.module.body)
        except RecursionError:
            interpreter.env = None
        if interpreter.env is not None:
            info.globals.update(interpreter.env)
        info.state = "done"

    def summary(self, func: FuncInfo, constants: Constants = ()) -> Summary:
        """``func``'s summary; with ``constants`` (parameter index, value) fixed by a call
        site, a summary of its own (the branches those constants rule out are not taken)."""
        key = (func.qual, constants) if constants else func.qual
        known = self.summaries.get(key)
        if known is not None:
            return known
        if func.qual in self.in_progress or len(self.in_progress) >= MAX_CALL_DEPTH:
            # Recursion, or a call chain too deep to follow: assume the result carries every
            # argument and nothing reaches a sink.
            return _opaque(func)
        from vigil.scanners.sast.interp import Interpreter

        self.in_progress.add(func.qual)
        try:
            result = Interpreter(self, func.module, func).analyse_function(constants)
        except RecursionError:  # an expression nested deeper than Python's stack
            result = _opaque(func)
        finally:
            self.in_progress.discard(func.qual)
        self.summaries[key] = result
        return result

    def resolve(self, qual: str) -> Val | None:
        """The value a dotted name has in the scanned tree, if it names a local module or
        something defined in one."""
        if qual in self.modules:
            return Val(qual=qual)
        head, _, attribute = qual.rpartition(".")
        if not head:
            return None
        info = self.modules.get(head)
        if info is not None:
            if info.state == "new":
                self.run_module(info)
            found = info.globals.get(attribute)
            if found is not None:
                return found
            if f"{head}.{attribute}" in self.functions or f"{head}.{attribute}" in self.classes:
                return Val(qual=qual)
            return None
        cls = self.classes.get(head)
        if cls is not None:
            method = self.method(head, attribute)
            return Val(qual=method.qual, kind="function") if method is not None else None
        return None

    def inherits(self, cls_qual: str, bases: frozenset[str], depth: int = 0) -> bool:
        """Whether the local class ``cls_qual`` derives from one of ``bases`` (library
        classes, by qualified name), directly or through local classes."""
        cls = self.classes.get(cls_qual)
        if cls is None or depth > 10:
            return False
        return any(b in bases or self.inherits(b, bases, depth + 1) for b in cls.bases)

    def method(self, cls_qual: str, name: str, depth: int = 0) -> FuncInfo | None:
        cls = self.classes.get(cls_qual)
        if cls is None or depth > 10:
            return None
        found = cls.methods.get(name)
        if found is not None:
            return found
        for base in cls.bases:
            found = self.method(base, name, depth + 1)
            if found is not None:
                return found
        return None


def tested_params(func: FuncInfo) -> frozenset[str]:
    """The parameters ``func`` tests in an ``if``/``while``/``x if c else y`` condition: a
    call fixing one to a constant may take only one branch."""
    if func.tested is None:
        names = {p.name for p in func.node.params}
        found: set[str] = set()
        for node in ir.walk(func.node.body, ir.FunctionDef | ir.ClassDef):
            if isinstance(node, ir.If | ir.While | ir.IfExp):
                found.update(n for n in names_in(node.test) if n in names)
        func.tested = frozenset(found)
    return func.tested


def _opaque(func: FuncInfo) -> Summary:
    return Summary(Val(params=frozenset(range(len(func.node.params)))))
