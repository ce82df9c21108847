"""Which pages a static export has, where each is written, and how links between them read.

All pure: the export renders the site's own templates, whose links are the
live site's URLs (``/questions/?topic=git``); here they become files
(``topics/git/index.html``) and links relative to the page that holds them,
so the export opens from disk (file:// serves no directory index) as well as
from any sub-path of a static host.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlsplit

Kind = Literal["home", "all", "topic", "tag", "difficulty", "card", "search"]

# The search page has no URL on the live site (its search is the browse page);
# the templates point the header's search box at this one in an export.
SEARCH_URL = "/search/"
_LISTING_FILTERS: dict[str, Kind] = {"topic": "topic", "tag": "tag", "difficulty": "difficulty"}
_FOLDERS: dict[Kind, str] = {"topic": "topics", "tag": "tags", "difficulty": "difficulty", "card": "questions"}
_LINK_RE = re.compile(r'(?P<name>\s(?:href|src|action))="(?P<url>/(?!/)[^"]*)"')


@dataclass(frozen=True, order=True)
class Page:
    """One file of the export: what it shows (``kind`` and ``key``, a topic path, tag, id...)."""

    kind: Kind
    key: str = ""

    @property
    def path(self) -> str:
        """The file inside the export; every page is an ``index.html`` of its own folder."""
        if self.kind == "home":
            return "index.html"
        if self.kind == "all":
            return "questions/index.html"
        if self.kind == "search":
            return "search/index.html"
        return f"{_FOLDERS[self.kind]}/{self.key}/index.html"


def site_pages(
    cards: Iterable[str], topics: Iterable[str], tags: Iterable[str], difficulties: Iterable[str]
) -> list[Page]:
    """Every page of a full export, in a stable order: the listings first, then a page per card."""
    pages = [Page("home"), Page("all"), Page("search")]
    pages += [Page("topic", topic) for topic in sorted(topics)]
    pages += [Page("tag", tag) for tag in sorted(tags)]
    pages += [Page("difficulty", difficulty) for difficulty in difficulties]
    pages += [Page("card", slug) for slug in sorted(cards)]
    return pages


def page_for_url(url: str) -> tuple[Page | None, str]:
    """The page a live-site URL shows, if the export has such a kind of page, and the URL's fragment.

    Only URLs with at most one listing filter map: a combination of filters,
    a search or a page number needs the server.
    """
    parts = urlsplit(url)
    path, query = parts.path, parse_qsl(parts.query, keep_blank_values=True)
    if path == "/" and not query:
        return Page("home"), parts.fragment
    if path == SEARCH_URL and not query:
        return Page("search"), parts.fragment
    if path == "/questions/":
        if not query:
            return Page("all"), parts.fragment
        if len(query) == 1 and query[0][0] in _LISTING_FILTERS and query[0][1]:
            return Page(_LISTING_FILTERS[query[0][0]], query[0][1].strip("/")), parts.fragment
        return None, ""
    match = re.fullmatch(r"/questions/([^/]+)/", path)
    if match and not query:
        return Page("card", unquote(match.group(1))), parts.fragment
    return None, ""


def relative_url(from_path: str, to_path: str, fragment: str = "") -> str:
    """A link from one file of the export to another: up to the export's root, then down to the file.

    Always through the root rather than the shortest way, since that is one
    string operation a link instead of a path computation; pages hold
    dozens of links.
    """
    link = "../" * from_path.count("/") + quote(to_path)
    return f"{link}#{quote(fragment)}" if fragment else link


Resolve = Callable[[str], str | None]


def rewrite_links(page_html: str, from_path: str, resolve: Resolve, live_site_url: str = "") -> str:
    """Point every site-absolute ``href``, ``src`` and ``action`` of a page at the export's files.

    ``resolve`` gives the file a URL is exported as, if it is. A URL it does not
    know goes to the live site when one is named; otherwise a link loses its
    ``href`` (its text stays, a link to nowhere does not).
    """

    def replace(match: re.Match) -> str:
        name, url = match.group("name"), html.unescape(match.group("url"))
        target = resolve(url)
        if target is not None:
            return f'{name}="{html.escape(relative_url(from_path, *_split_fragment(target)))}"'
        if live_site_url:
            return f'{name}="{html.escape(live_site_url.rstrip("/") + url)}"'
        return "" if name.strip() == "href" else match.group(0)

    return _LINK_RE.sub(replace, page_html)


def _split_fragment(target: str) -> tuple[str, str]:
    path, _, fragment = target.partition("#")
    return path, fragment


def resolver(pages: set[str], assets: dict[str, str]) -> Resolve:
    """``resolve`` for ``rewrite_links``: exported pages (by file) and copied static files (by URL)."""

    @functools.cache
    def resolve(url: str) -> str | None:
        asset = assets.get(urlsplit(url).path)
        if asset is not None:
            return asset
        page, fragment = page_for_url(url)
        if page is None or page.path not in pages:
            return None
        return f"{page.path}#{fragment}" if fragment else page.path

    return resolve
