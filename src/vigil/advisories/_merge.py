"""Merging OSV records that name each other through ``aliases`` into one advisory.

The same vulnerability is published as PYSEC-…, GHSA-… and CVE-… (or GO-…/RUSTSEC-…); each
record lists the others as aliases, though not always all of them. Records are grouped by the
transitive closure of "shares an id or alias" (union-find), and each group becomes one Advisory
whose id is the ecosystem's own database's (PYSEC, GO, RUSTSEC before GHSA before CVE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vigil.advisories.osv import Advisory, Affected

# Lower ranks name the merged advisory: the ecosystem's own database knows its packages best.
_ID_RANK = {"PYSEC": 0, "GO": 0, "RUSTSEC": 0, "GHSA": 1, "CVE": 3}


def _rank(ident: str) -> tuple[int, str]:
    return _ID_RANK.get(ident.split("-", 1)[0], 2), ident


def merge_groups(matches: Sequence[tuple[Advisory, tuple[Affected, ...]]]) -> list[Advisory]:
    """One Advisory per alias group, carrying only the ``affected`` entries that matched."""
    parent = list(range(len(matches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, (advisory, _) in enumerate(matches):
        for name in (advisory.id, *advisory.aliases):
            if name in owner:
                parent[find(index)] = find(owner[name])
            else:
                owner[name] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(matches)):
        groups.setdefault(find(index), []).append(index)
    merged = [_merge([matches[i] for i in members]) for members in groups.values()]
    return sorted(merged, key=lambda a: a.id)


def _merge(group: list[tuple[Advisory, tuple[Affected, ...]]]) -> Advisory:
    group = sorted(group, key=lambda m: _rank(m[0].id))
    first = group[0][0]
    if len(group) == 1:
        hits = group[0][1]
        return first if hits == first.affected else replace(first, affected=hits)
    names = {n for adv, _ in group for n in (adv.id, *adv.aliases)}
    severity = tuple(dict.fromkeys(s for adv, _ in group for s in adv.severity))
    published = [adv.published for adv, _ in group if adv.published]
    return Advisory(
        id=first.id,
        aliases=tuple(sorted(names - {first.id})),
        summary=next((adv.summary for adv, _ in group if adv.summary), ""),
        modified=max(adv.modified for adv, _ in group),
        published=min(published) if published else None,
        withdrawn=None,
        severity=severity,
        database_severity=next(
            (adv.database_severity for adv, _ in group if adv.database_severity), None
        ),
        affected=tuple(dict.fromkeys(a for _, hits in group for a in hits)),
    )
