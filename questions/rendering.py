"""Markdown to safe HTML, and the Pygments stylesheet that goes with it.

Card text comes from pull requests, so it is untrusted: whatever Markdown
produces goes through nh3 with an explicit allow-list before it is stored.
Rendering happens once, at sync time; page views only read the result.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES

from .cards import OUTPUT_FLAG, RUNNABLE_FLAG, SERVER_ONLY_FLAG, ParsedCard
from .nesting import nesting_problem

# Bump when the output of render_markdown changes, so the next sync re-renders
# every card even though the files did not change.
RENDERER_VERSION = "4"

CARD_URL = "/questions/{}/"
LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"

ADMONITION_TYPES = {
    "note",
    "tip",
    "hint",
    "info",
    "warning",
    "caution",
    "danger",
    "important",
    "example",
    "question",
    "quote",
    "success",
    "failure",
    "bug",
    "abstract",
    "attention",
}

_MARKDOWN_CONFIG = {
    "extensions": [
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.details",
        "pymdownx.tasklist",
        "tables",
        "admonition",
        "toc",
        "sane_lists",
    ],
    "extension_configs": {
        "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False},
        "tables": {"use_align_attribute": True},
        "toc": {"slugify": lambda value, separator: "h-" + slugify(value, separator)},
    },
}

_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "s",
    "del",
    "ins",
    "mark",
    "sub",
    "sup",
    "code",
    "pre",
    "kbd",
    "samp",
    "var",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "span",
    "div",
    "details",
    "summary",
    "input",
    "abbr",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
    "abbr": {"title"},
    **{heading: {"id"} for heading in ("h2", "h3", "h4", "h5", "h6")},
}
_CLASSES = {
    "span": {name for name in STANDARD_TYPES.values() if name} | {"filename", "hll"},
    # "runnable", "output" and "server-only" come from the parser's fence flags (cards.FENCE_FLAGS).
    "div": {"highlight", "admonition", RUNNABLE_FLAG, OUTPUT_FLAG, SERVER_ONLY_FLAG} | ADMONITION_TYPES,
    "details": ADMONITION_TYPES,
    "code": {"highlight"},
    "p": {"admonition-title"},
    "ul": {"task-list"},
    "li": {"task-list-item"},
}
_CARD_HREF_RE = re.compile(r'href="id:([a-z0-9]+(?:-[a-z0-9]+)*)"')
_TAG_RE = re.compile(r"<[^>]+>")
# Tags that end a run of text. Other tags (a highlighted code token's <span>,
# <code>, <em>) sit inside a word, and a space in their place reads "asyncio . gather ( x )".
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|br|hr|h[1-6]|pre|blockquote|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|th|td|caption"
    r"|div|details|summary|img|input)\b[^>]*>",
    re.IGNORECASE,
)
_SPACE_RE = re.compile(r"\s+")
_local = threading.local()


class UnrenderableMarkdown(ValueError):
    """Text the renderer refuses (nested too deep) or fails on; the message says which."""


def _markdown() -> markdown.Markdown:
    # A Markdown instance is costly to build and not thread-safe: one per thread.
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(**_MARKDOWN_CONFIG)
    return md


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "input" and attribute == "type":
        return value if value == "checkbox" else None
    return value


def sanitize(html: str) -> str:
    """Keep only the markup cards need; drop scripts, handlers, styles and odd URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render card Markdown to sanitised HTML; ``id:`` links become card URLs.

    A conversion that fails part-way leaves a Markdown instance in a state that
    ``reset()`` does not undo (later texts come out without paragraphs and with
    HTML escaped), so after any failure the thread builds a fresh one.
    """
    problem = nesting_problem(text)
    if problem:
        raise UnrenderableMarkdown(f"line {problem[0]}: {problem[1]}")
    md = _markdown()
    try:
        html = md.convert(text)
    except Exception as error:  # RecursionError above all; any failure must not poison the next text
        _local.md = None
        raise UnrenderableMarkdown(f"the text cannot be rendered ({type(error).__name__})") from error
    md.reset()
    html = _CARD_HREF_RE.sub(lambda match: f'href="{CARD_URL.format(match.group(1))}"', html)
    return sanitize(html)


@dataclass(frozen=True)
class RenderedCard:
    prompt_html: str
    answer_html: str
    search_text: str


def render_card(card: ParsedCard) -> RenderedCard:
    """Everything the sync stores for a card's text; picklable, so it can run in worker processes."""
    prompt_html = render_markdown(card.prompt) if card.prompt else ""
    answer_html = render_markdown(card.answer)
    return RenderedCard(prompt_html, answer_html, plain_text(prompt_html, answer_html))


def plain_text(*parts: str) -> str:
    """The words of some HTML for searching and for search snippets.

    The title is indexed on its own, so a snippet taken from this text shows
    the prompt or the answer rather than the title again.
    """
    text = " ".join(html.unescape(_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", part))) for part in parts)
    return _SPACE_RE.sub(" ", text).strip()


def pygments_css() -> str:
    """Light and dark highlighting styles, switched by ``prefers-color-scheme``."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")
    dark = "\n".join("  " + line for line in dark.splitlines())
    return (
        "/* Generated by `python manage.py pygments_css`; do not edit by hand. */\n"
        f"{light}\n\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
