"""Every screen at 375 px, signed in with a history and anonymous: nothing scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from practice.models import Quiz
from questions.models import Card

from .people import person_with_history, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SEED = "/questions/fastapi-async-vs-def/"

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest('pre, .heatmap-figure, .prose table, .visually-hidden')) return false;
    return box.right > width + 1 || box.left < -1;
  }).map(el => el.tagName + '.' + el.className).slice(0, 5);
  return {overflow: document.documentElement.scrollWidth - width, wide};
}"""


def screens(site: str, quiz: str | None) -> dict[str, str]:
    pages = {
        "home": "/",
        "browse": "/questions/",
        "browse-search": "/questions/?q=index",
        "card": SEED,
        "search-help": "/questions/search-help/",
        "practice": "/practice/",
        "progress": "/progress/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }
    if quiz:
        pages["summary"] = f"/practice/quiz/{quiz}/summary/"
    return {name: site + path for name, path in pages.items()}


def assert_fits(page, name: str) -> None:
    result = page.evaluate(OVERFLOW_JS)
    assert result["overflow"] <= 0, f"{name} scrolls sideways by {result['overflow']} px: {result['wide']}"


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_no_screen_scrolls_sideways_on_a_phone(page, bank_site, screenshot, signed_in):
    quiz = None
    if signed_in:
        user = person_with_history()
        sign_in(page, bank_site, user)
        quiz = str(Quiz.objects.get(user=user).public_id)
    page.set_viewport_size(PHONE)
    for name, url in screens(bank_site, quiz).items():
        page.goto(url)
        if name == "card":
            page.get_by_text("Show answer", exact=True).click()
        if name == "summary":
            page.locator(".mock-compare summary").first.click()
        assert_fits(page, name)
        if signed_in:
            screenshot(f"phone-{name}")
    page.goto(f"{bank_site}/practice/")
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/"))
    page.keyboard.press("Space")
    expect(page.locator(".quiz-answer")).to_be_visible()
    assert_fits(page, "quiz")
    bar = page.locator(".quiz-card .rating-form").bounding_box()
    assert bar["height"] <= PHONE["height"] * 0.12, f"the rating bar takes {bar['height']} px of {PHONE['height']}"
    screenshot(f"phone-quiz-{'signed-in' if signed_in else 'anonymous'}")


def test_a_title_with_a_long_identifier_wraps_on_a_phone(page, bank_site):
    """Titles name settings and exceptions (worker_prefetch_multiplier) wider than a phone's line."""
    card = max(Card.objects.filter(archived_at__isnull=True), key=lambda card: max(map(len, card.title.split())))
    word = max(card.title.split(), key=len).strip("`?,.()")
    assert len(word) >= 22, f"the bank's longest word in a title, {word!r}, no longer tests this"
    page.set_viewport_size(PHONE)
    page.goto(f"{bank_site}{card.get_absolute_url()}")
    assert_fits(page, "card")
    page.goto(f"{bank_site}/questions/?q={word}")
    expect(page.locator(".card-item-title", has_text=word).first).to_be_visible()
    assert_fits(page, "browse-search")


def test_the_browse_search_box_gets_the_width_of_a_phone(page, bank_site):
    page.set_viewport_size(PHONE)
    page.goto(f"{bank_site}/questions/")
    assert page.locator("#browse-q").bounding_box()["width"] >= 220


def test_the_copy_button_covers_no_code_on_a_phone(page, bank_site):
    page.set_viewport_size(PHONE)
    page.goto(f"{bank_site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    block = page.locator(".answer-body .highlight").first
    button = block.locator(".copy-button").bounding_box()
    code = block.locator("pre").bounding_box()
    assert button["y"] + button["height"] <= code["y"] + 1


def test_the_heatmap_starts_at_today_on_a_phone_and_keeps_its_labels_inside(page, bank_site, screenshot):
    sign_in(page, bank_site, person_with_history())
    page.set_viewport_size(PHONE)
    page.goto(f"{bank_site}/progress/")
    figure = page.locator(".heatmap-figure")
    scrolled = figure.evaluate("f => f.scrollWidth - f.clientWidth - f.scrollLeft")
    assert scrolled <= 1, "the heatmap does not show its latest weeks"
    page.set_viewport_size({"width": 1280, "height": 900})
    labels = page.evaluate("""() => {
      const svg = document.querySelector('svg.heatmap');
      const box = svg.getBoundingClientRect();
      const firstColumn = Math.min(...[...svg.querySelectorAll('rect.day')].map(r => r.getBoundingClientRect().left));
      return [...svg.querySelectorAll('text')].map(text => {
        const t = text.getBoundingClientRect();
        return {text: text.textContent, inside: t.left >= box.left - 0.5 && t.right <= box.right + 0.5,
                clearOfDays: !['Mon', 'Wed', 'Fri'].includes(text.textContent) || t.right <= firstColumn - 2};
      });
    }""")
    assert len(labels) >= 15
    assert [label for label in labels if not label["inside"]] == []
    assert [label for label in labels if not label["clearOfDays"]] == []
    screenshot("progress-desktop")


def test_chart_text_stays_readable_on_a_phone(page, bank_site):
    sign_in(page, bank_site, person_with_history())
    page.set_viewport_size(PHONE)
    page.goto(f"{bank_site}/progress/")
    heights = page.evaluate(
        "() => [...document.querySelectorAll('svg.chart:not(.heatmap) text.bar-label')]"
        ".filter(t => t.textContent).map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 9, f"chart labels {min(heights):.1f} px tall"
