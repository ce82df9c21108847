"""The static export: every card as a page, links that resolve from disk, nothing that needs a person."""

import os
import re
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questions.export.assets import hashed_name, index_json, words
from questions.export.pages import Page, page_for_url, relative_url, resolver, rewrite_links
from questions.export.selection import CardFacts, pages_for_changes, topic_and_parents
from questions.models import Card
from questions.sync import sync_bank

from .conftest import REPO_ROOT
from .exported import broken_links, pages
from .gitrepo import git_bank
from .realbank import restore_repository_bank


def export(outdir: Path, *args: str) -> str:
    out = StringIO()
    call_command("export_site", str(outdir), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def real_bank(db, settings):
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    restore_repository_bank(settings.QUESTIONBANK_CONTENT_DIR)
    return settings.QUESTIONBANK_CONTENT_DIR


@pytest.fixture
def exported(real_bank, tmp_path) -> Path:
    outdir = tmp_path / "site"
    export(outdir)
    return outdir


def test_the_real_bank_has_a_page_per_card_with_its_answer_shown(exported):
    cards = list(Card.objects.active().values_list("slug", "title"))
    assert len(cards) >= 50
    card_pages = sorted(path.parent.name for path in (exported / "questions").glob("*/index.html"))
    assert card_pages == sorted(slug for slug, _ in cards)
    slug, title = cards[0]
    text = (exported / "questions" / slug / "index.html").read_text()
    assert title.replace("'", "&#x27;") in text
    assert '<details class="answer-toggle" id="answer" open>' in text


def test_home_topics_tags_difficulties_and_search_are_exported(exported):
    assert (exported / "index.html").is_file() and (exported / "search/index.html").is_file()
    assert (exported / "questions/index.html").is_file()
    assert (exported / "topics/python/asyncio/index.html").is_file()
    assert (exported / "tags/asyncio/index.html").is_file()
    assert {p.name for p in (exported / "difficulty").iterdir()} == {"easy", "medium", "hard"}
    listing = (exported / "topics/git/index.html").read_text()
    assert listing.count('class="card-item"') == Card.objects.active().filter(topic_id="git").count()


def test_every_link_and_asset_of_every_page_resolves_to_a_file(exported):
    parsed = pages(exported)
    assert len(parsed) > Card.objects.active().count()
    assert broken_links(exported, parsed) == []
    stylesheets = [a["href"] for tag, a in parsed["index.html"].tags if tag == "link" and a.get("rel") == "stylesheet"]
    assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in stylesheets)


def test_nothing_personal_or_server_bound_is_exported(exported):
    for name, page in pages(exported).items():
        for tag, attributes in page.tags:
            assert not any(key.startswith("hx-") for key in attributes), (name, tag, attributes)
            assert not (tag == "form" and attributes.get("method", "get").lower() not in {"get", "dialog"}), name
            assert attributes.get("name") != "csrfmiddlewaretoken", name
            assert attributes.get("id") not in {"practice-panel"}, name
        html = (exported / name).read_text()
        assert "htmx" not in html.lower().replace("htmx-indicator", ""), name
        assert "Log in" not in html and "Practise" not in html, name


def test_links_that_need_a_server_go_to_the_live_site_when_it_is_named(real_bank, tmp_path, settings):
    settings.QUESTIONBANK_SITE_URL = "https://questions.example.org"
    export(tmp_path / "site")
    home = (tmp_path / "site/index.html").read_text()
    assert 'href="https://questions.example.org/practice/"' in home
    assert broken_links(tmp_path / "site", pages(tmp_path / "site")) == []


def test_the_search_index_holds_every_card_and_no_markup(exported):
    page = (exported / "search/index.html").read_text()
    index = re.search(r'<script id="search-index" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in index
    assert index.count('"u":"questions/') == Card.objects.active().count()


def test_an_export_replaces_an_earlier_one_but_never_other_files(real_bank, tmp_path):
    outdir = tmp_path / "site"
    export(outdir)
    (outdir / "questions/stale-card").mkdir()
    export(outdir)
    assert not (outdir / "questions/stale-card").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        export(mine)
    assert (mine / "notes.txt").read_text() == "keep me"


def test_an_unsynced_database_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="sync_questions"):
        export(tmp_path / "site")


