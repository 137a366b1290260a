"""YAML for configuration checks: PyYAML's safe loader, with the line of every mapping key
and sequence item kept, and CloudFormation's short-form tags (``!Ref``, ``!Sub``…) read as
their long form, so templates written either way look alike to the rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

#: Documents with more nodes than this are refused: an alias bomb expands without bound.
MAX_NODES = 200_000


class YMap(dict[Any, Any]):
    """A mapping that knows the 1-based line of itself and of each of its keys."""

    def __init__(self, *args: Any, line: int = 0) -> None:
        super().__init__(*args)
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of ``key``, or of the mapping when the key is absent."""
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A sequence that knows the 1-based line of itself and of each item."""

    def __init__(self, *args: Any, line: int = 0) -> None:
        super().__init__(*args)
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _long_name(tag: str) -> str:
    name = tag.removeprefix("!")
    return name if name in ("Ref", "Condition") else f"Fn::{name}"


#: libyaml's parser when PyYAML was built with it (ten times faster); the same marks either way.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    nodes = 0

    def construct_document(self, node: yaml.Node) -> Any:
        self.nodes = 0
        return super().construct_document(node)

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise yaml.YAMLError(f"more than {MAX_NODES:,} nodes (an alias bomb?)")


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[YMap]:
    loader._count()
    result = YMap(line=node.start_mark.line + 1)
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key that is not a scalar", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Iterator[YList]:
    loader._count()
    result = YList(line=node.start_mark.line + 1)
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield result
    result.extend(loader.construct_object(item, deep=True) for item in node.value)


def _cloudformation(loader: _Loader, suffix: str, node: yaml.Node) -> YMap:
    """``!GetAtt a.b`` → ``{"Fn::GetAtt": ["a", "b"]}``; other tags wrap their value."""
    name = _long_name("!" + suffix)
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = _sequence_now(loader, node)
    elif isinstance(node, yaml.MappingNode):
        value = _mapping_now(loader, node)
    else:
        value = None
    result = YMap({name: value}, line=node.start_mark.line + 1)
    result.key_lines[name] = result.line
    return result


def _sequence_now(loader: _Loader, node: yaml.SequenceNode) -> YList:
    steps = _sequence(loader, node)
    result = next(steps)
    for _ in steps:
        pass
    return result


def _mapping_now(loader: _Loader, node: yaml.MappingNode) -> YMap:
    steps = _mapping(loader, node)
    result = next(steps)
    for _ in steps:
        pass
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)
_Loader.add_multi_constructor("!", _cloudformation)


def load_documents(text: str) -> list[Any]:
    """Every document of a YAML stream; raises ``yaml.YAMLError`` on malformed input."""
    try:
        return list(yaml.load_all(text, Loader=_Loader))
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


def problem(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, with its line."""
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"invalid YAML at line {mark.line + 1}: {what}" if mark else f"invalid YAML: {what}"


def from_plain(value: Any) -> Any:
    """Plain JSON values as ``YMap``/``YList`` (every line 1: ``json`` keeps no marks)."""
    if isinstance(value, dict):
        result = YMap({k: from_plain(v) for k, v in value.items()}, line=1)
        result.key_lines = dict.fromkeys(result, 1)
        return result
    if isinstance(value, list):
        items = YList((from_plain(v) for v in value), line=1)
        items.item_lines = [1] * len(items)
        return items
    return value
