"""The dashboard, the interview date, export, import and the Anki package over HTTP."""

import io
import json
import re
import sqlite3
import tempfile
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.utils import timezone

from practice.models import Bookmark, Note, Profile, Quiz, Review, Schedule
from questions.models import Card
from questions.pagecache import bank_changed

from .conftest import rate

pytestmark = pytest.mark.django_db


def upload(client, document, name="history.json"):
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    file = io.BytesIO(data)
    file.name = name
    return client.post("/progress/import/", {"file": file})


def schedules_of(user):
    return sorted(
        Schedule.objects.filter(user=user).values_list(
            "card_id", "state", "stability", "difficulty", "due", "review_count"
        )
    )


def test_an_empty_dashboard_says_what_to_do(client, synced):
    body = client.get("/progress/").content.decode()
    assert "Nothing practised yet." in body
    assert body.count('<svg class="chart') == 3


def test_the_dashboard_shows_due_streak_and_mastery(user_client, user, synced):
    now = timezone.now()
    card = Card.objects.get(slug="indexes")
    Review.record(user, card, rating=3, token="a", when=now - timedelta(days=20))
    Review.record(user, Card.objects.get(slug="isolation"), rating=3, token="b", when=now - timedelta(minutes=5))
    body = user_client.get("/progress/").content.decode()
    assert '<span class="stat-value">1</span><span class="stat-label">due now</span>' in body
    assert '<span class="stat-value">1</span><span class="stat-label">reviews in the last 7 days</span>' in body
    assert '<span class="stat-value">1</span><span class="stat-label">day streak (longest 1)</span>' in body
    assert "Databases / Sql: 2 learning" in body  # stacked bar part title
    assert 'href="/questions/?topic=databases%2Fsql&amp;status=learning"' in body


def test_setting_an_interview_date_shows_readiness_and_enables_the_quiz_order(user_client, user, synced):
    day = timezone.localdate() + timedelta(days=14)
    user_client.post("/progress/interview-date/", {"interview_date": day.isoformat()})
    assert Profile.objects.get(user=user).interview_date == day
    body = user_client.get("/progress/").content.decode()
    assert "14 days to go." in body and "Predicted recall per topic" in body
    response = user_client.post("/practice/", {"order": "interview", "mode": "quiz", "size": 5, "timer_minutes": 3})
    assert response.status_code == 302
    assert Quiz.objects.get().order == "interview"


def test_a_past_interview_date_is_refused(user_client, user, synced):
    yesterday = timezone.localdate() - timedelta(days=1)
    user_client.post("/progress/interview-date/", {"interview_date": yesterday.isoformat()})
    assert not Profile.objects.filter(user=user).exists()
    assert "Pick today or a day ahead" in user_client.get("/progress/").content.decode()


def test_the_interview_order_needs_a_date(user_client, synced):
    response = user_client.post("/practice/", {"order": "interview", "mode": "quiz", "size": 5, "timer_minutes": 3})
    assert "Set your interview date on the progress page first." in response.content.decode()
    assert not Quiz.objects.exists()


