"""Finding dependency files under a path, with a small fake reader (the real readers have
their own tests on real lockfiles)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.discovery import Discovery, take_inventory
from vigil.scanners.lockfiles.interface import DependencyReader


class PinsReader(DependencyReader):
    """``name==version`` per line; anything else is malformed."""

    id = "pins"
    label = "pins"
    ecosystem = "pypi"
    patterns = ("pins*.txt",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        for line in path.read_text().splitlines():
            name, sep, version = line.partition("==")
            if not sep:
                raise ScanError(str(path), f"not a pin: {line!r}")
            yield Dependency(
                "pypi",
                name,
                version,
                f"pkg:pypi/{name}@{version}",
                path.relative_to(root).as_posix(),
                direct=True,
            )


class BundleReader(DependencyReader):
    """A directory format: ``*.bundle`` folders hold one package each."""

    id = "bundle"
    label = "bundle"
    ecosystem = "npm"
    patterns = ("*.bundle",)

    def read(self, path: Path, root: Path) -> Iterator[Dependency]:
        name = path.name.removesuffix(".bundle")
        yield Dependency(
            "npm", name, "1.0.0", f"pkg:npm/{name}@1.0.0", path.relative_to(root).as_posix()
        )


def tree(root: Path) -> Path:
    files = {
        "pins.txt": "requests==2.31.0\n",
        "app/pins-dev.txt": "pytest==8.0.0\n",
        "vendor/lib/pins.txt": "vendored==1.0\n",
        "tests/fixtures/pins.txt": "fixture==0.1\n",
        ".git/pins.txt": "never==0\n",
        "left.bundle/pins.txt": "inside-a-bundle==0\n",
        "broken/pins.txt": "this is not a pin\n",
        "docs/readme.md": "nothing\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


READERS = (PinsReader, BundleReader)


def test_finds_every_claimed_file_and_keeps_going_past_a_bad_one(tmp_path: Path) -> None:
    inventory = take_inventory(tree(tmp_path), Discovery(READERS))
    assert inventory.files == [
        "left.bundle",
        "pins.txt",
        "app/pins-dev.txt",
        "tests/fixtures/pins.txt",
        "vendor/lib/pins.txt",
    ]
    assert [(d.name, d.source) for d in inventory.dependencies] == [
        ("left", "left.bundle"),
        ("requests", "pins.txt"),
        ("pytest", "app/pins-dev.txt"),
        ("fixture", "tests/fixtures/pins.txt"),
        ("vendored", "vendor/lib/pins.txt"),
    ]
    assert [str(e) for e in inventory.errors] == [
        f"{tmp_path / 'broken/pins.txt'}: not a pin: 'this is not a pin'"
    ]


def test_vendored_and_test_trees_are_skipped_on_request(tmp_path: Path) -> None:
    inventory = take_inventory(
        tree(tmp_path), Discovery(READERS, skip_vendored=True, skip_tests=True)
    )
    assert inventory.files == ["left.bundle", "pins.txt", "app/pins-dev.txt"]


def test_exclude_patterns_and_a_single_file(tmp_path: Path) -> None:
    root = tree(tmp_path)
    inventory = take_inventory(root, Discovery(READERS, exclude=("app/*", "broken")))
    assert inventory.files == [
        "left.bundle",
        "pins.txt",
        "tests/fixtures/pins.txt",
        "vendor/lib/pins.txt",
    ]
    assert inventory.errors == []
    # An excluded folder a reader claims is neither read nor descended into.
    unbundled = take_inventory(root, Discovery(READERS, exclude=("*.bundle", "broken")))
    assert unbundled.files == [
        "pins.txt",
        "app/pins-dev.txt",
        "tests/fixtures/pins.txt",
        "vendor/lib/pins.txt",
    ]
    single = take_inventory(root / "pins.txt", Discovery(READERS))
    assert [d.name for d in single.dependencies] == ["requests"]