def test_a_progress_bar_only_on_a_terminal(synced, tmp_path):
    assert "\r" not in export(tmp_path / "piped")
    main, other = os.openpty()
    seen: list[bytes] = []
    reader = threading.Thread(target=lambda: _read_all(main, seen), daemon=True)
    reader.start()
    with open(other, "w", encoding="utf-8") as terminal:
        call_command("export_site", str(tmp_path / "tty"), stdout=terminal)
    reader.join(timeout=5)
    shown = b"".join(seen).decode()
    assert "\r[" in shown and re.search(r"\] (\d+)/\1 pages", shown)


def _read_all(fd: int, seen: list[bytes]) -> None:
    try:
        while chunk := os.read(fd, 4096):
            seen.append(chunk)
    except OSError:  # the terminal's other end closed
        pass
    finally:
        os.close(fd)


@pytest.fixture
def repo(tmp_path, settings, db):
    bank = git_bank(tmp_path, settings)
    bank.write("python/keep.md", title="Which card stays?", tags="[stays]", answer="Kept. " * 9)
    bank.write("python/edit.md", title="Which card is edited?", tags="[edited]", answer="Edited later. " * 9)
    bank.write("git/gone.md", title="Which card goes?", tags="[goes]", answer="Removed soon. " * 9)
    bank.write("git/move.md", title="Which card moves?", tags="[moves]", answer="Moving house. " * 9)
    bank.write("git/still.md", title="Which git card stays?", tags="[stays]", answer="Still here. " * 9)
    bank.write("sql/alone.md", title="Which sql card stays?", tags="[alone]", answer="All alone. " * 9)
    bank.base = bank.commit("base")
    assert sync_bank(bank.root).ok
    return bank


def test_changed_since_exports_only_changed_cards_and_their_listings(repo, tmp_path):
    repo.write("python/edit.md", title="Which card is edited?", tags="[edited]", answer="Edited, better. " * 9)
    repo.write("python/new.md", title="Which card is new?", tags="[fresh]", answer="Brand new. " * 9)
    (repo.root / "git/gone.md").unlink()
    (repo.root / "git/move.md").rename(repo.root / "sql/move.md")
    repo.commit("the pull request")
    assert sync_bank(repo.root).ok

    outdir = tmp_path / "preview"
    message = export(outdir, "--changed-since", repo.base)

    assert "4 changed card file(s)" in message
    written = {p.relative_to(outdir).as_posix() for p in outdir.rglob("index.html")}
    cards = {path.split("/")[1] for path in written if path.startswith("questions/") and path.count("/") == 2}
    assert cards == {"edit", "new", "move"}
    topics = {
        path.removeprefix("topics/").removesuffix("/index.html") for path in written if path.startswith("topics/")
    }
    assert topics == {"python", "git", "sql"}  # git lost two cards, sql gained one
    tags = {path.split("/")[1] for path in written if path.startswith("tags/")}
    assert tags == {"edited", "fresh", "moves"}  # "goes" has no card left, "stays" did not change
    assert {"index.html", "questions/index.html", "search/index.html"} <= written
    parsed = pages(outdir)
    assert broken_links(outdir, parsed) == []
    git_listing = (outdir / "topics/git/index.html").read_text()
    assert "Which git card stays?" in git_listing and "Which card goes?" not in git_listing
    assert 'class="card-item-title">Which git card stays?' in git_listing  # listed, but its page is not here


def test_changed_since_an_unknown_ref_is_an_error(repo, tmp_path):
    with pytest.raises(CommandError, match="no-such-ref"):
        export(tmp_path / "preview", "--changed-since", "no-such-ref")