def test_export_wipe_import_round_trips_exactly(user_client, user, synced):
    for n, slug in enumerate(["indexes", "isolation", "indexes", "async-handlers"]):
        rate(user_client, slug, 1 + n % 4)
    user_client.post("/practice/cards/indexes/bookmark/")
    user_client.post("/practice/cards/indexes/note/", {"text": "my *note*"})
    user_client.post(
        "/progress/interview-date/", {"interview_date": (timezone.localdate() + timedelta(days=3)).isoformat()}
    )
    before = schedules_of(user)
    exported = user_client.get("/progress/export.json")
    assert exported["Content-Disposition"].startswith("attachment;")
    document = json.loads(exported.content)
    assert document["format"] == "questionbank-history" and document["version"] == 1
    assert len(document["reviews"]) == 4

    Review.objects.filter(user=user)._raw_delete(Review.objects.db)  # wipe, bypassing the append-only guard
    Schedule.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
    Note.objects.filter(user=user).delete()
    Profile.objects.filter(user=user).delete()

    response = upload(user_client, document)
    assert response.status_code == 302
    assert schedules_of(user) == before
    assert Note.objects.get(user=user).html == "<p>my <em>note</em></p>"
    assert Bookmark.objects.filter(user=user).count() == 1
    assert Profile.objects.get(user=user).interview_date is not None

    upload(user_client, document)  # a second time: nothing changes
    assert Review.objects.filter(user=user).count() == 4
    assert schedules_of(user) == before
    assert "0 review(s); 4 were already here" in user_client.get("/progress/").content.decode()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"\xff\xfe not json", "The file is not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        ({"format": "anki"}, "The file is not a Question Bank history"),
        ({"format": "questionbank-history", "version": 99}, "Unsupported version 99"),
        ({"format": "questionbank-history", "version": 1, "reviews": {}}, "&quot;reviews&quot; must be a list"),
        (
            {
                "format": "questionbank-history",
                "version": 1,
                "reviews": [
                    {"card": "indexes", "rating": 3, "reviewed_at": "2026-01-01T10:00:00+00:00"},
                    {"card": "nope", "rating": 9, "reviewed_at": "yesterday", "mode": "hack", "seconds": -1},
                ],
            },
            "Review 2: unknown card &#x27;nope&#x27;.",
        ),
        (
            {
                "format": "questionbank-history",
                "version": 1,
                "reviews": [{"card": "indexes", "rating": 3, "reviewed_at": "2099-01-01T10:00:00+00:00"}],
            },
            "is in the future",
        ),
        (
            {
                "format": "questionbank-history",
                "version": 1,
                "notes": [
                    {
                        "card": "indexes",
                        "text": "<script>alert(1)</script>" * 5000,
                        "updated_at": "2026-01-01T10:00:00+00:00",
                    }
                ],
            },
            "Note 1: text must be non-empty text of at most 20000 characters.",
        ),
    ],
)
def test_malformed_or_hostile_files_are_refused_and_nothing_is_written(user_client, user, synced, document, message):
    rate(user_client, "isolation", 3)
    response = upload(user_client, document)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was changed" in body and message in body
    assert Review.objects.filter(user=user).count() == 1
    assert not Note.objects.exists()


def test_every_problem_is_listed_not_only_the_first(user_client, synced):
    reviews = [{"card": "nope", "rating": 0, "reviewed_at": "x"}] * 3
    body = upload(user_client, {"format": "questionbank-history", "version": 1, "reviews": reviews}).content.decode()
    assert body.count("<li>Review") == 9


def test_import_and_export_need_an_account(client, synced):
    assert client.get("/progress/export.json")["Location"].startswith("/accounts/login/")
    assert upload(client, {})["Location"].startswith("/accounts/login/")


