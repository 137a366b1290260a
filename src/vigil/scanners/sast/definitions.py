"""Definitions and bindings a body makes: functions (and which are web handlers, with what
parameters), classes and their methods, imports resolved to qualified names."""

from __future__ import annotations

import re

from vigil.scanners.sast import ir, rules
from vigil.scanners.sast.calls import CallModel
from vigil.scanners.sast.guards import last_name
from vigil.scanners.sast.project import FRAMEWORKS, ClassInfo, FuncInfo, Scope
from vigil.scanners.sast.values import UNKNOWN, Step, Taint, Val

_REQUEST_TYPES = ("Request", "HttpRequest", "BaseRequest", "WSGIRequest", "ASGIRequest")
#: Annotations (FastAPI, Django Ninja) and converters the framework validates values against.
_VALIDATED_TYPES = frozenset(
    {"int", "float", "bool", "uuid.UUID", "UUID", "datetime.date", "datetime.datetime",
     "datetime.time", "decimal.Decimal", "pydantic.conint", "pydantic.PositiveInt"}
)  # fmt: skip
_TYPED_CONVERTER = re.compile(r"<(?:int|float|uuid):(\w+)>")
_WEB_PACKAGES = frozenset(
    {"aiohttp", "django", "starlette", "fastapi", "flask", "werkzeug", "rest_framework",
     "quart", "sanic", "tornado", "pyramid", "falcon", "bottle", "litestar", "ninja"}
)  # fmt: skip
#: Django's ``register.simple_tag``/``filter``…: functions templates call, not views.
_TEMPLATE_TAG_DECORATORS = frozenset({"simple_tag", "inclusion_tag", "filter", "tag"})
_DI_ANNOTATIONS = ("Session", "AsyncSession", "BackgroundTasks", "Response", "Depends")


class Definitions(CallModel):
    """``def``, ``class``, ``import`` and the parameters of a function being analysed."""

    def parameter(self, func: FuncInfo, index: int, param: ir.Param) -> Val:
        route = func.route
        if index == 0 and func.cls is not None and param.name == "self":
            return Val(params=frozenset((0,)), qual=func.cls, kind="instance")
        annotation = self.eval(param.annotation).qual or "" if param.annotation else ""
        source = rules.REQUEST_PARAM_SOURCE
        taint = Taint(
            source[0], source[1], (Step(self.path, func.node.line, f"parameter {param.name}"),)
        )
        if route is None and _is_web_request(annotation, self.module.frameworks):
            # A handler of any framework (aiohttp's web.Request, Django's HttpRequest…).
            return Val(taint, params=frozenset((index,)), kind="request")
        if route is None and param.name in ("request", "req") and self.module.frameworks:
            # A helper handed the request: what it reads from it is known by attribute.
            return Val(params=frozenset((index,)), kind="request")
        if route == "tag" and param.name == "request":
            return Val(taint, kind="request")  # the request being rendered
        if route in (None, "tag") or param.name in ("self", "cls"):
            return Val(params=frozenset((index,)))
        if route == "graphql":
            # resolve_x(root, info, **arguments): the root is the parent object, not input.
            if index <= _last_context_param(func.node):
                return Val(params=frozenset((index,)))
            return UNKNOWN if annotation in _VALIDATED_TYPES else Val(taint)
        if annotation in _VALIDATED_TYPES or param.name in func.typed_params:
            return UNKNOWN  # the framework converted it: a number, a UUID, a date
        if route == "fastapi":
            default = param.default
            if isinstance(default, ir.Call) and isinstance(default.func, ir.Name | ir.Attr):
                called = default.func.id if isinstance(default.func, ir.Name) else default.func.name
                if called in ("Depends", "Security"):
                    return UNKNOWN
            if annotation.endswith(_DI_ANNOTATIONS):
                return UNKNOWN
        request = annotation.endswith(("Request", "WebSocket")) or (
            route == "django" and param.name == "request"
        )
        return Val(taint, kind="request" if request else None)

    def qual_for(self, name: str) -> str:
        if self.func is not None:
            return f"{self.func.qual}.<locals>.{name}"
        return f"{self.module.module.name}.{name}"

    def scope(self) -> Scope | None:
        if self.func is None:
            return None
        return Scope(self.env if self.env is not None else {}, self.func.closure)

    def define_function(self, node: ir.FunctionDef, cls: ClassInfo | None = None) -> FuncInfo:
        qual = f"{cls.qual}.{node.name}" if cls is not None else self.qual_for(node.name)
        for decorator in node.decorators:
            self.eval(decorator)
        info = FuncInfo(qual, node, self.module, self.scope(), cls.qual if cls else None)
        info.route = self.route_of(info)
        if info.route == "flask":
            info.fixed_paths = _fixed_paths(node.decorators)
            info.typed_params = _typed_params(node.decorators)
        info.returns_html = info.route == "fastapi" and any(
            isinstance(d, ir.Call)
            and any(k == "response_class" and last_name(v) == "HTMLResponse" for k, v in d.kwargs)
            for d in node.decorators
        )
        self.project.functions[qual] = info
        if cls is None and self.env is not None:
            self.env[node.name] = Val(qual=qual, kind="function")
        return info

    def route_of(self, info: FuncInfo) -> str | None:
        frameworks = self.module.frameworks
        for decorator in info.node.decorators:
            func = decorator.func if isinstance(decorator, ir.Call) else decorator
            if last_name(func) in _TEMPLATE_TAG_DECORATORS:
                return "tag"  # a template tag or filter: its arguments come from the template
            if isinstance(func, ir.Attr) and func.name in rules.ROUTE_DECORATORS:
                for framework in ("flask", "fastapi", "django"):
                    if framework in frameworks:
                        return framework
        if "django" in frameworks and any(p.name == "request" for p in info.node.params[:2]):
            return "django"
        if "graphql" in frameworks and (
            _is_resolver(info.node) or any(self.is_strawberry(d) for d in info.node.decorators)
        ):
            return "graphql"
        return None

    def is_strawberry(self, decorator: ir.Expr) -> bool:
        """``@strawberry.field``/``@strawberry.mutation`` (also called with options)."""
        func = decorator.func if isinstance(decorator, ir.Call) else decorator
        qual = self.eval(func).qual or ""
        return qual in ("strawberry.field", "strawberry.mutation", "strawberry.subscription")

    def define_class(self, node: ir.ClassDef) -> None:
        qual = self.qual_for(node.name)
        bases = [b for b in (self.eval(base).qual for base in node.bases) if b is not None]
        cls = ClassInfo(qual, bases)
        self.project.classes[qual] = cls
        for stmt in node.body:
            if isinstance(stmt, ir.FunctionDef):
                cls.methods[stmt.name] = self.define_function(stmt, cls)
        if self.env is not None:
            self.env[node.name] = Val(qual=qual, kind="class")

    def import_(self, node: ir.Import | ir.ImportFrom) -> None:
        env = self.env
        if env is None:
            return
        if isinstance(node, ir.Import):
            top = node.module.split(".")[0]
            self.note_framework(top)
            if node.alias is not None:
                env[node.alias] = self.project.resolve(node.module) or self.sourced(
                    Val(qual=node.module)
                )
            else:
                env[top] = Val(qual=top)
            return
        base = self.absolute(node.module, node.level)
        self.note_framework(base.split(".")[0])
        for name, alias in node.names:
            if name == "*":
                target = self.project.modules.get(base)
                if target is not None:
                    self.project.run_module(target)
                    env.update({k: v for k, v in target.globals.items() if not k.startswith("_")})
                continue
            qual = f"{base}.{name}" if base else name
            env[alias] = self.project.resolve(qual) or self.sourced(Val(qual=qual))

    def note_framework(self, top: str) -> None:
        framework = FRAMEWORKS.get(top)
        if framework is not None:
            self.module.frameworks.add(framework)

    def absolute(self, module: str, level: int) -> str:
        if level == 0:
            return module
        parts = self.module.module.name.split(".")
        if not self.module.module.is_package:
            parts = parts[:-1]
        if level > 1:
            parts = parts[: len(parts) - (level - 1)]
        return ".".join([*parts, module] if module else parts)


