"""Layers applied in order with whiteouts, links resolved inside the image, hostile tars refused."""

from __future__ import annotations

import io

import pytest

from tests.scanners.container._images import Entry, file, layer, symlink, whiteout
from vigil.errors import ScanError
from vigil.scanners.container.layers import Filesystem, Limits, safe_name

STATUS = "var/lib/dpkg/status"


def applied(*layers: bytes, limits: Limits | None = None) -> Filesystem:
    fs = Filesystem(limits or Limits())
    for number, data in enumerate(layers, 1):
        fs.apply_tar(io.BytesIO(data), f"layer {number}")
    return fs


def test_a_later_layer_replaces_a_file_and_a_whiteout_removes_it() -> None:
    fs = applied(
        layer(file(STATUS, "Package: a\n"), file("etc/os-release", "ID=debian\n")),
        layer(file(STATUS, "Package: b\n")),
    )
    assert fs.read(STATUS) == b"Package: b\n"
    fs = applied(layer(file(STATUS, "Package: a\n")), layer(whiteout(STATUS)))
    assert fs.read(STATUS) is None


def test_a_whiteout_applies_to_lower_layers_only_whatever_the_member_order() -> None:
    # The layer re-creates the file it whites out; tar order must not matter.
    for order in ((0, 1), (1, 0)):
        entries = [whiteout(STATUS), file(STATUS, "Package: new\n")]
        fs = applied(layer(file(STATUS, "Package: old\n")), layer(*(entries[i] for i in order)))
        assert fs.read(STATUS) == b"Package: new\n"


def test_a_whiteout_of_a_folder_removes_everything_under_it() -> None:
    fs = applied(
        layer(file("app/node_modules/a/package.json", "{}"), file(STATUS, "x")),
        layer(whiteout("app/node_modules")),
    )
    assert sorted(fs.nodes) == [STATUS]


def test_an_opaque_folder_hides_lower_content_but_keeps_its_own() -> None:
    fs = applied(
        layer(
            file("app/node_modules/a/package.json", '{"v": 1}'),
            file("app/node_modules/b/package.json", '{"v": 1}'),
        ),
        layer(
            file("app/node_modules/b/package.json", '{"v": 2}'),
            file("app/node_modules/.wh..wh..opq", ""),
        ),
    )
    assert sorted(fs.nodes) == ["app/node_modules/b/package.json"]
    assert fs.read("app/node_modules/b/package.json") == b'{"v": 2}'


def test_a_file_replaced_by_a_folder_or_an_unkept_file_is_gone() -> None:
    fs = applied(layer(file(STATUS, "x")), layer(Entry(STATUS, "dir", mode=0o755)))
    assert fs.read(STATUS) is None


def test_links_resolve_inside_the_image_relative_and_absolute() -> None:
    fs = applied(
        layer(
            file("usr/lib/os-release", "ID=debian\n"),
            symlink("etc/os-release", "../usr/lib/os-release"),
            symlink("lib", "usr/lib"),
            symlink("etc/abs", "/usr/lib/os-release"),
        )
    )
    assert fs.read("etc/os-release") == b"ID=debian\n"
    assert fs.read("lib/os-release") == b"ID=debian\n"
    assert fs.read("etc/abs") == b"ID=debian\n"


def test_a_link_cannot_leave_the_image_root() -> None:
    # However many '..', resolution stops at the image root: the host's files are never named.
    fs = applied(layer(symlink(STATUS, "../../../../../../../../etc/passwd")))
    assert fs.resolve(STATUS) == "etc/passwd"
    assert fs.read(STATUS) is None


def test_a_link_loop_resolves_to_nothing() -> None:
    fs = applied(layer(symlink("a", "b"), symlink("b", "a"), symlink("etc/os-release", "/a")))
    assert fs.resolve("etc/os-release") is None
    assert fs.read("etc/os-release") is None


def test_a_hard_link_to_a_kept_file_shares_its_bytes() -> None:
    fs = applied(
        layer(
            file("usr/lib/os-release", "ID=alpine\n"),
            Entry("etc/os-release", "hardlink", target="usr/lib/os-release"),
        )
    )
    assert fs.read("etc/os-release") == b"ID=alpine\n"


def test_devices_and_fifos_are_skipped() -> None:
    fs = applied(layer(Entry(STATUS, "chardev"), Entry("etc/os-release", "fifo")))
    assert fs.nodes == {}
    assert fs.files == 2


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/passwd", "unsafe member name '/etc/passwd': absolute path"),
        ("../../etc/passwd", "unsafe member name '../../etc/passwd': '..' in path"),
        ("usr/../../x", "unsafe member name 'usr/../../x': '..' in path"),
    ],
)
def test_traversal_names_are_refused(name: str, problem: str) -> None:
    with pytest.raises(ScanError) as caught:
        applied(layer(file(name, "x")))
    assert caught.value.problem == problem
    assert str(caught.value) == f"layer 1: {problem}"


def test_safe_names_drop_dot_segments() -> None:
    assert safe_name("./var//lib/./dpkg/status", "x") == STATUS


def test_too_many_files_is_a_tar_bomb() -> None:
    with pytest.raises(ScanError) as caught:
        applied(layer(*(file(f"f{i}", "x") for i in range(11))), limits=Limits(max_files=10))
    assert caught.value.problem == "more than 10 files (tar bomb?)"


def test_too_many_bytes_is_a_tar_bomb() -> None:
    with pytest.raises(ScanError) as caught:
        applied(
            layer(file("a", b"x" * 600), file("b", b"x" * 600)), limits=Limits(max_total_bytes=1000)
        )
    assert caught.value.problem == "more than 1000 bytes unpacked (tar bomb?)"


