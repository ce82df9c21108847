"""Rendering: what cards need survives, anything that could run does not."""

import re
from html.parser import HTMLParser

import pytest

from questions.cards import parse_card
from questions.rendering import pygments_css, render_markdown

from .conftest import REPO_ROOT, card_text

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
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example"),
    ("<scr<script>ipt>alert(1)</scr</script>ipt>", "<script"),
    ('<img src=x onerror="alert(1)"//', "onerror"),
    ('<body onload="alert(1)">', "onload"),
    ("<svg><script>alert(1)</script></svg>", "<script"),
    ('<svg><animate onbegin="alert(1)" attributeName="x"/></svg>', "onbegin"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
    ('<math href="javascript:alert(1)">x</math>', "javascript:"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "alert(1)"),
    ('<a href="java\tscript:alert(1)">x</a>', "alert(1)"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript:"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    ('<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', "data:"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "style="),
    ('<p style="width: expression(alert(1))">x</p>', "expression("),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link"),
    ('<base href="https://evil.example/">', "<base"),
    ('<embed src="x.swf">', "<embed"),
    ('<details open ontoggle="alert(1)">x</details>', "ontoggle"),
    ('<input autofocus onfocus="alert(1)">', "onfocus"),
    ('<video><source onerror="alert(1)"></video>', "onerror"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "srcdoc"),
    ('<button formaction="javascript:alert(1)">x</button>', "formaction"),
    ("<!--<img src=x onerror=alert(1)>-->", "onerror"),
    ('<a href="https://ok.example" target="_blank">x</a>', "target="),
    ("[x](javascript&#58;alert(1))", "alert(1)"),
    ('<img src="x" srcset="javascript:alert(1)">', "srcset"),
]


def test_the_hostile_corpus_is_large_enough():
    assert len(HOSTILE) >= 30


ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:")
INERT_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "link",
    "meta",
    "base",
    "form",
    "button",
    "svg",
    "math",
    "video",
    "source",
    "body",
}


class ActiveContentFinder(HTMLParser):
    """Collects anything in rendered HTML that a browser could run or that could restyle the page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in INERT_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "srcset", "formaction", "target"}:
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and value:
                # What a browser's URL parser does: drop tabs and newlines, trim, read the scheme.
                url = "".join(ch for ch in value if ch not in "\t\n\r").strip().lower()
                if SCHEME_RE.match(url) and not url.startswith(ALLOWED_SCHEMES):
                    self.found.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_it_strips_hostile_markup(source, forbidden):
    html = render_markdown(f"Before\n\n{source}\n\nAfter")
    assert active_content(html) == []
    assert html.startswith("<p>Before</p>")


def test_the_inertness_check_itself_catches_active_content():
    assert active_content('<a href="javascript:x()">a</a><p style="x" onclick="y">b</p><svg></svg>') == [
        "a[href=javascript:x()]",
        "p[style]",
        "p[onclick]",
        "<svg>",
    ]


def test_it_highlights_code_with_css_classes():
    html = render_markdown("```python\ndef f():\n    return 1\n```")
    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_it_keeps_a_code_block_title():
    html = render_markdown('```python title="app.py"\nx = 1\n```')
    assert '<span class="filename">app.py</span>' in html


def test_it_marks_runnable_and_output_blocks_for_the_page():
    card, problems = parse_card(
        card_text(answer="```python runnable\nprint(2)\n```\n\n```text output\n2\n```\n\n```python\nx = 1\n```"),
        "python/a.md",
    )
    assert problems == []
    html = render_markdown(card.answer)
    blocks = re.findall(r'<div class="([^"]*)">', html)
    assert blocks == ["runnable highlight", "output highlight", "highlight"]
    assert '<span class="filename">Output</span>' in html


def test_it_drops_other_classes_a_card_puts_on_a_block():
    html = render_markdown("```{.python .runnable .evil}\nx = 1\n```")
    assert '<div class="runnable highlight">' in html
    assert "evil" not in html


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