def test_site_urls_map_to_files_and_back_as_relative_links():
    assert page_for_url("/") == (Page("home"), "")
    assert page_for_url("/questions/") == (Page("all"), "")
    assert page_for_url("/questions/?topic=python/fastapi") == (Page("topic", "python/fastapi"), "")
    assert page_for_url("/questions/?tag=sql") == (Page("tag", "sql"), "")
    assert page_for_url("/questions/git-bisect/#answer") == (Page("card", "git-bisect"), "answer")
    assert page_for_url("/questions/?tag=a&tag=b")[0] is None
    assert page_for_url("/questions/?q=index")[0] is None
    assert page_for_url("/practice/")[0] is None
    assert Page("topic", "python/fastapi").path == "topics/python/fastapi/index.html"
    assert relative_url("questions/a/index.html", "topics/git/index.html") == "../../topics/git/index.html"
    assert relative_url("index.html", "questions/a/index.html", "answer") == "questions/a/index.html#answer"


def test_rewriting_keeps_outside_links_and_drops_server_links():
    resolve = resolver({"index.html", "tags/sql/index.html"}, {"/static/css/site.css": "static/css/site.1.css"})
    page = (
        '<a href="/">Home</a> <a href="/questions/?tag=sql&amp;page=2">x</a> <a href="/questions/?tag=sql">sql</a> '
        '<link href="/static/css/site.css"> <a href="https://example.org/">out</a> <a href="/practice/">Practise</a>'
    )
    rewritten = rewrite_links(page, "tags/sql/index.html", resolve)
    assert '<a href="../../index.html">Home</a>' in rewritten
    assert "<a>x</a>" in rewritten and "<a>Practise</a>" in rewritten
    assert '<a href="../../tags/sql/index.html">sql</a>' in rewritten
    assert '<link href="../../static/css/site.1.css">' in rewritten
    assert '<a href="https://example.org/">out</a>' in rewritten
    live = rewrite_links(page, "index.html", resolve, "https://live.example")
    assert '<a href="https://live.example/practice/">Practise</a>' in live


def test_changed_pages_include_parent_topics_and_old_listings():
    existing = {Page("home"), Page("all"), Page("search"), Page("topic", "a"), Page("topic", "a/b")}
    existing |= {Page("tag", "t"), Page("tag", "u"), Page("difficulty", "easy"), Page("card", "x"), Page("card", "y")}
    facts = [CardFacts("x", "a/b", ("t",), "easy"), CardFacts("", "gone/topic", ("u",), "hard")]
    chosen = pages_for_changes(facts, existing)
    assert chosen[:3] == [Page("home"), Page("all"), Page("search")]
    assert set(chosen) == existing - {Page("card", "y")}
    assert topic_and_parents("a/b/c") == ["a", "a/b", "a/b/c"]


def test_asset_names_index_words_and_json_safety():
    assert hashed_name("css/site.css", b"x") == "css/site.2d711642b726.css"
    found = words("Index the INDEX, then use an index-only scan: a b")
    assert found == ["index", "the", "then", "use", "an", "index-only", "scan"]
    assert index_json({"t": "</script><!--"}) == '{"t":"\\u003c/script>\\u003c!--"}'


def _other_cards(page_html: str) -> list[str]:
    """The titles a card page links in its related, follow-up and previous/next parts, in order."""
    parts = re.findall(
        r'<(?:aside class="related"|section class="follow-ups"|nav class="prev-next").*?</(?:aside|section|nav)>',
        page_html,
        re.S,
    )
    return [
        title.strip()
        for part in parts
        for title in re.findall(r"<a [^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]+)</a>", part)
    ]


def test_card_pages_show_the_same_other_cards_as_the_live_site(exported, client):
    linked = 0
    for slug in Card.objects.active().values_list("slug", flat=True):
        live = client.get(f"/questions/{slug}/").content.decode()
        static = (exported / "questions" / slug / "index.html").read_text()
        assert _other_cards(static) == _other_cards(live), slug
        linked += len(_other_cards(live))
    assert linked > 3 * Card.objects.active().count()  # related, previous and next: the comparison is not empty