def _fixed_paths(decorators: tuple[ir.Expr, ...]) -> tuple[str, ...]:
    paths: list[str] = []
    for decorator in decorators:
        if isinstance(decorator, ir.Call) and isinstance(decorator.func, ir.Attr):
            first = decorator.args[0] if decorator.args else None
            if not isinstance(first, ir.Const) or not isinstance(first.value, str):
                return ()
            if "<" in first.value:
                return ()
            paths.append(first.value)
    return tuple(paths)


def _last_context_param(node: ir.FunctionDef) -> int:
    """The index of a resolver's last non-argument parameter: ``info``, else a leading
    ``self``/``root``/``parent``/``obj`` (-1 when every parameter is an argument)."""
    names = [p.name for p in node.params]
    if "info" in names:
        return names.index("info")
    return 0 if names and names[0] in ("self", "root", "parent", "obj", "_") else -1


def _is_resolver(node: ir.FunctionDef) -> bool:
    """A GraphQL resolver (Graphene, Ariadne): ``resolve_x(root, info, **arguments)`` or a
    mutation's ``mutate(root, info, **arguments)``; the arguments are the client's."""
    named = node.name.startswith("resolve_") or node.name in ("mutate", "mutate_and_get_payload")
    return named and any(p.name == "info" for p in node.params[:3])


def _is_web_request(annotation: str, frameworks: set[str]) -> bool:
    """``web.Request`` of aiohttp, Django's ``HttpRequest``…: a request type of a web
    framework (a ``ScanRequest`` of one's own is not one)."""
    if not annotation.endswith(_REQUEST_TYPES):
        return False
    if "." not in annotation:  # an unresolved name: trust it in a web module only
        return bool(frameworks)
    return annotation.split(".", maxsplit=1)[0] in _WEB_PACKAGES


def _typed_params(decorators: tuple[ir.Expr, ...]) -> frozenset[str]:
    """Flask URL variables with a typed converter (``<int:user_id>``): not free text."""
    names: set[str] = set()
    for decorator in decorators:
        if isinstance(decorator, ir.Call):
            for arg in decorator.args[:1]:
                if isinstance(arg, ir.Const) and isinstance(arg.value, str):
                    names.update(_TYPED_CONVERTER.findall(arg.value))
    return frozenset(names)
