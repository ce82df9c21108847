"""A quiz goes on offline: reveal and rate, reload, come back online, and every rating is recorded once."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from practice.models import Review

from .conftest import SCREENSHOTS
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser

PASSWORD = "a-long-offline-password"
QUEUED = """() => new Promise((resolve) => {
  const opening = indexedDB.open("questionbank-offline", 1);
  opening.onsuccess = () => {
    const request = opening.result.transaction("ratings").objectStore("ratings").getAll();
    request.onsuccess = () => resolve(request.result);
  };
})"""
# wait_for_function takes a returned promise for a true answer, whatever it resolves to, so the
# queue is counted in the background and each poll answers with the last count read.
QUEUE_EMPTY = """() => {
  if (!window.queueCounting) {
    window.queueCounting = true;
    const opening = indexedDB.open("questionbank-offline", 1);
    opening.onsuccess = () => {
      const request = opening.result.transaction("ratings").objectStore("ratings").count();
      request.onsuccess = () => {
        window.queueCount = request.result;
        window.queueCounting = false;
        opening.result.close();
      };
    };
  }
  return window.queueCount === 0;
}"""
PUT_QUEUED = """(entries) => new Promise((resolve) => {
  const opening = indexedDB.open("questionbank-offline", 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore("quizzes", { keyPath: "id" });
    opening.result.createObjectStore("ratings", { keyPath: "token" });
  };
  opening.onsuccess = () => {
    const transaction = opening.result.transaction("ratings", "readwrite");
    entries.forEach((entry) => transaction.objectStore("ratings").put(entry));
    transaction.oncomplete = () => resolve(entries.length);
  };
})"""


def log_in(page, site, name="ada"):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/")


def log_out(page, site):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def start_offline_quiz(page, site, mode="Quiz"):
    """A quiz started online, kept on the device, and the connection gone."""
    page.goto(f"{site}/practice/")
    page.get_by_role("radio", name=mode).check()
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))
    expect(page.locator("html[data-offline-ready]")).to_have_count(1)
    page.evaluate("navigator.serviceWorker.ready")
    page.context.set_offline(True)


def rate_two_offline(page):
    for number in (1, 2):
        expect(page.locator(".quiz-count")).to_contain_text(f"{number} / ")
        page.keyboard.press("Space")
        expect(page.locator("#model-answer-heading")).to_be_focused()
        page.keyboard.press(str(number + 1))
    expect(page.locator(".offline-banner")).to_have_text("You are offline. 2 ratings are waiting to be sent.")


def refuse_ratings(page, console_errors):
    """Back online, but the ratings cannot get through yet (the server busy, say): they stay queued."""
    page.route("**/api/v1/quizzes/*/ratings", lambda route: route.fulfill(status=503, body="busy"))
    page.context.set_offline(False)
    expect(page.locator(".offline-banner")).to_have_text("Back online: sending 2 ratings…")
    page.wait_for_function("() => !document.querySelector('html').dataset.sending")
    page.unroute("**/api/v1/quizzes/*/ratings")
    console_errors[:] = [error for error in console_errors if "status of 503" not in error]


def test_a_quiz_finished_offline_is_recorded_once(page, bank_site, browser, screenshot):
    ada = User.objects.create_user("ada", password=PASSWORD)
    log_in(page, bank_site)
    page.goto(f"{bank_site}/practice/")
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))
    expect(page.locator("html[data-offline-ready]")).to_have_count(1)
    page.evaluate("navigator.serviceWorker.ready")
    quiz_url = page.url

    page.context.set_offline(True)
    for number in (1, 2, 3):
        expect(page.locator(".quiz-count")).to_contain_text(f"{number} / 10")
        page.keyboard.press("Space")
        expect(page.locator("#model-answer-heading")).to_be_focused()
        page.keyboard.press(str(number + 1))
    expect(page.locator(".quiz-count")).to_contain_text("4 / 10")
    expect(page.locator(".offline-banner")).to_have_text("You are offline. 3 ratings are waiting to be sent.")
    screenshot("offline-quiz")
    assert Review.objects.count() == 0

    page.reload()  # the service worker's copy, and the stages kept on the device
    expect(page.locator(".quiz-count")).to_contain_text("4 / 10")
    expect(page.locator(".offline-banner")).to_contain_text("3 ratings are waiting")
    queued = page.evaluate(QUEUED)
    assert sorted(entry["rating"] for entry in queued) == [2, 3, 4]
    page.goto(f"{bank_site}/progress/")  # a page never opened: the offline page, not the browser's error
    expect(page.locator("h1")).to_have_text("You are offline")
    screenshot("offline-page")
    page.goto(quiz_url)

    page.context.set_offline(False)
    expect(page.locator(".offline-banner")).to_be_hidden()
    expect(page.locator(".quiz-count")).to_contain_text("4 / 10")
    assert sorted(Review.objects.filter(user=ada).values_list("rating", flat=True)) == [2, 3, 4]
    assert page.evaluate(QUEUED) == []

    # A second device that had queued the same ratings adds nothing.
    other = browser.new_context()
    second = other.new_page()
    log_in(second, bank_site)
    second.evaluate(PUT_QUEUED, queued)
    second.reload()
    second.wait_for_function(QUEUE_EMPTY)
    assert Review.objects.filter(user=ada).count() == 3
    other.close()


def test_ratings_queued_by_one_person_wait_for_them_while_another_is_signed_in(page, site, console_errors, screenshot):
    ada = User.objects.create_user("ada", password=PASSWORD)
    bob = User.objects.create_user("bob", password=PASSWORD)
    log_in(page, site)
    start_offline_quiz(page, site)
    rate_two_offline(page)
    refuse_ratings(page, console_errors)
    log_out(page, site)
    log_in(page, site, "bob")
    banner = page.locator(".offline-banner")
    expect(banner).to_have_text("2 ratings waiting for ada — sign in as them to send.")
    screenshot("offline-waiting-for-another")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert blocking_violations(page) == [], scheme
    page.set_viewport_size({"width": 375, "height": 812})
    assert blocking_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "offline-waiting-for-another-375.png", full_page=True)
    page.emulate_media(color_scheme="light")
    page.goto(f"{site}/practice/")  # every page tries again, and still sends nothing of Ada's as Bob
    expect(banner).to_have_text("2 ratings waiting for ada — sign in as them to send.")
    assert not Review.objects.filter(user=bob).exists() and not Review.objects.filter(user=ada).exists()
    assert [entry["owner"] for entry in page.evaluate(QUEUED)] == [f"user:{ada.pk}"] * 2

    log_out(page, site)
    log_in(page, site)
    page.wait_for_function(QUEUE_EMPTY)
    expect(banner).to_be_hidden()
    assert sorted(Review.objects.filter(user=ada).values_list("rating", flat=True)) == [2, 3]
    assert not Review.objects.filter(user=bob).exists()


def test_a_visitors_mock_interview_offline_shows_their_answer_and_goes_with_them_when_they_sign_in(
    page, site, console_errors, screenshot
):
    ada = User.objects.create_user("ada", password=PASSWORD)
    start_offline_quiz(page, site, mode="Mock interview")
    page.get_by_label("Your answer").fill("A generator yields lazily.\n\nSo memory stays flat.")
    page.keyboard.press("Control+Enter")
    typed = page.locator(".your-answer")
    expect(typed).to_be_visible()
    expect(typed.locator("p")).to_have_text(["A generator yields lazily.", "So memory stays flat."])
    screenshot("offline-mock-answer")
    page.keyboard.press("3")
    expect(page.locator(".quiz-count")).to_contain_text("2 / ")
    expect(page.locator("#mock-answer")).to_have_value("")
    page.get_by_role("button", name="Show the model answer").click()
    expect(page.locator("#model-answer-heading")).to_be_visible()
    expect(page.locator(".mock-answer")).to_be_hidden()  # nothing typed, nothing shown
    page.keyboard.press("4")
    expect(page.locator(".offline-banner")).to_have_text("You are offline. 2 ratings are waiting to be sent.")
    refuse_ratings(page, console_errors)

    log_in(page, site)  # the visitor's quizzes become Ada's, and so do the ratings they queued
    page.wait_for_function(QUEUE_EMPTY)
    # A rating the page was still sending as the visitor while the log-in changed the session may be
    # refused; it is kept and sent again as Ada's, which the count below proves.
    console_errors[:] = [error for error in console_errors if "/ratings'" not in error]
    reviews = Review.objects.filter(user=ada).order_by("rating")
    assert [(review.rating, review.answer_text) for review in reviews] == [
        (3, "A generator yields lazily.\n\nSo memory stays flat."),
        (4, ""),
    ]
