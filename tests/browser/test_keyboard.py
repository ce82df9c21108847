"""Everything from the keyboard: shortcuts, and Tab reaching every control with a visible focus ring."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED = "/questions/fastapi-async-vs-def/"
MAX_TABS = 400

FOCUSABLE_JS = """() => {
  const candidates = document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex="0"]');
  return [...candidates].filter(el => {
    if (el.closest('dialog:not([open])')) return false;
    const folded = el.closest('details:not([open])');
    if (folded && !(el.tagName === 'SUMMARY' && el.parentElement === folded)) return false;
    if (el.type === 'radio' && !el.checked) return false;  // Tab enters a radio group once
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== 'hidden';
  }).length;
}"""

FOCUS_STATE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    key: el.tagName + '|' + (el.id || '') + '|' + (el.getAttribute('href') || '') + '|' + (el.name || '') + '|'
         + (el.value || '') + '|' + el.textContent.trim().slice(0, 40) + '|' + Math.round(box.x) + ',' + Math.round(box.y + scrollY),
    visibleRing: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0,
  };
}"""


def tab_through(page) -> list[dict]:
    """Press Tab until focus comes back round to the first control (a date field takes several presses)."""
    seen, order = set(), []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE_JS)
        if state is None:
            continue
        if order and state["key"] == order[0]["key"]:
            break
        if state["key"] not in seen:
            seen.add(state["key"])
            order.append(state)
    return order


def open_home(page, site):
    page.goto(f"{site}/")


def open_browse(page, site):
    page.goto(f"{site}/questions/?tag=sql")


def open_card(page, site):
    page.goto(f"{site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".rating-form")).to_be_visible()
    page.locator("h1").click()  # start the walk from the top, as after loading


def open_quiz_start(page, site):
    page.goto(f"{site}/practice/")


def open_progress(page, site):
    page.goto(f"{site}/progress/")


@pytest.mark.parametrize(
    "opener",
    [open_home, open_browse, open_card, open_quiz_start, open_progress],
    ids=lambda f: f.__name__.removeprefix("open_"),
)
def test_tab_reaches_every_control_with_a_visible_focus_ring(page, bank_site, opener):
    opener(page, bank_site)
    expected = page.evaluate(FOCUSABLE_JS)
    walk = tab_through(page)
    assert len(walk) >= expected, f"Tab reached {len(walk)} of {expected} controls"
    hidden = [state["key"] for state in walk if not state["visibleRing"] or not state["onScreen"]]
    assert hidden == [], f"focused without a visible focus ring: {hidden[:5]}"


def test_question_mark_opens_the_shortcuts_and_escape_closes_them(page, bank_site):
    page.goto(f"{bank_site}/")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Rate: Didn’t know, Shaky, Knew it, Nailed it")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_slash_focuses_search_and_j_k_walk_the_results(page, bank_site):
    page.goto(f"{bank_site}/questions/?tag=sql")
    page.keyboard.press("/")
    expect(page.locator("#browse-q")).to_be_focused()
    page.keyboard.press("Escape")
    page.locator("h1").click()
    titles = page.locator(".card-list .card-item-title")
    page.keyboard.press("j")
    expect(titles.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(titles.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(titles.nth(0)).to_be_focused()
    first_title = titles.nth(0).inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/questions/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(first_title)
