import re

import pytest
from playwright.sync_api import expect

from practice.models import Quiz, Review

from .people import person_with_history, sign_in

pytestmark = pytest.mark.browser


def start_from_the_keyboard(page, site, **choices):
    page.goto(f"{site}/practice/")
    for label in choices.get("check", []):
        page.get_by_label(label, exact=True).check()
    if "topic" in choices:
        page.get_by_label(re.compile(re.escape(choices["topic"]))).check()
    button = page.get_by_role("button", name="Start a quiz")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))


def test_a_whole_quiz_from_the_keyboard_with_a_reload_in_the_middle(page, bank_site, screenshot):
    page.goto(f"{bank_site}/practice/")
    screenshot("quiz-start")
    start_from_the_keyboard(page, bank_site, topic="Python / FastAPI")
    expect(page.locator(".quiz-count")).to_contain_text("1 / 10")
    screenshot("quiz-card")

    for number in range(1, 11):
        expect(page.locator(".quiz-count")).to_contain_text(f"{number} / 10")
        page.keyboard.press("Space")
        expect(page.locator("#model-answer-heading")).to_be_focused()
        if number == 1:
            screenshot("quiz-revealed")
        if number == 4:
            page.reload()  # resume where we were, the answer still shown
            expect(page.locator(".quiz-count")).to_contain_text("4 / 10")
            expect(page.locator(".quiz-answer")).to_be_visible()
        page.keyboard.press(str(1 + number % 4))

    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator("h1")).to_have_text("Quiz finished")
    expect(page.locator(".lede")).to_contain_text("You rated 10 of 10 cards")
    expect(page.locator("svg.chart rect")).to_have_count(4)
    screenshot("quiz-summary")
    assert Review.objects.filter(mode="quiz").count() == 0  # anonymous: kept in the session, not the table
    page.get_by_role("button", name=re.compile(r"Practise the \d+ missed ones? again")).click()
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))
    expect(page.locator(".quiz-count")).to_contain_text("1 / 5")


def test_a_mock_interview_with_a_timer_and_a_typed_answer(page, bank_site, screenshot):
    page.goto(f"{bank_site}/practice/")
    page.get_by_role("radio", name="Mock interview").check()
    page.get_by_label("Cards", exact=True).select_option("5")
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/"))

    timer = page.locator(".mock-timer-value")
    expect(timer).to_have_text(re.compile(r"^[23]:\d\d$"))
    answer = page.locator("#mock-answer")
    expect(answer).to_be_focused()
    answer.fill("Async def runs on the loop; def runs in a thread pool.")
    screenshot("mock-card")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".your-answer")).to_contain_text("def runs in a thread pool")
    expect(page.locator(".quiz-answer")).to_be_visible()
    screenshot("mock-revealed")
    page.keyboard.press("3")

    # Time runs out on the second card: the model answer shows by itself.
    expect(page.locator(".quiz-count")).to_contain_text("2 / 5")
    page.evaluate("document.querySelector('.mock-timer').dataset.started = String(Math.floor(Date.now() / 1000) - 400)")
    expect(page.locator(".quiz-answer")).to_be_visible()
    expect(page.locator(".time-up")).to_contain_text("Time’s up.")
    expect(page.locator("#quiz-announcer")).to_have_text("Time’s up. The model answer is shown.")
    expect(page.locator("#quiz-announcer")).to_have_attribute("aria-live", "assertive")
    screenshot("mock-time-up")
    page.keyboard.press("2")
    expect(page.locator(".quiz-count")).to_contain_text("3 / 5")  # the rating is in, the next card swapped in

    page.get_by_role("button", name="End quiz").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator(".summary-item .rating-badge")).to_have_text(
        ["Knew it", "Shaky", "Skipped", "Skipped", "Skipped"]
    )
    page.get_by_text("Your answer beside the model answer").first.click()
    expect(page.locator(".compare-grid .your-answer").first).to_contain_text("def runs in a thread pool")


def test_the_mock_summary_puts_both_answers_side_by_side_in_equal_columns(page, bank_site, screenshot):
    user = person_with_history()
    sign_in(page, bank_site, user)
    quiz = Quiz.objects.get(user=user)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{bank_site}/practice/quiz/{quiz.public_id}/summary/")
    page.locator(".mock-compare summary").first.click()
    grid = page.locator(".compare-grid").first
    yours, model = (section.bounding_box() for section in grid.locator("> section").all())
    assert abs(yours["width"] - model["width"]) <= 0.1 * max(yours["width"], model["width"])
    content = page.locator("main").bounding_box()
    assert model["x"] + model["width"] <= content["x"] + content["width"] + 1
    screenshot("mock-summary-compare")
    page.set_viewport_size({"width": 375, "height": 740})
    yours, model = (section.bounding_box() for section in grid.locator("> section").all())
    assert model["y"] >= yours["y"] + yours["height"] - 1  # stacked on a phone
