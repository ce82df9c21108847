import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED = "/questions/fastapi-async-vs-def/"


def test_the_seed_card_has_highlighted_code_and_a_real_table(page, bank_site, screenshot):
    page.goto(f"{bank_site}{SEED}")
    expect(page.locator("h1")).to_have_text("When should you use async def vs def for route handlers in FastAPI?")
    page.get_by_text("Show answer", exact=True).click()

    keyword = page.locator(".answer-body .highlight .k").first
    expect(keyword).to_be_visible()
    plain_colour = page.evaluate("getComputedStyle(document.querySelector('.answer-body p')).color")
    assert keyword.evaluate("el => getComputedStyle(el).color") != plain_colour

    table = page.locator(".answer-body table").first
    expect(table.locator("thead th")).to_have_count(3)
    assert table.locator("tbody tr").count() >= 2
    screenshot("card-seed")


def test_the_answer_toggle_and_its_remembered_preference(page, bank_site):
    page.goto(f"{bank_site}{SEED}")
    answer = page.locator(".answer-body")
    expect(answer).to_be_hidden()
    page.get_by_text("Show answer", exact=True).click()
    expect(answer).to_be_visible()
    page.get_by_text("Hide answer", exact=True).click()
    expect(answer).to_be_hidden()

    page.get_by_role("button", name="Always show answers").click()
    page.wait_for_url(re.compile(SEED))
    expect(answer).to_be_visible()
    page.reload()
    expect(answer).to_be_visible()
    expect(page.get_by_role("button", name="Hide answers until I ask")).to_be_visible()


def test_code_blocks_have_a_working_copy_button(page, bank_site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{bank_site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    button = page.locator(".answer-body .highlight .copy-button").first
    button.click()
    expect(button).to_have_text("Copied")
    assert "async def" in page.evaluate("navigator.clipboard.readText()")


def test_the_card_page_fits_a_phone(page, bank_site, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{bank_site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot("card-phone")


def test_an_unknown_card_shows_a_helpful_not_found_page(page, bank_site, screenshot, console_errors):
    response = page.goto(f"{bank_site}/questions/no-such-card/")
    assert response.status == 404
    assert len(console_errors) == 1 and "status of 404" in console_errors.pop()
    expect(page.locator("h1")).to_have_text("We couldn’t find that page")
    screenshot("not-found")


def test_space_shows_the_answer_on_the_card_page(page, bank_site):
    page.goto(f"{bank_site}/questions/fastapi-async-vs-def/")
    expect(page.locator(".answer-toggle .answer-body")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.locator(".answer-toggle .answer-body")).to_be_visible()
    expect(page.locator(".practice-panel .rating-form")).to_be_visible()
