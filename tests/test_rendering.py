"""Rendering: what cards need survives, anything that could run does not."""

import pytest

from questions.rendering import pygments_css, render_markdown

from .conftest import REPO_ROOT

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert(1)"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<p style="position:fixed;top:0">overlay</p>', "style="),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload"),
    ("<object data='x.swf'></object>", "<object"),
    ('<form action="https://evil.example"><input name="password"></form>', "<form"),
    ("![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:"),
    ('<a href="https://ok.example" onclick="steal()">x</a>', "onclick"),
    ("<style>body{display:none}</style>", "<style"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ('<div class="site-header">spoof</div>', "site-header"),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_it_strips_hostile_markup(source, forbidden):
    html = render_markdown(f"Before\n\n{source}\n\nAfter")
    assert forbidden.lower() not in html.lower()
    assert "After" in html


def test_it_highlights_code_with_css_classes():
    html = render_markdown("```python\ndef f():\n    return 1\n```")
    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_it_keeps_a_code_block_title():
    html = render_markdown('```python title="app.py"\nx = 1\n```')
    assert '<span class="filename">app.py</span>' in html


def test_it_renders_tables_with_alignment():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert "<table>" in html
    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html


def test_it_renders_admonitions_and_details():
    html = render_markdown('!!! tip "Interview tip"\n    Say it.\n\n??? note "More"\n    Hidden.')
    assert '<div class="admonition tip">' in html
    assert '<p class="admonition-title">Interview tip</p>' in html
    assert '<details class="note">' in html and "<summary>More</summary>" in html


def test_it_renders_task_lists_as_disabled_checkboxes():
    html = render_markdown("- [x] done\n- [ ] todo")
    assert '<input type="checkbox" disabled="" checked="">' in html


def test_it_turns_card_links_into_card_urls():
    html = render_markdown("See [the other one](id:other-card).")
    assert 'href="/questions/other-card/"' in html


def test_it_prefixes_heading_ids_so_they_cannot_clobber_the_page():
    html = render_markdown("### main")
    assert '<h3 id="h-main">main</h3>' in html


def test_the_committed_pygments_stylesheet_is_the_generated_one():
    committed = (REPO_ROOT / "static" / "css" / "pygments.css").read_text(encoding="utf-8")
    assert committed == pygments_css(), "run `make css` to regenerate static/css/pygments.css"


def test_the_pygments_stylesheet_has_a_dark_variant():
    css = pygments_css()
    assert "@media (prefers-color-scheme: dark)" in css
    assert css.count(".highlight .k ") == 2
