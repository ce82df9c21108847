"""What a signed-in person sees of their own practice on shared pages: statuses, what is due, what changed."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from practice.models import Review
from questions.models import Card
from questions.sync import sync_bank

from .people import person_with_history, sign_in

pytestmark = pytest.mark.browser


def at_phone_width(page, screenshot, name):
    page.set_viewport_size({"width": 375, "height": 812})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    screenshot(f"phone-{name}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_browse_shows_each_cards_status_and_home_what_is_due(page, bank_site, screenshot):
    user = person_with_history()
    sign_in(page, bank_site, user)
    page.goto(f"{bank_site}/questions/")
    statuses = page.locator(".card-list .card-status:not(:empty)")
    expect(statuses).to_have_count(20)
    expect(page.locator(".card-list .card-status", has_text="Bookmarked")).to_have_count(1)
    screenshot("browse-statuses")
    at_phone_width(page, screenshot, "browse-statuses")

    page.goto(f"{bank_site}/")
    expect(page.locator(".due-today")).to_contain_text(re.compile(r"\d+ cards? (is|are) due"))
    screenshot("home-due")
    at_phone_width(page, screenshot, "home-due")
    page.get_by_role("button", name="Practise the due ones").click()
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))


def test_the_panel_shows_what_changed_in_the_answer(page, bank_site, screenshot, settings, tmp_path):
    card = Card.objects.get(slug="fastapi-async-vs-def")
    user = person_with_history()
    Review.record(user, card, rating=3, token="before-the-edit")
    # Edit a copy of the bank: the repository's files are read by other test runs at the same time.
    copy = shutil.copytree(settings.QUESTIONBANK_CONTENT_DIR, tmp_path / "content")
    settings.QUESTIONBANK_CONTENT_DIR = copy
    source = copy / card.source_path
    original = source.read_text(encoding="utf-8")
    edited = original.replace("**Short answer:**", "**Short answer (revised):**", 1)
    assert edited != original
    source.write_text(edited, encoding="utf-8")
    assert sync_bank(settings.QUESTIONBANK_CONTENT_DIR).ok
    sign_in(page, bank_site, user)
    page.goto(f"{bank_site}/questions/fastapi-async-vs-def/")
    expect(page.locator(".practice-panel .notice")).to_contain_text("has changed since you last rated it")
    expect(page.locator(".answer-change")).to_be_hidden()  # it would give the answer away
    page.get_by_text("Show answer", exact=True).click()
    page.get_by_text("What changed in the answer").click()
    expect(page.locator(".answer-diff ins")).to_contain_text("Short answer (revised):")
    expect(page.locator(".answer-diff del")).to_contain_text("Short answer:")
    page.locator(".answer-change").scroll_into_view_if_needed()
    screenshot("panel-answer-diff")
    at_phone_width(page, screenshot, "panel-answer-diff")
