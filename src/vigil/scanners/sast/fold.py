"""Constant folding: the few Python operations the engine evaluates on known constants, so
``if 7 * 18 + num > 200`` or ``"ABC"[1] == "B"`` decide which branch runs."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from itertools import product
from typing import Any

from vigil.scanners.sast.values import MAX_CONSTS, NOT_CONST

#: Strings, bytes and numbers built by folding stay below this size (``'x' * 10**9``).
_MAX_SIZE = 10_000
_SCALARS = (str, bytes, int, float, bool, type(None))

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
    "&": operator.and_,
    "|": operator.or_,
    "^": operator.xor,
    "<<": operator.lshift,
    ">>": operator.rshift,
}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "is": operator.is_,
    "is not": operator.is_not,
    "in": lambda a, b: operator.contains(b, a),
    "not in": lambda a, b: not operator.contains(b, a),
}


def _small(value: object) -> bool:
    if isinstance(value, str | bytes):
        return len(value) <= _MAX_SIZE
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() <= 256
    return isinstance(value, _SCALARS)


def binary(op: str, left: object, right: object) -> object:
    """``left op right`` or ``NOT_CONST`` when it cannot (or should not) be computed."""
    function = _BINARY.get(op)
    if function is None or not (_small(left) and _small(right)):
        return NOT_CONST
    if op in ("**", "<<") and isinstance(right, int) and right > 64:
        return NOT_CONST
    if op == "*" and isinstance(left, str | bytes) and isinstance(right, int) and right > 1000:
        return NOT_CONST
    if op == "%" and isinstance(left, str | bytes):
        return NOT_CONST  # printf formatting: not worth the risk of odd inputs
    try:
        result = function(left, right)
    except Exception:
        return NOT_CONST
    return result if _small(result) else NOT_CONST


def compare(op: str, left: object, right: object) -> object:
    function = _COMPARE.get(op)
    if function is None:
        return NOT_CONST
    if op in ("is", "is not") and not all(isinstance(v, bool | type(None)) for v in (left, right)):
        return NOT_CONST
    try:
        return bool(function(left, right))
    except Exception:
        return NOT_CONST


def unary(op: str, operand: object) -> object:
    try:
        if op == "not":
            return not operand
        if op == "-" and isinstance(operand, int | float):
            return -operand
        if op == "+" and isinstance(operand, int | float):
            return +operand
        if op == "~" and isinstance(operand, int):
            return ~operand
    except Exception:
        return NOT_CONST
    return NOT_CONST


def subscript(value: object, index: object) -> object:
    if not isinstance(value, str | bytes | tuple):
        return NOT_CONST
    try:
        if isinstance(index, slice) or (isinstance(index, int) and not isinstance(index, bool)):
            return value[index]
    except (IndexError, ValueError, TypeError):
        return NOT_CONST
    return NOT_CONST


def method(receiver: object, name: str, args: list[object]) -> object:
    """A side-effect-free ``str``/``bytes`` method on constants."""
    if not isinstance(receiver, str | bytes) or not all(_small(a) for a in args):
        return NOT_CONST
    try:
        result = getattr(receiver, name)(*args)
    except Exception:
        return NOT_CONST
    if isinstance(result, list):
        return tuple(result) if len(result) <= MAX_CONSTS else NOT_CONST
    return result if _small(result) else NOT_CONST


def combine(function: Callable[..., object], *choices: Iterable[object]) -> set[object] | None:
    """``function`` over every combination of possible constants; ``None`` if any fails."""
    out: set[object] = set()
    for combination in product(*choices):
        result = function(*combination)
        if result is NOT_CONST:
            return None
        try:
            out.add(result)
        except TypeError:
            return None
        if len(out) > MAX_CONSTS:
            return None
    return out
