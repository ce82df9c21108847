"""The practice panel on the card page: history, status, bookmarks, notes, privacy."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Bookmark, Note, Review, Schedule
from questions.models import Card
from questions.pagecache import forget_bank_version
from questions.sync import sync_bank

from .conftest import rate

pytestmark = pytest.mark.django_db


def panel(client, slug="indexes"):
    return client.get(f"/practice/cards/{slug}/", headers={"HX-Request": "true"}).content.decode()


def test_signed_in_people_share_the_card_body_until_the_bank_changes(
    user_client, synced, settings, django_assert_max_num_queries
):
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 60
    first = user_client.get("/questions/indexes/").content.decode()
    with django_assert_max_num_queries(3):  # the session, the person and the card
        again = user_client.get("/questions/indexes/").content.decode()
    body = again.index('<nav class="breadcrumbs"')
    assert again[body:] == first[body:]
    assert "Related questions" in again and '<details class="answer-toggle" id="answer">' in again

    user_client.cookies["qb_show_answers"] = "1"
    assert '<details class="answer-toggle" id="answer" open>' in user_client.get("/questions/indexes/").content.decode()

    card = Card.objects.get(slug="indexes")
    synced.write(card.source_path, title="Indexes, edited", difficulty="hard")
    sync_bank(synced.root)
    forget_bank_version()  # what this process does when the sync's transaction commits
    assert '<h1 id="card-title">Indexes, edited</h1>' in user_client.get("/questions/indexes/").content.decode()


def test_the_card_page_loads_the_panel_as_a_fragment(client, synced):
    body = client.get("/questions/indexes/").content.decode()
    assert 'hx-get="/practice/cards/indexes/" hx-trigger="load"' in body
    fragment = panel(client)
    assert fragment.lstrip().startswith('<section id="practice-panel"')
    assert "<html" not in fragment
    assert 'data-key="1"' in fragment and "Didn&#x27;t know" in fragment


def test_without_javascript_the_panel_is_a_page_of_its_own(client, synced):
    body = client.get("/practice/cards/indexes/").content.decode()
    assert "<html" in body and "How well did you know it?" in body


def test_the_history_shows_each_rating_and_the_next_review(user_client, synced):
    rate(user_client, "indexes", 1)
    rate(user_client, "indexes", 3)
    fragment = panel(user_client)
    assert "2 reviews · Learning" in fragment
    assert fragment.index("Didn&#x27;t know</span>") < fragment.index("Knew it</span>")
    assert "Next review in" in fragment
    assert "recall" not in fragment  # in a learning step, due or not, recall is near 100%: not worth saying


def test_a_card_in_review_shows_its_predicted_recall(user_client, user, synced):
    Review.record(user, Card.objects.get(slug="indexes"), rating=4, token="a", when=timezone.now() - timedelta(days=40))
    fragment = panel(user_client)
    assert re.search(r"1 review · Due · predicted recall \d+%", fragment)


def test_it_says_when_the_card_changed_since_the_last_rating(user_client, synced):
    rate(user_client, "indexes", 3)
    assert "has changed since you last rated it" not in panel(user_client)
    synced.write("databases/sql/indexes.md", title="How does a B-tree index work?", answer="A better answer.")
    sync_bank(synced.root)
    assert "has changed since you last rated it" in panel(user_client)


def test_the_panel_shows_what_changed_in_the_answer_since_the_last_rating(user_client, synced):
    synced.write(
        "databases/sql/indexes.md", title="How does a B-tree index work?", answer="Keys stay sorted.\n\nPages split."
    )
    sync_bank(synced.root)
    rate(user_client, "indexes", 3)
    synced.write(
        "databases/sql/indexes.md",
        title="How does a B-tree index work?",
        answer="Keys stay sorted.\n\nPages split in <half>.",
    )
    sync_bank(synced.root)
    fragment = panel(user_client)
    assert "What changed in the answer" in fragment
    assert '<del><span class="visually-hidden">removed: </span>Pages split.</del>' in fragment
    assert '<ins><span class="visually-hidden">added: </span>Pages split in &lt;half&gt;.</ins>' in fragment
    # Only the tags change: the answer is said to be the same, no diff.
    rate(user_client, "indexes", 3)
    synced.write(
        "databases/sql/indexes.md",
        title="How does a B-tree index work?",
        tags="[sql, btree]",
        answer="Keys stay sorted.\n\nPages split in <half>.",
    )
    sync_bank(synced.root)
    fragment = panel(user_client)
    assert "The answer is the same; the question or its details changed." in fragment
    assert "What changed in the answer" not in fragment


def test_bookmarks_toggle(user_client, user, synced):
    user_client.post("/practice/cards/indexes/bookmark/", headers={"HX-Request": "true"})
    assert Bookmark.objects.filter(user=user, card__slug="indexes").exists()
    assert "★ Bookmarked" in panel(user_client)
    user_client.post("/practice/cards/indexes/bookmark/")
    assert not Bookmark.objects.exists()


def test_notes_are_rendered_sanitised_and_blank_removes_them(user_client, user, synced):
    user_client.post("/practice/cards/indexes/note/", {"text": "**Remember** <script>alert(1)</script>`idx`"})
    note = Note.objects.get(user=user)
    assert note.html == "<p><strong>Remember</strong> <code>idx</code></p>"
    assert "<strong>Remember</strong>" in panel(user_client)
    user_client.post("/practice/cards/indexes/note/", {"text": "   "})
    assert not Note.objects.exists()


def test_a_note_over_the_limit_is_refused_and_the_old_one_kept(user_client, user, synced):
    user_client.post("/practice/cards/indexes/note/", {"text": "keep me"})
    response = user_client.post("/practice/cards/indexes/note/", {"text": "x" * 20_001}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Ensure this value has at most 20000 characters" in response.content.decode()
    assert Note.objects.get(user=user).text == "keep me"


def test_nobody_sees_or_changes_another_persons_practice(client, user, other_user, synced):
    client.force_login(user)
    rate(client, "indexes", 4)
    client.post("/practice/cards/indexes/note/", {"text": "ada's secret"})
    client.post("/practice/cards/indexes/bookmark/")

    client.force_login(other_user)
    fragment = panel(client)
    assert "secret" not in fragment
    assert "Your history" not in fragment
    assert "★ Bookmarked" not in fragment
    client.post("/practice/cards/indexes/note/", {"text": "bob's"})
    client.post("/practice/cards/indexes/bookmark/")
    assert Note.objects.get(user=user).text == "ada's secret"
    assert Bookmark.objects.filter(user=user).exists()
    assert Review.objects.filter(user=other_user).count() == 0


def test_anonymous_visitors_are_invited_to_sign_up_not_to_bookmark(client, synced):
    fragment = panel(client)
    assert "Sign up</a> or" in fragment
    assert "Bookmark" not in fragment
    response = client.post("/practice/cards/indexes/bookmark/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_queries_stay_bounded_for_a_person_with_thousands_of_reviews(
    user_client, user, synced, django_assert_max_num_queries
):
    card = Card.objects.get(slug="indexes")
    start = timezone.now() - timedelta(days=3000)
    Review.objects.bulk_create(
        Review(user=user, card=card, rating=1 + n % 4, token=f"t{n}", reviewed_at=start + timedelta(hours=n))
        for n in range(3000)
    )
    Schedule.rebuild(user.pk, card.pk)
    with django_assert_max_num_queries(10):
        fragment = panel(user_client)
    assert "3000 reviews" in fragment
    with django_assert_max_num_queries(18):  # four say whether kept status counts still hold
        user_client.get("/questions/?status=due")


def test_the_note_box_limits_its_length_to_what_the_model_keeps(user_client, synced):
    from practice.models import MAX_NOTE_LENGTH

    body = user_client.get("/practice/cards/indexes/").content.decode()
    assert f'name="text" rows="5" maxlength="{MAX_NOTE_LENGTH}"' in body
