import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def result_count(page) -> int:
    text = page.locator("#result-count").inner_text()
    return int(re.match(r"(\d+) question", text).group(1))


def test_filtering_by_tag_swaps_results_pushes_the_url_and_back_restores(page, bank_site, screenshot):
    page.goto(f"{bank_site}/questions/")
    total = result_count(page)
    assert total >= 9
    page.evaluate("window.__samePage = true")

    page.locator(".tag-facets a.facet", has=page.locator(".facet-label", has_text=re.compile("^asyncio$"))).click()
    page.wait_for_url(re.compile(r"/questions/\?tag=asyncio$"))
    expect(page.locator(".facets a.facet.is-active")).to_contain_text("asyncio")
    filtered = result_count(page)
    assert 0 < filtered < total
    assert page.evaluate("window.__samePage") is True, "the filter reloaded the whole page"
    for item in page.locator(".card-item").all():
        expect(item.locator(".tag", has_text=re.compile(r"^asyncio$"))).to_have_count(1)
    screenshot("browse-filtered")

    page.go_back()
    page.wait_for_url(re.compile(r"/questions/$"))
    expect(page.locator("#result-count")).to_contain_text(f"{total} questions")
    expect(page.locator(".facets a.facet.is-active")).to_have_count(0)


def test_typing_a_search_updates_results_and_the_url(page, bank_site):
    page.goto(f"{bank_site}/questions/")
    page.locator("#browse-q").fill("isolation")
    page.wait_for_url(re.compile(r"q=isolation"))
    expect(page.locator(".card-item").first).to_contain_text(re.compile("isolation", re.I))
    assert result_count(page) >= 1


def test_the_browse_page_reads_well_on_a_phone(page, bank_site, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{bank_site}/questions/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot("browse-phone")


def test_the_home_page_links_into_browsing(page, bank_site, screenshot):
    page.goto(f"{bank_site}/")
    screenshot("home")
    page.locator(".topic-tile", has_text="Python / FastAPI").click()
    page.wait_for_url(re.compile(r"/questions/\?topic=python"))
    expect(page.locator(".card-item").first).to_contain_text(re.compile("FastAPI|async", re.I))


def test_back_and_forward_after_a_live_search_show_the_query_of_the_results(page, bank_site):
    page.goto(f"{bank_site}/questions/")
    box = page.locator("#browse-q")
    box.fill("isolation")
    page.wait_for_url(re.compile(r"q=isolation"))
    expect(page.locator("#result-count")).not_to_contain_text("No questions")
    isolation = page.locator("#result-count").inner_text()
    box.fill("bisect")
    page.wait_for_url(re.compile(r"q=bisect"))
    expect(page.locator("#result-count")).not_to_have_text(isolation)

    page.go_back()
    page.wait_for_url(re.compile(r"q=isolation"))
    expect(page.locator("#result-count")).to_have_text(isolation)
    expect(page.locator("#browse-q")).to_have_value("isolation")
    page.go_back()
    page.wait_for_url(re.compile(r"/questions/$"))
    expect(page.locator("#browse-q")).to_have_value("")
    page.go_forward()
    page.wait_for_url(re.compile(r"q=isolation"))
    expect(page.locator("#browse-q")).to_have_value("isolation")


def test_the_header_search_shows_results_as_you_type(page, bank_site, screenshot):
    page.goto(f"{bank_site}/questions/fastapi-async-vs-def/")
    page.evaluate("window.__samePage = true")
    page.locator("#site-search").press_sequentially("isolation", delay=20)
    page.wait_for_url(re.compile(r"/questions/\?q=isolation"))
    expect(page.locator(".card-item").first).to_contain_text(re.compile("isolation", re.I))
    expect(page.locator("#browse-q")).to_be_focused()
    expect(page.locator("#browse-q")).to_have_value("isolation")
    expect(page.locator("#site-search")).to_be_hidden()
    expect(page).to_have_title(re.compile("isolation"))
    assert page.evaluate("window.__samePage") is True, "the header search reloaded the whole page"
    page.keyboard.type(" level")
    page.wait_for_url(re.compile(r"q=isolation(\+|%20)level"))
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/fastapi-async-vs-def/$"))
    expect(page.locator("#site-search")).to_be_visible()
    screenshot("header-search-results")
