"""Bundler's ``Gemfile.lock``: the gems of its ``GEM`` and ``GIT`` sources, direct from
``DEPENDENCIES``, with dependency paths from the nesting of the specs.

Sections: ``GEM``/``GIT``/``PATH``/``PLUGIN SOURCE`` (a ``specs:`` list, each spec at four
spaces of indent followed by its own dependencies at six), ``PLATFORMS``, ``DEPENDENCIES``,
``CHECKSUMS`` (Bundler 2.5+), ``RUBY VERSION`` and ``BUNDLED WITH``. An unknown section means
a newer Bundler than this reader knows and is an error. Tested on a real Bundler 4.0 lockfile
(heroku/ruby-getting-started).

A gem locked for several platforms (``nokogiri (1.19.4-x86_64-linux-gnu)``) is one gem at one
version; ``PATH`` specs are the project's own gems (a ``gemspec``): not reported, and what they
need is direct. Gemfile.lock keeps no groups, so the ``Gemfile`` (or ``gems.rb``) beside it is
read for them: a gem declared only in ``development`` and ``test`` groups, and what only such
gems pull in, is dev. A Gemfile is Ruby; only its common shapes are understood (``group … do``
blocks, ``group:``/``groups:`` options), and a gem in anything else counts as run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles._paths import reachable, shortest_paths
from vigil.scanners.lockfiles.interface import DependencyReader

_SOURCES = frozenset({"GEM", "GIT", "PATH", "PLUGIN SOURCE"})
_OTHER = frozenset({"PLATFORMS", "DEPENDENCIES", "CHECKSUMS", "RUBY VERSION", "BUNDLED WITH"})
_SPEC = re.compile(r"^    (\S+) \(([^)\s-]+)(?:-[^)\s]+)?\)$")  # name (version[-platform])
_NEED = re.compile(r"^      (\S+)(?: \(.*\))?$")
_DIRECT = re.compile(r"^  (\S+?)!?(?: \(.*\))?$")

# The Gemfile shapes that carry groups; anything else leaves a gem in the default group.
_DEV_GROUPS = frozenset({"development", "test"})
_GEM = re.compile(r"""^\s*gem[\s(]+["']([^"']+)["'](.*)$""")
_GROUP_BLOCK = re.compile(r"^\s*group[\s(]+(.*?)\)?\s+do\s*(\|[^|]*\|)?\s*$")
_GROUP_OPTION = re.compile(r"\bgroups?\s*(?::|=>)\s*(\[[^\]]*\]|:\w+|[\"']\w+[\"'])")
_OTHER_BLOCK = re.compile(r"\bdo\s*(\|[^|]*\|)?\s*$|^\s*(if|unless|case|begin|while|until)\b")
_END = re.compile(r"^\s*end\b")
_SYMBOL = re.compile(r""":(\w+)|["'](\w+)["']""")


def _names(text: str) -> set[str]:
    return {a or b for a, b in _SYMBOL.findall(text)}


def _dev_gems(gemfile: Path) -> set[str]:
    """The gems ``gemfile`` declares only in development and test groups."""
    try:
        lines = gemfile.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()  # no Gemfile (or an unreadable one): the lockfile alone marks nothing dev
    blocks: list[set[str] | None] = []  # the groups each open block sets, None for others
    groups_of: dict[str, set[str]] = {}
    for line in lines:
        code = line.split("#", 1)[0]
        if match := _GROUP_BLOCK.match(code):
            blocks.append(_names(match.group(1)))
        elif match := _GEM.match(code):
            groups = next((set(g) for g in reversed(blocks) if g is not None), {"default"})
            if option := _GROUP_OPTION.search(match.group(2)):
                groups = _names(option.group(1))
            groups_of.setdefault(match.group(1), set()).update(groups)
        elif _END.match(code):
            if blocks:
                blocks.pop()
        elif _OTHER_BLOCK.search(code):
            blocks.append(None)
    return {gem for gem, groups in groups_of.items() if groups <= _DEV_GROUPS}


class _Lock:
    """What the reader keeps of a Gemfile.lock."""

    def __init__(self) -> None:
        self.versions: dict[str, str] = {}  # gem -> version, in file order
        self.needs: dict[str, list[str]] = {}  # gem -> the gems it depends on
        self.own: list[str] = []  # the project's gems, from PATH sources
        self.direct: list[str] = []


def _parse(path: Path, text: str) -> _Lock:
    lock = _Lock()
    section = ""
    spec = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if not line.startswith(" "):
            section = line.strip()
            if section not in _SOURCES | _OTHER:
                raise ScanError(str(path), f"line {number}: unknown section {section!r}")
            continue
        if section in _SOURCES and (match := _SPEC.match(line)):
            spec, version = match.groups()
            lock.versions.setdefault(spec, version)
            lock.needs.setdefault(spec, [])
            if section == "PATH":
                lock.own.append(spec)
        elif section in _SOURCES and spec and (match := _NEED.match(line)):
            lock.needs[spec].append(match.group(1))
        elif section in _SOURCES and re.match(r"^  \S+:", line):
            spec = ""  # remote:, revision:, specs: and the like
        elif section == "DEPENDENCIES" and (match := _DIRECT.match(line)):
            lock.direct.append(match.group(1))
        elif section in _SOURCES | {"DEPENDENCIES"}:
            raise ScanError(str(path), f"line {number}: unexpected {line.strip()!r}")
    if not lock.versions and not lock.direct:
        raise ScanError(str(path), "no GEM specs and no DEPENDENCIES: not a Gemfile.lock")
    return lock


class GemfileLockReader(DependencyReader):
    """``Gemfile.lock``: RubyGems with purls, direct from DEPENDENCIES, paths from the specs."""

    id: ClassVar[str] = "gemfile-lock"
    label: ClassVar[str] = "Gemfile.lock"
    ecosystem: ClassVar[str] = "gem"
    patterns: ClassVar[tuple[str, ...]] = ("Gemfile.lock", "gems.locked")

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        try:
            lock = _parse(path, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ScanError(str(path), f"not readable: {exc}") from exc
        own = set(lock.own)
        direct = [g for g in lock.direct if g not in own]
        direct += [g for o in lock.own for g in lock.needs[o] if g not in direct]
        manifest = "Gemfile" if path.name == "Gemfile.lock" else "gems.rb"
        dev_names = _dev_gems(path.parent / manifest)
        runtime = [g for g in direct if g in lock.versions and g not in dev_names]
        dev_direct = [g for g in direct if g in lock.versions and g in dev_names]
        not_dev = reachable(runtime, lock.needs)
        dev = reachable(dev_direct, lock.needs) - not_dev
        # A run-time gem's path should not pass through a development tool that also uses it.
        runtime_paths = shortest_paths(runtime, lock.needs)
        all_paths = shortest_paths(runtime + dev_direct, lock.needs)
        source = path.relative_to(root).as_posix()
        for gem, version in lock.versions.items():
            if gem in own:
                continue
            chain = (all_paths if gem in dev else runtime_paths).get(gem, ())
            yield Dependency(
                ecosystem="gem",
                name=gem,
                version=version,
                purl=PackageURL(type="gem", name=gem, version=version).to_string(),
                source=source,
                direct=gem in direct,
                dev=gem in dev,
                path=() if len(chain) <= 1 else tuple(f"{g}@{lock.versions[g]}" for g in chain),
            )
