"""The small intermediate representation the SAST engine analyses.

The concrete syntax tree of tree-sitter is lowered into these values (see ``lower.py``), so
the analysis never depends on the syntax the running interpreter understands: Python 3.12
f-strings or ``match`` statements read the same on every supported interpreter. Only what
dataflow needs is kept; anything else becomes an :class:`Opaque` over its parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import UnionType


@dataclass(frozen=True, slots=True)
class Const:
    """A literal: str, bytes, int, float, bool or None."""

    value: object


@dataclass(frozen=True, slots=True)
class Name:
    id: str


@dataclass(frozen=True, slots=True)
class Attr:
    obj: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Subscript:
    obj: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class Slice:
    lower: Expr | None
    upper: Expr | None
    step: Expr | None


@dataclass(frozen=True, slots=True)
class Call:
    func: Expr
    args: tuple[Expr, ...]
    #: Keyword arguments; a ``None`` name is a ``**mapping``.
    kwargs: tuple[tuple[str | None, Expr], ...]
    line: int


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and" | "or"
    values: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    left: Expr
    ops: tuple[str, ...]
    rights: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-" | "+" | "~"
    operand: Expr


@dataclass(frozen=True, slots=True)
class IfExp:
    test: Expr
    body: Expr
    orelse: Expr


@dataclass(frozen=True, slots=True)
class FString:
    """An f-string: constant pieces and interpolated expressions, in order."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Seq:
    kind: str  # "list" | "tuple" | "set"
    elts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Starred:
    value: Expr


@dataclass(frozen=True, slots=True)
class DictExpr:
    #: A ``None`` key is a ``**mapping`` spread.
    keys: tuple[Expr | None, ...]
    values: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Lambda:
    params: tuple[Param, ...]
    body: Expr
    line: int


@dataclass(frozen=True, slots=True)
class Comp:
    """A comprehension or generator: ``elt`` for each binding of ``targets`` over ``iters``."""

    kind: str  # "list" | "set" | "dict" | "gen"
    elt: Expr
    targets: tuple[Expr, ...]
    iters: tuple[Expr, ...]
    conds: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class NamedExpr:
    """``(target := value)``: binds ``target`` and is ``value``."""

    target: str
    value: Expr


@dataclass(frozen=True, slots=True)
class Opaque:
    """Something the analysis does not model; its value depends on all of ``parts``."""

    parts: tuple[Expr, ...]


Expr = (
    Const
    | Name
    | Attr
    | Subscript
    | Slice
    | Call
    | BinOp
    | BoolOp
    | Compare
    | Unary
    | IfExp
    | FString
    | Seq
    | Starred
    | DictExpr
    | Lambda
    | Comp
    | NamedExpr
    | Opaque
)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    default: Expr | None = None
    annotation: Expr | None = None
    kind: str = ""  # "" | "*" | "**"


@dataclass(frozen=True, slots=True)
class Assign:
    targets: tuple[Expr, ...]
    value: Expr
    line: int


@dataclass(frozen=True, slots=True)
class AugAssign:
    target: Expr
    op: str
    value: Expr
    line: int


@dataclass(frozen=True, slots=True)
class ExprStmt:
    expr: Expr
    line: int


@dataclass(frozen=True, slots=True)
class Return:
    value: Expr | None
    line: int


@dataclass(frozen=True, slots=True)
class Raise:
    value: Expr | None
    line: int


@dataclass(frozen=True, slots=True)
class Jump:
    kind: str  # "break" | "continue"
    line: int


@dataclass(frozen=True, slots=True)
class Delete:
    targets: tuple[Expr, ...]
    line: int


@dataclass(frozen=True, slots=True)
class If:
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class While:
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class For:
    target: Expr
    iter: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Handler:
    name: str | None
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Try:
    body: tuple[Stmt, ...]
    handlers: tuple[Handler, ...]
    orelse: tuple[Stmt, ...]
    final: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class With:
    items: tuple[tuple[Expr, Expr | None], ...]
    body: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Case:
    #: Literal alternatives the case matches; ``None`` matches anything (``_`` or a capture).
    consts: tuple[object, ...] | None
    capture: str | None
    guard: Expr | None
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Match:
    subject: Expr
    cases: tuple[Case, ...]
    line: int


@dataclass(frozen=True, slots=True)
class FunctionDef:
    name: str
    params: tuple[Param, ...]
    body: tuple[Stmt, ...]
    decorators: tuple[Expr, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ClassDef:
    name: str
    bases: tuple[Expr, ...]
    body: tuple[Stmt, ...]
    decorators: tuple[Expr, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Import:
    """``import a.b`` binds ``a`` to ``a``; ``import a.b as c`` binds ``c`` to ``a.b``."""

    module: str
    alias: str | None
    line: int


@dataclass(frozen=True, slots=True)
class ImportFrom:
    module: str
    names: tuple[tuple[str, str], ...]  # (name, bound as); name "*" for a star import
    level: int
    line: int


Stmt = (
    Assign
    | AugAssign
    | ExprStmt
    | Return
    | Raise
    | Jump
    | Delete
    | If
    | While
    | For
    | Try
    | With
    | Match
    | FunctionDef
    | ClassDef
    | Import
    | ImportFrom
)


@dataclass(frozen=True, slots=True)
class Module:
    """One lowered source file; ``name`` is its dotted module name within the scanned tree."""

    name: str
    path: str
    body: tuple[Stmt, ...]
    lines: tuple[str, ...]
    is_package: bool = False


def walk(
    roots: Iterable[object], prune: type | UnionType | tuple[type, ...] = ()
) -> Iterator[object]:
    """Every node under ``roots`` (themselves included, tuples looked through), depth first;
    the inside of a ``prune`` node is not visited."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, tuple):
            stack.extend(node)
        elif hasattr(node, "__slots__") and not isinstance(node, prune):
            stack.extend(getattr(node, slot) for slot in node.__slots__)
