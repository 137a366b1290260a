"""GemfileLockReader on a real Bundler 4 lockfile (heroku/ruby-getting-started)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.errors import ScanError
from vigil.model import Dependency
from vigil.scanners.lockfiles.gemfile import GemfileLockReader

DATA = Path(__file__).parents[2] / "data" / "lockfiles"
LOCK = DATA / "gemfile" / "ruby-getting-started" / "Gemfile.lock"


def _read(path: Path, root: Path = DATA) -> dict[str, Dependency]:
    return {d.name: d for d in GemfileLockReader().read(path, root)}


def test_every_gem_once_direct_from_dependencies() -> None:
    deps = _read(LOCK)
    assert len(deps) == 80  # 86 specs; ffi, nokogiri and pg are locked for three platforms
    assert {n for n, d in deps.items() if d.direct} == {
        "bootsnap",
        "importmap-rails",
        "listen",
        "pg",
        "propshaft",
        "puma",
        "rack-timeout",
        "rails",
        "sdoc",
        "spring",
    }
    assert all(d.path for d in deps.values() if not d.direct)
    # gem 'spring', group: :development; sdoc is in the :doc group, which is not a dev one
    assert {n for n, d in deps.items() if d.dev} == {"spring"}


def test_exact_values_platform_gems_and_paths() -> None:
    deps = _read(LOCK)
    assert deps["nokogiri"] == Dependency(
        ecosystem="gem",
        name="nokogiri",
        version="1.19.4",  # not 1.19.4-x86_64-linux-gnu
        purl="pkg:gem/nokogiri@1.19.4",
        source="gemfile/ruby-getting-started/Gemfile.lock",
        direct=False,
        dev=False,
        path=("importmap-rails@2.2.3", "actionpack@8.1.2.1", "nokogiri@1.19.4"),
    )
    assert deps["ffi"].path == ("listen@3.10.0", "rb-inotify@0.11.1", "ffi@1.17.3")
    assert deps["net-imap"].version == "0.6.4.1"
    assert deps["rails"].path == ()


GIT_AND_PATH = """\
GIT
  remote: https://github.com/example/widget.git
  revision: 0123456789abcdef0123456789abcdef01234567
  specs:
    widget (0.4.0)
      rack (>= 2)

PATH
  remote: .
  specs:
    myapp (1.0.0)
      json (~> 2.0)

GEM
  remote: https://rubygems.org/
  specs:
    json (2.7.1)
    rack (3.0.8)

PLATFORMS
  ruby

DEPENDENCIES
  myapp!
  widget!

CHECKSUMS
  json (2.7.1) sha256=abc

BUNDLED WITH
   2.5.3
"""


def test_git_gems_are_reported_path_gems_are_the_project(tmp_path: Path) -> None:
    (tmp_path / "Gemfile.lock").write_text(GIT_AND_PATH)
    deps = _read(tmp_path / "Gemfile.lock", tmp_path)
    assert {n: (d.version, d.direct, d.path) for n, d in deps.items()} == {
        "widget": ("0.4.0", True, ()),
        "json": ("2.7.1", True, ()),  # what the project's own gemspec needs is direct
        "rack": ("3.0.8", False, ("widget@0.4.0", "rack@3.0.8")),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("GEM\n  specs:\n    rack (3.0.8)\n\nLOCKFILE FORMAT\n  9\n", "unknown section"),
        ("GEM\n  specs:\n    rack 3.0.8\n", "unexpected 'rack 3.0.8'"),
        ("PLATFORMS\n  ruby\n", "not a Gemfile.lock"),
    ],
)
def test_bad_input_is_a_scan_error(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "Gemfile.lock").write_text(text)
    with pytest.raises(ScanError, match=problem):
        list(GemfileLockReader().read(tmp_path / "Gemfile.lock", tmp_path))


def test_truncated_real_file_is_a_scan_error(tmp_path: Path) -> None:
    # cut inside a spec line, as a interrupted write leaves it
    (tmp_path / "Gemfile.lock").write_bytes(LOCK.read_bytes()[:1000].rstrip(b"\n)"))
    with pytest.raises(ScanError, match="unexpected"):
        list(GemfileLockReader().read(tmp_path / "Gemfile.lock", tmp_path))


GEMFILE = """\
source "https://rubygems.org"

gem "rails", "~> 7.1"  # group: :test in a comment is no option
gem "json"

group :development, :test do
  platforms :mri do
    gem "debug"
  end
  gem "rspec-rails"
  gem "json"
end

gem "rubocop", require: false, groups: [:development]
gem "puma", group: "production" if ENV["PUMA"]
"""

GROUPED_LOCK = """\
GEM
  remote: https://rubygems.org/
  specs:
    debug (1.9.1)
      irb (>= 1.10)
    irb (1.11.0)
    json (2.7.1)
    puma (6.4.2)
    rails (7.1.3)
      irb
    rspec-rails (6.1.1)
      json
    rubocop (1.60.0)
      json (~> 2.3)

PLATFORMS
  ruby

DEPENDENCIES
  debug
  json
  puma
  rails (~> 7.1)
  rspec-rails
  rubocop
"""


def test_dev_groups_from_the_gemfile_beside_it(tmp_path: Path) -> None:
    (tmp_path / "Gemfile").write_text(GEMFILE)
    (tmp_path / "Gemfile.lock").write_text(GROUPED_LOCK)
    deps = _read(tmp_path / "Gemfile.lock", tmp_path)
    assert {n: (d.dev, d.path) for n, d in deps.items()} == {
        "debug": (True, ()),
        "irb": (False, ("rails@7.1.3", "irb@1.11.0")),  # rails needs it too: run time
        "json": (False, ()),  # in the default group as well as in :development, :test
        "puma": (False, ()),
        "rails": (False, ()),
        "rspec-rails": (True, ()),
        "rubocop": (True, ()),
    }
