"""Dependency paths through a lockfile's package graph, shared by the graph-shaped readers
(Cargo, Bundler, Composer)."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

_N = TypeVar("_N", bound=Hashable)


def shortest_paths(
    direct: Iterable[_N], children: Mapping[_N, Iterable[_N]]
) -> dict[_N, tuple[_N, ...]]:
    """Every node reachable from ``direct`` mapped to the shortest chain of nodes from a direct
    one down to it, both ends included (a direct node maps to itself alone).

    Breadth-first in the order given, so the same lockfile always yields the same paths; cycles
    (Cargo and Bundler allow them) end where a node was already reached.
    """
    found: dict[_N, tuple[_N, ...]] = {}
    queue: deque[_N] = deque()
    for node in direct:
        if node not in found:
            found[node] = (node,)
            queue.append(node)
    while queue:
        node = queue.popleft()
        for child in children.get(node, ()):
            if child not in found:
                found[child] = (*found[node], child)
                queue.append(child)
    return found


def reachable(start: Iterable[_N], children: Mapping[_N, Iterable[_N]]) -> set[_N]:
    """The nodes ``start`` leads to, ``start`` included."""
    return set(shortest_paths(start, children))
