import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from practice.models import Review

pytestmark = pytest.mark.browser

SEED = "/questions/fastapi-async-vs-def/"


def test_reveal_press_3_see_the_next_review_and_the_history_after_reload(page, bank_site, screenshot):
    page.goto(f"{bank_site}{SEED}")
    expect(page.locator(".rating-hidden-hint")).to_be_visible()
    expect(page.locator(".rating-form")).to_be_hidden()

    page.get_by_text("Show answer", exact=True).click()
    expect(page.get_by_role("button", name=re.compile("Knew it"))).to_be_visible()
    page.keyboard.press("3")
    expect(page.locator(".rating-result")).to_have_text(re.compile(r"Saved: Knew it\. Next review in 10 minutes\."))
    screenshot("card-rated")

    page.reload()
    page.get_by_text("Show answer", exact=True).click()
    history = page.locator(".history-item")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Knew it")
    expect(page.locator(".history h3")).to_contain_text("1 review · Learning")


def test_a_double_click_records_one_rating(page, bank_site, live_server):
    User.objects.create_user("dana", password="browser-test-password")
    page.goto(f"{bank_site}/accounts/login/?next={SEED}")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("browser-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(SEED))
    page.get_by_text("Show answer", exact=True).click()
    page.get_by_role("button", name=re.compile("Shaky")).dblclick()
    expect(page.locator(".rating-result")).to_contain_text("Saved: Shaky")
    page.reload()
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".history-item")).to_have_count(1)
    assert Review.objects.filter(user__username="dana").count() == 1


def test_sign_up_after_practising_keeps_the_ratings_and_unlocks_bookmarks(page, bank_site, screenshot):
    page.goto(f"{bank_site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    page.get_by_role("button", name=re.compile("Nailed it")).click()
    expect(page.locator(".rating-result")).to_be_visible()

    page.get_by_role("link", name="Sign up").first.click()
    screenshot("signup")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-2026")
    page.get_by_label("Password confirmation").fill("a-long-passphrase-2026")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".messages")).to_contain_text("Welcome, erin")

    page.goto(f"{bank_site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".history-item")).to_have_count(1)
    page.get_by_role("button", name="☆ Bookmark").click()
    expect(page.get_by_role("button", name="★ Bookmarked")).to_be_visible()
    page.get_by_text("Add a private note").click()
    page.get_by_label("Note").fill("Remember **the threadpool** limit")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".note-body strong")).to_have_text("the threadpool")
    screenshot("card-signed-in")


def test_a_visitor_served_a_cached_card_page_can_rate_it_and_set_the_preference(page, bank_site, browser):
    """The card page holds no token of the first visitor's; the second one's panel brings their own."""
    first = page.goto(f"{bank_site}{SEED}")
    other = browser.new_context()
    errors: list[str] = []
    second = other.new_page()
    second.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = second.goto(f"{bank_site}{SEED}")
    assert response.headers["etag"] == first.headers["etag"], "the second visitor got the cached page"

    second.get_by_text("Show answer", exact=True).click()
    expect(second.locator(".rating-form")).to_be_visible()  # the keys rate once the panel has come
    second.keyboard.press("3")
    expect(second.locator(".rating-result")).to_contain_text("Saved: Knew it")
    second.get_by_role("button", name="Always show answers").click()
    expect(second.get_by_role("button", name="Hide answers until I ask")).to_be_visible()
    expect(second.locator(".answer-body")).to_be_visible()
    other.close()
    assert errors == []

    page.reload()
    expect(page.locator(".answer-body")).to_be_hidden()  # the first visitor's preference is untouched
