"""A quiz goes on offline: reveal and rate, reload, come back online, and every rating is recorded once."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from practice.models import Review

pytestmark = pytest.mark.browser

PASSWORD = "a-long-offline-password"
QUEUED = """() => new Promise((resolve) => {
  const opening = indexedDB.open("questionbank-offline", 1);
  opening.onsuccess = () => {
    const request = opening.result.transaction("ratings").objectStore("ratings").getAll();
    request.onsuccess = () => resolve(request.result);
  };
})"""
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


def log_in(page, site):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/")


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
    second.wait_for_function(QUEUED.replace("resolve(request.result)", "resolve(request.result.length === 0)"))
    assert Review.objects.filter(user=ada).count() == 3
    other.close()
