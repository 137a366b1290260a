"""Go modules: ``go.mod`` and the ``go.sum`` beside it.

``go.mod``: ``require`` (one line or a block; ``// indirect`` marks a module the main module
does not import itself), ``replace`` (a module or one version of it swapped for another module
version — reported under the replacement — or for a local directory, which is the project's own
code and is dropped), ``exclude`` (that version is never used), and the directives that do not
name dependencies (``module``, ``go``, ``toolchain``, ``godebug``, ``retract``, ``tool``,
``ignore``). An unknown directive is an error: it means a newer go.mod than this reader knows.

``go.sum``: before Go 1.17 (a ``go`` directive below 1.17, or none) ``go.mod`` lists only
part of the build list; the rest is in ``go.sum``. Modules whose source zip is checksummed
there (an ``h1:`` line without ``/go.mod``) but missing from ``go.mod`` are reported as
transitive, at their highest checksummed version. Go does not record which module pulled in
which, so paths are empty.

Versions keep Go's ``v`` (``v1.2.3``), as in the purl ``pkg:golang/github.com/a/b@v1.2.3``.
Tested on real files from spf13/cobra (go 1.15), spf13/viper (go 1.23) and okteto/okteto
(go 1.17, module replaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from packageurl import PackageURL

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.interface import DependencyReader

_OTHER_DIRECTIVES = frozenset({"module", "go", "toolchain", "godebug", "retract", "tool", "ignore"})
_SEMVER = re.compile(r"^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def _statements(path: Path, text: str) -> Iterator[tuple[str, list[str], bool]]:
    """``(directive, arguments, indirect)`` for every statement, blocks unrolled."""
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        code, _, comment = raw.partition("//")
        words = [w.strip('"`') for w in code.split()]
        indirect = comment.strip().startswith("indirect")
        if not words:
            continue
        if block is not None:
            if words == [")"]:
                block = None
            else:
                yield block, words, indirect
        elif len(words) == 2 and words[1] == "(":
            block = words[0]
        elif words[0] in ("require", "replace", "exclude") or words[0] in _OTHER_DIRECTIVES:
            yield words[0], words[1:], indirect
        else:
            raise ScanError(str(path), f"line {number}: unknown directive {words[0]!r}")
    if block is not None:
        raise ScanError(str(path), f"unterminated {block} block: truncated file?")


def _semver_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key for a Go module version: a release sorts after its prereleases."""
    match = _SEMVER.match(version)
    if match is None:
        return (-1, -1, -1, 0, version)
    major, minor, patch, pre = match.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def _go_sum(path: Path) -> dict[str, str]:
    """The highest version of each module whose source is checksummed in ``go.sum``."""
    if not path.is_file():
        return {}
    best: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[2].startswith("h1:"):
            raise ScanError(str(path), f"line {number}: not 'module version h1:hash'")
        module, version = parts[0], parts[1]
        if version.endswith("/go.mod"):
            continue  # only the module's go.mod was fetched, to walk the graph
        if module not in best or _semver_key(version) > _semver_key(best[module]):
            best[module] = version
    return best


def _purl(module: str, version: str) -> str:
    namespace, _, name = module.rpartition("/")
    return PackageURL("golang", namespace or None, name, version).to_string()


class GoModReader(DependencyReader):
    """``go.mod`` (with ``go.sum``): Go modules, direct unless ``// indirect``."""

    id: ClassVar[str] = "go-mod"
    label: ClassVar[str] = "go.mod / go.sum"
    ecosystem: ClassVar[str] = "golang"
    patterns: ClassVar[tuple[str, ...]] = ("go.mod",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScanError(str(path), f"not readable: {exc}") from exc
        requires: dict[tuple[str, str], bool] = {}  # (module, version) -> direct
        replaces: dict[tuple[str, str], tuple[str, str] | None] = {}
        excludes: set[tuple[str, str]] = set()
        complete = False  # does go.mod list the whole build list (go 1.17 and later)?
        for directive, args, indirect in _statements(path, text):
            if directive == "go":
                _expect(path, directive, args, len(args) == 1)
                complete = tuple(int(n) for n in re.findall(r"\d+", args[0])[:2]) >= (1, 17)
            elif directive == "require":
                _expect(path, directive, args, len(args) == 2)
                requires[(args[0], args[1])] = not indirect
            elif directive == "exclude":
                _expect(path, directive, args, len(args) == 2)
                excludes.add((args[0], args[1]))
            elif directive == "replace":
                _expect(path, directive, args, "=>" in args)
                old, new = args[: args.index("=>")], args[args.index("=>") + 1 :]
                _expect(path, directive, args, len(old) in (1, 2) and len(new) in (1, 2))
                # A replacement without a version is a directory on disk: the project's own.
                replaces[(old[0], old[1] if len(old) == 2 else "")] = (
                    (new[0], new[1]) if len(new) == 2 else None
                )
        if not complete:
            listed = {module for module, _ in requires}
            for module, version in _go_sum(path.parent / "go.sum").items():
                if module not in listed:
                    requires[(module, version)] = False
        yield from self._dependencies(path, root, requires, replaces, excludes)

    def _dependencies(
        self,
        path: Path,
        root: Path,
        requires: dict[tuple[str, str], bool],
        replaces: dict[tuple[str, str], tuple[str, str] | None],
        excludes: set[tuple[str, str]],
    ) -> Iterator[Dependency]:
        source = path.relative_to(root).as_posix()
        for required, direct in requires.items():
            if required in excludes:
                continue
            # A replacement of one version wins over one of every version of the module.
            key = required if required in replaces else (required[0], "")
            target = replaces.get(key, required)
            if target is None:
                continue  # replaced by a directory
            module, version = target
            yield Dependency(
                ecosystem="golang",
                name=module,
                version=version,
                purl=_purl(module, version),
                source=source,
                direct=direct,
            )


def _expect(path: Path, directive: str, args: list[str], ok: bool) -> None:
    if not ok:
        raise ScanError(str(path), f"malformed {directive}: {' '.join(args)!r}")
