"""Following a study plan in Chromium: pick it, do today's session from the keyboard, come back tomorrow."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from .people import sign_in

pytestmark = pytest.mark.browser

PLAN = "System design crash course"


def follow(page, site, days_ahead: int, minutes: int) -> None:
    page.goto(f"{site}/plans/")
    page.get_by_role("link", name=PLAN).click()
    day = (timezone.localdate() + timedelta(days=days_ahead)).isoformat()
    page.get_by_label("Interview on").fill(day)
    page.get_by_label("Minutes a day").fill(str(minutes))
    page.get_by_role("button", name="Follow").click()
    page.wait_for_url(re.compile(r"/today/$"))


def session_size(page) -> tuple[int, int]:
    done, total = re.search(r"(\d+) of (\d+) done", page.locator(".today-session").inner_text()).groups()
    return int(done), int(total)


def do_todays_session_from_the_keyboard(page) -> int:
    page.get_by_role("button", name="Start today's session").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))
    total = int(re.search(r"/ (\d+)", page.locator(".quiz-count").inner_text()).group(1))
    for number in range(1, total + 1):
        expect(page.locator(".quiz-count")).to_contain_text(f"{number} / {total}")
        page.keyboard.press("Space")
        expect(page.locator("#model-answer-heading")).to_be_focused()
        page.keyboard.press("3")
    page.wait_for_url(re.compile(r"/summary/$"))
    return total


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_a_plan_from_picking_it_to_the_next_days_session(page, bank_site, screenshot, monkeypatch, signed_in):
    # The clock runs from noon today, so that a slow run cannot cross midnight between the plan and its session.
    real_now = timezone.now
    offset = real_now().replace(hour=12, minute=0, second=0, microsecond=0) - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    if signed_in:
        sign_in(page, bank_site, User.objects.create_user("planner", password="browser-test-password"))
    follow(page, bank_site, days_ahead=10, minutes=20)
    expect(page.locator(".pace-note")).to_be_visible()
    done, planned = session_size(page)
    assert done == 0 and planned > 0
    screenshot(f"today-{'signed-in' if signed_in else 'anonymous'}")

    assert do_todays_session_from_the_keyboard(page) == planned
    page.goto(f"{bank_site}/today/")
    assert session_size(page) == (planned, planned)
    expect(page.get_by_text("Done for today.")).to_be_visible()

    # The next morning: a new session that still fits the minutes, and the plan has moved on.
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset + timedelta(days=1))
    page.goto(f"{bank_site}/today/")
    done, total = session_size(page)
    assert done == 0 and total > 0
    minutes = int(re.search(r"about (\d+) minutes", page.locator(".today-session").inner_text()).group(1))
    assert minutes <= 20 + 2  # within the budget, give or take the one card the planner may add
    expect(page.get_by_role("button", name="Start today's session")).to_be_visible()
    page.goto(f"{bank_site}/plans/system-design-crash-course/")
    expect(page.locator(".section-progress").first).to_contain_text(re.compile(r"[1-9]\d* of \d+"))
