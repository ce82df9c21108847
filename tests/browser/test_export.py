"""The static export in a real Chromium, opened from disk: no server at all."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from questions.models import Card, Topic

from ..conftest import REPO_ROOT
from .conftest import restore_repository_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def exported(db, settings, tmp_path):
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    restore_repository_bank(settings.QUESTIONBANK_CONTENT_DIR)
    outdir = tmp_path / "site"
    call_command("export_site", str(outdir))
    return outdir


def test_from_disk_the_home_page_shows_topics_and_leads_to_a_card(page, exported):
    page.goto((exported / "index.html").as_uri())
    tiles = page.locator(".topic-tile-name")
    expect(tiles).to_have_count(Topic.objects.with_card_counts().count())
    expect(tiles.filter(has_text="Git")).to_be_visible()

    page.locator(".topic-tile", has_text="Git").click()
    expect(page.locator("h1")).to_have_text("Git")
    first = page.locator(".card-item-title").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".answer-body")).to_be_visible()  # shown without a click
    assert page.url.startswith("file://") and page.url.endswith("/index.html")
    expect(page.locator("link[rel=stylesheet]").first).to_have_attribute("href", re.compile(r"\.[0-9a-f]{12}\.css$"))
    # The site's stylesheet applied: the header is laid out as a flex row.
    assert page.locator(".header-row").evaluate("el => getComputedStyle(el).display") == "flex"


def test_the_exported_search_finds_a_card_from_the_header_box(page, exported):
    card = Card.objects.get(slug="git-bisect")
    page.goto((exported / "questions/index.html").as_uri())
    page.locator("#site-search").fill("bisect binary")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(re.compile(r"/search/index\.html\?q=bisect\+binary$"))
    results = page.locator("#export-results .card-item-title")
    expect(results.filter(has_text=card.title)).to_have_count(1)  # other bisect cards may rank above it
    expect(page.locator("#export-result-count")).to_contain_text("question")

    page.locator("#export-q").fill("no-such-word-anywhere")
    expect(results).to_have_count(0)
    expect(page.locator("#export-result-count")).to_contain_text("No questions match")
    page.locator("#export-q").fill("bisect")
    results.filter(has_text=card.title).click()
    expect(page.locator("h1")).to_have_text(card.title)
