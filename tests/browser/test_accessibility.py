"""Every screen, light and dark, checked by axe-core; and none scrolls sideways on a phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from api.models import AccessToken
from questions.models import Card

from .people import sign_in

pytestmark = pytest.mark.browser

SEED = "/questions/fastapi-async-vs-def/"
BLOCKING_IMPACTS = {"serious", "critical"}
axe = Axe()


def start_quiz(page, site, mode="Quiz"):
    page.goto(f"{site}/practice/")
    page.get_by_role("radio", name=mode).check()
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/"))


def screen_home(page, site):
    page.goto(f"{site}/")


def screen_browse_filtered(page, site):
    page.goto(f"{site}/questions/?tag=asyncio&difficulty=medium")


def screen_card_hidden(page, site):
    page.goto(f"{site}{SEED}")
    expect(page.locator(".rating-hidden-hint")).to_be_visible()


def screen_card_shown(page, site):
    page.goto(f"{site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".rating-form")).to_be_visible()


def screen_quiz_start(page, site):
    page.goto(f"{site}/practice/")


def screen_quiz_card(page, site):
    start_quiz(page, site)


def screen_quiz_revealed(page, site):
    start_quiz(page, site)
    page.keyboard.press("Space")
    expect(page.locator(".quiz-answer")).to_be_visible()


def screen_mock_interview(page, site):
    start_quiz(page, site, mode="Mock interview")


def screen_summary(page, site):
    start_quiz(page, site)
    page.keyboard.press("Space")
    expect(page.locator(".quiz-answer")).to_be_visible()
    page.keyboard.press("1")
    expect(page.locator(".quiz-count")).to_contain_text("2 /")
    page.get_by_role("button", name="End quiz").click()
    page.wait_for_url(re.compile(r"/summary/$"))


def screen_progress(page, site):
    page.goto(f"{site}{SEED}")
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".rating-form")).to_be_visible()  # the rating buttons come with the person's panel
    page.keyboard.press("3")
    expect(page.locator(".rating-result")).to_be_visible()
    page.goto(f"{site}/progress/")


def screen_sign_up(page, site):
    page.goto(f"{site}/accounts/signup/")


def screen_log_in(page, site):
    page.goto(f"{site}/accounts/login/")


def screen_not_found(page, site):
    page.goto(f"{site}/questions/no-such-card/")


def screen_gone(page, site):
    Card.objects.filter(slug="git-bisect").update(archived_at=timezone.now())
    page.goto(f"{site}/questions/git-bisect/")


def screen_access_tokens(page, site):
    user = User.objects.create_user("tokens")
    AccessToken.issue(user, "A script on my laptop")
    sign_in(page, site, user)
    page.goto(f"{site}/accounts/tokens/")
    page.get_by_label("What is it for?").fill("My phone")
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()


def screen_api_docs(page, site):
    page.goto(f"{site}/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".opblock-summary").first.click()  # one endpoint open, with its parameters and answers
    expect(page.locator(".opblock-body").first).to_be_visible()


def screen_offline_page(page, site):
    page.goto(f"{site}/offline/")


def screen_offline_banner(page, site):
    start_quiz(page, site)
    expect(page.locator("html[data-offline-ready]")).to_have_count(1)
    page.evaluate("navigator.serviceWorker.ready")
    page.context.set_offline(True)
    page.keyboard.press("Space")
    page.keyboard.press("3")
    expect(page.locator(".offline-banner")).to_have_text("You are offline. 1 rating is waiting to be sent.")


SCREENS = {name.removeprefix("screen_"): func for name, func in globals().items() if name.startswith("screen_")}
EXPECTED_ERRORS = {"not_found": "status of 404", "gone": "status of 410"}


def blocking_violations(page) -> list[str]:
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_is_accessible_in_both_modes_and_fits_a_phone(page, bank_site, screenshot, console_errors, name):
    SCREENS[name](page, bank_site)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert blocking_violations(page) == [], f"{name} in {scheme} mode"
    page.emulate_media(color_scheme="light")
    screenshot(f"a11y-{name}")

    page.set_viewport_size({"width": 375, "height": 812})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    # What scrolls sideways only on a phone (the heatmap) must be reachable by keyboard there.
    assert blocking_violations(page) == [], f"{name} at 375 px"
    for button in page.locator(".rating-button").all():
        if button.is_visible():
            box = button.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, f"rating button too small on {name}: {box}"
    screenshot(f"phone-{name}")
    if name in EXPECTED_ERRORS:
        console_errors[:] = [e for e in console_errors if EXPECTED_ERRORS[name] not in e]
