import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from practice.models import Review
from questions.models import Card

pytestmark = pytest.mark.browser


def assert_labels_inside(chart) -> None:
    """Every topic's name is drawn whole, inside the chart: none is cut at an edge."""
    frame = chart.bounding_box()
    labels = chart.locator("text.bar-label")
    assert labels.count()
    for index in range(labels.count()):
        box = labels.nth(index).bounding_box()
        assert frame["x"] - 0.5 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5, index


def test_the_dashboard_in_pictures_with_an_interview_date(page, bank_site, screenshot):
    user = User.objects.create_user("gus", password="browser-test-password")
    cards = list(Card.objects.active().order_by("pk")[:40])
    now = timezone.now()
    for day in range(0, 120, 3):
        for offset, card in enumerate(cards[day % 7 :: 7][:4]):
            Review.record(
                user,
                card,
                rating=1 + (day + offset) % 4,
                token=f"{day}-{card.pk}",
                when=now - timedelta(days=120 - day),
            )

    page.goto(f"{bank_site}/accounts/login/?next=/progress/")
    page.get_by_label("Username").fill("gus")
    page.get_by_label("Password").fill("browser-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/progress/$"))

    expect(page.locator("svg.heatmap rect.day")).to_have_count(365)
    topics = len({card.topic_id for card in Card.objects.active()})
    expect(page.locator("svg.stacked g.stacked-row")).to_have_count(topics)
    page.get_by_label("My interview is on").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Interview date saved.")
    expect(page.locator("table.readiness tbody tr")).to_have_count(topics)
    screenshot("progress")
    for width in (1280, 390):  # the phone's larger chart text included
        page.set_viewport_size({"width": width, "height": 900})
        assert_labels_inside(page.locator("svg.stacked"))
    screenshot("progress-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("svg.stacked a").first.click()
    page.wait_for_url(re.compile(r"/questions/\?topic="))