def test_the_csv_export_lists_the_review_log(user_client, synced):
    rate(user_client, "indexes", 2)
    response = user_client.get("/progress/reviews.csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "card,title,rating,label,reviewed_at,seconds,mode"
    assert lines[1].startswith("indexes,How does a B-tree index work?,2,Shaky,")


def test_the_anki_package_holds_the_chosen_cards(client, synced):
    response = client.get("/progress/anki.apkg", {"topics": ["databases/sql"]})
    assert response["Content-Disposition"] == 'attachment; filename="questionbank-databases-sql.apkg"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "collection.anki2" in archive.namelist()
    with tempfile.NamedTemporaryFile(suffix=".anki2") as db_file:
        db_file.write(archive.read("collection.anki2"))
        db_file.flush()
        rows = sqlite3.connect(db_file.name).execute("SELECT flds, tags FROM notes ORDER BY sfld").fetchall()
    assert len(rows) == 2
    question, prompt, answer, meta = rows[0][0].split("\x1f")
    assert prompt == "<p>Some context.</p>"
    assert question == "How does a B-tree index work?"
    assert "Databases / Sql" in meta and "sql" in rows[0][1]
    assert answer.startswith("<p>")


def test_an_empty_anki_choice_explains_itself(client, synced):
    response = client.get("/progress/anki.apkg", {"topics": ["databases/sql"], "difficulties": ["hard"]})
    assert response.status_code == 302
    assert "No cards match that choice" in client.get("/progress/").content.decode()


def test_the_cached_figures_follow_each_new_rating(user_client, synced):
    rate(user_client, "indexes", 3)
    assert '<span class="stat-value">1</span><span class="stat-label">reviews in the last 7 days</span>' in (
        user_client.get("/progress/").content.decode()
    )
    rate(user_client, "isolation", 3)
    assert '<span class="stat-value">2</span><span class="stat-label">reviews in the last 7 days</span>' in (
        user_client.get("/progress/").content.decode()
    )


def test_a_dashboard_view_from_cache_makes_few_queries(user_client, synced, django_assert_max_num_queries):
    rate(user_client, "indexes", 3)
    user_client.get("/progress/")
    # Three are the live counts (due now, last 7 days, retention), one the followed plan, and two say
    # which parameters schedule the cards and how many reviews a fit of one's own needs.
    with django_assert_max_num_queries(12):
        user_client.get("/progress/")


def due_on_dashboard(client) -> int:
    body = client.get("/progress/").content.decode()
    return int(re.search(r'<span class="stat-value">(\d+)</span><span class="stat-label">due now</span>', body)[1])


def due_in_browse(client) -> int:
    statuses = client.get("/questions/").context["statuses"]
    return next(facet.count for facet in statuses if facet.value == "due")


@pytest.mark.parametrize("signed_in", [True, False], ids=["account", "visitor"])
def test_the_due_count_follows_the_clock_not_only_the_ratings(client, user, synced, signed_in):
    if signed_in:
        client.force_login(user)
    rate(client, "indexes", 3)
    rate(client, "isolation", 3)
    assert due_on_dashboard(client) == due_in_browse(client) == 0
    # Half an hour later both cards have fallen due; nothing was rated meanwhile.
    later = timezone.now() + timedelta(minutes=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert due_on_dashboard(client) == due_in_browse(client) == 2


def test_the_due_count_leaves_out_archived_cards_as_browse_does(user_client, user, synced):
    rate(user_client, "indexes", 3)
    Schedule.objects.filter(user=user).update(due=timezone.now() - timedelta(minutes=1))
    Card.objects.filter(slug="indexes").update(archived_at=timezone.now())
    bank_changed()  # as the sync that archives a card does
    assert due_on_dashboard(user_client) == due_in_browse(user_client) == 0


def test_the_anki_file_is_named_after_the_choice(client, synced):
    everything = client.get("/progress/anki.apkg")
    assert everything["Content-Disposition"] == 'attachment; filename="questionbank.apkg"'
    chosen = client.get("/progress/anki.apkg", {"topics": ["python/fastapi"], "difficulties": ["medium", "hard"]})
    assert chosen["Content-Disposition"] == 'attachment; filename="questionbank-python-fastapi-medium-hard.apkg"'


def _same_for_every_request(html: str) -> str:
    """The page less what differs on every request: the CSRF token and the CSP nonce."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', r"\1", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def test_the_kept_charts_and_tables_are_the_ones_drawn_afresh(user_client, user, synced):
    Profile.set_interview_date(user, timezone.now().date() + timedelta(days=10))
    rate(user_client, "indexes", 3)
    user_client.get("/progress/")
    kept = _same_for_every_request(user_client.get("/progress/").content.decode())
    caches["default"].clear()
    assert kept == _same_for_every_request(user_client.get("/progress/").content.decode())
    # A rating is drawn at once: the mastery table's row for the topic has one more card learning.
    rate(user_client, "isolation", 3)
    body = user_client.get("/progress/").content.decode()
    caches["default"].clear()
    assert _same_for_every_request(body) == _same_for_every_request(user_client.get("/progress/").content.decode())
    assert body != kept


def test_the_dashboards_hand_written_inputs_are_what_the_forms_they_post_to_would_render(user_client, user):
    from practice.forms import ImportForm, InterviewDateForm

    page = user_client.get("/progress/").content.decode()
    assert str(InterviewDateForm()["interview_date"]) in page
    day = (timezone.now() + timedelta(days=30)).date()
    Profile.objects.create(user=user, interview_date=day)
    page = user_client.get("/progress/").content.decode()
    assert str(InterviewDateForm(initial={"interview_date": day})["interview_date"]) in page
    assert f'value="{day.isoformat()}"' in page
    assert (
        f'for="{ImportForm()["file"].auto_id}"' in page and f'name="file" id="{ImportForm()["file"].auto_id}"' in page
    )
