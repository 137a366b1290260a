"""Reading templates: which context variables a Jinja2 or Django template prints unescaped."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vigil.scanners.sast.templates import TemplateIndex, raw_names


def test_safe_filter_and_autoescape_blocks() -> None:
    text = (
        "{{ a }} {{ b|safe }} {{ c | upper | safe }} {{ d|e|safe }} {{ e|default('x|y') }}"
        "{% autoescape false %}{{ f }} {{ g|escape }}{% endautoescape %} {{ h }}"
        "{% autoescape off %}{{ i.name }}{% endautoescape %}"
    )
    assert raw_names(text) == {"b", "c", "f", "i"}


def test_loop_and_with_aliases_lead_back_to_the_context_variable() -> None:
    text = (
        "{% for post in posts %}{{ post.text|safe }}{% endfor %}"
        "{% for k, v in pairs %}{{ v|safe }}{% endfor %}"
        "{% with who=author %}{{ who|safe }}{% endwith %}{% set t = title %}{{ t|safe }}"
    )
    assert raw_names(text) == {"posts", "pairs", "author", "title"}


def test_literals_and_whitespace_control() -> None:
    assert raw_names("{{- 'x'|safe -}} {{- name|safe -}}") == {"name"}


def test_script_elements_print_code_unless_quoted_or_js_escaped() -> None:
    text = (
        "<p>{{ a }}</p><script>\n var b = {{ b }};\n var c = '{{ c }}';"
        ' var d = "{{ d }}"; var e = `{{ e }}`; var f = {{ f|tojson }};'
        ' var g = {{ g|escape }};\n</script>\n<script src="x.js"></script>{{ h }}'
    )
    assert raw_names(text) == {"b", "e", "g"}


def test_index_matches_a_template_by_the_end_of_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "app" / "templates" / "blog"
    folder.mkdir(parents=True)
    (folder / "post.html").write_text("{{ body|safe }}")
    (folder / "list.html").write_text("{{ body }}")
    (tmp_path / "other_post.html").write_text("{{ x|safe }}")
    index = TemplateIndex(tmp_path, sorted(tmp_path.rglob("*.html")))
    assert index.unescaped("blog/post.html") == (
        ("app/templates/blog/post.html", frozenset({"body"})),
    )
    assert index.unescaped("blog/list.html") == ()
    assert index.unescaped("post.html") == (("app/templates/blog/post.html", frozenset({"body"})),)


@given(st.text(alphabet="{}%|-'\"` abcsafe_.\nautoescapeoffforinwith=<>/script\\", max_size=300))
def test_any_text_gives_identifiers(text: str) -> None:
    assert all(name.isidentifier() for name in raw_names(text))
