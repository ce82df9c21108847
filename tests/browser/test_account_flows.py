"""A forgotten password, from the log-in page to logged in again; and leaving, in two clicks and a password."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser

OLD, NEW = "browser-test-password", "a-fresh-browser-passphrase-9"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 720}


def look(page, screenshot, name: str) -> None:
    """Screenshots light and dark, at desktop and phone width; axe finds nothing serious; nothing scrolls sideways."""
    screenshot(name)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert blocking_violations(page) == [], f"{name} in {scheme} mode"
    page.set_viewport_size(PHONE)
    screenshot(f"{name}-375")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, name
    page.set_viewport_size(DESKTOP)


def log_in(page, site, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("gus")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def test_a_forgotten_password_is_reset_by_mail(page, bank_site, screenshot, mailoutbox):
    User.objects.create_user("gus", "gus@example.com", OLD)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{bank_site}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    look(page, screenshot, "password-reset-request")
    page.get_by_label("E-mail address").fill("gus@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()
    look(page, screenshot, "password-reset-sent")

    [mail] = mailoutbox
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    look(page, screenshot, "password-reset-new")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", name="Your new password is set")).to_be_visible()
    look(page, screenshot, "password-reset-done")

    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Username").fill("gus")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    look(page, screenshot, "password-reset-used-link")


def test_leaving_takes_two_clicks_and_the_password(page, bank_site, screenshot):
    User.objects.create_user("gus", "gus@example.com", OLD)
    page.set_viewport_size(DESKTOP)
    log_in(page, bank_site, OLD)
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    look(page, screenshot, "account")

    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("link", name="Export everything (JSON)")).to_be_visible()
    look(page, screenshot, "account-delete")
    page.get_by_label("Your password").fill(OLD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    look(page, screenshot, "account-deleted")
    assert not User.objects.filter(username="gus").exists()


def test_the_address_page_in_pictures(page, bank_site, screenshot):
    User.objects.create_user("gus", "", OLD)
    page.set_viewport_size(DESKTOP)
    log_in(page, bank_site, OLD)
    page.goto(f"{bank_site}/accounts/")
    page.get_by_role("link", name="Add one").click()
    expect(page.get_by_role("heading", name="Add an e-mail address")).to_be_visible()
    look(page, screenshot, "account-email")
