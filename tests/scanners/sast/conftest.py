"""Shared helpers: expected findings are written next to the code they are about, as
``# expect: RULE-ID [RULE-ID…]`` on the sink's line."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parents[2] / "data" / "sast"
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9 -]+)$")


def expected_in(files: list[Path], root: Path) -> set[tuple[str, str, int]]:
    """(rule, path relative to ``root``, line) for every ``# expect:`` marker."""
    out: set[tuple[str, str, int]] = set()
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            found = _EXPECT.search(line)
            if found:
                relative = path.relative_to(root).as_posix()
                out.update((rule, relative, number) for rule in found.group(1).split())
    return out
