"""Containers the engine tracks item by item: lists with known items, dicts with constant
keys and ``configparser`` objects (``set(section, key, value)`` / ``get(section, key)``), so
``m["keyB"] = param; bar = m["keyA"]`` is known to be clean."""

from __future__ import annotations

from vigil.scanners.sast import ir
from vigil.scanners.sast.evaluate import Evaluator
from vigil.scanners.sast.values import NOT_CONST, UNKNOWN, Val, const, container, flow

Kwargs = dict[str, Val]


class ContainerModel(Evaluator):
    """Methods of modelled containers; a method that changes its receiver rebinds the name."""

    def container_method(
        self, receiver: Val, name: str, args: list[Val], kwargs: Kwargs, receiver_expr: ir.Expr
    ) -> Val | None:
        """Lists with known items, dicts with constant keys and config parsers."""
        items = receiver.items
        keys = receiver.keys
        if items is not None and receiver.kind == "list":
            return self.list_method(receiver, items, name, args, receiver_expr)
        if keys is not None and receiver.kind in ("dict", "config"):
            return self.mapping_method(receiver, keys, name, args, kwargs, receiver_expr)
        return None

    def list_method(
        self, receiver: Val, items: tuple[Val, ...], name: str, args: list[Val],
        receiver_expr: ir.Expr,
    ) -> Val | None:  # fmt: skip
        if name == "append" and len(args) == 1:
            self.rebind(receiver_expr, container("list", (*items, args[0])))
            return UNKNOWN
        if name == "extend" and len(args) == 1:
            added = args[0].items
            grown = container("list", items + added) if added is not None else None
            self.rebind(receiver_expr, grown or flow(receiver, args[0], kind="list"))
            return UNKNOWN
        if name in ("pop", "insert"):
            return self.pop_or_insert(receiver, items, name, args, receiver_expr)
        if name == "remove" and len(args) == 1:
            wanted = args[0].const()
            for position, item in enumerate(items):
                if wanted is not NOT_CONST and item.consts == frozenset((wanted,)):
                    rest = items[:position] + items[position + 1 :]
                    self.rebind(receiver_expr, container("list", rest))
                    return UNKNOWN
            self.rebind(receiver_expr, flow(receiver, kind="list"))
            return UNKNOWN
        if name == "reverse":
            self.rebind(receiver_expr, container("list", items[::-1]))
            return UNKNOWN
        return receiver if name == "copy" else None

    def pop_or_insert(
        self, receiver: Val, items: tuple[Val, ...], name: str, args: list[Val],
        receiver_expr: ir.Expr,
    ) -> Val:  # fmt: skip
        index = args[0].const() if args else -1
        if not isinstance(index, int) or isinstance(index, bool):
            self.rebind(receiver_expr, flow(receiver, *args, kind="list"))
            return flow(receiver)
        rest = list(items)
        if name == "insert" and len(args) == 2:
            rest.insert(index, args[1])
            self.rebind(receiver_expr, container("list", tuple(rest)))
            return UNKNOWN
        try:
            popped = rest.pop(index)
        except IndexError:
            return UNKNOWN
        self.rebind(receiver_expr, container("list", tuple(rest)))
        return popped

    def mapping_method(
        self, receiver: Val, keys: tuple[tuple[object, Val], ...], name: str, args: list[Val],
        kwargs: Kwargs, receiver_expr: ir.Expr,
    ) -> Val | None:  # fmt: skip
        config = receiver.kind == "config"
        width = 2 if config else 1
        key_parts = [a.const() for a in args[:width]]
        key: object = tuple(key_parts) if config else (key_parts[0] if key_parts else NOT_CONST)
        unknown_key = len(key_parts) < width or NOT_CONST in key_parts
        if (name == "set" and config) or name in {"__setitem__", "setdefault"}:
            if len(args) <= width:
                return UNKNOWN
            value = args[width]
            if unknown_key:
                self.rebind(receiver_expr, flow(receiver, value, kind=receiver.kind))
            else:
                kept = tuple((k, v) for k, v in keys if k != key)
                self.rebind(
                    receiver_expr, container(receiver.kind or "dict", None, (*kept, (key, value)))
                )
            return value
        if name in ("get", "pop") or (config and name in ("getint", "getfloat", "getboolean")):
            default = args[width] if len(args) > width else kwargs.get("fallback", const(None))
            if unknown_key:
                return flow(receiver)
            found = receiver.get_key(key)
            if name.startswith("get") and name != "get":
                return UNKNOWN
            return found if found is not None else default
        if name == "keys":
            return container("list", tuple(const(k) for k, _ in keys))
        if name == "values":
            return container("list", tuple(v for _, v in keys))
        if name == "copy":
            return receiver
        if name == "update" and args and args[0].keys is not None:
            merged = dict(keys)
            merged.update(dict(args[0].keys))
            self.rebind(receiver_expr, container("dict", None, tuple(merged.items())))
            return UNKNOWN
        if name in ("add_section", "read", "read_string", "has_section", "sections"):
            return UNKNOWN
        return None

    def rebind(self, target: ir.Expr, value: Val) -> None:
        """A method changed the object ``target`` names (``lst.append(x)``)."""
        if isinstance(target, ir.Name) and self.env is not None:
            self.env[target.id] = value
