"""Abstract values: what the analysis knows about one Python value at one program point.

A value may be *tainted* (derived from untrusted input, with the steps it took), derived from
the parameters of the function being summarised, sanitised for some rules, known to be one
of a few constants (so branches on it fold), a known module/function/class (``qual``), an
object of a known kind (a list with known items, a dict with constant keys, a parser…).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: More possible constants than this and the value is simply unknown.
MAX_CONSTS = 8
#: A trace keeps its first steps and its last ones; the middle is rarely what a reader needs.
MAX_STEPS = 16
#: A rule id meaning "sanitised for every rule".
ALL_RULES = "*"


@dataclass(frozen=True, slots=True)
class Step:
    """One hop of a source→sink trace."""

    path: str
    line: int
    note: str


@dataclass(frozen=True, slots=True)
class Taint:
    """Where untrusted data came from, how sure that is, and the steps it took."""

    source: str
    confidence: int
    steps: tuple[Step, ...]

    def then(self, step: Step) -> Taint:
        if self.steps and self.steps[-1].line == step.line and self.steps[-1].path == step.path:
            return self
        steps = (*self.steps, step)
        if len(steps) > MAX_STEPS:
            steps = steps[:2] + steps[-(MAX_STEPS - 2) :]
        return Taint(self.source, self.confidence, steps)


@dataclass(frozen=True, slots=True, eq=False)
class Val:
    """See the module docstring; every field is optional knowledge."""

    taint: Taint | None = None
    #: Derived from weak (non-cryptographic) randomness.
    weak: Taint | None = None
    #: Derived from these parameters of the function being summarised.
    params: frozenset[int] = frozenset()
    #: Rule ids this value was sanitised for (``ALL_RULES`` for all).
    clean: frozenset[str] = frozenset()
    consts: frozenset[object] | None = None
    qual: str | None = None
    kind: str | None = None
    items: tuple[Val, ...] | None = None
    keys: tuple[tuple[object, Val], ...] | None = None
    #: Attributes assigned on this object in the function being analysed (``obj.x = v``),
    #: and under ``""`` what the object held before the first of them.
    fields: tuple[tuple[object, Val], ...] | None = None
    #: The rules the part derived from parameters is clean for, when it differs from
    #: ``clean`` (which is about ``taint``): ``escape(request.x) + param`` is safe HTML as far
    #: as the request goes, not as far as the parameter does.
    pclean: frozenset[str] | None = None

    @property
    def tainted(self) -> bool:
        return self.taint is not None or bool(self.params)

    def const(self) -> object:
        """The one constant this value is, or ``NOT_CONST``."""
        if self.consts is not None and len(self.consts) == 1:
            return next(iter(self.consts))
        return NOT_CONST

    def is_clean_for(self, rule: str) -> bool:
        return rule in self.clean or ALL_RULES in self.clean

    def params_clean_for(self, rule: str) -> bool:
        clean = self.clean if self.pclean is None else self.pclean
        return rule in clean or ALL_RULES in clean

    def get_field(self, name: str) -> Val | None:
        for k, v in self.fields or ():
            if k == name:
                return v
        return None

    def get_key(self, key: object) -> Val | None:
        if self.keys is None:
            return None
        for k, v in self.keys:
            if k == key and type(k) is type(key):
                return v
        return None


class _NotConst:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_CONST"


NOT_CONST = _NotConst()
UNKNOWN = Val()


def const(value: object) -> Val:
    try:
        return Val(consts=frozenset((value,)))
    except TypeError:  # unhashable: a constant list folded from a literal
        return UNKNOWN


def consts(values: set[object] | frozenset[object]) -> Val:
    return Val(consts=frozenset(values)) if 0 < len(values) <= MAX_CONSTS else UNKNOWN


def flow(*values: Val, kind: str | None = None) -> Val:
    """A value computed from ``values`` by an operation that keeps their content (concat,
    format, an unknown call): tainted by any, clean only for what every tainted one is clean
    for, no longer constant."""
    taint: Taint | None = None
    weak: Taint | None = None
    params: frozenset[int] = frozenset()
    clean: frozenset[str] | None = None  # of the parts carrying a taint
    pclean: frozenset[str] | None = None  # of the parts derived from parameters
    for value in values:
        if value.taint is not None:
            taint = taint or value.taint
            clean = value.clean if clean is None else clean & value.clean
        if value.weak is not None and weak is None:
            weak = value.weak
        if value.params:
            params |= value.params
            mine = value.clean if value.pclean is None else value.pclean
            pclean = mine if pclean is None else pclean & mine
    if taint is None and weak is None and not params and kind is None:
        return UNKNOWN
    if clean is None:
        clean, pclean = pclean, None
    elif pclean == clean:
        pclean = None
    return Val(taint, weak, params, clean or frozenset(), kind=kind, pclean=pclean)


def merge(a: Val, b: Val) -> Val:
    """The value after two control-flow paths meet."""
    if a is b:
        return a
    if a.tainted and b.tainted:
        clean = a.clean & b.clean
    else:
        clean = a.clean if a.tainted else b.clean if b.tainted else a.clean & b.clean
    values: frozenset[object] | None = None
    if a.consts is not None and b.consts is not None:
        union = a.consts | b.consts
        values = union if len(union) <= MAX_CONSTS else None
    items: tuple[Val, ...] | None = None
    if a.items is not None and b.items is not None and len(a.items) == len(b.items):
        items = tuple(merge(x, y) for x, y in zip(a.items, b.items, strict=True))
    keys: tuple[tuple[object, Val], ...] | None = None
    if a.keys is not None and b.keys is not None:
        keys = _merge_keys(a.keys, b.keys)
    fields: tuple[tuple[object, Val], ...] | None = None
    if a.fields is not None and b.fields is not None:
        fields = _merge_fields(a.fields, b.fields)
    pclean: frozenset[str] | None = None
    if a.pclean is not None or b.pclean is not None:
        sides = [v.clean if v.pclean is None else v.pclean for v in (a, b) if v.params]
        pclean = sides[0] & sides[-1] if sides else None
    return Val(
        a.taint or b.taint,
        a.weak or b.weak,
        a.params | b.params,
        clean,
        values,
        a.qual if a.qual == b.qual else _common_package(a.qual, b.qual),
        a.kind if a.kind == b.kind else (a.kind or b.kind),
        items,
        keys,
        fields,
        pclean,
    )


def with_field(owner: Val, name: str, value: Val) -> Val:
    """``owner`` after ``owner.name = value``: that attribute is ``value``, the others keep
    what the object held; the object as a whole carries everything stored into it."""
    fields = owner.fields
    if fields is None:
        fields = (("", Val(owner.taint, owner.weak, owner.params, owner.clean)),)
    kept = tuple((k, v) for k, v in fields if k != name)
    return replace(
        owner,
        taint=owner.taint or value.taint,
        weak=owner.weak or value.weak,
        params=owner.params | value.params,
        fields=(*kept, (name, value)),
    )


def _merge_fields(
    a: tuple[tuple[object, Val], ...], b: tuple[tuple[object, Val], ...]
) -> tuple[tuple[object, Val], ...]:
    """An attribute set on one path only keeps, on the other, what the object held before."""
    mine, theirs = dict(a), dict(b)
    out: dict[object, Val] = {}
    for key in (*mine, *(k for k in theirs if k not in mine)):
        left = mine.get(key) or mine.get("") or UNKNOWN
        right = theirs.get(key) or theirs.get("") or UNKNOWN
        out[key] = merge(left, right)
    return tuple(out.items())


def _common_package(a: str | None, b: str | None) -> str | None:
    """Two functions of one package (``postgresql.insert`` or ``sqlite.insert`` of
    SQLAlchemy): the package, enough to know whose calling conventions apply."""
    if a is None or b is None:
        return None
    common: list[str] = []
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        common.append(x)
    return ".".join(common) or None


def _merge_keys(
    a: tuple[tuple[object, Val], ...], b: tuple[tuple[object, Val], ...]
) -> tuple[tuple[object, Val], ...]:
    out: dict[object, Val] = dict(a)
    for key, value in b:
        out[key] = merge(out[key], value) if key in out else value
    return tuple(out.items())


def cleaned(value: Val, rules: frozenset[str]) -> Val:
    if not value.tainted and value.weak is None:
        return value
    pclean = None if value.pclean is None else value.pclean | rules
    return replace(value, clean=value.clean | rules, pclean=pclean)


def container(
    kind: str, items: tuple[Val, ...] | None, keys: tuple[tuple[object, Val], ...] | None = None
) -> Val:
    """A list/tuple/dict whose contents are known; tainted if any content is."""
    parts = list(items or ()) + [v for _, v in keys or ()]
    summary = flow(*parts)
    return Val(
        summary.taint,
        summary.weak,
        summary.params,
        summary.clean,
        None,
        None,
        kind,
        items,
        keys,
        pclean=summary.pclean,
    )


def merge_envs(a: dict[str, Val] | None, b: dict[str, Val] | None) -> dict[str, Val] | None:
    """Two environments meeting; ``None`` is an unreachable path."""
    if a is None:
        return None if b is None else dict(b)
    if b is None:
        return dict(a)
    out = dict(a)
    for name, value in b.items():
        mine = out.get(name)
        out[name] = value if mine is None else merge(mine, value)
    return out
