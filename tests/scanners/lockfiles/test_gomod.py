"""GoModReader on real go.mod/go.sum pairs (spf13/cobra, go 1.15; spf13/viper, go 1.23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.gomod import GoModReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"


def _read(path: Path, root: Path = DATA) -> dict[str, Dependency]:
    return {d.name: d for d in GoModReader().read(path, root)}


def test_viper_require_blocks_and_indirect() -> None:
    deps = _read(DATA / "gomod" / "viper" / "go.mod")
    direct = {n: d.version for n, d in deps.items() if d.direct}
    indirect = {n: d.version for n, d in deps.items() if d.direct is False}
    assert direct == {
        "github.com/fsnotify/fsnotify": "v1.9.0",
        "github.com/go-viper/mapstructure/v2": "v2.4.0",
        "github.com/pelletier/go-toml/v2": "v2.2.4",
        "github.com/sagikazarmark/locafero": "v0.12.0",
        "github.com/spf13/afero": "v1.15.0",
        "github.com/spf13/cast": "v1.10.0",
        "github.com/spf13/pflag": "v1.0.10",
        "github.com/stretchr/testify": "v1.11.1",
        "github.com/subosito/gotenv": "v1.6.0",
        "go.yaml.in/yaml/v3": "v3.0.4",
    }
    # go 1.23: go.mod is the whole build list; go.sum's extra (pruned) modules are not added.
    assert indirect == {
        "github.com/davecgh/go-spew": "v1.1.1",
        "github.com/google/go-cmp": "v0.6.0",
        "github.com/pmezard/go-difflib": "v1.0.0",
        "golang.org/x/sys": "v0.29.0",
        "golang.org/x/text": "v0.28.0",
        "gopkg.in/check.v1": "v1.0.0-20190902080502-41f04d3bba15",
        "gopkg.in/yaml.v3": "v3.0.1",
    }
    assert deps["github.com/go-viper/mapstructure/v2"] == Dependency(
        ecosystem="golang",
        name="github.com/go-viper/mapstructure/v2",
        version="v2.4.0",
        purl="pkg:golang/github.com/go-viper/mapstructure/v2@v2.4.0",
        source="gomod/viper/go.mod",
        direct=True,
    )
    assert deps["gopkg.in/yaml.v3"].purl == "pkg:golang/gopkg.in/yaml.v3@v3.0.1"


def test_cobra_before_go_1_17_takes_the_rest_from_go_sum() -> None:
    deps = _read(DATA / "gomod" / "cobra" / "go.mod")
    assert {n: (d.version, d.direct) for n, d in deps.items()} == {
        "github.com/cpuguy83/go-md2man/v2": ("v2.0.6", True),
        "github.com/inconshreveable/mousetrap": ("v1.1.0", True),
        "github.com/spf13/pflag": ("v1.0.9", True),
        "go.yaml.in/yaml/v3": ("v3.0.4", True),
        "github.com/russross/blackfriday/v2": ("v2.1.0", False),
        "gopkg.in/check.v1": ("v0.0.0-20161208181325-20d25e280405", False),
    }
    assert all(d.path == () and not d.dev for d in deps.values())


def test_okteto_replace_directives_report_the_replacement() -> None:
    deps = _read(DATA / "gomod" / "okteto" / "go.mod")
    assert len(deps) == 187
    assert len([d for d in deps.values() if d.direct]) == 47
    # replace github.com/moby/buildkit => github.com/okteto/buildkit v0.8.3-okteto1
    assert "github.com/moby/buildkit" not in deps
    assert deps["github.com/okteto/buildkit"] == Dependency(
        ecosystem="golang",
        name="github.com/okteto/buildkit",
        version="v0.8.3-okteto1",
        purl="pkg:golang/github.com/okteto/buildkit@v0.8.3-okteto1",
        source="gomod/okteto/go.mod",
        direct=True,
    )
    # an indirect module keeps being indirect under its replacement
    assert "github.com/jaguilar/vt100" not in deps
    vt100 = deps["github.com/tonistiigi/vt100"]
    assert (vt100.version, vt100.direct) == ("v0.0.0-20190402012908-ad4c4a574305", False)
    assert deps["github.com/docker/docker"].version == "v20.10.8+incompatible"


GO_MOD = """\
module example.com/app

go 1.16

require github.com/a/one v1.0.0
require (
\tgithub.com/b/two v1.2.0 // indirect
\t"github.com/c/three" v0.3.0
\texample.com/local v0.0.0
\tgithub.com/d/four v1.4.0
)

replace github.com/c/three => github.com/fork/three v0.3.1
replace example.com/local => ../local
replace github.com/a/one v1.0.0 => github.com/a/one v1.0.1
replace github.com/a/one v0.9.0 => github.com/never/used v9.9.9

exclude github.com/d/four v1.4.0
retract v0.1.0
"""

GO_SUM = """\
github.com/a/one v1.0.1 h1:aaa=
github.com/a/one v1.0.1/go.mod h1:bbb=
github.com/e/five v1.10.0 h1:ccc=
github.com/e/five v1.9.0 h1:ddd=
github.com/e/five v1.11.0-rc.1 h1:eee=
github.com/f/six v1.2.0-beta h1:ggg=
github.com/f/six v1.2.0 h1:hhh=
github.com/e/five v2.0.0/go.mod h1:fff=
"""


def test_replace_exclude_and_go_sum_versions(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "go.sum").write_text(GO_SUM)
    deps = _read(tmp_path / "go.mod", tmp_path)
    assert {n: (d.version, d.direct) for n, d in deps.items()} == {
        "github.com/a/one": ("v1.0.1", True),
        "github.com/b/two": ("v1.2.0", False),
        "github.com/fork/three": ("v0.3.1", True),
        # the highest version whose source is checksummed, in semver order (1.11.0-rc.1 is
        # above 1.10.0 and 1.9.0); a /go.mod-only line (v2.0.0) was never built
        "github.com/e/five": ("v1.11.0-rc.1", False),
        "github.com/f/six": ("v1.2.0", False),  # a release is above its prereleases
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("module a\n\nrequire (\n\tgithub.com/x/y v1.0.0\n", "unterminated require block"),
        ("module a\nfrobnicate x\n", "unknown directive 'frobnicate'"),
        ("module a\nrequire github.com/x/y\n", "malformed require"),
        ("module a\nreplace github.com/x/y v1\n", "malformed replace"),
    ],
)
def test_bad_input_is_a_scan_error(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "go.mod").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(GoModReader().read(tmp_path / "go.mod", tmp_path))


def test_corrupt_go_sum_is_a_scan_error(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module a\n\ngo 1.16\n")
    (tmp_path / "go.sum").write_text("github.com/x/y v1.0.0 h1:abc=\ngithub.com/x/y v1.0\n")
    with pytest.raises(ScanError, match=r"go\.sum: line 2"):
        list(GoModReader().read(tmp_path / "go.mod", tmp_path))
