"""Reading a static export back: every page parsed, every link and asset it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "action"}


@dataclass
class ParsedPage:
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    ids: set[str] = field(default_factory=set)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.page.tags.append((tag, attributes))
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        for name in LINK_ATTRIBUTES & attributes.keys():
            self.page.links.append((tag, name, attributes[name]))


def parse(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def pages(outdir: Path) -> dict[str, ParsedPage]:
    return {path.relative_to(outdir).as_posix(): parse(path) for path in sorted(outdir.rglob("*.html"))}


def broken_links(outdir: Path, parsed: dict[str, ParsedPage]) -> list[str]:
    """Every link or asset of every page that does not lead to a file of the export (or to an id in it)."""
    broken = []
    for name, page in parsed.items():
        for tag, attribute, value in page.links:
            parts = urlsplit(value)
            if parts.scheme in {"http", "https", "mailto"}:
                continue
            if parts.scheme or value.startswith("/"):
                broken.append(f"{name}: <{tag} {attribute}={value!r}> is not relative")
                continue
            target = (outdir / name).parent / unquote(parts.path) if parts.path else outdir / name
            if not target.resolve().is_file() or not target.resolve().is_relative_to(outdir.resolve()):
                broken.append(f"{name}: <{tag} {attribute}={value!r}> leads to no file")
            elif parts.fragment and target.suffix == ".html":
                relative = target.resolve().relative_to(outdir.resolve()).as_posix()
                if unquote(parts.fragment) not in parsed[relative].ids:
                    broken.append(f"{name}: <{tag} {attribute}={value!r}> leads to no such id")
    return broken