def test_a_kept_file_over_its_cap_is_a_warning_not_content() -> None:
    fs = applied(layer(file(STATUS, b"x" * 100)), limits=Limits(max_kept_file=50))
    assert fs.read(STATUS) is None
    assert fs.warnings == [f"{STATUS}: 100 bytes, larger than the cap; not read"]


def test_too_many_layers() -> None:
    with pytest.raises(ScanError) as caught:
        applied(layer(), layer(), layer(), limits=Limits(max_layers=2))
    assert caught.value.problem == "more than 2 layers"


def test_a_truncated_layer_is_a_scan_error() -> None:
    data = layer(file(STATUS, b"x" * 5000))
    with pytest.raises(ScanError) as caught:
        applied(data[:1500])
    assert str(caught.value) == "layer 1: not a readable tar layer (unexpected end of data)"


def test_garbage_is_not_a_layer() -> None:
    with pytest.raises(ScanError) as caught:
        applied(b"this is not a tar archive at all" * 40)
    assert caught.value.problem.startswith("not a readable tar layer")


def test_a_hard_link_sees_its_target_as_the_same_layer_left_it() -> None:
    fs = applied(
        layer(file("usr/lib/os-release", "ID=old\n")),
        layer(
            Entry("usr/lib/os-release", "dir", mode=0o755),  # replaced: no longer a kept file
            Entry("etc/os-release", "hardlink", target="usr/lib/os-release"),
        ),
    )
    assert fs.read("etc/os-release") is None


def test_kept_files_have_a_total_cap() -> None:
    with pytest.raises(ScanError) as caught:
        applied(
            layer(*(file(f"app/node_modules/p{i}/package.json", b"{}" * 20) for i in range(5))),
            limits=Limits(max_kept_total=100),
        )
    assert (
        str(caught.value) == "app/node_modules/p2/package.json: package files over 100 bytes in all"
    )


APK = "usr/lib/apk/db/installed"


def test_a_later_layer_writing_through_a_linked_folder_lands_at_the_real_path() -> None:
    fs = applied(
        layer(symlink("lib", "usr/lib"), Entry("usr/lib", "dir", mode=0o755)),
        layer(file("lib/apk/db/installed", "P:musl\nV:1.2\n")),
    )
    assert sorted(fs.nodes) == ["lib", APK]
    assert fs.read(APK) == fs.read("lib/apk/db/installed") == b"P:musl\nV:1.2\n"
    # Readers asking by the usual name still find it, under the name it was written as.
    assert [p for p, _ in fs.kept_files("lib/apk/db/installed")] == ["lib/apk/db/installed"]


def test_a_folder_link_made_earlier_in_the_same_layer_is_followed() -> None:
    # dpkg's status.d through an absolute link to a folder, both in one layer.
    fs = applied(
        layer(
            symlink("var/lib/dpkg", "/srv/dpkg"),
            file("var/lib/dpkg/status.d/base", "Package: base-files\n"),
        )
    )
    assert sorted(fs.nodes) == ["srv/dpkg/status.d/base", "var/lib/dpkg"]
    found = [(p, d) for p, d in fs.kept_files("var/lib/dpkg/status.d/*")]
    assert found == [("var/lib/dpkg/status.d/base", b"Package: base-files\n")]
    assert fs.read("var/lib/dpkg/status.d/base") == b"Package: base-files\n"


def test_a_whiteout_through_a_linked_folder_removes_the_real_file() -> None:
    fs = applied(
        layer(symlink("lib", "usr/lib"), file("lib/apk/db/installed", "P:musl\n")),
        layer(file("usr/lib/os-release", "ID=x\n")),
        layer(whiteout("lib/apk")),
    )
    assert sorted(fs.nodes) == ["lib", "usr/lib/os-release"]
    fs = applied(
        fs_layer := layer(symlink("lib", "usr/lib"), file("usr/lib/os-release", "x")),
        layer(file("lib/.wh..wh..opq", "")),
    )
    assert sorted(fs.nodes) == ["lib"]
    fs = applied(fs_layer, layer(whiteout("lib")))
    # The link itself is removed, not what it points at.
    assert sorted(fs.nodes) == ["usr/lib/os-release"]


def test_a_linked_folder_never_leads_out_of_the_image_root() -> None:
    fs = applied(
        layer(symlink("a", "../../../../etc"), symlink("b", "/../../usr")),
        layer(file("a/os-release", "ID=x\n"), file("b/lib/os-release", "ID=y\n")),
    )
    assert sorted(fs.nodes) == ["a", "b", "etc/os-release", "usr/lib/os-release"]


def test_a_link_changed_mid_layer_redirects_only_the_members_after_it() -> None:
    fs = applied(
        layer(symlink("lib", "one")),
        layer(
            file("lib/apk/db/installed", "first"),
            symlink("lib", "two"),
            file("lib/apk/db/installed", "second"),
            Entry("lib", "dir", mode=0o755),
            file("lib/apk/db/installed", "third"),
        ),
    )
    assert {p: n.data for p, n in fs.nodes.items()} == {
        "one/apk/db/installed": b"first",
        "two/apk/db/installed": b"second",
        "lib/apk/db/installed": b"third",
    }


def test_a_folder_link_loop_keeps_the_literal_path() -> None:
    fs = applied(
        layer(symlink("x", "y"), symlink("y", "x")), layer(file("x/lib/apk/db/installed", "a"))
    )
    assert "x/lib/apk/db/installed" not in fs.nodes  # not kept: only lib/apk/db/installed is
    assert sorted(fs.nodes) == ["x", "y"]
