"""CargoLockReader on a real Cargo.lock v3 (rng-query) and on the older and newer formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.cargo import CargoLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
LOCK = DATA / "cargo" / "rng-query" / "Cargo.lock"


def _read(path: Path, root: Path) -> dict[str, Dependency]:
    return {f"{d.name}@{d.version}": d for d in CargoLockReader().read(path, root)}


def test_real_v3_lockfile_every_crate_but_the_project_itself() -> None:
    deps = _read(LOCK, DATA)
    assert len(deps) == 44  # 45 packages, one of them rng-query itself
    assert "rng-query@2.1.0" not in deps
    assert {k for k, d in deps.items() if d.direct} == {
        "anstream@0.6.14",
        "clap@4.5.4",
        "owo-colors@4.0.0",
        "rand@0.8.5",
        "rand_pcg@0.3.1",
        "regex@1.10.4",
        "test-case@3.3.1",
    }
    assert all(d.direct is False and d.path for d in deps.values() if not d.direct)


def test_real_v3_lockfile_exact_values_and_shortest_path() -> None:
    deps = _read(LOCK, DATA)
    assert deps["clap_lex@0.7.0"] == Dependency(
        ecosystem="cargo",
        name="clap_lex",
        version="0.7.0",
        purl="pkg:cargo/clap_lex@0.7.0",
        source="cargo/rng-query/Cargo.lock",
        direct=False,
        dev=False,
        path=("clap@4.5.4", "clap_builder@4.5.2", "clap_lex@0.7.0"),
    )
    assert deps["wasi@0.11.0+wasi-snapshot-preview1"].purl == (
        "pkg:cargo/wasi@0.11.0%2Bwasi-snapshot-preview1"
    )
    assert deps["rand@0.8.5"].path == ()


def test_dev_dependencies_come_from_the_cargo_toml_beside_it() -> None:
    deps = _read(LOCK, DATA)
    # test-case is the only [dev-dependencies] entry; what only it pulls in is dev too.
    assert {k for k, d in deps.items() if d.dev} == {
        "test-case@3.3.1",
        "test-case-core@3.3.1",
        "test-case-macros@3.3.1",
        "proc-macro2@1.0.85",
        "quote@1.0.36",
        "syn@2.0.66",
        "unicode-ident@1.0.12",
    }
    assert deps["syn@2.0.66"].path == ("test-case@3.3.1", "test-case-macros@3.3.1", "syn@2.0.66")


def test_without_cargo_toml_nothing_is_dev(tmp_path: Path) -> None:
    (tmp_path / "Cargo.lock").write_bytes(LOCK.read_bytes())
    deps = _read(tmp_path / "Cargo.lock", tmp_path)
    assert len(deps) == 44
    assert not any(d.dev for d in deps.values())
    assert deps["regex@1.10.4"].source == "Cargo.lock"


RIPGREP = {v: DATA / "cargo" / f"ripgrep-{v}" / "Cargo.lock" for v in ("v1", "v2", "v4")}


@pytest.mark.parametrize(
    ("version", "crates", "direct", "bstr"),
    [("v1", 55, 29, "0.2.13"), ("v2", 56, 29, "0.2.13"), ("v4", 52, 28, "1.13.0")],
)
def test_real_ripgrep_lockfiles_v1_v2_v4(version: str, crates: int, direct: int, bstr: str) -> None:
    deps = list(CargoLockReader().read(RIPGREP[version], DATA))
    assert len(deps) == crates  # every package but ripgrep's own workspace crates
    assert not any(d.name.startswith("grep") or d.name == "ignore" for d in deps)
    assert len([d for d in deps if d.direct]) == direct
    # serde_derive and walkdir are dev-dependencies of ripgrep itself, but other workspace
    # members (grep-printer, ignore) need them at run time: nothing is dev.
    assert not any(d.dev for d in deps)
    [found] = [d for d in deps if d.name == "bstr"]
    assert (found.version, found.direct, found.path) == (bstr, True, ())


def test_real_v4_two_versions_of_one_crate_and_their_paths() -> None:
    deps = [d for d in CargoLockReader().read(RIPGREP["v4"], DATA) if d.name == "syn"]
    assert [(d.version, d.path) for d in deps] == [
        ("2.0.119", ("arbitrary@1.4.2", "derive_arbitrary@1.4.2", "syn@2.0.119")),
        (
            "3.0.3",
            ("bstr@1.13.0", "serde_core@1.0.229", "serde_derive@1.0.229", "syn@3.0.3"),
        ),
    ]


def test_real_v1_spells_dependencies_with_their_source() -> None:
    deps = {d.name: d for d in CargoLockReader().read(RIPGREP["v1"], DATA)}
    assert deps["syn"].path == ("serde_derive@1.0.110", "syn@1.0.27")
    assert deps["regex-automata"].path == ("bstr@0.2.13", "regex-automata@0.1.9")


V1 = """\
[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "bitflags 1.3.2 (registry+https://github.com/rust-lang/crates.io-index)",
 "libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "bitflags"
version = "1.3.2"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "libc"
version = "0.2.40"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum bitflags 1.3.2 (registry+https://github.com/rust-lang/crates.io-index)" = "bef3"
"checksum libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)" = "6fd4"
"""

V4_TWO_VERSIONS = """\
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["bitflags 2.4.0", "nix"]

[[package]]
name = "bitflags"
version = "1.3.2"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "bitflags"
version = "2.4.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "nix"
version = "0.26.4"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["bitflags 1.3.2"]
"""


@pytest.mark.parametrize("text", [V1, V4_TWO_VERSIONS])
def test_v1_and_v4_dependency_spellings(tmp_path: Path, text: str) -> None:
    (tmp_path / "Cargo.lock").write_text(text)
    deps = _read(tmp_path / "Cargo.lock", tmp_path)
    assert "bitflags@1.3.2" in deps
    if "version = 4" in text:
        assert deps["bitflags@2.4.0"].direct is True
        assert deps["bitflags@1.3.2"].path == ("nix@0.26.4", "bitflags@1.3.2")
    else:
        assert deps["libc@0.2.40"].direct is True


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version = 5\n[[package]]\nname='a'\nversion='1'\n", "is not 1 to 4"),
        ('[[package]]\nname = "a"\nversion = "1.0', "not readable TOML"),
        ("[workspace]\n", "no [[package]] entries"),
        ('[package]\nname = "a"\nversion = "1"\n', "no [[package]] entries"),
        ('[root]\nname = "a"\n', "without name and version"),
        ('[[package]]\nname = "a"\n', "without name and version"),
        ('[[package]]\nname="a"\nversion="1"\ndependencies=["zzz"]\n', "names 0 packages"),
    ],
)
def test_bad_input_is_a_scan_error(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "Cargo.lock").write_text(text)
    with pytest.raises(ScanError, match=problem.replace("[", r"\[")):
        list(CargoLockReader().read(tmp_path / "Cargo.lock", tmp_path))


def test_truncated_real_file_is_a_scan_error(tmp_path: Path) -> None:
    (tmp_path / "Cargo.lock").write_bytes(LOCK.read_bytes()[:5000])
    with pytest.raises(ScanError):
        list(CargoLockReader().read(tmp_path / "Cargo.lock", tmp_path))


def test_oldest_v1_root_table_is_the_project(tmp_path: Path) -> None:
    (tmp_path / "Cargo.lock").write_text(
        '[root]\nname = "app"\nversion = "0.1.0"\n'
        'dependencies = ["libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)"]\n\n'
        '[[package]]\nname = "libc"\nversion = "0.2.40"\n'
        'source = "registry+https://github.com/rust-lang/crates.io-index"\n'
    )
    [libc] = CargoLockReader().read(tmp_path / "Cargo.lock", tmp_path)
    assert (libc.name, libc.version, libc.direct) == ("libc", "0.2.40", True)
